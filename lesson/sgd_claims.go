package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/mat"
)

// SamplerGaps trains plain SGD with batches of one example and a constant learning rate η on
// obj from all parameters 0, for `epochs` epochs and each seed 0 … seeds−1, and returns for
// each seed the full training loss above fmin, L(θ) − L*, at the start and after every epoch.
// With replace the examples are drawn with replacement (NewWithReplacement), otherwise each
// epoch is a fresh random permutation (gdlib.MiniBatch, "random reshuffling"). A run that
// diverges is returned short.
func SamplerGaps(obj gdlib.Objective, fmin, lr float64, epochs, seeds int, replace bool) [][]float64 {
	runs := make([][]float64, seeds)
	for sd := range runs {
		var b gdlib.Batcher = gdlib.Must(gdlib.MiniBatch(obj.N(), 1, uint64(sd)))
		if replace {
			b = NewWithReplacement(obj.N(), 1, uint64(sd))
		}
		opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: lr}))
		h, err := gdlib.Train(obj, make([]float64, obj.Dim()), opt, b, gdlib.TrainOptions{Epochs: epochs})
		if err != nil {
			panic(fmt.Sprintf("lesson.SamplerGaps: %v", err))
		}
		for _, l := range h.EpochTrain {
			if math.IsNaN(l) || math.IsInf(l, 0) {
				break
			}
			runs[sd] = append(runs[sd], max(l-fmin, 0))
		}
	}
	return runs
}

// MedianCurve is the median over runs (Median's rule) at each index, up to the shortest run.
func MedianCurve(runs [][]float64) []float64 {
	n := len(runs[0])
	for _, y := range runs {
		n = min(n, len(y))
	}
	out := make([]float64, n)
	col := make([]float64, len(runs))
	for k := range out {
		for r, y := range runs {
			col[r] = y[k]
		}
		out[k] = Median(col)
	}
	return out
}

// EpochCurve is the median over runs of a per-epoch record (entry e after epoch e), as a
// curve against the epoch, for plots.Lines.
func EpochCurve(label string, runs [][]float64) plots.Curve {
	y := MedianCurve(runs)
	x := make([]float64, len(y))
	for e := range x {
		x[e] = float64(e)
	}
	return plots.Curve{Label: label, X: x, Y: y}
}

// TiltedWell is the 1-D double well f(x) = (x² − 1)² + c·x, 0 < c < 1.5: the tilt makes the
// left minimum (near −1) the global one and the right minimum (near +1) a poor local one,
// separated by a maximum near c/4. Minima lists the global minimum first, then the local
// one; Saddles holds the maximum (the barrier between the basins: a run is in the good
// basin when x is left of it); FMin is the global minimum value. The stationary points are
// the roots of f'(x) = 4x³ − 4x + c, found by Newton's method.
func TiltedWell(c float64) gdlib.Surface {
	if !(c > 0 && c < 1.5) {
		panic(fmt.Sprintf("lesson.TiltedWell: tilt c = %g, want 0 < c < 1.5 (two minima)", c))
	}
	f := func(x float64) float64 { return (x*x-1)*(x*x-1) + c*x }
	root := func(x float64) float64 {
		for range 100 {
			x -= (4*x*x*x - 4*x + c) / (12*x*x - 4)
		}
		return x
	}
	good, top, poor := root(-1.2), root(0), root(1.2)
	return gdlib.Surface{
		Name: fmt.Sprintf("tilted well (x²−1)² + %gx", c), Dim: 1,
		F:       func(x []float64) float64 { return f(x[0]) },
		Grad:    func(g, x []float64) { g[0] = 4*x[0]*x[0]*x[0] - 4*x[0] + c },
		Hess:    func(h *mat.SymDense, x []float64) { h.SetSym(0, 0, 12*x[0]*x[0]-4) },
		Minima:  [][]float64{{good}, {poor}},
		Saddles: [][]float64{{top}},
		FMin:    f(good),
		Window:  [4]float64{-1.8, 1.8, f(good) - 0.3, f(1.8)},
	}
}

// WellOutcome is where runs on a TiltedWell ended after the same number of steps: the
// fraction of runs whose last iterate lies in the good basin (left of the barrier), and the
// median of f(x_K) − f* over the runs (+Inf for a run that diverged).
type WellOutcome struct {
	Good, MedianGap float64
}

