package lesson

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

func TestOptimizerByName(t *testing.T) {
	for _, name := range OptimizerNames {
		opt, err := OptimizerByName(name, 3, 0.02)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if opt.LR() != 0.02 {
			t.Errorf("%s: LR %g, want 0.02", name, opt.LR())
		}
	}
	if _, err := OptimizerByName("Adagrad", 3, 0.1); err == nil || !strings.Contains(err.Error(), "AdaGrad") {
		t.Errorf("unknown name: error %v, want one listing the known names", err)
	}
	if _, err := OptimizerByName("Adam", 3, 0); err == nil {
		t.Error("lr = 0: no error")
	}
	// Momentum is the heavy ball with μ = 0.9 in PyTorch's form: v ← μv + g, θ ← θ − ηv.
	// Two steps with g = 1 from θ = 0: θ = −η, then −η − η(0.9 + 1).
	m := gdlib.Must(OptimizerByName("Momentum", 1, 0.1))
	theta := []float64{0}
	m.Step(theta, []float64{1})
	m.Step(theta, []float64{1})
	if want := -0.1 - 0.1*1.9; math.Abs(theta[0]-want) > 1e-15 {
		t.Errorf("Momentum: θ₂ = %g, want %g", theta[0], want)
	}
	// AMSGrad divides by the running maximum of v: after a large gradient and then a small
	// one, its second step is smaller than Adam's.
	steps := map[string]float64{}
	for _, name := range []string{"Adam", "AMSGrad"} {
		o := gdlib.Must(OptimizerByName(name, 1, 0.1))
		theta := []float64{0}
		o.Step(theta, []float64{10})
		before := theta[0]
		o.Step(theta, []float64{0.1})
		steps[name] = math.Abs(theta[0] - before)
	}
	if !(steps["AMSGrad"] < steps["Adam"]) {
		t.Errorf("second step: AMSGrad %g, Adam %g; want AMSGrad's smaller", steps["AMSGrad"], steps["Adam"])
	}
}

func TestFirstStepAndHalfSquareRun(t *testing.T) {
	sgd := func() gdlib.Optimizer { return gdlib.Must(OptimizerByName("SGD", 1, 0.1)) }
	if got := FirstStep(sgd(), 3); math.Abs(got-0.3) > 1e-15 {
		t.Errorf("SGD's first step at g = 3: %g, want ηg = 0.3", got)
	}
	// Adam's first step is η·g/(|g| + ε), ε = 1e-8, whatever the betas.
	for _, g := range []float64{1, 1e-6} {
		want := 0.1 * g / (g + 1e-8)
		if got := FirstStep(gdlib.Must(OptimizerByName("Adam", 1, 0.1)), g); math.Abs(got-want) > 1e-15 {
			t.Errorf("Adam's first step at g = %g: %g, want %g", g, got, want)
		}
	}
	// SGD on θ²/2: θ_n = (1 − η)^n θ_0.
	if got, want := HalfSquareRun(sgd(), 2, 10), 2*math.Pow(0.9, 10); math.Abs(got-want) > 1e-14 {
		t.Errorf("SGD on θ²/2: θ_10 = %g, want %g", got, want)
	}
}

func TestRecordEffectiveStep(t *testing.T) {
	// AdaGrad with a constant gradient g: after k steps s = k g², so η_k = η/(√k |g| + ε).
	opt := gdlib.Must(OptimizerByName("AdaGrad", 2, 0.5))
	var eta []float64
	record := RecordEffectiveStep(opt, 1, &eta)
	x := []float64{0, 0}
	record(0, x) // before the first step: nothing to record
	for k := 1; k <= 4; k++ {
		opt.Step(x, []float64{1, 2})
		record(k, x)
	}
	for k, e := range eta {
		if want := 0.5 / (math.Sqrt(float64(k+1))*2 + 1e-10); math.Abs(e-want) > 1e-15 {
			t.Errorf("η after step %d: %g, want %g", k+1, e, want)
		}
	}
	if len(eta) != 4 {
		t.Errorf("recorded %d values, want 4", len(eta))
	}
	var none []float64
	RecordEffectiveStep(gdlib.Must(OptimizerByName("SGD", 2, 0.1)), 0, &none)(1, x)
	if none != nil {
		t.Errorf("SGD has no per-parameter step, recorded %v", none)
	}
}

