package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/mat"
)

// This file holds what notebook 01 (gradient descent) shares between its cells: its
// one-dimensional example and the words for how a run ended.

// Quartic is notebook 01's first example, f(x) = x⁴/4 + (x − 1)², with its derivative
// f'(x) = x³ + 2(x − 1) written by hand. Its second derivative is 3x² + 2 > 0, so it is
// strictly convex; its one minimum is QuarticMin, where the second derivative is about
// 3.7829: gradient descent can settle there only when lr < 2/3.7829 ≈ 0.5287.
func Quartic() gdlib.Surface {
	return gdlib.Surface{
		Name:   "x⁴/4 + (x−1)²",
		Dim:    1,
		F:      func(x []float64) float64 { return math.Pow(x[0], 4)/4 + (x[0]-1)*(x[0]-1) },
		Grad:   func(g, x []float64) { g[0] = math.Pow(x[0], 3) + 2*(x[0]-1) },
		Minima: [][]float64{{QuarticMin}},
		FMin:   math.Pow(QuarticMin, 4)/4 + (QuarticMin-1)*(QuarticMin-1),
		Window: [4]float64{-2.2, 2.2, 0, 0},
	}
}

// QuarticMin is the minimiser of Quartic, the real root of x³ + 2x − 2.
const QuarticMin = 0.7709169970592481

// Outcome says in a few words how a run on a surface ended. It is Trace.Status(), except for
// a run that ended finite but higher than it started: that run is diverging without having
// overflowed yet, and Outcome says so ("diverging: f rose from 17 to 3.2e+08 in 30 steps").
func Outcome(tr gdlib.Trace) string {
	if n := len(tr.F); !tr.Diverged && !tr.Converged && n > 1 && tr.F[n-1] > tr.F[0] {
		return fmt.Sprintf("diverging: f rose from %.3g to %.3g in %d steps", tr.F[0], tr.F[n-1], n-1)
	}
	return tr.Status()
}

// TrainOutcome is Outcome for a training run: "diverged at update 57" when the loss
// overflowed, "diverging: loss rose from 2.3 to 41 in 120 updates" when the last mini-batch
// loss is above the first, and "ran 120 updates" otherwise.
func TrainOutcome(h gdlib.History) string {
	n := len(h.StepLoss)
	switch {
	case h.Diverged:
		return fmt.Sprintf("diverged at update %d", h.DivergedAt)
	case n > 1 && h.StepLoss[n-1] > h.StepLoss[0]:
		return fmt.Sprintf("diverging: loss rose from %.3g to %.3g in %d updates", h.StepLoss[0], h.StepLoss[n-1], n)
	}
	return fmt.Sprintf("ran %d updates", n)
}

// StabilityLimit is 2/λmax, with λmax the largest eigenvalue of the Hessian of s at x (NaN
// when the surface has no Hessian or the eigenvalues cannot be computed). Near a minimum x,
// where f is close to its quadratic model, plain gradient descent can settle at x only with
// a learning rate below it.
func StabilityLimit(s gdlib.Surface, x []float64) float64 {
	if s.Hess == nil {
		return math.NaN()
	}
	H := mat.NewSymDense(s.Dim, nil)
	s.Hess(H, x)
	var e mat.EigenSym
	if !e.Factorize(H, false) {
		return math.NaN()
	}
	ev := e.Values(nil)
	return 2 / ev[len(ev)-1]
}
