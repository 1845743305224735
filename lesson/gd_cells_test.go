package lesson

import (
	"math"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

func TestSameIteratesAndStepTable(t *testing.T) {
	// Gradient descent on the Quartic by hand: x_{k+1} = x_k − η(x_k³ + 2(x_k − 1)).
	xs := []float64{-2}
	for k := 0; k < 10; k++ {
		x := xs[k]
		xs = append(xs, x-0.1*(x*x*x+2*(x-1)))
	}
	tr := RunGD(Quartic(), []float64{-2}, 0.1, 10, "")
	if !SameIterates(tr, xs) {
		t.Errorf("gdlib's iterates %v differ from the hand-written ones %v", tr.X, xs)
	}
	if SameIterates(tr, xs[:5]) || SameIterates(tr, append(xs[:10:10], 99)) {
		t.Error("SameIterates accepted different iterates")
	}
	// From −2 the steps are 1.4, 0.342, 0.253, 0.201 (computed by hand above): shrinking.
	if !StepTable(tr, 0.1, 4) {
		t.Error("StepTable: the first steps from −2 shrink")
	}
	// At η = 0.5 from 2 the steps grow: 2 → −3 (f'(2) = 10) → 14.5 (f'(−3) = −35).
	if StepTable(RunGD(Quartic(), []float64{2}, 0.5, 2, ""), 0.5, 2) {
		t.Error("StepTable: at η = 0.5 from 2 the second step is longer")
	}
}

func TestSteepestOf(t *testing.T) {
	// f = ½xᵀAx with A = diag(1, 5): at p = (2, 1) the gradient is (2, 5), so −∇f points at
	// atan2(−5, −2) = 248.2°, with slope −√29.
	s := gdlib.Quadratic(1, 5, 0)
	p := []float64{2, 1}
	angle, slope := SteepestOf(s, p, 3600)
	want := math.Atan2(-5, -2)*180/math.Pi + 360
	if AngleGap(angle, want) > 0.05 || math.Abs(slope+math.Sqrt(29)) > 1e-4 {
		t.Errorf("steepest %g° slope %g, want %g° and %g", angle, slope, want, -math.Sqrt(29))
	}
	if a, n := DownhillAngle(s, p); math.Abs(a-want) > 1e-9 || math.Abs(n-math.Sqrt(29)) > 1e-12 {
		t.Errorf("DownhillAngle = %g, %g", a, n)
	}
	if AngleGap(350, 10) != 20 || AngleGap(10, 190) != 180 {
		t.Error("AngleGap")
	}
}

func TestSweepHelpers(t *testing.T) {
	if ArgMin([]float64{3, 1, 2, 1}) != 1 {
		t.Error("ArgMin")
	}
	if !VShaped([]float64{1, 1e-3, 1}, 1) || VShaped([]float64{1, 1e-3, 1e-2}, 1) {
		t.Error("VShaped")
	}
	obj, w := LogisticProblem(50, 4, 1)
	hs, central, forward := StepSweep(obj, w)
	if len(hs) != 25 || hs[0] != 0.1 || math.Abs(hs[24]-1e-13) > 1e-25 || len(central) != 25 || len(forward) != 25 {
		t.Fatalf("sweep of %d steps from %g to %g", len(hs), hs[0], hs[len(hs)-1])
	}
	// At h = 1e-5 the central difference is accurate (truncation ~h², rounding ~ε/h).
	if central[8] > 1e-8 {
		t.Errorf("central difference at h = %g: relative error %g", hs[8], central[8])
	}
}

func TestCircleStarts(t *testing.T) {
	// Booth with η = 0.05: the error along each eigenvector shrinks by |1 − ηλ| (0.1 and 0.9),
	// so the farthest of the runs is 5·0.9^k from the minimum (two starts lie on eigenvectors).
	traces, worst, diverged := CircleStarts(gdlib.Booth(), []float64{1, 3}, 5, 8, 0.05, 50)
	if len(traces) != 8 || diverged != 0 || math.Abs(worst/(5*math.Pow(0.9, 50))-1) > 1e-9 {
		t.Errorf("%d runs, %d diverged, worst %g; want 8, 0, %g", len(traces), diverged, worst, 5*math.Pow(0.9, 50))
	}
	if _, _, d := CircleStarts(gdlib.Booth(), []float64{1, 3}, 5, 8, 0.2, 2000); d != 8 {
		t.Errorf("η = 0.2 > 2/18: %d of 8 runs diverged, want all", d)
	}
}

func TestGlobalFraction(t *testing.T) {
	s := gdlib.SixHumpCamel() // Minima: the two global ones first
	b := Basins{Surface: s, End: []int{0, 1, 2, 3, EndedElsewhere, EndedDiverged, 0, 5}}
	if got := b.GlobalFraction(); got != 3.0/8 {
		t.Errorf("GlobalFraction = %g, want 3/8", got)
	}
}

func TestSaddleTable(t *testing.T) {
	deltas := []float64{1e-2, 1e-6}
	sad, _ := EscapeSaddles(gdlib.Saddle(), deltas, 0.1)
	mon, _ := EscapeSaddles(gdlib.MonkeySaddle(), deltas, 0.1)
	theory, off := SaddleTable(deltas, sad, mon, 0.1)
	for i, d := range deltas {
		if want := math.Log(1/d) / math.Log(1.2); math.Abs(theory[i]-want) > 1e-12 {
			t.Errorf("theory at δ = %g: %g, want %g", d, theory[i], want)
		}
	}
	if off > 1 {
		t.Errorf("measured escape times off the formula by %g steps", off)
	}
}
