package lesson

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
)

// smallLeastSquares is a 200-example, 3-feature least-squares problem and a held-out copy.
func smallLeastSquares(t *testing.T) (*gdlib.LeastSquares, *gdlib.LeastSquares) {
	ds, _, err := data.NoisyLinear(300, 3, 0.5, 4)
	if err != nil {
		t.Fatal(err)
	}
	train, held := ds.Subset(seq(0, 200)), ds.Subset(seq(200, 300))
	return gdlib.Must(gdlib.NewLeastSquares(train.X, train.Y, 0)), gdlib.Must(gdlib.NewLeastSquares(held.X, held.Y, 0))
}

func seq(a, b int) []int {
	var s []int
	for i := a; i < b; i++ {
		s = append(s, i)
	}
	return s
}

func TestSchedules(t *testing.T) {
	for epochs := 1; epochs <= 6; epochs++ {
		ss := Schedules(2, epochs) // must not panic for short runs (one-cycle needs PctStart·T > 1)
		if len(ss) != 7 {
			t.Fatalf("%d epochs: %d schedules", epochs, len(ss))
		}
		for _, ns := range ss {
			for e := range epochs {
				if lr := ns.Schedule.LR(e); !(lr > 0 && lr <= 2+1e-12) {
					t.Errorf("%d epochs: %s LR(%d) = %g, want in (0, 2]", epochs, ns.Label, e, lr)
				}
			}
		}
	}
	// Closed forms over 15 epochs (t = 0 … 14).
	ss := Schedules(1, 15)
	for _, c := range []struct {
		i          int
		peak, last float64
	}{
		{0, 1, 1},
		{1, 1, 0.25},                // 0.5^⌊14/5⌋
		{2, 1, math.Pow(0.85, 14)},  // γ^14
		{3, 1, 1.0 / 8},             // 1/(1 + 0.5·14)
		{4, 1, math.Sqrt(3.0 / 15)}, // warm-up 3, then √(w/(t+1)) at t = 14
		{5, 1, 0.5 * (1 + math.Cos(math.Pi*14/15))},
	} {
		peak, last := PeakAndLast(ss[c.i].Schedule, 15)
		if math.Abs(peak-c.peak) > 1e-12 || math.Abs(last-c.last) > 1e-12 {
			t.Errorf("%s: peak %g last %g, want %g and %g", ss[c.i].Label, peak, last, c.peak, c.last)
		}
	}
	if peak, last := PeakAndLast(ss[6].Schedule, 15); last != 1.0/25/1e4 || peak > 1 || peak < 0.9 {
		t.Errorf("one-cycle: peak %g, last %g, want near 1 and 4e-6", peak, last)
	}
}

func TestContraction(t *testing.T) {
	s := gdlib.Quadratic(1, 10, 0.3)
	// At lr 0.18 the two factors, 0.82 and −0.8, are close: after 100 steps the faster one
	// still adds (0.8/0.82)^100 ≈ 8% to the norm, and the measured rate is 0.819995.
	for _, c := range []struct{ lr, want, tol float64 }{{0.1, 0.9, 1e-9}, {0.18, 0.82, 1e-5}, {0.24, 1.4, 1e-9}, {2.0 / 11, 9.0 / 11, 1e-9}} {
		if got, _ := Contraction(s, []float64{1.5, 1}, c.lr, 100, 150); math.Abs(got-c.want) > c.tol {
			t.Errorf("lr %g: contraction %g, want %g", c.lr, got, c.want)
		}
	}
	if got, tr := Contraction(s, []float64{1.5, 1}, 3, 100, 150); !math.IsNaN(got) || !tr.Diverged {
		t.Errorf("lr 3 (factor 29, overflows near step 105): %g, diverged %v; want NaN and a divergence", got, tr.Diverged)
	}
}

