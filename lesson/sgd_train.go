package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// SGDPath runs mini-batch SGD on obj from x0 for the given number of updates, each on the next
// batch of `batch` examples of an epoch reshuffled from seed (gdlib.MiniBatch; batch = N is
// plain gradient descent, batch = 1 SGD in its original sense), and records every iterate with
// its full training loss. A run that meets a non-finite value stops there, with Diverged and
// DivergedAt (the update) set, so that Status says "diverged at step k".
func SGDPath(obj gdlib.Objective, batch int, lr float64, updates int, x0 []float64, seed uint64, label string) gdlib.Trace {
	b := gdlib.Must(gdlib.MiniBatch(obj.N(), batch, seed))
	opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: lr}))
	x := slices.Clone(x0)
	tr := gdlib.Trace{Label: label, X: [][]float64{slices.Clone(x0)}, F: []float64{obj.Loss(x0, nil)}}
	h, err := gdlib.Train(obj, x, opt, b, gdlib.TrainOptions{
		Epochs: (updates + b.Batches() - 1) / b.Batches(),
		UpdateCallback: func(_, u int, _ float64, p []float64) bool {
			f := obj.Loss(p, nil)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				tr.Diverged, tr.DivergedAt = true, u
				return true
			}
			tr.X, tr.F = append(tr.X, slices.Clone(p)), append(tr.F, f)
			return u >= updates
		}})
	if err != nil {
		panic(fmt.Sprintf("lesson.SGDPath: %v", err))
	}
	if h.Diverged && !tr.Diverged {
		tr.Diverged, tr.DivergedAt = true, h.DivergedAt
	}
	return tr
}

// BatchRun is one run of a batch-size race, recorded at checkpoints: the updates done, the
// training examples processed, the training seconds (evaluations left out) and the full
// training loss at each.
type BatchRun struct {
	B                                int
	LR                               float64
	Updates, Examples, Seconds, Loss []float64
	Diverged                         bool
	DivergedAt                       int // the update at which a non-finite value appeared
}

// Reached is the first checkpoint whose loss is below level, or −1 if none is.
func (r BatchRun) Reached(level float64) int {
	return slices.IndexFunc(r.Loss, func(l float64) bool { return l < level })
}

// Final is the loss at the last checkpoint, +Inf when the run diverged.
func (r BatchRun) Final() float64 {
	if r.Diverged || len(r.Loss) == 0 {
		return math.Inf(1)
	}
	return r.Loss[len(r.Loss)-1]
}

// Peak is the largest loss at a checkpoint, +Inf when the run diverged.
func (r BatchRun) Peak() float64 {
	if r.Diverged || len(r.Loss) == 0 {
		return math.Inf(1)
	}
	return slices.Max(r.Loss)
}

// Status is "diverged at update k", or the final loss and the updates done.
func (r BatchRun) Status() string {
	if r.Diverged {
		return fmt.Sprintf("diverged at update %d", r.DivergedAt)
	}
	n := r.Updates[len(r.Updates)-1]
	if n == 1 {
		return fmt.Sprintf("final loss %.4f after 1 update", r.Loss[len(r.Loss)-1])
	}
	return fmt.Sprintf("final loss %.4f after %.0f updates", r.Loss[len(r.Loss)-1], n)
}

// RateFor returns the learning rate of the i-th batch size from a list of rates matched to
// the batch sizes in order: lrs[i], or the last rate when the list is shorter (one rate is
// then shared by all).
func RateFor(lrs []float64, i int) float64 { return lrs[min(i, len(lrs)-1)] }

// BatchRace trains with plain SGD for `epochs` passes over obj's data with each batch size
// (learning rate RateFor(lrs, i), batches reshuffled from seed each epoch), starting from all
// parameters 0, and records each run at checkpoints: after the first update, then whenever
// the updates have grown by half since the last checkpoint, at every epoch's end and at the
// last update. A run that diverges stops there.
func BatchRace(obj gdlib.Objective, sizes []int, lrs []float64, epochs int, seed uint64) []BatchRun {
	var runs []BatchRun
	for i, B := range sizes {
		b := gdlib.Must(gdlib.MiniBatch(obj.N(), B, seed))
		opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: RateFor(lrs, i)}))
		r := BatchRun{B: B, LR: RateFor(lrs, i)}
		total, next := epochs*b.Batches(), 1.0
		var at []int // the checkpoints' update numbers
		h, err := gdlib.Train(obj, make([]float64, obj.Dim()), opt, b, gdlib.TrainOptions{Epochs: epochs,
			UpdateCallback: func(_, u int, _ float64, p []float64) bool {
				if float64(u) >= next || u == total || u%b.Batches() == 0 {
					at, r.Loss = append(at, u), append(r.Loss, obj.Loss(p, nil))
					next = math.Ceil(max(next, float64(u)) * 1.5)
				}
				return false
			}})
		if err != nil {
			panic(fmt.Sprintf("lesson.BatchRace: %v", err))
		}
		r.Diverged, r.DivergedAt = h.Diverged, h.DivergedAt
		for j, u := range at {
			if math.IsNaN(r.Loss[j]) || math.IsInf(r.Loss[j], 0) { // finite parameters, overflowing loss
				r.Loss, r.Diverged, r.DivergedAt = r.Loss[:j], true, u
				break
			}
			r.Updates = append(r.Updates, float64(u))
			r.Examples = append(r.Examples, float64(h.StepExamples[u-1]))
			r.Seconds = append(r.Seconds, h.StepSeconds[u-1])
		}
		runs = append(runs, r)
	}
	return runs
}

