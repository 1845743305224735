package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// ExampleGradients computes, at θ, the full gradient g of obj and every per-example gradient
// g_i, and returns g, the distance |(1/N)Σ_i g_i − g| (zero up to rounding: the loss is the
// mean of the examples' losses), the cosines cos∠(g_i, g) = g_i·g/(|g_i||g|) in increasing
// order, and the steps −η·g_i of the first `show` examples, to draw.
func ExampleGradients(obj ExampleObjective, theta []float64, lr float64, show int) (g []float64, diff float64, cosines []float64, steps [][]float64) {
	d := obj.Dim()
	g, gi, avg := make([]float64, d), make([]float64, d), make([]float64, d)
	obj.LossGrad(g, theta, nil)
	norm := func(v []float64) (n float64) {
		for _, x := range v {
			n = math.Hypot(n, x)
		}
		return n
	}
	for i := range obj.N() {
		obj.ExampleLossGrad(gi, theta, i)
		var dot float64
		for j := range gi {
			avg[j] += gi[j] / float64(obj.N())
			dot += gi[j] * g[j]
		}
		cosines = append(cosines, dot/(norm(gi)*norm(g)))
		if i < show {
			step := make([]float64, d)
			for j := range gi {
				step[j] = -lr * gi[j]
			}
			steps = append(steps, step)
		}
	}
	for j := range avg {
		avg[j] -= g[j]
	}
	slices.Sort(cosines)
	return g, norm(avg), cosines, steps
}

// CloudTable prints, for each SGD path of a race on a loss with minimum fmin (batch size
// sizes[i], `updates` updates each), the examples it processed, its final gap L − L* and the
// mean gap over the second half of the run, the size of the noise cloud it settled in, and
// returns those means; ok is false when a run blew up (BlowUpAt with the factor 10⁶, printed
// as "diverged at step k"), whose cloud is then 0.
func CloudTable(traces []gdlib.Trace, sizes []int, updates int, fmin float64) (cloud []float64, ok bool) {
	last := max(updates/2, 1) // the cloud: the mean gap over the second half of the run
	fmt.Printf("%-16s %10s %14s %24s\n", "run", "examples", "L − L* at end", fmt.Sprintf("mean L − L*, last %d", last))
	cloud, ok = make([]float64, len(traces)), true
	for i, tr := range traces {
		if k := BlowUpAt(tr, 1e6); k >= 0 {
			fmt.Printf("%-16s diverged at step %d (L > 10⁶·L(θ0))\n", tr.Label, k)
			ok = false
			continue
		}
		for _, f := range tr.F[len(tr.F)-last:] {
			cloud[i] += (f - fmin) / float64(last)
		}
		fmt.Printf("%-16s %10d %14.2e %24.2e\n", tr.Label, sizes[i]*updates, tr.F[len(tr.F)-1]-fmin, cloud[i])
	}
	return cloud, ok
}

// NoiseTable measures, at θ, the mean squared error E|g_B − g|² of a batch gradient for each
// batch size (BatchNoise, `draws` batches from seed), prints it beside the exact value
// trΣ/B·(N − B)/(N − 1) for sampling without replacement, their ratio and their difference
// in standard errors, and returns the sizes, the measurements, the predictions, and whether
// every measurement was within three standard errors of its prediction.
func NoiseTable(obj gdlib.Objective, theta []float64, trSigma float64, sizes []int, draws int, seed uint64) (bs, measured, predicted []float64, within bool) {
	N := obj.N()
	fmt.Printf("%6s %18s %12s %8s %12s\n", "B", "measured E|g_B−g|²", "predicted", "ratio", "(m − p)/se")
	within = true
	for _, B := range sizes {
		m, se := BatchNoise(obj, theta, B, draws, seed)
		pred := trSigma / float64(B) * float64(N-B) / float64(N-1)
		within = within && math.Abs(m-pred) < 3*se
		fmt.Printf("%6d %18.5f %12.5f %8.2f %12.1f\n", B, m, pred, m/pred, (m-pred)/se)
		bs, measured, predicted = append(bs, float64(B)), append(measured, m), append(predicted, pred)
	}
	return bs, measured, predicted, within
}

