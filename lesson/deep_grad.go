package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
)

// FiniteDiffGradient is the central-difference estimate of ∇f at theta, one coordinate at a
// time: (f(θ + h e_i) − f(θ − h e_i)) / 2h. Its truncation error is O(h²) and its rounding
// error about ε_machine·|f|/h; it costs 2·len(theta) evaluations of f. theta is restored
// before it returns.
func FiniteDiffGradient(f func(theta []float64) float64, theta []float64, h float64) []float64 {
	g := make([]float64, len(theta))
	for i, t := range theta {
		theta[i] = t + h
		up := f(theta)
		theta[i] = t - h
		down := f(theta)
		theta[i] = t
		g[i] = (up - down) / (2 * h)
	}
	return g
}

// RunEnd is how a training run ended: its final full training loss and that number as
// text, or +Inf and "diverged at update k" when Train stopped on a non-finite value.
func RunEnd(h gdlib.History) (loss float64, text string) {
	if h.Diverged || len(h.EpochTrain) == 0 {
		return math.Inf(1), fmt.Sprintf("diverged at update %d", h.DivergedAt)
	}
	loss = h.EpochTrain[len(h.EpochTrain)-1]
	return loss, fmt.Sprintf("%.4f", loss)
}

// LayerGradNorms is |∂L/∂W_l| for each layer l = 1, …, L of obj's network at params, from
// one forward and backward pass over all of obj's examples (nn.Objective.Inspect).
func LayerGradNorms(obj *nn.Objective, params []float64) []float64 {
	st, _ := obj.Inspect(params, nil)
	g := make([]float64, len(st))
	for l, s := range st {
		g[l] = s.GradNorm
	}
	return g
}

// RatioText is a/b for a table, "%.2g", or "no gradient" when both are 0 (a layer with no
// gradient at all, as when every unit below it is dead), or "infinite" when only b is 0.
func RatioText(a, b float64) string {
	switch {
	case b == 0 && a == 0:
		return "no gradient"
	case b == 0:
		return "infinite"
	}
	return fmt.Sprintf("%.2g", a/b)
}
