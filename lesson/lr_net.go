package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
)

// This file holds notebook 02's experiments on a network: learning-rate warm-up, and the
// schedules compared on a non-convex loss, every choice made on the validation digits.

// WarmupCosine is linear warm-up then cosine annealing, counted in updates: for t < w
//
//	η_t = η · (0.01 + 0.99 t/w)
//
// (from 1% of η up to η), then η_t = ½ η (1 + cos(π (t − w)/(total − w))) down to 0 at
// t = total. It is gdlib.NewLinearWarmup (PyTorch's SequentialLR of LinearLR and
// CosineAnnealingLR) in front of gdlib.NewCosineAnnealingLR; with w = 0 it is the cosine
// alone, over total updates. The cosine phase lasts at least one update.
func WarmupCosine(eta float64, w, total int) gdlib.Schedule {
	if w <= 0 {
		return gdlib.Must(gdlib.NewCosineAnnealingLR(eta, max(total, 1), 0))
	}
	cos := gdlib.Must(gdlib.NewCosineAnnealingLR(eta, max(total-w, 1), 0))
	return gdlib.Must(gdlib.NewLinearWarmup(cos, 0.01, w))
}

// WarmupRuns trains p with plain SGD under WarmupCosine(η, w, total updates), the rate set
// before every update, for the given epochs, once for each seed 1, …, seeds (the seed draws
// the initial weights and the batch order). Label says whether w > 0.
func WarmupRuns(p Problem, eta float64, w, epochs, seeds int) []Fit {
	total := epochs * ((p.Train.N() + BatchSize - 1) / BatchSize)
	label := "no warm-up"
	if w > 0 {
		label = fmt.Sprintf("warm-up %d updates", w)
	}
	fits := make([]Fit, seeds)
	for i := range fits {
		o := gdlib.TrainOptions{Schedule: WarmupCosine(eta, w, total), ScheduleEvery: gdlib.PerUpdate, Label: label}
		fits[i] = FitSGD(p, eta, epochs, uint64(i+1), o)
	}
	return fits
}

// EarlyPeak is the largest mini-batch loss of a run's first n updates: the loss spike a too
// large starting rate causes (+Inf when the run diverged within them).
func EarlyPeak(f Fit, n int) float64 {
	if f.Diverged && f.DivergedAt <= n {
		return math.Inf(1)
	}
	return slices.Max(f.StepLoss[:min(n, len(f.StepLoss))])
}

// EarlyPeaks is EarlyPeak of each run.
func EarlyPeaks(fits []Fit, n int) []float64 {
	v := make([]float64, len(fits))
	for i, f := range fits {
		v[i] = EarlyPeak(f, n)
	}
	return v
}

// AllBelow reports whether a_i < b_i for every i.
func AllBelow(a, b []float64) bool {
	for i := range a {
		if !(a[i] < b[i]) {
			return false
		}
	}
	return true
}

// FinalVals is the final validation loss of each run (+Inf where one diverged).
func FinalVals(fits []Fit) []float64 {
	v := make([]float64, len(fits))
	for i, f := range fits {
		v[i] = f.FinalVal()
	}
	return v
}

// WarmupTable prints, seed by seed, the largest mini-batch loss of the first epoch (n
// updates) and the final validation loss of the runs without (cold) and with (warm) warm-up,
// and the test accuracy of each run's final parameters.
func WarmupTable(p Problem, cold, warm []Fit, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed  worst loss in epoch 1: cold / warm   validation loss: cold / warm   test accuracy: cold / warm\n")
	for i := range cold {
		c, w := cold[i], warm[i]
		fmt.Fprintf(&b, "%4d  %15s / %-8s  %19s / %-8s  %17s / %s\n", i+1, LossOrDiverged(EarlyPeak(c, n)), LossOrDiverged(EarlyPeak(w, n)),
			LossOrDiverged(c.FinalVal()), LossOrDiverged(w.FinalVal()), accText(p, c), accText(p, w))
	}
	return b.String()
}

func accText(p Problem, f Fit) string {
	if f.Diverged {
		return "diverged"
	}
	return fmt.Sprintf("%.1f%%", 100*p.Accuracy(f.Final))
}

