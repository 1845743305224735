package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
)

// OneTo returns 1, 2, …, n as float64: the x axis of a curve with one value per update.
func OneTo(n int) []float64 {
	x := make([]float64, max(n, 0))
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

// Filled returns n copies of v: a constant line, such as SGD's one learning rate.
func Filled(n int, v float64) []float64 {
	y := make([]float64, max(n, 0))
	for i := range y {
		y[i] = v
	}
	return y
}

// RecordEffectiveStep returns a gdlib.RunOptions callback that appends η_i, coordinate i of
// opt's EffectiveStep(), to *into after every step: (*into)[k−1] is η_i after step k. The
// optimizer must have a per-parameter step (gdlib.EffectiveStepper); with another one the
// callback records nothing.
func RecordEffectiveStep(opt gdlib.Optimizer, i int, into *[]float64) func(k int, x []float64) bool {
	es, ok := opt.(gdlib.EffectiveStepper)
	return func(k int, _ []float64) bool {
		if ok && k > 0 {
			*into = append(*into, es.EffectiveStep()[i])
		}
		return false
	}
}

// TailMean is the mean of the last n values of v (of all of them when v is shorter).
func TailMean(v []float64, n int) float64 {
	n = min(n, len(v))
	if n <= 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range v[len(v)-n:] {
		s += x
	}
	return s / float64(n)
}

// SurfaceValues is f(x_k) for each iterate x_k of a path.
func SurfaceValues(s gdlib.Surface, xs [][]float64) []float64 {
	f := make([]float64, len(xs))
	for k, x := range xs {
		f[k] = s.F(x)
	}
	return f
}

// MaxAbsDiff is the largest |a_k,i − b_k,i| over the iterates both paths have and all their
// coordinates: 0 when two implementations of one update rule agree exactly. It is +Inf when
// a difference is not finite.
func MaxAbsDiff(a, b [][]float64) float64 {
	d := 0.0
	for k := range min(len(a), len(b)) {
		for i := range a[k] {
			e := math.Abs(a[k][i] - b[k][i])
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			d = max(d, e)
		}
	}
	return d
}

// PathSteps is the length |x_{k+1} − x_k| of each step of a path of iterates x_0, x_1, ….
func PathSteps(xs [][]float64) []float64 {
	out := make([]float64, max(len(xs)-1, 0))
	for k := range out {
		var s float64
		for i := range xs[k] {
			d := xs[k+1][i] - xs[k][i]
			s += d * d
		}
		out[k] = math.Sqrt(s)
	}
	return out
}

// RatioRange is the smallest and the largest of measured[t−1]/predicted[t−1] over the steps
// t in at (1-based, as printed); steps past the end of either slice are skipped.
func RatioRange(measured, predicted []float64, at []int) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, t := range at {
		if t >= 1 && t <= len(measured) && t <= len(predicted) {
			r := measured[t-1] / predicted[t-1]
			lo, hi = min(lo, r), max(hi, r)
		}
	}
	return lo, hi
}

// Checkpoints returns the steps of marks that come before the last step, then the last step:
// the rows of a table printed along a run, such as Checkpoints(5000, 10, 100, 1000) =
// [10 100 1000 5000] and Checkpoints(500, 10, 100, 1000) = [10 100 500].
func Checkpoints(last int, marks ...int) []int {
	var out []int
	for _, m := range marks {
		if m < last {
			out = append(out, m)
		}
	}
	return append(out, last)
}

// FirstBelow is the first step k ≥ 1 at which a[k] < b[k] (a run a overtakes a run b started
// from the same point), or −1 when there is none among the steps both have.
func FirstBelow(a, b []float64) int {
	for k := 1; k < min(len(a), len(b)); k++ {
		if a[k] < b[k] {
			return k
		}
	}
	return -1
}

// OverflowText prints v with three significant digits, or "overflow" when it has passed the
// largest float64 (about 1.8e308) and become infinite.
func OverflowText(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "overflow"
	}
	return fmt.Sprintf("%.3g", v)
}

// ZeroTo returns 0, 1, …, n as float64: the x axis of a curve with one value per iterate
// x_0 … x_n.
func ZeroTo(n int) []float64 {
	x := make([]float64, max(n+1, 0))
	for i := range x {
		x[i] = float64(i)
	}
	return x
}

// FirstStep is the length of opt's first step from θ₀ = g on f(θ) = θ²/2, whose gradient at
// θ₀ is g: θ₀ − θ₁ for a new one-parameter optimizer (Reset would also undo a SetLR).
func FirstStep(opt gdlib.Optimizer, g float64) float64 {
	theta := []float64{g}
	if err := opt.Step(theta, []float64{g}); err != nil {
		return math.NaN()
	}
	return g - theta[0]
}

// HalfSquareRun runs opt (a new one-parameter optimizer) for n steps on f(θ) = θ²/2, whose
// gradient is θ, from theta0; it returns the last θ.
func HalfSquareRun(opt gdlib.Optimizer, theta0 float64, n int) float64 {
	theta := []float64{theta0}
	for range n {
		if err := opt.Step(theta, []float64{theta[0]}); err != nil {
			return math.NaN()
		}
	}
	return theta[0]
}

// LastFinite is the index of the last value of v before its first non-finite one (len(v)−1
// when all are finite, −1 when the first is not): where a quantity that overflows float64
// was last a number.
func LastFinite(v []float64) int {
	for i, x := range v {
		if !adaFinite(x) {
			return i - 1
		}
	}
	return len(v) - 1
}

// FrozenFrom is the first step k (1-based, as PathSteps numbers them) from which every step of
// the run is at most tol long: where a run stopped moving for good. It is −1 when the last step
// is longer than tol. With tol = 0 it finds where the steps became exactly 0, too small to
// change x in float64.
func FrozenFrom(stepLengths []float64, tol float64) int {
	k := len(stepLengths)
	for k > 0 && stepLengths[k-1] <= tol {
		k--
	}
	if k == len(stepLengths) {
		return -1
	}
	return k + 1
}