// WellRuns runs SGD on the tilted well s for `steps` steps from each start of x0s, with the
// learning rate from sched, once with exact gradients when sigma is 0 (the runs are then
// deterministic) and otherwise once per seed 0 … seeds−1 with Gaussian gradient noise of
// standard deviation sigma, and says where the runs ended, over all starts and seeds.
func WellRuns(s gdlib.Surface, x0s []float64, sched gdlib.Schedule, sigma float64, steps, seeds int) WellOutcome {
	if sigma == 0 {
		seeds = 1
	}
	var good float64
	var gaps []float64
	for _, x0 := range x0s {
		for sd := range seeds {
			opt := gdlib.Must(gdlib.NewSGD(1, gdlib.SGDConfig{LR: sched.LR(0)}))
			tr := gdlib.Must(gdlib.Minimize(s, []float64{x0}, opt, gdlib.RunOptions{Steps: steps, Schedule: sched, GradNoise: sigma, Seed: uint64(sd)}))
			gap := math.Inf(1)
			if !tr.Diverged {
				gap = max(tr.F[len(tr.F)-1]-s.FMin, 0)
				if tr.X[len(tr.X)-1][0] < s.Saddles[0][0] {
					good++
				}
			}
			gaps = append(gaps, gap)
		}
	}
	return WellOutcome{Good: good / float64(len(gaps)), MedianGap: Median(gaps)}
}

// WellStarts returns n starts evenly spaced across the poor basin of the tilted well s, from
// just right of the barrier (+0.1) to 1.8, past the poor minimum.
func WellStarts(s gdlib.Surface, n int) []float64 {
	lo, hi := s.Saddles[0][0]+0.1, 1.8
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = lo
		if n > 1 {
			xs[i] = lo + (hi-lo)*float64(i)/float64(n-1)
		}
	}
	return xs
}

// WellBest is the best outcome over a learning-rate grid: the most runs in the good basin,
// ties broken by the smaller median gap, and the rate that gave it.
type WellBest struct {
	LR float64
	WellOutcome
}

func (b *WellBest) offer(lr float64, o WellOutcome) {
	if b.LR == 0 || o.Good > b.Good || (o.Good == b.Good && o.MedianGap < b.MedianGap) {
		b.LR, b.WellOutcome = lr, o
	}
}

// WellTable runs, for each learning rate η of the grid, exact GD, SGD with gradient noise σ
// and a constant η, and SGD with the same noise and the decaying step η/(1 + t/t0), from each
// of the starts for `steps` steps (seeds per start for the noisy runs), prints a row per η
// (the share of runs that ended in the good basin and their median final gap f − f*), and
// returns each method's best row: GD, constant-step SGD, decaying-step SGD. A median gap
// that is infinite (most runs diverged) prints as "diverged".
func WellTable(s gdlib.Surface, starts, grid []float64, sigma, t0 float64, steps, seeds int) [3]WellBest {
	var best [3]WellBest
	cell := func(o WellOutcome) string {
		if math.IsInf(o.MedianGap, 1) {
			return fmt.Sprintf("%5.0f%%  %8s", 100*o.Good, "diverged")
		}
		return fmt.Sprintf("%5.0f%%  %8.3g", 100*o.Good, o.MedianGap)
	}
	fmt.Printf("%6s   %-16s   %-16s   %-16s\n", "η", "exact GD", fmt.Sprintf("SGD σ = %g", sigma), "SGD σ, η/(1+t/t0)")
	fmt.Printf("%6s   %-16s   %-16s   %-16s\n", "", "good   gap", "good   gap", "good   gap")
	for _, lr := range grid {
		gd := WellRuns(s, starts, gdlib.Must(gdlib.NewConstant(lr)), 0, steps, 1)
		sgd := WellRuns(s, starts, gdlib.Must(gdlib.NewConstant(lr)), sigma, steps, seeds)
		dec := WellRuns(s, starts, gdlib.Must(gdlib.NewInverseTimeLR(lr, 1/t0)), sigma, steps, seeds)
		fmt.Printf("%6g   %s   %s   %s\n", lr, cell(gd), cell(sgd), cell(dec))
		best[0].offer(lr, gd)
		best[1].offer(lr, sgd)
		best[2].offer(lr, dec)
	}
	return best
}

// MNISTSplit is softmax regression (as MNISTSoftmax) on the first nTrain MNIST training
// images, with a validation objective on the next nVal training images (for choosing the
// learning rate) and a test objective on the first nTest test images (reported once, never
// used for a choice).
func MNISTSplit(nTrain, nVal, nTest int) (train, val, test *gdlib.Softmax) {
	tr, te, err := data.MNISTSubset(nTrain+nVal, nTest)
	if err != nil {
		landStop(err)
	}
	_, d := tr.X.Dims()
	train = gdlib.Must(gdlib.NewSoftmax(mat.DenseCopyOf(tr.X.Slice(0, nTrain, 0, d)), tr.Labels[:nTrain], 10, 0))
	val = gdlib.Must(gdlib.NewSoftmax(mat.DenseCopyOf(tr.X.Slice(nTrain, nTrain+nVal, 0, d)), tr.Labels[nTrain:], 10, 0))
	test = gdlib.Must(gdlib.NewSoftmax(te.X, te.Labels, 10, 0))
	return train, val, test
}

