package lesson

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
)

// rowKey is a row of pixels as a map key.
func rowKey(d data.Dataset, i int) string {
	var b strings.Builder
	for _, v := range d.X.RawRowView(i) {
		b.WriteByte(byte(v * 255))
	}
	return b.String()
}

func TestLRDigits(t *testing.T) {
	d := LRDigits(2000)
	if d.Train.N() != 2000 || d.Val.N() != 500 || d.Test.N() != 1000 {
		t.Fatalf("sizes %d / %d / %d, want 2000 / 500 / 1000", d.Train.N(), d.Val.N(), d.Test.N())
	}
	raw, _, err := data.MNISTSubset(5000, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The training digits are the first 2000; every validation digit is one of digits
	// 2000 … 4999 (found by its pixels and label), each at most once.
	where := map[string][]int{}
	for i := range 5000 {
		where[rowKey(raw, i)] = append(where[rowKey(raw, i)], i)
	}
	for i := range 2000 {
		if rowKey(d.Train, i) != rowKey(raw, i) || d.Train.Labels[i] != raw.Labels[i] {
			t.Fatalf("training digit %d is not MNIST's digit %d", i, i)
		}
	}
	seen := map[int]bool{}
	for i := range 500 {
		found := -1
		for _, j := range where[rowKey(d.Val, i)] {
			if j >= 2000 && raw.Labels[j] == d.Val.Labels[i] && !seen[j] {
				found = j
				break
			}
		}
		if found < 0 {
			t.Fatalf("validation digit %d is not one of the unused training digits 2000 … 4999", i)
		}
		seen[found] = true
	}
	if again := LRDigits(2000); rowKey(again.Val, 7) != rowKey(d.Val, 7) {
		t.Error("the validation draw is not reproducible")
	}
}

func TestSoftmaxProblemAndFit(t *testing.T) {
	d := LRDigits(300)
	p := d.Softmax()
	zero := p.Init(5)
	if l := p.Train.Loss(zero, nil); math.Abs(l-math.Log(10)) > 1e-12 {
		t.Errorf("loss at zero weights %g, want ln 10", l)
	}
	zeros := 0 // at zero weights every score ties and the first class, digit 0, is predicted
	for _, y := range d.Test.Labels {
		if y == 0 {
			zeros++
		}
	}
	if a := p.Accuracy(zero); a != float64(zeros)/1000 {
		t.Errorf("accuracy at zero weights %g, want the fraction of zeros %g", a, float64(zeros)/1000)
	}
	f := FitSGD(p, 3, 6, 1, gdlib.TrainOptions{})
	best := 0
	for e, v := range f.EpochHeldOut {
		if v < f.EpochHeldOut[best] {
			best = e
		}
	}
	if f.BestEpoch != best || len(f.EpochHeldOut) != 7 {
		t.Errorf("best epoch %d, want %d (validation losses %v)", f.BestEpoch, best, f.EpochHeldOut)
	}
	if v := p.Val.Loss(f.Best, nil); v != f.EpochHeldOut[best] {
		t.Errorf("validation loss of the kept parameters %g, want %g", v, f.EpochHeldOut[best])
	}
	if v := p.Val.Loss(f.Final, nil); v != f.FinalVal() || v != f.EpochHeldOut[6] {
		t.Errorf("final validation loss %g, FinalVal %g", v, f.FinalVal())
	}
	if !strings.HasPrefix(f.Report(p), "test loss ") || !strings.HasPrefix(f.BestReport(p), "epoch ") {
		t.Errorf("reports %q %q", f.Report(p), f.BestReport(p))
	}
	if tab := ValTable(f, 300); strings.Count(tab, "\n") != 7 {
		t.Errorf("table of 6 epochs:\n%s", tab)
	}
	bad := FitSGD(p, 1e300, 3, 1, gdlib.TrainOptions{})
	if !bad.Diverged || !math.IsInf(bad.FinalVal(), 1) || bad.Report(p) != "diverged" || bad.TestAccuracy(p) != 0 {
		t.Errorf("η = 1e300: diverged %v, final %g, %q", bad.Diverged, bad.FinalVal(), bad.Report(p))
	}
}

func TestMLPProblem(t *testing.T) {
	p := LRDigits(200).MLP(8)
	if p.Train.Dim() != 784*8+8+8*10+10 {
		t.Errorf("dim %d", p.Train.Dim())
	}
	a, b, a2 := p.Init(1), p.Init(2), p.Init(1)
	if !slices.Equal(a, a2) || slices.Equal(a, b) {
		t.Error("Init: the same seed must give the same weights, another seed other weights")
	}
	if acc := p.Accuracy(a); !(acc >= 0 && acc <= 1) {
		t.Errorf("accuracy %g", acc)
	}
}

func TestWarmupCosine(t *testing.T) {
	s := WarmupCosine(2, 10, 50)
	for _, c := range []struct {
		t    int
		want float64
	}{
		{0, 0.02},                     // 1% of η
		{5, 2 * (0.01 + 0.99*0.5)},    // halfway up
		{10, 2},                       // the peak
		{30, 1},                       // halfway down the cosine: ½η(1 + cos(π/2))
		{20, 1 + math.Cos(math.Pi/4)}, // ½·2·(1 + cos(π·10/40))
		{50, 0},                       // the end
	} {
		if got := s.LR(c.t); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("LR(%d) = %g, want %g", c.t, got, c.want)
		}
	}
	if got := WarmupCosine(2, 0, 40).LR(20); math.Abs(got-1) > 1e-12 {
		t.Errorf("no warm-up: LR(20) of 40 = %g, want 1", got)
	}
	p := LRDigits(100).MLP(4)
	fits := WarmupRuns(p, 0.5, 3, 2, 2) // 2 batches per epoch, 4 updates
	if len(fits) != 2 || fits[0].StepLR[0] != 0.005 || fits[0].StepLR[3] != 0.5 || fits[0].Label != "warm-up 3 updates" {
		t.Errorf("warm-up runs: %d, rates %v, label %q", len(fits), fits[0].StepLR, fits[0].Label)
	}
	if peaks := EarlyPeaks(fits, 2); peaks[0] != max(fits[0].StepLoss[0], fits[0].StepLoss[1]) {
		t.Errorf("EarlyPeaks %v for losses %v", peaks, fits[0].StepLoss)
	}
	if tab := WarmupTable(p, fits, fits, 2); strings.Count(tab, "\n") != 3 {
		t.Errorf("table:\n%s", tab)
	}
	div := Fit{History: gdlib.History{Diverged: true, DivergedAt: 1, StepLoss: []float64{}}}
	if !math.IsInf(EarlyPeak(div, 5), 1) {
		t.Error("EarlyPeak of a run that diverged at once")
	}
}