func TestLRGridAndTables(t *testing.T) {
	lrs := []float64{0.1, 1, 10}
	// Seeds 1, 2, 3 give lr, lr·s, and NaN for the third seed at lr 10: the medians are the
	// middle values, and +Inf where two of three seeds diverge.
	run := func(m string, lr float64, seed uint64) float64 {
		switch {
		case m == "B" && lr == 10 && seed >= 2:
			return math.NaN()
		case m == "B":
			return 1 / lr
		}
		return lr * float64(seed)
	}
	vals := LRGrid([]string{"A", "B"}, lrs, 3, run)
	want := [][]float64{{0.2, 2, 20}, {10, 1, math.Inf(1)}}
	for i := range want {
		if !slices.Equal(vals[i], want[i]) {
			t.Errorf("row %d: %v, want %v", i, vals[i], want[i])
		}
	}
	if got := InfCells([]string{"A", "B"}, lrs, vals); got != "B at η 10" {
		t.Errorf("InfCells: %q", got)
	}
	if lr, best := BestLR(lrs, vals[1]); lr != 1 || best != 1 {
		t.Errorf("BestLR: %g, %g; want 1, 1", lr, best)
	}
	if lr, best := BestLR(lrs, []float64{math.Inf(1), math.Inf(1), math.Inf(1)}); lr != 0 || !math.IsInf(best, 1) {
		t.Errorf("BestLR when all diverged: %g, %g", lr, best)
	}
	if LossText(math.Inf(1)) != "diverged" || LossText(math.NaN()) != "diverged" || LossText(0.01234) != "0.0123" {
		t.Error("LossText")
	}
	if got := LRLabels([]float64{1e-4, 0.3}); !slices.Equal(got, []string{"0.0001", "0.3"}) {
		t.Errorf("LRLabels: %v", got)
	}
	med, lo, hi := MedianRange([]float64{4, 1, 3, 2})
	if med != 3 || lo != 1 || hi != 4 {
		t.Errorf("MedianRange of 4 values: %g %g %g, want the upper middle 3, 1, 4", med, lo, hi)
	}
}

func TestSensitivity(t *testing.T) {
	lrs := []float64{0.01, 0.1, 1, 10}
	vals := [][]float64{
		{2, 1.05, 1, 1.9},          // own best 1 at lr 1; within 10%: 0.1 and 1; within 2×: all four (2 ≤ 2)
		{0.6, 0.5, math.Inf(1), 3}, // best of all 0.5
	}
	r := Sensitivity([]string{"A", "B"}, lrs, vals)
	if r[0].BestLR != 1 || r[0].Best != 1 || !slices.Equal(r[0].Within10, []float64{0.1, 1}) ||
		!slices.Equal(r[0].Within2, lrs) || r[0].NearAll != 0 {
		t.Errorf("A: %+v", r[0])
	}
	if r[1].BestLR != 0.1 || !slices.Equal(r[1].Within10, []float64{0.1}) || !slices.Equal(r[1].Within2, []float64{0.01, 0.1}) || r[1].NearAll != 1 {
		t.Errorf("B: %+v", r[1])
	}
}