// GenResult is one setting of the generalisation test: the batch size, the learning rate
// chosen on validation, and per seed the final training loss and the training, validation
// and test accuracies.
type GenResult struct {
	B                              int
	LR                             float64
	TrainLoss, TrainAcc, Val, Test []float64
}

// Gap is the median over seeds of training accuracy minus test accuracy: the
// generalisation gap.
func (r GenResult) Gap() float64 {
	d := make([]float64, len(r.Test))
	for i := range d {
		d[i] = r.TrainAcc[i] - r.Test[i]
	}
	return Median(d)
}

// GenTest trains softmax regression with batch size B for `epochs` epochs (the same number
// of example gradients for every B) from all parameters 0, with each learning rate of the
// grid on seed 0, picks the rate with the best validation accuracy (a diverged run scores 0),
// and returns that rate's results on seeds 0 … seeds−1, test accuracies included. The seeds
// change the order of the batches only, so full-batch GD gives the same numbers for every
// seed: it runs once.
func GenTest(train, val, test *gdlib.Softmax, B int, grid []float64, epochs, seeds int) GenResult {
	if B == train.N() {
		seeds = 1
	}
	run := func(r *GenResult, seed uint64) {
		params := make([]float64, train.Dim())
		opt := gdlib.Must(gdlib.NewSGD(train.Dim(), gdlib.SGDConfig{LR: r.LR}))
		h, err := gdlib.Train(train, params, opt, gdlib.Must(gdlib.MiniBatch(train.N(), B, seed)), gdlib.TrainOptions{Epochs: epochs})
		if err != nil {
			panic(fmt.Sprintf("lesson.GenTest: %v", err))
		}
		loss, tacc, vacc, teacc := math.Inf(1), 0.0, 0.0, 0.0
		if !h.Diverged && !math.IsNaN(h.EpochTrain[epochs]) && !math.IsInf(h.EpochTrain[epochs], 0) {
			loss, tacc, vacc, teacc = h.EpochTrain[epochs], train.Accuracy(params, nil), val.Accuracy(params, nil), test.Accuracy(params, nil)
		}
		r.TrainLoss, r.TrainAcc = append(r.TrainLoss, loss), append(r.TrainAcc, tacc)
		r.Val, r.Test = append(r.Val, vacc), append(r.Test, teacc)
	}
	best := GenResult{}
	for _, lr := range grid {
		r := GenResult{B: B, LR: lr}
		run(&r, 0)
		if best.Val == nil || r.Val[0] > best.Val[0] {
			best = r
		}
	}
	for sd := 1; sd < seeds; sd++ {
		run(&best, uint64(sd))
	}
	return best
}

// GenTable prints the generalisation test's results side by side, one column per method:
// the chosen learning rate, the final training loss, the training, validation and test
// accuracies (median over seeds, with their range), and the gap between training and test
// accuracy.
func GenTable(rs ...GenResult) {
	row := func(name string, f func(r GenResult) string) {
		fmt.Printf("%-24s", name)
		for _, r := range rs {
			fmt.Printf(" %-22s", f(r))
		}
		fmt.Println()
	}
	row("", func(r GenResult) string { return fmt.Sprintf("B = %d (%d run(s))", r.B, len(r.Test)) })
	row("η chosen on validation", func(r GenResult) string { return fmt.Sprint(r.LR) })
	row("training loss", func(r GenResult) string { return SeedSpread(r.TrainLoss, 1, "%.3f") })
	row("training accuracy %", func(r GenResult) string { return SeedSpread(r.TrainAcc, 100, "%.1f") })
	row("validation accuracy %", func(r GenResult) string { return SeedSpread(r.Val, 100, "%.1f") })
	row("test accuracy %", func(r GenResult) string { return SeedSpread(r.Test, 100, "%.1f") })
	row("gap train − test, points", func(r GenResult) string { return fmt.Sprintf("%.1f", 100*r.Gap()) })
}

// SeedSpread prints the median of xs and its range over the seeds, scaled by scale:
// "86.1 (85.7…86.4)".
func SeedSpread(xs []float64, scale float64, format string) string {
	s := slices.Clone(xs)
	slices.Sort(s)
	f := func(x float64) string {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return "diverged"
		}
		return fmt.Sprintf(format, scale*x)
	}
	if s[0] == s[len(s)-1] {
		return f(Median(s))
	}
	return fmt.Sprintf("%s (%s…%s)", f(Median(s)), f(s[0]), f(s[len(s)-1]))
}