// PrintLRGrid prints BatchLRGrid's table, a row per batch size and a column per learning
// rate, the best rate of each row marked with * (∞: diverged, —: not tried), then the best
// rates as a --lrs flag for the race that follows.
func PrintLRGrid(sizes []int, grid []float64, loss [][]float64, best []int, epochs int) {
	fmt.Printf("final training loss after %d epoch(s); ∞: diverged, —: not tried\n%8s", epochs, "B \\ lr")
	for _, lr := range grid {
		fmt.Printf("%9g ", lr)
	}
	fmt.Println()
	var rates []string
	for i, B := range sizes {
		fmt.Printf("%8d", B)
		for j, l := range loss[i] {
			mark := " "
			if j == best[i] {
				mark = "*"
			}
			switch {
			case math.IsNaN(l):
				fmt.Printf("%8s  ", "—")
			case math.IsInf(l, 1):
				fmt.Printf("%8s%s ", "∞", mark)
			default:
				fmt.Printf("%8.3f%s ", l, mark)
			}
		}
		fmt.Println()
		rates = append(rates, fmt.Sprint(grid[best[i]]))
	}
	fmt.Printf("\nbest rates, as a flag for the next cell: --lrs=%s\n", strings.Join(rates, ","))
}

// ReachTable prints, for each run of a batch-size race, its end (Status) and the first
// checkpoint with a loss below level, and returns the updates and the examples that took
// (+Inf for a run that never got there).
func ReachTable(runs []BatchRun, level float64) (updates, examples []float64) {
	fmt.Printf("%6s %6s   %-38s %s\n", "B", "lr", "end of the run", fmt.Sprintf("first checkpoint with loss < %g", level))
	updates, examples = make([]float64, len(runs)), make([]float64, len(runs))
	for i, r := range runs {
		reach := "never"
		updates[i], examples[i] = math.Inf(1), math.Inf(1)
		if j := r.Reached(level); j >= 0 {
			reach, updates[i], examples[i] = fmt.Sprintf("after %.0f updates, %.0f examples", r.Updates[j], r.Examples[j]), r.Updates[j], r.Examples[j]
		}
		fmt.Printf("%6d %6g   %-38s %s\n", r.B, r.LR, r.Status(), reach)
	}
	return updates, examples
}

// HeldOutRun is one training-set size of the held-out experiment: the history, and at the
// end of the run the gap held-out − training loss, the held-out loss with the standard error
// of its mean over the held-out images, and the held-out accuracy (Inf, Inf, 0, 0 when the
// run diverged).
type HeldOutRun struct {
	H                     gdlib.History
	Gap, HeldOut, SE, Acc float64
}

// Rise is how far the held-out loss ended above its lowest value over the epochs.
func (r HeldOutRun) Rise() float64 { return r.HeldOut - slices.Min(r.H.EpochHeldOut) }

