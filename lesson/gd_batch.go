package lesson

import (
	"fmt"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
)

// FullBatchRuns trains linear least squares with full-batch gradient descent (plain SGD with
// learning rate lr on gdlib.FullBatch, zero start) for the given number of epochs, on one
// data set per size: data.NoisyLinear(n, 5 features, noise 0.5, seed). Each history's
// StepLoss is the gap to that data set's exact least-squares optimum (LeastSquares.Solve),
// so that it measures the optimiser, not the data. A run that overflows has Diverged set.
func FullBatchRuns(sizes []int, epochs int, lr float64, seed uint64) []gdlib.History {
	var hs []gdlib.History
	for _, n := range sizes {
		ds, _, err := data.NoisyLinear(n, 5, 0.5, seed)
		if err != nil {
			panic(err)
		}
		obj := gdlib.Must(gdlib.NewLeastSquares(ds.X, ds.Y, 0))
		opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: lr}))
		h := gdlib.Must(gdlib.Train(obj, make([]float64, obj.Dim()), opt, gdlib.Must(gdlib.FullBatch(n)),
			gdlib.TrainOptions{Epochs: epochs, Label: fmt.Sprintf("N = %d", n)}))
		best := obj.Loss(gdlib.Must(obj.Solve()), nil)
		for i := range h.StepLoss {
			h.StepLoss[i] -= best
		}
		hs = append(hs, h)
	}
	return hs
}

// UpdatesToShrink is the number of updates after which h.StepLoss first falls to factor times
// its first value or below, or −1 when it never does.
func UpdatesToShrink(h gdlib.History, factor float64) int {
	for k, v := range h.StepLoss {
		if v <= factor*h.StepLoss[0] {
			return k + 1
		}
	}
	return -1
}

// MedianUpdateSeconds is the median wall time of one update of h (Median's rule), from its
// cumulative StepSeconds: robust to the odd update that the machine interrupted. It is 0 for a
// history without updates.
func MedianUpdateSeconds(h gdlib.History) float64 {
	d := make([]float64, len(h.StepSeconds))
	prev := 0.0
	for i, t := range h.StepSeconds {
		d[i], prev = t-prev, t
	}
	if len(d) == 0 {
		return 0
	}
	return Median(d)
}