// BatchCurves turns the runs into one curve each, "B = …" with a dot at every checkpoint,
// against the quantity x picks (r.Updates, r.Examples or r.Seconds).
func BatchCurves(runs []BatchRun, x func(r BatchRun) []float64) []plots.Curve {
	var cs []plots.Curve
	for _, r := range runs {
		cs = append(cs, plots.Curve{Label: fmt.Sprintf("B = %d", r.B), X: x(r), Y: r.Loss, Points: true})
	}
	return cs
}

// BatchLRGrid trains, for each batch size and each learning rate of the grid (in increasing
// order), plain SGD from all parameters 0 for `epochs` passes over obj's data, and returns the
// final full training loss of each run (+Inf for a run that diverged) and, per batch size,
// the index of the best rate. To save time, a rate is not tried (its loss is NaN) once the
// previous rate's loss was more than twice the best so far: larger rates only do worse.
func BatchLRGrid(obj gdlib.Objective, sizes []int, grid []float64, epochs int, seed uint64) (loss [][]float64, best []int) {
	for _, B := range sizes {
		row, bestJ := make([]float64, len(grid)), 0
		for j, lr := range grid {
			row[j] = math.NaN()
			if j > 0 && !(row[j-1] <= 2*row[bestJ]) {
				continue
			}
			opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: lr}))
			h, err := gdlib.Train(obj, make([]float64, obj.Dim()), opt, gdlib.Must(gdlib.MiniBatch(obj.N(), B, seed)),
				gdlib.TrainOptions{Epochs: epochs})
			if err != nil {
				panic(fmt.Sprintf("lesson.BatchLRGrid: %v", err))
			}
			row[j] = math.Inf(1)
			if !h.Diverged {
				row[j] = h.EpochTrain[len(h.EpochTrain)-1]
			}
			if row[j] < row[bestJ] {
				bestJ = j
			}
		}
		loss, best = append(loss, row), append(best, bestJ)
	}
	return loss, best
}

// StepsStats summarises escape steps over several runs (−1: the run never escaped): the
// median, the fastest and the slowest of the runs that escaped, and how many never did. A run
// that never escaped counts as slower than every other for the median, so the median is −1
// ("never") when half of the runs or more never escaped; lo and hi are −1 when none escaped.
func StepsStats(ks []int) (median, lo, hi, never int) {
	var ok []int
	for _, k := range ks {
		if k >= 0 {
			ok = append(ok, k)
		}
	}
	slices.Sort(ok)
	median, lo, hi, never = -1, -1, -1, len(ks)-len(ok)
	if len(ok) > 0 {
		lo, hi = ok[0], ok[len(ok)-1]
	}
	if m := len(ks) / 2; m < len(ok) {
		median = ok[m]
	}
	return median, lo, hi, never
}

// StepsSummary prints StepsStats: "median 51, range 44…58", with "(2 of 21 never)" when some
// runs never escaped, and "never (0 of 21)" when none escaped.
func StepsSummary(ks []int) string {
	median, lo, hi, never := StepsStats(ks)
	if never == len(ks) {
		return fmt.Sprintf("never (0 of %d)", len(ks))
	}
	med := "never"
	if median >= 0 {
		med = fmt.Sprint(median)
	}
	s := fmt.Sprintf("median %s, range %d…%d", med, lo, hi)
	if never > 0 {
		s += fmt.Sprintf(" (%d of %d never)", never, len(ks))
	}
	return s
}

// StdErr is the standard error of the mean of xs, √(σ²/n) with the population variance σ² of
// the n values: how far the mean of n independent draws typically is from the true mean.
func StdErr(xs []float64) float64 {
	var s, s2 float64
	for _, x := range xs {
		s, s2 = s+x, s2+x*x
	}
	n := float64(len(xs))
	m := s / n
	return math.Sqrt((s2/n - m*m) / n)
}

// AbsCoord returns |x_k[i]| for each iterate of tr, raised to floor where it is smaller (so
// that a log axis can show a coordinate that is exactly 0).
func AbsCoord(tr gdlib.Trace, i int, floor float64) []float64 {
	ys := make([]float64, len(tr.X))
	for k, x := range tr.X {
		ys[k] = math.Max(math.Abs(x[i]), floor)
	}
	return ys
}
