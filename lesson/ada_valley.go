package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/mat"
)

// This file holds notebook 05's preconditioning and saddle sections: a valley that can be
// turned, the condition number a per-coordinate step leaves, a tuned race on the valley and
// escape times from a saddle.

// RotatedValley returns the quadratic f(x) = ½ xᵀAx with curvature 1/κ along the direction at
// thetaDeg degrees and 1 across it (gdlib.Quadratic(1/κ, 1, θ)), and the start R(θ)·(−2, 0.6):
// the problem of thetaDeg = 0 seen in axes turned by θ. A method whose update turns with the
// axes (gradient descent, momentum) therefore takes the same steps at every θ, to rounding.
func RotatedValley(kappa, thetaDeg float64) (gdlib.Surface, []float64) {
	th := thetaDeg * math.Pi / 180
	c, s := math.Cos(th), math.Sin(th)
	return gdlib.Quadratic(1/kappa, 1, th), []float64{-2*c - 0.6*s, -2*s + 0.6*c}
}

// hessian2 returns the entries a = A₁₁, b = A₁₂, c = A₂₂ of a 2-D surface's Hessian at x.
func hessian2(s gdlib.Surface, x []float64) (a, b, c float64) {
	h := mat.NewSymDense(2, nil)
	s.Hess(h, x)
	return h.At(0, 0), h.At(0, 1), h.At(1, 1)
}

// PreconditionedKappa is the condition number of P^½ A P^½, where P = diag(p) holds positive
// per-coordinate steps and A is the Hessian of the 2-D quadratic s (taken at the origin). It is
// the κ that governs the update x ← x − P∇f(x) on that quadratic, as A's own κ governs
// gradient descent: with r = p₁/p₂, the matrix p₂·[[rA₁₁, √r A₁₂], [√r A₁₂, A₂₂]] has trace
// T = p₂(rA₁₁ + A₂₂) and determinant D = p₂² r (A₁₁A₂₂ − A₁₂²), so κ = (T + √(T² − 4D))/(T − √(T² − 4D)).
// It returns +Inf when A is not positive definite.
func PreconditionedKappa(s gdlib.Surface, p []float64) float64 {
	a, b, c := hessian2(s, []float64{0, 0})
	r := p[0] / p[1]
	t, d := r*a+c, r*(a*c-b*b)
	if !(d > 0) || !(t > 0) {
		return math.Inf(1)
	}
	root := math.Sqrt(max(t*t-4*d, 0))
	return (t + root) / (t - root)
}

// BestDiagonalKappa is the least PreconditionedKappa over all diagonal P: the best any
// per-coordinate step can do on the 2-D quadratic s. κ depends on P only through T²/D =
// (rA₁₁ + A₂₂)²/(r(A₁₁A₂₂ − A₁₂²)), which is least at r = A₂₂/A₁₁: in two dimensions Jacobi
// scaling p_i = 1/A_ii is optimal, and the best κ is that of T²/D = 4A₁₁A₂₂/(A₁₁A₂₂ − A₁₂²).
// For the valley turned by θ this is 1 at θ = 0 and κ itself at θ = 45°, where A₁₁ = A₂₂.
func BestDiagonalKappa(s gdlib.Surface) float64 {
	a, _, c := hessian2(s, []float64{0, 0})
	return PreconditionedKappa(s, []float64{1 / a, 1 / c})
}

// EffectiveSteps runs opt on s from x0 for steps steps and returns the trace and, for every
// coordinate i, eff[i][k−1] = η̃_i after step k (opt's EffectiveStep; nil for an optimizer
// without one, such as SGD or momentum, whose step is η in every coordinate).
func EffectiveSteps(s gdlib.Surface, x0 []float64, opt gdlib.Optimizer, steps int) (gdlib.Trace, [][]float64) {
	es, ok := opt.(gdlib.EffectiveStepper)
	var eff [][]float64
	if ok {
		eff = make([][]float64, len(x0))
	}
	tr := gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps, Label: opt.Name(),
		Callback: func(k int, _ []float64) bool {
			if ok && k > 0 {
				for i, e := range es.EffectiveStep() {
					eff[i] = append(eff[i], e)
				}
			}
			return false
		}}))
	return tr, eff
}