func TestMeasures(t *testing.T) {
	if !slices.Equal(OneTo(3), []float64{1, 2, 3}) || !slices.Equal(ZeroTo(2), []float64{0, 1, 2}) || len(OneTo(0)) != 0 {
		t.Error("OneTo / ZeroTo")
	}
	if !slices.Equal(Filled(2, 0.3), []float64{0.3, 0.3}) {
		t.Error("Filled")
	}
	if got := Checkpoints(5000, 10, 100, 1000); !slices.Equal(got, []int{10, 100, 1000, 5000}) {
		t.Errorf("Checkpoints(5000): %v", got)
	}
	if got := Checkpoints(100, 10, 100, 1000); !slices.Equal(got, []int{10, 100}) {
		t.Errorf("Checkpoints(100): %v", got)
	}
	if lo, hi := RatioRange([]float64{1, 4, 9}, []float64{2, 2, 3}, []int{1, 3, 7}); lo != 0.5 || hi != 3 {
		t.Errorf("RatioRange: %g %g", lo, hi)
	}
	if TailMean([]float64{5, 1, 2, 3}, 3) != 2 || TailMean([]float64{4}, 10) != 4 || !math.IsNaN(TailMean(nil, 3)) {
		t.Error("TailMean")
	}
	path := [][]float64{{0, 0}, {3, 4}, {3, 4}, {3, 4}}
	if got := PathSteps(path); !slices.Equal(got, []float64{5, 0, 0}) {
		t.Errorf("PathSteps: %v", got)
	}
	if FrozenFrom([]float64{5, 0, 0}, 0) != 2 || FrozenFrom([]float64{5, 1e-7, 3}, 1e-6) != -1 || FrozenFrom([]float64{1e-9}, 1e-6) != 1 {
		t.Error("FrozenFrom")
	}
	if got := MaxAbsDiff(path, [][]float64{{0, 0.5}, {3, 4}}); got != 0.5 {
		t.Errorf("MaxAbsDiff: %g", got)
	}
	if got := MaxAbsDiff([][]float64{{math.NaN()}}, [][]float64{{0}}); !math.IsInf(got, 1) {
		t.Errorf("MaxAbsDiff with NaN: %g", got)
	}
	if FirstBelow([]float64{0, 5, 3, 1}, []float64{0, 4, 4, 4}) != 2 || FirstBelow([]float64{0, 5}, []float64{0, 4}) != -1 {
		t.Error("FirstBelow")
	}
	if LastFinite([]float64{1, 2, math.Inf(1), 3}) != 1 || LastFinite([]float64{1, 2}) != 1 || LastFinite([]float64{math.NaN()}) != -1 {
		t.Error("LastFinite")
	}
	if OverflowText(math.Inf(1)) != "overflow" || OverflowText(2.5e300) != "2.5e+300" {
		t.Error("OverflowText")
	}
	s := gdlib.Quadratic(1, 1, 0) // f = (x² + y²)/2
	if got := SurfaceValues(s, [][]float64{{1, 1}, {0, 2}}); !slices.Equal(got, []float64{1, 2}) {
		t.Errorf("SurfaceValues: %v", got)
	}
}