func TestTuneOnVal(t *testing.T) {
	p := LRDigits(200).Softmax()
	ts := TuneOnVal(p, []int{0, 5}, []float64{0.01, 1}, 2, 2)
	if len(ts) != 2 || ts[0].Label != "constant" || ts[1].Label != "cosine" {
		t.Fatalf("%d tuned, labels %v", len(ts), ts)
	}
	for _, tu := range ts {
		// Recompute the means from the runs' own validation records.
		mean := func(i int) float64 {
			s := 0.0
			for _, f := range tu.Runs[i] {
				s += f.EpochHeldOut[len(f.EpochHeldOut)-1]
			}
			return s / 2
		}
		want := 0
		if mean(1) < mean(0) {
			want = 1
		}
		if tu.Best != want || math.Abs(tu.MeanVal(1)-mean(1)) > 1e-15 {
			t.Errorf("%s: best %d, want %d", tu.Label, tu.Best, want)
		}
	}
	if v := BestVals(ts); v[1] != ts[1].MeanVal(ts[1].Best) {
		t.Errorf("BestVals %v", v)
	}
	if v := ValsAt(ts, 0); v[0] != ts[0].MeanVal(0) || len(BestHistories(ts)) != 2 {
		t.Errorf("ValsAt %v", v)
	}
	if tab := ValTunedTable(p, ts); strings.Count(tab, "\n") != 3 || !strings.Contains(tab, "η0 = 0.01 / 1") {
		t.Errorf("table:\n%s", tab)
	}
}

