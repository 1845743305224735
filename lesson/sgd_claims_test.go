package lesson

import (
	"math"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

func TestTiltedWell(t *testing.T) {
	s := TiltedWell(0.5)
	good, poor, top := s.Minima[0][0], s.Minima[1][0], s.Saddles[0][0]
	fp := func(x float64) float64 { return 4*x*x*x - 4*x + 0.5 }
	for _, x := range []float64{good, poor, top} {
		if math.Abs(fp(x)) > 1e-12 {
			t.Errorf("f'(%v) = %v, want 0", x, fp(x))
		}
	}
	f := func(x float64) float64 { return (x*x-1)*(x*x-1) + 0.5*x }
	if !(good < top && top < poor) || s.FMin != f(good) || !(f(poor) > f(good)+0.9) || s.F([]float64{poor}) != f(poor) {
		t.Errorf("good %v, top %v, poor %v, FMin %v", good, top, poor, s.FMin)
	}
	g := make([]float64, 1)
	for _, x := range []float64{-1.3, 0.2, 1.7} { // the gradient against a central difference
		s.Grad(g, []float64{x})
		if fd := (f(x+1e-6) - f(x-1e-6)) / 2e-6; math.Abs(g[0]-fd) > 1e-6 {
			t.Errorf("f'(%v) = %v, difference quotient %v", x, g[0], fd)
		}
	}
	starts := WellStarts(s, 9)
	if len(starts) != 9 || math.Abs(starts[0]-(top+0.1)) > 1e-15 || starts[8] != 1.8 {
		t.Errorf("starts %v", starts)
	}
}

func TestWellRuns(t *testing.T) {
	s := TiltedWell(0.5)
	c := gdlib.Must(gdlib.NewConstant(0.05))
	stay := WellRuns(s, []float64{s.Minima[1][0]}, c, 0, 100, 5)
	if stay.Good != 0 || math.Abs(stay.MedianGap-(s.F(s.Minima[1])-s.FMin)) > 1e-12 {
		t.Errorf("from the poor minimum: %+v", stay)
	}
	// from a start in each basin, exact GD with a small step goes down its own basin
	both := WellRuns(s, []float64{-1.5, 1.5}, c, 0, 2000, 5)
	if both.Good != 0.5 {
		t.Errorf("one start in each basin: %+v", both)
	}
	if bad := WellRuns(s, []float64{1.5}, gdlib.Must(gdlib.NewConstant(5)), 0, 100, 1); !math.IsInf(bad.MedianGap, 1) || bad.Good != 0 {
		t.Errorf("η = 5: %+v, want diverged", bad)
	}
	best := WellTable(s, []float64{-1.5, 1.5}, []float64{0.01, 0.05}, 0, 100, 2000, 2)
	if best[0].Good != 0.5 || best[0].LR != 0.01 { // a tie in share and gap keeps the first rate
		t.Errorf("WellTable's best GD %+v", best[0])
	}
}

func TestMedianCurveAndEpochCurve(t *testing.T) {
	runs := [][]float64{{1, 5, 9}, {3, 4}, {2, 6, 7}}
	if got := MedianCurve(runs); !slices.Equal(got, []float64{2, 5}) {
		t.Errorf("MedianCurve = %v", got)
	}
	c := EpochCurve("x", runs)
	if !slices.Equal(c.X, []float64{0, 1}) || c.Label != "x" {
		t.Errorf("EpochCurve = %+v", c)
	}
}

// SamplerGaps without replacement against SGD written out here on the same batches.
func TestSamplerGaps(t *testing.T) {
	obj, s := LineFit(30, 2)
	x, y := lineData(t, 30, 2)
	runs := SamplerGaps(obj, s.FMin, 0.05, 3, 2, false)
	b := gdlib.Must(gdlib.MiniBatch(30, 1, 1)) // seed 1 is the second run
	p := []float64{0, 0}
	for e := range 3 {
		b.Epoch(e)
		for {
			batch, ok := b.Next()
			if !ok {
				break
			}
			i := batch[0]
			r := p[0]*x[i] + p[1] - y[i]
			p[0], p[1] = p[0]-0.05*r*x[i], p[1]-0.05*r
		}
		if want := obj.Loss(p, nil) - s.FMin; math.Abs(runs[1][e+1]-want) > 1e-12 {
			t.Errorf("epoch %d: %v, want %v", e+1, runs[1][e+1], want)
		}
	}
	with := SamplerGaps(obj, s.FMin, 0.05, 3, 2, true)
	if len(with) != 2 || len(with[0]) != 4 || with[0][0] != obj.Loss([]float64{0, 0}, nil)-s.FMin || with[0][3] == runs[0][3] {
		t.Errorf("with replacement: %v", with)
	}
}

func TestGenTestAndSpread(t *testing.T) {
	train, val, test := MNISTSplit(200, 100, 100)
	if train.N() != 200 || val.N() != 100 || test.N() != 100 {
		t.Fatalf("sizes %d %d %d", train.N(), val.N(), test.N())
	}
	// the validation images are training images 200…299: their model at θ = 0 has loss ln 10
	if l := val.Loss(make([]float64, val.Dim()), nil); math.Abs(l-math.Log(10)) > 1e-12 {
		t.Errorf("validation loss at 0 = %v", l)
	}
	grid := []float64{0.01, 0.3, 100}
	r := GenTest(train, val, test, 200, grid, 2, 3)
	if len(r.Test) != 1 {
		t.Errorf("full batch ran %d seeds, want 1", len(r.Test))
	}
	bestVal := -1.0 // the chosen rate has the best validation accuracy of the single-rate runs
	for _, lr := range grid {
		bestVal = max(bestVal, Median(GenTest(train, val, test, 200, []float64{lr}, 2, 1).Val))
	}
	if Median(r.Val) != bestVal {
		t.Errorf("chosen η = %v with validation %v, best %v", r.LR, Median(r.Val), bestVal)
	}
	// mini-batches: the rate is chosen on seed 0, then run on every seed
	m := GenTest(train, val, test, 20, []float64{0.1, 100}, 1, 3)
	one := GenTest(train, val, test, 20, []float64{m.LR}, 1, 1)
	if m.LR != 0.1 || len(m.Test) != 3 || m.Test[0] != one.Test[0] || m.TrainLoss[1] == m.TrainLoss[0] {
		t.Errorf("B = 20: η %v, %d seeds, test %v (alone %v), losses %v", m.LR, len(m.Test), m.Test, one.Test, m.TrainLoss)
	}
	g := GenResult{TrainAcc: []float64{0.9, 0.8, 0.95}, Test: []float64{0.8, 0.75, 0.8}}
	if got := g.Gap(); math.Abs(got-0.1) > 1e-15 { // gaps 0.1, 0.05, 0.15
		t.Errorf("Gap = %v, want 0.1", got)
	}
	if got := SeedSpread([]float64{0.5, 0.25, 0.75}, 100, "%.0f"); got != "50 (25…75)" {
		t.Errorf("SeedSpread = %q", got)
	}
	if got := SeedSpread([]float64{0.5}, 1, "%.1f"); got != "0.5" {
		t.Errorf("SeedSpread = %q", got)
	}
	if got := SeedSpread([]float64{math.Inf(1), 1, 2}, 1, "%.1f"); got != "2.0 (1.0…diverged)" {
		t.Errorf("SeedSpread = %q", got)
	}
}