func TestSparseProblem(t *testing.T) {
	p := gdlib.Must(NewSparseProblem(0.05, 3))
	if p.Obj.N() != SparseExamples || p.Obj.Dim() != SparseDense+SparseRare+1 {
		t.Fatalf("N %d, Dim %d", p.Obj.N(), p.Obj.Dim())
	}
	// The exact fit: its gradient vanishes, its loss is near the noise floor ½·0.1², and no
	// other point (the true weights among them) does better.
	g := make([]float64, p.Obj.Dim())
	p.Obj.LossGrad(g, p.Solution, nil)
	for i, gi := range g {
		if math.Abs(gi) > 1e-9 {
			t.Errorf("gradient at the solution, coordinate %d: %g", i, gi)
		}
	}
	if p.MinLoss > p.Obj.Loss(p.Truth, nil) || math.Abs(p.MinLoss-0.005) > 0.001 {
		t.Errorf("MinLoss %g, loss at the true weights %g", p.MinLoss, p.Obj.Loss(p.Truth, nil))
	}
	if want := adaRMS(make([]float64, len(p.Truth)), p.Truth, SparseDense, SparseDense+SparseRare); p.RareStart() != want || want < 1 {
		t.Errorf("RareStart %g, want %g (weights are ±(1 + u))", p.RareStart(), want)
	}
	// Run with SGD against mini-batch SGD written out here: the same batches (same seed),
	// w ← w − η∇L_batch(w).
	r := gdlib.Must(p.Run("SGD", 0.2, 2, 7))
	w, b := make([]float64, p.Obj.Dim()), gdlib.Must(gdlib.MiniBatch(p.Obj.N(), SparseBatch, 7))
	updates := 0
	for e := range 2 {
		b.Epoch(e)
		for idx, ok := b.Next(); ok; idx, ok = b.Next() {
			p.Obj.LossGrad(g, w, idx)
			for i := range w {
				w[i] -= 0.2 * g[i]
			}
			updates++
		}
	}
	if d := MaxAbsDiff([][]float64{r.W}, [][]float64{w}); d > 1e-12 || len(r.RareErr) != updates || r.DenseStep != nil {
		t.Errorf("SGD run: %d records for %d updates, difference %g from the loop", len(r.RareErr), updates, d)
	}
	if r.RareErr[updates-1] != p.RareErr(w) || r.DenseErr[updates-1] != p.DenseErr(w) || r.Loss != p.Obj.Loss(w, nil) {
		t.Error("SGD run: the last records are not those of the final weights")
	}
	ada := gdlib.Must(p.Run("AdaGrad", 0.3, 1, 7))
	if len(ada.RareStep) != len(ada.RareErr) || !(ada.RareStep[len(ada.RareStep)-1] > ada.DenseStep[len(ada.DenseStep)-1]) {
		t.Error("AdaGrad: effective steps not recorded, or the rare weights' not the larger")
	}
	if th := p.SGDRareTheory(0.2, 2); math.Abs(th[1]-p.RareStart()*(1-0.2*0.05)*(1-0.2*0.05)) > 1e-15 {
		t.Errorf("SGDRareTheory: %v", th)
	}
	stepFig, errFig := SparseFigures(r, ada, p.SGDRareTheory(0.2, len(r.RareErr)))
	for _, f := range []*plots.Plot{stepFig, errFig} {
		if svg, err := plots.SVG(f); err != nil || len(svg) < 1000 {
			t.Errorf("SparseFigures: %d bytes of SVG, error %v", len(svg), err)
		}
	}
	div := gdlib.Must(p.Run("SGD", 30, 10, 1))
	if div.DivergedAt == 0 || !math.IsInf(div.Loss, 1) || !strings.Contains(div.String(), "diverged at update") {
		t.Errorf("SGD at lr 30, 10 epochs: %v", div)
	}
}

func TestMNISTTasks(t *testing.T) {
	obj, _ := MNISTSoftmax(100, 0, 0)
	// Softmax regression from zero weights predicts 1/10 for every class: loss ln 10.
	if l := obj.Loss(make([]float64, obj.Dim()), nil); math.Abs(l-math.Log(10)) > 1e-12 || obj.N() != 100 {
		t.Errorf("softmax at 0: loss %g, want ln 10; N %d", l, obj.N())
	}
	task := gdlib.Must(NewMLPTask())
	if task.Train.N() != 2000 || task.Val.N() != 500 || task.Test.N() != 1000 {
		t.Fatalf("sizes %d %d %d", task.Train.N(), task.Val.N(), task.Test.N())
	}
	a := gdlib.Must(task.Fit("Adam", 0.01, 1, 5))
	b := gdlib.Must(task.Fit("Adam", 0.01, 1, 5))
	if !slices.Equal(a.Net.Params(), b.Net.Params()) {
		t.Error("two fits with the same seed differ")
	}
	if l := task.Loss(a.Net, task.Val); !(l < math.Log(10)) || a.History.Diverged {
		t.Errorf("one epoch of Adam: validation loss %g, not below ln 10", l)
	}
	if !math.IsInf(FinalTrainLoss(gdlib.History{EpochTrain: []float64{1}, Diverged: true}), 1) || FinalTrainLoss(gdlib.History{EpochTrain: []float64{2, 1}}) != 1 {
		t.Error("FinalTrainLoss")
	}
}
