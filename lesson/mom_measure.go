package lesson

import (
	"fmt"
	"math"
	"strconv"

	"github.com/descent-course/descent/gdlib"
)

// TailRate is the measured per-step contraction of the error |x_k − x*| over the second half
// of a run: exp(slope) of the least-squares line through (k, ln|x_k − x*|). Iterates closer
// than 1e-200 to x* are left out (they are at the end of floating point, not of the method).
// A run that diverged is fitted over its finite part, so its rate comes out above 1. It is NaN
// when fewer than two iterates remain to fit.
func TailRate(tr gdlib.Trace, xstar []float64) float64 {
	ks, ls := tailWindow(tr, xstar)
	return math.Exp(fitSlope(ks, ls))
}

// tailWindow returns the steps k and ln|x_k − x*| that TailRate fits: the second half (and at
// least two) of the iterates whose error is finite and above 1e-200; nil when fewer than two.
func tailWindow(tr gdlib.Trace, xstar []float64) (ks, ls []float64) {
	for k, x := range tr.X {
		if n := distance(x, xstar); n > 1e-200 && !math.IsInf(n, 0) {
			ks, ls = append(ks, float64(k)), append(ls, math.Log(n))
		}
	}
	half := min(len(ks)/2, len(ks)-2) // the second half, and at least two points
	if half < 0 {
		return nil, nil
	}
	return ks[half:], ls[half:]
}

// fitSlope is the least-squares slope of the line through the points (x_i, y_i); NaN for fewer
// than two distinct x.
func fitSlope(xs, ys []float64) float64 {
	var mx, my float64
	for i := range xs {
		mx, my = mx+xs[i], my+ys[i]
	}
	mx, my = mx/float64(len(xs)), my/float64(len(xs))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	return sxy / sxx
}

// SettledAt is the first step k from which f(x_j) − fstar < tol for every later iterate j of
// the trace, or −1 when the run ends at or above tol or diverged. A momentum run can dip below
// tol while it still oscillates and climb back out: the first crossing alone would flatter it.
func SettledAt(tr gdlib.Trace, fstar, tol float64) int {
	k := len(tr.F)
	for k > 0 && tr.F[k-1]-fstar < tol {
		k--
	}
	if k == len(tr.F) || tr.Diverged {
		return -1
	}
	return k
}

// StepsTo runs opt on s from x0 for maxSteps steps and returns SettledAt for the tolerance
// tol above s.FMin, or maxSteps+1 when the run does not settle (so that a smaller count is
// always better), and the trace.
func StepsTo(s gdlib.Surface, x0 []float64, opt gdlib.Optimizer, tol float64, maxSteps int, label string) (int, gdlib.Trace) {
	tr := gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: maxSteps, Label: label}))
	if k := SettledAt(tr, s.FMin, tol); k >= 0 {
		return k, tr
	}
	return maxSteps + 1, tr
}

// BlowUpAt is the step at which a run on a loss f ≥ 0 counts as diverged: the first k with
// f(x_k) > factor·f(x_0), or the step at which a value stopped being finite (tr.DivergedAt),
// whichever comes first; −1 when neither happens. A run whose contraction factor exceeds 1
// can take hundreds of steps to overflow; a factor such as 1e6 says "diverged" long before.
func BlowUpAt(tr gdlib.Trace, factor float64) int {
	for k, f := range tr.F {
		if f > factor*tr.F[0] {
			return k
		}
	}
	if tr.Diverged {
		return tr.DivergedAt
	}
	return -1
}

// RunUntil runs opt on s from x0 with the options o until stop(x_k) holds, and returns the
// first such step k (−1 when it never held within o.Steps steps, or the run diverged first)
// and the trace, which ends at x_k. It replaces o.Callback.
func RunUntil(s gdlib.Surface, x0 []float64, opt gdlib.Optimizer, o gdlib.RunOptions, stop func(x []float64) bool) (int, gdlib.Trace) {
	o.Callback = func(_ int, x []float64) bool { return stop(x) }
	tr := gdlib.Must(gdlib.Minimize(s, x0, opt, o))
	if tr.Stopped {
		return len(tr.X) - 1, tr
	}
	return -1, tr
}

// StepLengths returns the length |x_{k+1} − x_k| of each step of a trace, k = 0, 1, ...
func StepLengths(tr gdlib.Trace) []float64 {
	d := make([]float64, 0, max(len(tr.X)-1, 0))
	for k := 0; k+1 < len(tr.X); k++ {
		d = append(d, distance(tr.X[k+1], tr.X[k]))
	}
	return d
}

// StepsWithin prints a step count k searched for within a budget of n steps: k itself, or
// ">n" when k < 0 or k > n (the two ways RunUntil and StepsTo say "not found").
func StepsWithin(k, n int) string {
	if k < 0 || k > n {
		return fmt.Sprintf(">%d", n)
	}
	return strconv.Itoa(k)
}

// FirstSteps returns tr cut to its first n steps (the iterates x_0 … x_n, or fewer if the run
// was shorter), for a figure of the start of a long run. The slices share tr's storage.
func FirstSteps(tr gdlib.Trace, n int) gdlib.Trace {
	n = min(n+1, len(tr.X))
	tr.X, tr.F = tr.X[:n], tr.F[:n]
	if len(tr.GradNorm) > n {
		tr.GradNorm = tr.GradNorm[:n]
	}
	if len(tr.LR) > max(n-1, 0) {
		tr.LR = tr.LR[:max(n-1, 0)]
	}
	return tr
}

// StepAxis returns 0, 1, …, n−1 as float64: the x values of a per-step curve.
func StepAxis(n int) []float64 {
	ks := make([]float64, n)
	for k := range ks {
		ks[k] = float64(k)
	}
	return ks
}

// MaxDistance is the largest distance |a.X[k] − b.X[k]| between two runs' iterates over the
// steps from ≤ k ≤ to that both traces hold (a diverged run holds only its finite iterates);
// 0 when there are none.
func MaxDistance(a, b gdlib.Trace, from, to int) float64 {
	far := 0.0
	for k := max(from, 0); k <= to && k < len(a.X) && k < len(b.X); k++ {
		far = math.Max(far, distance(a.X[k], b.X[k]))
	}
	return far
}

// distance is |a − b|, scaled as math.Hypot is, so that it neither underflows for tiny
// differences (down to 1e-300) nor overflows for huge ones.
func distance(a, b []float64) float64 {
	scale := 0.0
	for i := range a {
		scale = math.Max(scale, math.Abs(a[i]-b[i]))
	}
	if scale == 0 || math.IsInf(scale, 0) || math.IsNaN(scale) {
		return scale
	}
	var s float64
	for i := range a {
		d := (a[i] - b[i]) / scale
		s += d * d
	}
	return scale * math.Sqrt(s)
}