func TestTrainSeedsAndEpochs(t *testing.T) {
	obj, held := smallLeastSquares(t)
	runs := TrainSeeds(obj, held, 0.1, 3, 2, gdlib.TrainOptions{})
	if len(runs) != 2 || runs.Diverged() != 0 {
		t.Fatalf("%d runs, %d diverged", len(runs), runs.Diverged())
	}
	tr, ho := runs.Train(), runs.HeldOut()
	for i, h := range runs {
		if tr[i] != h.EpochTrain[3] || ho[i] != h.EpochHeldOut[3] || len(h.StepLoss) != 12 { // 200/50 = 4 updates per epoch
			t.Errorf("run %d: final %g %g, history %v %v, %d updates", i, tr[i], ho[i], h.EpochTrain, h.EpochHeldOut, len(h.StepLoss))
		}
	}
	if tr[0] == tr[1] {
		t.Errorf("two seeds gave the same final loss %g: is the seed used?", tr[0])
	}
	bad := TrainSeeds(obj, held, 100, 30, 1, gdlib.TrainOptions{}) // far past 2/λmax ≈ 2
	if bad.Diverged() != 1 || !math.IsInf(bad.Train()[0], 1) || LossOrDiverged(bad.Train()[0]) != "diverged" {
		t.Errorf("lr 100: diverged %d, final %v", bad.Diverged(), bad.Train())
	}
	if LossOrDiverged(0.24104) != "0.2410" || Mean([]float64{1, 2, 6}) != 3 || !math.IsNaN(Mean(nil)) {
		t.Error("LossOrDiverged or Mean")
	}

	// Step decay halving every 2 epochs: the rates per epoch, the cuts and the block means.
	step := gdlib.Must(gdlib.NewStepLR(0.2, 2, 0.5))
	h := TrainSGD(obj, held, 0.2, 5, 1, gdlib.TrainOptions{Schedule: step})
	if got, want := EpochLR(h, obj.N()), []float64{0.2, 0.2, 0.1, 0.1, 0.05}; !slices.Equal(got, want) {
		t.Errorf("EpochLR = %v, want %v", got, want)
	}
	if got := Cuts([]float64{0.2, 0.2, 0.1, 0.1, 0.05}); !slices.Equal(got, []int{3, 5}) {
		t.Errorf("Cuts = %v, want [3 5]", got)
	}
	means := BlockMeans(h, obj.N(), 2, 5)
	want := []float64{Mean(h.StepLoss[0:8]), Mean(h.StepLoss[8:16]), Mean(h.StepLoss[16:20])}
	for i := range want {
		if math.Abs(means[i]-want[i]) > 1e-12 || len(means) != 3 {
			t.Errorf("BlockMeans = %v, want %v", means, want)
		}
	}
	short := gdlib.History{StepLoss: []float64{1, 2}, StepExamples: []int{50, 100}} // diverged in epoch 1 of 3
	if m := BlockMeans(short, 200, 1, 3); m[0] != 1.5 || !math.IsNaN(m[1]) || !math.IsNaN(m[2]) {
		t.Errorf("BlockMeans of a short run = %v, want [1.5 NaN NaN]", m)
	}
	if p := LRPanel("lr", obj.N(), h); p.Err() != nil {
		t.Error(p.Err())
	}
	if p := LossPanel("loss", 0.9, obj.N(), h); p.Err() != nil {
		t.Error(p.Err())
	}
}

func TestTuneSchedules(t *testing.T) {
	obj, held := smallLeastSquares(t)
	tuned := TuneSchedules(obj, held, []float64{0.01, 0.3}, 3, 2)
	if h := TunedHeader([]float64{0.01, 0.3}); !strings.HasSuffix(h, "train loss at η0 = 0.01 / 0.3") {
		t.Errorf("header %q", h)
	}
	if len(tuned) != 7 {
		t.Fatalf("%d schedules tuned", len(tuned))
	}
	for _, tu := range tuned {
		other := 1 - tu.Best
		if len(tu.Runs) != 2 || len(tu.Runs[0]) != 2 || tu.MeanTrain(tu.Best) > tu.MeanTrain(other) {
			t.Errorf("%s: best %d with %g, other %g", tu.Label, tu.Best, tu.MeanTrain(tu.Best), tu.MeanTrain(other))
		}
		if m := tu.MeanTrain(0); m != Mean(tu.Runs[0].Train()) {
			t.Errorf("%s: MeanTrain %g", tu.Label, m)
		}
		tr := tu.Runs[tu.Best].Train()
		if s := tu.Spread(); s != math.Abs(tr[0]-tr[1]) {
			t.Errorf("%s: Spread %g for %v", tu.Label, s, tr)
		}
		if row := tu.Row(); !strings.HasPrefix(row, tu.Label) || strings.Count(row, " / ") != 1 {
			t.Errorf("row %q", row)
		}
	}
}

func TestRangeTestSGD(t *testing.T) {
	obj, _ := smallLeastSquares(t)
	rt := RangeTestSGD(obj, 1, gdlib.RangeTestConfig{MinLR: 1e-4, MaxLR: 100, Steps: 60, Smoothing: 0.9, StopFactor: 4})
	if !rt.Stopped || len(rt.LR) < 10 || !slices.IsSorted(rt.LR) {
		t.Errorf("range test: stopped %v after %d steps", rt.Stopped, len(rt.LR))
	}
	// Least squares with features of unit variance has 2/λmax near 2: the loss must fall
	// fastest somewhere below that, and well above the starting 1e-4.
	if !(rt.Suggested > 1e-3 && rt.Suggested < 2) {
		t.Errorf("suggested %g, want in (1e-3, 2)", rt.Suggested)
	}
}

func TestFigures(t *testing.T) {
	obj, _ := smallLeastSquares(t)
	rt := RangeTestSGD(obj, 1, gdlib.RangeTestConfig{MinLR: 1e-4, MaxLR: 100, Steps: 60, Smoothing: 0.9, StopFactor: 4})
	for name, p := range map[string]interface {
		Err() error
		Entries() []string
	}{
		"range test":  RangeTestFigure("range test", rt),
		"contraction": ContractionFigure(1, 10, []float64{0.1, 0.2}, []float64{0.9, 1}),
	} {
		if p.Err() != nil || len(p.Entries()) < 2 {
			t.Errorf("%s: error %v, legend %v", name, p.Err(), p.Entries())
		}
	}
	if p := ContractionFigure(1, 10, nil, nil); p.Y.Max != 1.45 {
		t.Errorf("contraction figure: y axis up to %g, want 1.45", p.Y.Max)
	}
}