func TestRateHelpers(t *testing.T) {
	s := gdlib.Quadratic(1, 10, 0.3)
	r := RunRates(s, []float64{1.5, 1}, []float64{0.25, 0.05, 0.1}, 40)
	if !slices.Equal(r.Etas, []float64{0.05, 0.1, 0.25}) {
		t.Fatalf("rates %v, want sorted", r.Etas)
	}
	// A second computation: 40 hand-written steps x ← x − η∇f(x).
	for i, eta := range r.Etas {
		x, g := []float64{1.5, 1}, make([]float64, 2)
		for range 40 {
			s.Grad(g, x)
			x[0], x[1] = x[0]-eta*g[0], x[1]-eta*g[1]
		}
		if f := s.F(x); math.Abs(r.LastF(i)-f) > 1e-12*max(1, f) {
			t.Errorf("η = %g: last f %g, want %g", eta, r.LastF(i), f)
		}
	}
	if !r.OrderedBelow(0.2) || r.SettledAbove(0.2, []float64{0, 0}) != 0 {
		t.Error("below 0.2 the larger rate ends lower; 0.25 > 2/λmax cannot settle")
	}
	etas, measured, predicted := ContractionSweep(1, 10, []float64{0.5, 1.2})
	if etas[0] != 0.1 || predicted[0] != 0.9 || math.Abs(predicted[1]-1.4) > 1e-12 || math.Abs(measured[0]-0.9) > 1e-9 {
		t.Errorf("contraction sweep: %v %v %v", etas, measured, predicted)
	}
	if !AgreeWithin([]float64{1, 2}, []float64{1.1, 2}, 0.2) || AgreeWithin([]float64{math.NaN()}, []float64{0}, 1) {
		t.Error("AgreeWithin")
	}
	if !BelowOneExactlyWhen([]float64{0.9, 1.1}, []float64{0.5, 1.5}) || BelowOneExactlyWhen([]float64{0.9}, []float64{1.5}) {
		t.Error("BelowOneExactlyWhen")
	}
	if !Falling([]float64{3, 2, 1}) || Falling([]float64{3, math.NaN()}) || !AllBelow([]float64{1}, []float64{2}) || AllBelow([]float64{2}, []float64{2}) {
		t.Error("Falling or AllBelow")
	}
	ratios := ScheduleDecay(Schedules(1, 15), 15)
	if ratios[0] != 1 || ratios[1] != 4 || math.Abs(ratios[3]-8) > 1e-12 { // 0.5^⌊14/5⌋, 1 + 0.5·14
		t.Errorf("decay ratios %v", ratios)
	}
	if p := GapFigure("gap", r.Traces, 1e-9, 10); p.Y.Min != 1e-9 || p.Y.Max != 10 || p.Err() != nil {
		t.Errorf("GapFigure axis %g … %g, %v", p.Y.Min, p.Y.Max, p.Err())
	}
}

func TestSweepAndTunedHelpers(t *testing.T) {
	obj, held := smallLeastSquares(t)
	sw := RateSweep(obj, held, []float64{0.1, 100}, 30, 2) // 100 is far past 2/λmax ≈ 2
	if sw.Diverged[0] != 0 || sw.Diverged[1] != 2 || !math.IsInf(sw.Train[1], 1) || len(sw.Shown) != 2 {
		t.Errorf("sweep: diverged %v, train %v", sw.Diverged, sw.Train)
	}
	runs := TrainSeeds(obj, held, 0.1, 30, 2, gdlib.TrainOptions{})
	if tr := runs.Train(); sw.Train[0] != max(tr[0], tr[1]) || sw.Spread[0] != math.Abs(tr[0]-tr[1]) {
		t.Errorf("median (the upper of two) %g and spread %g of %v", sw.Train[0], sw.Spread[0], tr)
	}
	ts := TuneSchedules(obj, held, []float64{0.01, 0.3}, 3, 2)
	tr, ho, sp, at := TunedTrain(ts), TunedHeldOut(ts), TunedSpread(ts), TunedTrainAt(ts, 0)
	for i, tu := range ts {
		if tr[i] != tu.MeanTrain(tu.Best) || ho[i] != tu.MeanHeldOut(tu.Best) || sp[i] != tu.Spread() || at[i] != tu.MeanTrain(0) {
			t.Errorf("%s: tuned helpers disagree with the methods", tu.Label)
		}
	}
	if hs := TunedRuns(ts); len(hs) != 7 || hs[2].Label != ts[2].Label {
		t.Errorf("TunedRuns: %d", len(hs))
	}
}