// ValTuned is one schedule on a Problem, trained with SGD from every starting rate η0 of a grid
// with several seeds; Best is the η0 of lowest mean final validation loss (a diverged seed
// counts +Inf): the choice is made on the validation digits, never on the test digits.
type ValTuned struct {
	Label string
	Etas  []float64
	Runs  [][]Fit // Runs[i]: the seeds at Etas[i]
	Best  int
}

// MeanVal is the mean final validation loss over the seeds at Etas[i].
func (t ValTuned) MeanVal(i int) float64 { return Mean(FinalVals(t.Runs[i])) }

// MeanTestAcc is the mean test accuracy of the seeds at the chosen η0 (NaN if one diverged).
func (t ValTuned) MeanTestAcc(p Problem) float64 {
	s := 0.0
	for _, f := range t.Runs[t.Best] {
		if f.Diverged {
			return math.NaN()
		}
		s += p.Accuracy(f.Final)
	}
	return s / float64(len(t.Runs[t.Best]))
}

// TuneOnVal trains the schedules pick (indices into Schedules) on p with FitSGD, the rate
// changed once per epoch, from every η0 of etas with seeds 1, …, seeds, and chooses each
// schedule's η0 by mean final validation loss.
func TuneOnVal(p Problem, pick []int, etas []float64, epochs, seeds int) []ValTuned {
	var out []ValTuned
	for _, i := range pick {
		t := ValTuned{Label: Schedules(1, epochs)[i].Label, Etas: etas}
		for j, eta := range etas {
			var runs []Fit
			for s := 1; s <= seeds; s++ {
				o := gdlib.TrainOptions{Schedule: Schedules(eta, epochs)[i].Schedule, Label: t.Label}
				runs = append(runs, FitSGD(p, eta, epochs, uint64(s), o))
			}
			t.Runs = append(t.Runs, runs)
			if t.MeanVal(j) < t.MeanVal(t.Best) {
				t.Best = j
			}
		}
		out = append(out, t)
	}
	return out
}

// ValTunedTable prints one row per schedule: the chosen η0, the mean final validation loss
// there with its range over the seeds, the mean test accuracy there, and the mean validation
// loss at every η0 of the grid.
func ValTunedTable(p Problem, ts []ValTuned) string {
	var b strings.Builder
	grid := make([]string, len(ts[0].Etas))
	for i, e := range ts[0].Etas {
		grid[i] = fmt.Sprint(e)
	}
	fmt.Fprintf(&b, "%-21s %6s  %-24s  %9s  | validation loss at η0 = %s\n", "schedule", "η0", "validation (seed range)", "test acc.", strings.Join(grid, " / "))
	for _, t := range ts {
		v := FinalVals(t.Runs[t.Best])
		for i := range t.Etas {
			grid[i] = LossOrDiverged(t.MeanVal(i))
		}
		fmt.Fprintf(&b, "%-21s %6g  %s (%s–%s)  %8.1f%%  | %s\n", t.Label, t.Etas[t.Best], LossOrDiverged(t.MeanVal(t.Best)),
			LossOrDiverged(slices.Min(v)), LossOrDiverged(slices.Max(v)), 100*t.MeanTestAcc(p), strings.Join(grid, " / "))
	}
	return b.String()
}

// BestVals is each schedule's mean final validation loss at its chosen η0.
func BestVals(ts []ValTuned) []float64 {
	v := make([]float64, len(ts))
	for i, t := range ts {
		v[i] = t.MeanVal(t.Best)
	}
	return v
}

// ValsAt is each schedule's mean final validation loss at Etas[i].
func ValsAt(ts []ValTuned, i int) []float64 {
	v := make([]float64, len(ts))
	for k, t := range ts {
		v[k] = t.MeanVal(i)
	}
	return v
}

// BestHistories is seed 1's run of each schedule at its chosen η0.
func BestHistories(ts []ValTuned) []gdlib.History {
	hs := make([]gdlib.History, len(ts))
	for i, t := range ts {
		hs[i] = t.Runs[t.Best][0].History
	}
	return hs
}
