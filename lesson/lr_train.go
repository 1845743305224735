package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
)

// This file holds what notebook 02 (the learning rate) shares between its cells: its MNIST
// problem, training with plain SGD over several shuffling seeds, and reading a run's
// epochs back from its per-update records.

// BatchSize is the mini-batch size of notebook 02's training runs.
const BatchSize = 50

// TrainSGD trains obj from zero weights with plain SGD at learning rate lr on shuffled
// mini-batches of BatchSize (order drawn from seed) for the given epochs; o may set a
// schedule, a plateau rule or a label (its Epochs and HeldOut are set here).
func TrainSGD(obj, heldOut gdlib.Objective, lr float64, epochs int, seed uint64, o gdlib.TrainOptions) gdlib.History {
	opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: lr}))
	o.Epochs, o.HeldOut = epochs, heldOut
	return gdlib.Must(gdlib.Train(obj, make([]float64, obj.Dim()), opt, gdlib.Must(gdlib.MiniBatch(obj.N(), BatchSize, seed)), o))
}

// SeedRuns are runs of one setting that differ only in the shuffling seed (1, 2, ...).
type SeedRuns []gdlib.History

// TrainSeeds is TrainSGD once for each seed 1, ..., seeds. A schedule in o must be stateless
// (every gdlib Schedule is); a plateau rule would be shared, so leave it out.
func TrainSeeds(obj, heldOut gdlib.Objective, lr float64, epochs, seeds int, o gdlib.TrainOptions) SeedRuns {
	runs := make(SeedRuns, seeds)
	for i := range runs {
		runs[i] = TrainSGD(obj, heldOut, lr, epochs, uint64(i+1), o)
	}
	return runs
}

// Train is the full training loss of each run after its last epoch; +Inf for a run that diverged.
func (r SeedRuns) Train() []float64 {
	return r.final(func(h gdlib.History) []float64 { return h.EpochTrain })
}

// HeldOut is the held-out loss of each run after its last epoch; +Inf for a run that diverged.
func (r SeedRuns) HeldOut() []float64 {
	return r.final(func(h gdlib.History) []float64 { return h.EpochHeldOut })
}

func (r SeedRuns) final(of func(gdlib.History) []float64) []float64 {
	v := make([]float64, len(r))
	for i, h := range r {
		if e := of(h); h.Diverged || len(e) == 0 {
			v[i] = math.Inf(1)
		} else {
			v[i] = e[len(e)-1]
		}
	}
	return v
}

// Diverged is the number of runs that diverged.
func (r SeedRuns) Diverged() int {
	n := 0
	for _, h := range r {
		if h.Diverged {
			n++
		}
	}
	return n
}

// Mean is the arithmetic mean of v (+Inf when a value is +Inf); NaN for an empty v.
func Mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// LossOrDiverged formats a final loss for a table: "0.2410", or "diverged" for +Inf.
func LossOrDiverged(v float64) string {
	if math.IsInf(v, 1) {
		return "diverged"
	}
	return fmt.Sprintf("%.4f", v)
}

// epochOf is the epoch (from 1) of each update of h, on a data set of n examples: update u
// ends in epoch ⌈StepExamples[u]/n⌉.
func epochOf(h gdlib.History, n int) []int {
	e := make([]int, len(h.StepExamples))
	for u, seen := range h.StepExamples {
		e[u] = (seen + n - 1) / n
	}
	return e
}

// EpochLR is the learning rate in force in each epoch of h (that of the epoch's first update),
// on a data set of n examples. A run that diverged has fewer entries than epochs.
func EpochLR(h gdlib.History, n int) []float64 {
	var lrs []float64
	for u, e := range epochOf(h, n) {
		if e > len(lrs) {
			lrs = append(lrs, h.StepLR[u])
		}
	}
	return lrs
}

// Cuts is the epochs (from 1) whose rate is lower than the previous epoch's.
func Cuts(epochLR []float64) []int {
	var cuts []int
	for e := 1; e < len(epochLR); e++ {
		if epochLR[e] < epochLR[e-1] {
			cuts = append(cuts, e+1)
		}
	}
	return cuts
}

// BlockMeans is the mean mini-batch loss of h over blocks of `block` epochs (1..block,
// block+1..2·block, ...; the last block may be shorter), for a run of the given epochs on a
// data set of n examples. A block without records (the run diverged before it) is NaN.
func BlockMeans(h gdlib.History, n, block, epochs int) []float64 {
	blocks := (epochs + block - 1) / block
	sum, count := make([]float64, blocks), make([]int, blocks)
	for u, e := range epochOf(h, n) {
		if b := (e - 1) / block; b < blocks {
			sum[b] += h.StepLoss[u]
			count[b]++
		}
	}
	for b := range sum {
		sum[b] /= float64(count[b]) // 0/0 = NaN for an empty block
	}
	return sum
}