// HeldOutRuns trains softmax regression with batches of 100 and learning rate η on the first
// n MNIST training images for each n of sizes, `epochs` epochs from 0 (batches shuffled from
// seed), recording the training and the held-out loss (the first 2 000 test images) after
// every epoch, and prints a row per run: the final losses, their gap, both accuracies, and
// the epoch of the lowest held-out loss.
func HeldOutRuns(sizes []int, lr float64, epochs int, seed uint64) []HeldOutRun {
	var runs []HeldOutRun
	fmt.Printf("%8s %12s %16s %8s %10s %13s\n", "N train", "train loss", "held-out loss", "gap", "train acc", "held-out acc")
	for _, n := range sizes {
		obj, held := MNISTSoftmax(n, 2000, 0)
		params := make([]float64, obj.Dim())
		opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: lr}))
		h := gdlib.Must(gdlib.Train(obj, params, opt, gdlib.Must(gdlib.MiniBatch(n, 100, seed)),
			gdlib.TrainOptions{Epochs: epochs, HeldOut: held, Label: fmt.Sprintf("N = %d", n)}))
		r := HeldOutRun{H: h, Gap: math.Inf(1), HeldOut: math.Inf(1)}
		if h.Diverged {
			fmt.Printf("%8d diverged at update %d\n", n, h.DivergedAt)
			runs = append(runs, r)
			continue
		}
		per := make([]float64, held.N()) // per-example held-out losses, for the standard error of their mean
		for i := range per {
			per[i] = held.Loss(params, []int{i})
		}
		tr, ho := h.EpochTrain[epochs], h.EpochHeldOut[epochs]
		r.Gap, r.HeldOut, r.Acc, r.SE = ho-tr, ho, held.Accuracy(params, nil), StdErr(per)
		fmt.Printf("%8d %12.4f %8.4f ± %.3f %8.4f %9.1f%% %12.1f%%\n", n, tr, ho, r.SE, ho-tr, 100*obj.Accuracy(params, nil), 100*r.Acc)
		low := slices.Index(h.EpochHeldOut, slices.Min(h.EpochHeldOut))
		fmt.Printf("%8s lowest held-out loss %.4f at epoch %d, %.4f above it at the end\n", "", h.EpochHeldOut[low], low, ho-h.EpochHeldOut[low])
		runs = append(runs, r)
	}
	return runs
}

// SaddleResult is what SaddleEscapes measured: traces for the figure of paths, |x₂| per step
// for the figure of the distance from the stable manifold, whether exact GD escaped as
// predicted, whether every noisy run escaped with a median within a step of its prediction,
// and the widest spread (slowest − fastest seed) of the noisy escape steps.
type SaddleResult struct {
	Shown  []gdlib.Trace
	Lines  []plots.Curve
	Exact  bool
	Noisy  bool
	Spread int
}

// SaddleEscapes runs SGD with learning rate η on the saddle f = x² − y² (gdlib.Saddle) from
// (1, y0) until f < −1 (escaped) or maxSteps, and prints each measured escape step beside
// its prediction: exact GD from y0 = 0 never escapes, and from y0 > 0 escapes after
// ln(1/y0)/ln(1 + 2η) steps (each step multiplies y by 1 + 2η); with gradient noise σ from
// y0 = 0 (seeds runs each), the offset grows as a random sum whose size is
// s = ησ/√((1 + 2η)² − 1), and the median escape step is ln(1/(0.674 s))/ln(1 + 2η) (0.674 s
// is the median of |S| for S normal with standard deviation s).
func SaddleEscapes(lr float64, seeds, maxSteps int) SaddleResult {
	sad := gdlib.Saddle()
	grow := math.Log(1 + 2*lr) // exact GD multiplies y by 1 + 2η per step
	run := func(y0, sigma float64, seed int, label string) (int, gdlib.Trace) {
		opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr}))
		return RunUntil(sad, []float64{1, y0}, opt, gdlib.RunOptions{Steps: maxSteps, GradNoise: sigma, Seed: uint64(seed), Label: label},
			func(x []float64) bool { return sad.F(x) < -1 })
	}
	absY := func(tr gdlib.Trace, col int) plots.Curve { // |x₂| per step; noisy runs (col 4) dashed
		return plots.Curve{Label: tr.Label, Color: plots.Color(col), Dashed: col == 4, X: StepAxis(len(tr.X)), Y: AbsCoord(tr, 1, 1e-16)}
	}
	fmt.Printf("%-30s %-40s %s\n", "start / gradient", "measured escape step", "predicted")
	k, tr := run(0, 0, 0, "exact GD, y0 = 0")
	fmt.Printf("%-30s %-40s %s\n", tr.Label, StepsSummary([]int{k}), "never")
	r := SaddleResult{Shown: []gdlib.Trace{tr}, Exact: k < 0, Noisy: true}
	for i, y0 := range []float64{1e-12, 1e-8, 1e-4} {
		k, tr := run(y0, 0, 0, fmt.Sprintf("exact GD, y0 = %g", y0))
		fmt.Printf("%-30s %-40s %.0f\n", tr.Label, StepsSummary([]int{k}), math.Log(1/y0)/grow)
		r.Exact = r.Exact && math.Abs(float64(k)-math.Round(math.Log(1/y0)/grow)) <= 1
		if r.Lines = append(r.Lines, absY(tr, i+1)); y0 == 1e-8 {
			r.Shown = append(r.Shown, tr)
		}
	}
	for _, sigma := range []float64{1e-6, 1e-3, 1e-1} {
		var ks []int
		for sd := range seeds {
			k, tr := run(0, sigma, sd, fmt.Sprintf("σ = %g, seed %d", sigma, sd))
			if ks = append(ks, k); sigma == 1e-3 && sd < 3 {
				r.Shown, r.Lines = append(r.Shown, tr), append(r.Lines, absY(tr, 4))
			}
		}
		s := lr * sigma / math.Sqrt((1+2*lr)*(1+2*lr)-1) // the size of the random offset
		m, lo, hi, never := StepsStats(ks)
		fmt.Printf("%-30s %-40s %.0f\n", fmt.Sprintf("noisy, y0 = 0, σ = %g", sigma), StepsSummary(ks), math.Log(1/(0.674*s))/grow)
		r.Noisy, r.Spread = r.Noisy && never == 0 && math.Abs(float64(m)-math.Round(math.Log(1/(0.674*s))/grow)) <= 1, max(r.Spread, hi-lo)
	}
	return r
}

