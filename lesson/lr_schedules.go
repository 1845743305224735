package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// Schedules are notebook 02's seven learning-rate schedules over the given number of epochs,
// each starting from (or peaking at) lr0, the rate changed once per epoch:
//
//	constant; step decay, halved every 5 epochs; exponential, γ = 0.85; inverse time,
//	k = 0.5; 1/√t with a warm-up of 3 epochs; cosine annealing to 0 over the run; one-cycle
//	(PyTorch's defaults) over the run.
//
// One-cycle needs its rising phase to last more than one step (PctStart·epochs > 1): for
// runs shorter than 4 epochs PctStart is raised to 1.5/epochs, and a 1-epoch run uses a
// 2-step cycle of which it sees the first step.
func Schedules(lr0 float64, epochs int) []plots.NamedSchedule {
	oc := gdlib.DefaultOneCycleConfig(lr0, max(epochs, 2))
	oc.PctStart = max(oc.PctStart, 1.5/float64(oc.TotalSteps))
	return []plots.NamedSchedule{
		{Label: "constant", Schedule: gdlib.Must(gdlib.NewConstant(lr0))},
		{Label: "step: halve every 5", Schedule: gdlib.Must(gdlib.NewStepLR(lr0, 5, 0.5))},
		{Label: "exponential γ = 0.85", Schedule: gdlib.Must(gdlib.NewExponentialLR(lr0, 0.85))},
		{Label: "inverse time k = 0.5", Schedule: gdlib.Must(gdlib.NewInverseTimeLR(lr0, 0.5))},
		{Label: "1/√t, warm-up 3", Schedule: gdlib.Must(gdlib.NewInverseSqrtLR(lr0, 3))},
		{Label: "cosine", Schedule: gdlib.Must(gdlib.NewCosineAnnealingLR(lr0, epochs, 0))},
		{Label: "one-cycle", Schedule: gdlib.Must(gdlib.NewOneCycleLR(oc))},
	}
}

// PeakAndLast are the largest rate of s over epochs t = 0, ..., epochs−1 and its rate in the
// last epoch.
func PeakAndLast(s gdlib.Schedule, epochs int) (peak, last float64) {
	for t := range epochs {
		peak = max(peak, s.LR(t))
	}
	return peak, s.LR(epochs - 1)
}

// Tuned is one schedule trained at each starting rate of a grid, with several seeds.
type Tuned struct {
	Label string
	LR0s  []float64
	Runs  []SeedRuns // Runs[i]: the seeds at LR0s[i]
	Best  int        // index of the lowest mean final training loss (a diverged seed counts +Inf)
}

// MeanTrain is the mean final training loss over the seeds at LR0s[i]; +Inf if one diverged.
func (t Tuned) MeanTrain(i int) float64 { return Mean(t.Runs[i].Train()) }

// MeanHeldOut is the mean final held-out loss over the seeds at LR0s[i].
func (t Tuned) MeanHeldOut(i int) float64 { return Mean(t.Runs[i].HeldOut()) }

// TuneSchedules trains each of Schedules(lr0, epochs) with TrainSGD from every lr0 of the grid
// and with seeds 1, ..., seeds, and for each schedule picks the lr0 whose mean final training
// loss (the quantity the optimiser minimises) is lowest.
func TuneSchedules(obj, heldOut gdlib.Objective, lr0s []float64, epochs, seeds int) []Tuned {
	var out []Tuned
	for i, ns := range Schedules(1, epochs) {
		t := Tuned{Label: ns.Label, LR0s: lr0s}
		for j, lr0 := range lr0s {
			sched := Schedules(lr0, epochs)[i].Schedule
			t.Runs = append(t.Runs, TrainSeeds(obj, heldOut, lr0, epochs, seeds,
				gdlib.TrainOptions{Schedule: sched, Label: ns.Label}))
			if t.MeanTrain(j) < t.MeanTrain(t.Best) {
				t.Best = j
			}
		}
		out = append(out, t)
	}
	return out
}

// Contraction runs plain gradient descent with learning rate lr on s from x0 (for at most 5000
// steps) and returns the measured contraction per step, the geometric mean of
// ‖x_{k+1}‖/‖x_k‖ over steps from..to (the minimum is taken to be at the origin), and the
// trace of the run. The rate is NaN when the run diverged before step `to` or reached exactly 0.
func Contraction(s gdlib.Surface, x0 []float64, lr float64, from, to int) (float64, gdlib.Trace) {
	opt := gdlib.Must(gdlib.NewSGD(s.Dim, gdlib.SGDConfig{LR: lr}))
	tr := gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: max(5000, to)}))
	if len(tr.X) <= to {
		return math.NaN(), tr
	}
	norm := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v * v
		}
		return math.Sqrt(s)
	}
	return math.Pow(norm(tr.X[to])/norm(tr.X[from]), 1/float64(to-from)), tr
}

// RangeTestSGD runs gdlib.LRRangeTest on obj with plain SGD from zero weights, one step per
// mini-batch of BatchSize (shuffled from seed, a new epoch when one runs out).
func RangeTestSGD(obj gdlib.Objective, seed uint64, c gdlib.RangeTestConfig) gdlib.RangeTest {
	params, grad := make([]float64, obj.Dim()), make([]float64, obj.Dim())
	opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: c.MinLR}))
	b := gdlib.Must(gdlib.MiniBatch(obj.N(), BatchSize, seed))
	epoch := 0
	b.Epoch(epoch)
	step := func(lr float64) float64 {
		batch, ok := b.Next()
		if !ok {
			epoch++
			b.Epoch(epoch)
			batch, _ = b.Next()
		}
		loss := obj.LossGrad(grad, params, batch)
		opt.SetLR(lr)
		if err := opt.Step(params, grad); err != nil {
			panic(err) // sizes are right by construction
		}
		return loss
	}
	return gdlib.Must(gdlib.LRRangeTest(step, c))
}