// ValleyRun is one method's run on a valley at its tuned learning rate.
type ValleyRun struct {
	Method string
	LR     float64     // the tuned η (Adadelta: 1, not tuned)
	Steps  int         // SettledAt for tol·f(x₀) within the horizon; horizon+1 when it never settles
	Trace  gdlib.Trace // the run at LR
	// Ratio is the median over steps 1 … min(Steps, horizon) of η̃₁/η̃₂, the shape of the
	// diagonal preconditioner the method applied (1 for SGD and momentum), and Kappa the
	// condition number it leaves: PreconditionedKappa(s, (Ratio, 1)).
	Ratio, Kappa float64
}

// ValleyRace runs every method on s from x0 for horizon steps at each learning rate of lrs
// and keeps, per method, the η whose run settles below tol·f(x₀) first (ties: the smaller η;
// SettledAt counts the step from which f stays below for the rest of the horizon). Adadelta
// is run only at η = 1: it is the method that needs no learning rate.
func ValleyRace(s gdlib.Surface, x0 []float64, methods []string, lrs []float64, tol float64, horizon int) []ValleyRun {
	level := tol * s.F(x0)
	var out []ValleyRun
	for _, m := range methods {
		grid := lrs
		if m == "Adadelta" {
			grid = []float64{1}
		}
		best := ValleyRun{Method: m, Steps: math.MaxInt}
		for _, lr := range grid {
			k, _ := StepsTo(s, x0, gdlib.Must(OptimizerByName(m, 2, lr)), level, horizon, "")
			if k < best.Steps {
				best.LR, best.Steps = lr, k
			}
		}
		tr, eff := EffectiveSteps(s, x0, gdlib.Must(OptimizerByName(m, 2, best.LR)), horizon)
		tr.Label = fmt.Sprintf("%s, η=%g", m, best.LR)
		best.Trace, best.Ratio = tr, 1
		if eff != nil {
			n := min(best.Steps, horizon)
			ratios := make([]float64, n)
			for k := range ratios {
				ratios[k] = eff[0][k] / eff[1][k]
			}
			best.Ratio = Median(ratios)
		}
		best.Kappa = PreconditionedKappa(s, []float64{best.Ratio, 1})
		out = append(out, best)
	}
	return out
}

// PrintValleyRace prints the races on the aligned valley and on the one turned by angle
// degrees side by side: the tuned η, the steps to settle ("> horizon" when it never did) and
// the κ each method's preconditioner left, with the speed-up over the first method (gradient
// descent).
func PrintValleyRace(aligned, rotated []ValleyRun, horizon int, angle float64) {
	steps := func(r ValleyRun) string {
		if r.Steps > horizon {
			return fmt.Sprintf("> %d", horizon)
		}
		return fmt.Sprint(r.Steps)
	}
	fmt.Printf("%-9s | %-36s | %s\n", "", "aligned valley", fmt.Sprintf("turned by %g°", angle))
	fmt.Printf("%-9s | %6s %7s %7s %10s | %6s %7s %7s %10s\n", "method", "η", "steps", "κ seen", "vs GD", "η", "steps", "κ seen", "vs GD")
	for i := range aligned {
		a, r := aligned[i], rotated[i]
		fmt.Printf("%-9s | %6g %7s %7.3g %9.2g× | %6g %7s %7.3g %9.2g×\n", a.Method,
			a.LR, steps(a), a.Kappa, float64(aligned[0].Steps)/float64(a.Steps),
			r.LR, steps(r), r.Kappa, float64(rotated[0].Steps)/float64(r.Steps))
	}
}

// ValleyTraces returns the first n+1 iterates of every run's trace, for a trajectory figure.
func ValleyTraces(runs []ValleyRun, n int) []gdlib.Trace {
	var out []gdlib.Trace
	for _, r := range runs {
		out = append(out, FirstSteps(r.Trace, n))
	}
	return out
}

// RunByName returns the ValleyRun of the named method (the zero ValleyRun if none).
func RunByName(runs []ValleyRun, method string) ValleyRun {
	i := slices.IndexFunc(runs, func(r ValleyRun) bool { return r.Method == method })
	if i < 0 {
		return ValleyRun{}
	}
	return runs[i]
}

// SaddleEscapeSteps runs opt on s from x0 and returns the first step k at which f(x_k) < level
// (the run has left the saddle and is on its way down), or maxSteps+1 when f stays above
// level for maxSteps steps.
func SaddleEscapeSteps(s gdlib.Surface, x0 []float64, opt gdlib.Optimizer, level float64, maxSteps int) int {
	k, _ := RunUntil(s, x0, opt, gdlib.RunOptions{Steps: maxSteps}, func(x []float64) bool { return s.F(x) < level })
	if k < 0 {
		return maxSteps + 1
	}
	return k
}