// PlateauStats is the escape of one noise level from the plateau: the median, fastest and
// slowest escape steps (StepsStats) and the number of seeds that never escaped.
type PlateauStats struct{ Median, Fastest, Slowest, Never int }

// PlateauEscapes runs SGD with learning rate η on the sigmoid plateau f(x) = (σ(x) − 0.9)²
// (gdlib.SigmoidPlateau) from x0 until x ≥ 0 (crossed) or maxSteps: once with exact
// gradients, and `seeds` times with each gradient noise σ of sigmas. It prints each
// setting's escape steps (StepsSummary) and returns exact GD's step (−1: never), traces for a
// figure (exact GD, and seed 0 of every σ ≥ 0.01) and the statistics per σ.
func PlateauEscapes(lr, x0 float64, seeds, maxSteps int, sigmas []float64) (k int, traces []gdlib.Trace, stats map[float64]PlateauStats) {
	pl := gdlib.SigmoidPlateau()
	crossed := func(x []float64) bool { return x[0] >= 0 }
	run := func(sigma float64, seed int) (int, gdlib.Trace) {
		opt := gdlib.Must(gdlib.NewSGD(1, gdlib.SGDConfig{LR: lr}))
		return RunUntil(pl, []float64{x0}, opt, gdlib.RunOptions{Steps: maxSteps, GradNoise: sigma, Seed: uint64(seed)}, crossed)
	}
	k, exact := run(0, 0)
	exact.Label = "exact GD"
	fmt.Printf("%-24s %s\n", "exact GD", StepsSummary([]int{k}))
	traces, stats = []gdlib.Trace{exact}, map[float64]PlateauStats{}
	for _, sigma := range sigmas {
		var ks []int
		for sd := range seeds {
			k, tr := run(sigma, sd)
			ks = append(ks, k)
			if sd == 0 && sigma >= 0.01 {
				tr.Label = fmt.Sprintf("σ = %g (seed 0)", sigma)
				traces = append(traces, tr)
			}
		}
		m, lo, hi, never := StepsStats(ks)
		stats[sigma] = PlateauStats{m, lo, hi, never}
		fmt.Printf("%-24s %s\n", fmt.Sprintf("noisy, σ = %g", sigma), StepsSummary(ks))
	}
	return k, traces, stats
}