// LRPanel draws the learning rate of each update of the histories against the epoch, for runs
// on a data set of n examples.
func LRPanel(title string, n int, hs ...gdlib.History) *plots.Plot {
	var cs []plots.Curve
	for _, h := range hs {
		cs = append(cs, plots.Curve{Label: h.Label, X: epochAxis(h, n), Y: h.StepLR})
	}
	p := plots.Lines(plots.LinesOptions{Title: title, XLabel: "epoch", YLabel: "learning rate η", Curves: cs})
	p.Y.Min, p.Y.Max = 0, 1.3*p.Y.Max // room for the legend above the curves
	return p
}

// LossPanel draws the mini-batch loss of each update of the histories, smoothed by a debiased
// moving average with weight beta on the past, against the epoch (runs on n examples).
func LossPanel(title string, beta float64, n int, hs ...gdlib.History) *plots.Plot {
	var cs []plots.Curve
	for _, h := range hs {
		sm, avg := make([]float64, len(h.StepLoss)), 0.0
		for k, v := range h.StepLoss {
			avg = beta*avg + (1-beta)*v
			sm[k] = avg / (1 - math.Pow(beta, float64(k+1)))
		}
		cs = append(cs, plots.Curve{Label: h.Label, X: epochAxis(h, n), Y: sm})
	}
	return plots.Lines(plots.LinesOptions{Title: title, XLabel: "epoch", YLabel: "mini-batch loss", LogY: true, Curves: cs})
}

// epochAxis is the time of each update of h in epochs, StepExamples/n.
func epochAxis(h gdlib.History, n int) []float64 {
	xs := make([]float64, len(h.StepExamples))
	for u, seen := range h.StepExamples {
		xs[u] = float64(seen) / float64(n)
	}
	return xs
}

// TunedHeader is the header line of the table whose rows are Tuned.Row.
func TunedHeader(lr0s []float64) string {
	grid := make([]string, len(lr0s))
	for i, lr0 := range lr0s {
		grid[i] = fmt.Sprint(lr0)
	}
	return fmt.Sprintf("%-21s %7s  %-22s  %-22s  | train loss at η0 = %s", "schedule", "best η0",
		"train loss (seed range)", "test loss (seed range)", strings.Join(grid, " / "))
}

// Row is one line of a table of tuned schedules: the label, the best lr0, the mean final
// training and held-out losses at it with their ranges over the seeds, and the mean final
// training loss at every lr0 of the grid ("diverged" where a seed diverged).
func (t Tuned) Row() string {
	tr, ho := t.Runs[t.Best].Train(), t.Runs[t.Best].HeldOut()
	grid := make([]string, len(t.LR0s))
	for i := range t.LR0s {
		grid[i] = LossOrDiverged(t.MeanTrain(i))
	}
	return fmt.Sprintf("%-21s %7g  %s (%s–%s)  %s (%s–%s)  | %s", t.Label, t.LR0s[t.Best],
		LossOrDiverged(t.MeanTrain(t.Best)), LossOrDiverged(slices.Min(tr)), LossOrDiverged(slices.Max(tr)),
		LossOrDiverged(t.MeanHeldOut(t.Best)), LossOrDiverged(slices.Min(ho)), LossOrDiverged(slices.Max(ho)),
		strings.Join(grid, " / "))
}

// Spread is max − min of the final training losses over the seeds at the best lr0.
func (t Tuned) Spread() float64 {
	tr := t.Runs[t.Best].Train()
	return slices.Max(tr) - slices.Min(tr)
}

// TunedTable prints the table of tuned schedules: TunedHeader and one Row per schedule.
func TunedTable(ts []Tuned) {
	fmt.Println(TunedHeader(ts[0].LR0s))
	for _, t := range ts {
		fmt.Println(t.Row())
	}
}

// TunedTrain is each schedule's mean final training loss at its best η0.
func TunedTrain(ts []Tuned) []float64 {
	return tunedEach(ts, func(t Tuned) float64 { return t.MeanTrain(t.Best) })
}

// TunedHeldOut is each schedule's mean final held-out loss at its best η0.
func TunedHeldOut(ts []Tuned) []float64 {
	return tunedEach(ts, func(t Tuned) float64 { return t.MeanHeldOut(t.Best) })
}

// TunedSpread is each schedule's Spread.
func TunedSpread(ts []Tuned) []float64 { return tunedEach(ts, Tuned.Spread) }

// TunedTrainAt is each schedule's mean final training loss at LR0s[i].
func TunedTrainAt(ts []Tuned, i int) []float64 {
	return tunedEach(ts, func(t Tuned) float64 { return t.MeanTrain(i) })
}

// TunedRuns is seed 1's run of each schedule at its best η0.
func TunedRuns(ts []Tuned) []gdlib.History {
	hs := make([]gdlib.History, len(ts))
	for i, t := range ts {
		hs[i] = t.Runs[t.Best][0]
	}
	return hs
}

func tunedEach(ts []Tuned, f func(Tuned) float64) []float64 {
	v := make([]float64, len(ts))
	for i, t := range ts {
		v[i] = f(t)
	}
	return v
}