// SaddleEscapeTable returns SaddleEscapeSteps for every method (rows, at learning rate lr; Adadelta at
// η = 1) and every start (columns).
func SaddleEscapeTable(s gdlib.Surface, starts [][]float64, methods []string, lr, level float64, maxSteps int) [][]int {
	out := make([][]int, len(methods))
	for i, m := range methods {
		eta := lr
		if m == "Adadelta" {
			eta = 1
		}
		for _, x0 := range starts {
			out[i] = append(out[i], SaddleEscapeSteps(s, x0, gdlib.Must(OptimizerByName(m, 2, eta)), level, maxSteps))
		}
	}
	return out
}

// PrintSaddleEscapes prints an SaddleEscapeTable with one column per start ("never" past maxSteps)
// and returns, per method, the median over the starts (maxSteps+1 counting as never).
func PrintSaddleEscapes(methods, startLabels []string, table [][]int, maxSteps int) []float64 {
	fmt.Printf("%-9s", "start")
	for _, l := range startLabels {
		fmt.Printf(" %10s", l)
	}
	fmt.Printf(" %10s\n", "median")
	var med []float64
	for i, m := range methods {
		fmt.Printf("%-9s", m)
		var xs []float64
		for _, k := range table[i] {
			xs = append(xs, float64(k))
			if k > maxSteps {
				fmt.Printf(" %10s", "never")
			} else {
				fmt.Printf(" %10d", k)
			}
		}
		med = append(med, Median(xs))
		fmt.Printf(" %10g\n", med[i])
	}
	return med
}

// SpeedUp is how many times fewer steps the named method took to settle than the first run
// of runs (gradient descent in notebook 05): runs[0].Steps / Steps(method).
func SpeedUp(runs []ValleyRun, method string) float64 {
	return float64(runs[0].Steps) / float64(RunByName(runs, method).Steps)
}

// SaddleTraces runs each method (at lr; Adadelta at η = 1) on s from x0 until f < level or
// maxSteps steps, and returns the traces, for a trajectory figure.
func SaddleTraces(s gdlib.Surface, x0 []float64, methods []string, lr, level float64, maxSteps int) []gdlib.Trace {
	var out []gdlib.Trace
	for _, m := range methods {
		eta := lr
		if m == "Adadelta" {
			eta = 1
		}
		o := gdlib.RunOptions{Steps: maxSteps, Label: fmt.Sprintf("%s, η=%g", m, eta)}
		_, tr := RunUntil(s, x0, gdlib.Must(OptimizerByName(m, 2, eta)), o, func(x []float64) bool { return s.F(x) < level })
		out = append(out, tr)
	}
	return out
}

// TurnedCost compares two races method by method: whether every listed method's SpeedUp over
// gradient descent is smaller on turned than on aligned, and the least Kappa those methods'
// preconditioners left on turned.
func TurnedCost(aligned, turned []ValleyRun, methods []string) (allSmaller bool, leastKappa float64) {
	allSmaller, leastKappa = true, math.Inf(1)
	for _, m := range methods {
		allSmaller = allSmaller && SpeedUp(turned, m) < SpeedUp(aligned, m)
		leastKappa = min(leastKappa, RunByName(turned, m).Kappa)
	}
	return allSmaller, leastKappa
}

// SaddleStarts returns, for each δ, the start (1, δ) on x² − y² (δ off the attracting axis) and
// the start δ·(cos 2, sin 2) on the monkey saddle (distance δ at about 115°, beside the ridge
// at 120° between two descending valleys).
func SaddleStarts(deltas []float64) (saddle, monkey [][]float64) {
	for _, d := range deltas {
		saddle = append(saddle, []float64{1, d})
		monkey = append(monkey, []float64{d * math.Cos(2), d * math.Sin(2)})
	}
	return saddle, monkey
}

// WithinFactor reports whether in every row the largest entry is below factor times the smallest.
func WithinFactor(factor float64, rows ...[]int) bool {
	for _, r := range rows {
		if float64(slices.Max(r)) >= factor*float64(slices.Min(r)) {
			return false
		}
	}
	return true
}
