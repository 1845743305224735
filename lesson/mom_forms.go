package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// SeedNesterov runs seed 002's three lines of Nesterov's method by hand, per coordinate,
//
//	v_prev = v
//	v = mu * v - learning_rate * dx
//	x += -mu * v_prev + (1 + mu) * v
//
// with dx = ∇f(x), from x0 with v = 0 for steps steps, and records the iterates (not f).
func SeedNesterov(s gdlib.Surface, x0 []float64, lr, mu float64, steps int) gdlib.Trace {
	var tr gdlib.Trace
	x, v, dx := slices.Clone(x0), make([]float64, len(x0)), make([]float64, len(x0))
	for range steps + 1 {
		tr.X = append(tr.X, slices.Clone(x))
		s.Grad(dx, x)
		for i := range x {
			vPrev := v[i]
			v[i] = mu*v[i] - lr*dx[i]
			x[i] += -mu*vPrev + (1+mu)*v[i]
		}
	}
	return tr
}

// RunNesterovForm runs gdlib's Nesterov in the given form on s from x0 for steps steps.
func RunNesterovForm(s gdlib.Surface, x0 []float64, lr, mu float64, form gdlib.NesterovForm, steps int) gdlib.Trace {
	opt := gdlib.Must(gdlib.NewNesterov(s.Dim, gdlib.NesterovConfig{LR: lr, Momentum: mu, Form: form}))
	return gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps}))
}

// LargestNorm is the largest |x_k| over a trace's iterates.
func LargestNorm(tr gdlib.Trace) float64 {
	size := 0.0
	for _, x := range tr.X {
		size = math.Max(size, distance(x, make([]float64, len(x))))
	}
	return size
}

// ScheduleForms is section 6's pair of runs: heavy ball in PyTorch's form and in the classic
// form, under the same step schedule.
type ScheduleForms struct {
	Cut    int
	Traces [2]gdlib.Trace // PyTorch form, classic form
	Steps  [2][]float64   // their step lengths |x_{k+1} − x_k|
}

// RunScheduleForms runs gdlib's Momentum in both forms on s from x0 with momentum μ, for
// cut+after steps, with η divided by 10 at step cut (MultiStepLR), and prints a line for a
// form that diverged.
func RunScheduleForms(s gdlib.Surface, x0 []float64, lr, mu float64, cut, after int) ScheduleForms {
	sched := gdlib.Must(gdlib.NewMultiStepLR(lr, []int{cut}, 0.1))
	sf := ScheduleForms{Cut: cut}
	for i, form := range []gdlib.MomentumForm{gdlib.MomentumPyTorch, gdlib.MomentumClassic} {
		opt := gdlib.Must(gdlib.NewMomentum(2, gdlib.MomentumConfig{LR: lr, Momentum: mu, Form: form}))
		tr := gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: cut + after, Schedule: sched, Label: fmt.Sprintf("%v form", form)}))
		if k := BlowUpAt(tr, 1e6); k >= 0 {
			fmt.Printf("the %v form diverged at step %d (f > 10⁶·f(x0))\n", form, k)
		}
		sf.Traces[i], sf.Steps[i] = tr, StepLengths(tr)
	}
	return sf
}

// Figure draws both forms' step lengths (log axis) with the cut marked.
func (sf ScheduleForms) Figure(lr float64) *plots.Plot {
	var curves []plots.Curve
	for i, tr := range sf.Traces {
		curves = append(curves, plots.Curve{Label: tr.Label, X: StepAxis(len(sf.Steps[i])), Y: sf.Steps[i]})
	}
	return plots.Lines(plots.LinesOptions{Title: fmt.Sprintf("Step length; η: %g → %g at step %d", lr, lr/10, sf.Cut),
		XLabel: "step k", YLabel: "step length |x(k+1) − x(k)|", LogY: true, Curves: curves,
		VLines: []plots.VLine{{Label: "η divided by 10", X: float64(sf.Cut)}}})
}

// Print prints both forms' step lengths from two steps before the cut to three after, and
// the classic step's mean shrink factor per step over the four steps after the cut.
func (sf ScheduleForms) Print(mu float64) {
	d, n := sf.Steps, sf.Len()
	fmt.Printf("%6s %14s %14s\n", "step", "PyTorch step", "classic step")
	for k := max(sf.Cut-2, 0); k < min(sf.Cut+4, n); k++ {
		fmt.Printf("%6d %14.3e %14.3e\n", k, d[0][k], d[1][k])
	}
	if n > sf.Cut+3 {
		fmt.Printf("classic step, per step after the cut: ×%.3f on average (μ = %g)\n", math.Pow(d[1][sf.Cut+3]/d[1][sf.Cut-1], 0.25), mu)
	}
}

// Len is the number of steps both forms hold.
func (sf ScheduleForms) Len() int { return min(len(sf.Steps[0]), len(sf.Steps[1])) }
