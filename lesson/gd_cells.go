package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// This file holds the machinery of notebook 01's cells, so that a cell reads as the lesson.

// SameIterates says whether the 1-D trace tr visited exactly the points xs, bit for bit.
func SameIterates(tr gdlib.Trace, xs []float64) bool {
	if len(tr.X) != len(xs) {
		return false
	}
	for k, x := range tr.X {
		if x[0] != xs[k] {
			return false
		}
	}
	return true
}

// StepTable prints the first n steps of a 1-D gradient-descent trace run with learning rate
// lr: x_k, the slope f'(x_k) read back from the step (x_k − x_{k+1})/η, and the step. It
// reports whether each of those steps is shorter than the one before.
func StepTable(tr gdlib.Trace, lr float64, n int) (shrinking bool) {
	shrinking = true
	for k := 0; k < n && k+1 < len(tr.X); k++ {
		step := tr.X[k+1][0] - tr.X[k][0]
		fmt.Printf("x_%d = %+.3f  slope %+7.3f  step %+.3f\n", k, tr.X[k][0], -step/lr, step)
		shrinking = shrinking && (k == 0 || math.Abs(step) < math.Abs(tr.X[k][0]-tr.X[k-1][0]))
	}
	return shrinking
}

// SteepestOf tries n unit directions u = (cos a, sin a), a = 0°, 360°/n, …, from the point p
// of a 2-D surface, measures the slope along each by a forward difference with step 1e-6,
// (f(p + hu) − f(p))/h ≈ ∇f(p)·u, and returns the direction (in degrees) with the most
// negative slope, and that slope. Theory: −∇f, with slope −|∇f|.
func SteepestOf(s gdlib.Surface, p []float64, n int) (angle, slope float64) {
	slope = math.Inf(1)
	for d := 0; d < n; d++ {
		a, h := 2*math.Pi*float64(d)/float64(n), 1e-6
		if m := (s.F([]float64{p[0] + h*math.Cos(a), p[1] + h*math.Sin(a)}) - s.F(p)) / h; m < slope {
			angle, slope = 360*float64(d)/float64(n), m
		}
	}
	return angle, slope
}

// DownhillAngle is the direction of −∇f(p) in degrees, in [0, 360), and |∇f(p)|.
func DownhillAngle(s gdlib.Surface, p []float64) (angle, norm float64) {
	g := make([]float64, 2)
	s.Grad(g, p)
	return math.Mod(math.Atan2(-g[1], -g[0])*180/math.Pi+360, 360), math.Hypot(g[0], g[1])
}

// AngleGap is the distance in degrees between two directions, in [0, 180].
func AngleGap(a, b float64) float64 { return math.Abs(math.Remainder(a-b, 360)) }

// StepSweep computes the gradient of the logistic problem (obj, w) three ways for the steps
// h = 10^−1, 10^−1.5, …, 10^−13: analytically, by central and by forward differences; it
// returns the steps and the relative errors (RelErr) of the two numerical gradients.
func StepSweep(obj *gdlib.Logistic, w []float64) (hs, central, forward []float64) {
	loss := func(x []float64) float64 { return obj.Loss(x, nil) }
	ga := make([]float64, obj.Dim())
	obj.LossGrad(ga, w, nil)
	for e := 1.0; e <= 13; e += 0.5 {
		h := math.Pow(10, -e)
		gc, _ := CentralGrad(loss, w, h)
		gf, _ := ForwardGrad(loss, w, h)
		hs, central, forward = append(hs, h), append(central, RelErr(ga, gc)), append(forward, RelErr(ga, gf))
	}
	return hs, central, forward
}

// ArgMin is the index of the smallest value.
func ArgMin(xs []float64) int { return slices.Index(xs, slices.Min(xs)) }

// VShaped says whether the errors at both ends of a sweep are over 100 times the error at i.
func VShaped(errs []float64, i int) bool {
	return errs[0] > 100*errs[i] && errs[len(errs)-1] > 100*errs[i]
}

// CircleStarts runs gradient descent with learning rate lr for `steps` steps from n points
// evenly spaced on the circle of the given radius around center, and returns the runs, the
// largest distance from center at which one ended, and how many diverged.
func CircleStarts(s gdlib.Surface, center []float64, radius float64, n int, lr float64, steps int) (traces []gdlib.Trace, worst float64, diverged int) {
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		x0 := []float64{center[0] + radius*math.Cos(a), center[1] + radius*math.Sin(a)}
		tr := RunGD(s, x0, lr, steps, fmt.Sprintf("start (%.1f, %.1f)", x0[0], x0[1]))
		end := tr.X[len(tr.X)-1]
		worst = max(worst, math.Hypot(end[0]-center[0], end[1]-center[1]))
		if tr.Diverged {
			diverged++
		}
		traces = append(traces, tr)
	}
	return traces, worst, diverged
}

// PrintMinima prints, for each listed minimum of the surface, where it is, f there, its
// stability limit 2/λmax and how many runs ended there, then how many reached none.
func (b Basins) PrintMinima() {
	for j, m := range b.Surface.Minima {
		fmt.Printf("minimum %d at (%+.3f, %+.3f), f = %+.4f, 2/λmax = %.4f: %3d of %d starts\n",
			j+1, m[0], m[1], b.Surface.F(m), StabilityLimit(b.Surface, m), b.Count(j), len(b.End))
	}
	fmt.Printf("reached no minimum: %d; diverged: %d\n", b.Count(EndedElsewhere), b.Count(EndedDiverged))
}

// GlobalFraction is the fraction of runs that ended at a global minimum (f within 1e-9 of
// the surface's FMin).
func (b Basins) GlobalFraction() float64 {
	n := 0
	for j, m := range b.Surface.Minima {
		if b.Surface.F(m) < b.Surface.FMin+1e-9 {
			n += b.Count(j)
		}
	}
	return float64(n) / float64(len(b.End))
}

// SaddleTable prints notebook 01's escape times from (1, δ) on x² − y² and on the monkey
// saddle, beside the prediction k ≈ ln(1/δ)/ln(1 + 2η) for x² − y², and returns the
// predictions and the largest gap between measured and predicted on x² − y².
func SaddleTable(deltas []float64, sad, mon []Escape, lr float64) (theory []float64, off float64) {
	fmt.Println("   δ      x²−y²: steps  near  theory ln(1/δ)/ln(1+2η) | monkey: steps  near")
	for i, d := range deltas {
		theory = append(theory, math.Log(1/d)/math.Log(1+2*lr))
		off = max(off, math.Abs(float64(sad[i].Steps)-theory[i]))
		fmt.Printf("%7.0e  %12s  %4d  %24.1f  | %13s  %4d\n", d, sad[i], sad[i].Near, theory[i], mon[i], mon[i].Near)
	}
	return theory, off
}

// FullBatchTable prints one row per data set of FullBatchRuns and returns, for each, the
// updates it needed to shrink its gap 1000-fold (−1: not yet) and its last gap.
func FullBatchTable(sizes []int, hs []gdlib.History) (need []int, final []float64) {
	fmt.Println("      N  examples per update  loss gap after last update  examples in all  updates to gap/1000 (−1: not yet)")
	for i, h := range hs {
		need, final = append(need, UpdatesToShrink(h, 1e-3)), append(final, h.StepLoss[len(h.StepLoss)-1])
		fmt.Printf("%7d  %19d  %26.1e  %15d  %20d  %s\n", sizes[i], h.StepExamples[0], final[i],
			h.StepExamples[len(h.StepExamples)-1], need[i], TrainOutcome(h))
	}
	return need, final
}

// FullBatchFigure is the loss gap of FullBatchRuns against updates and against examples read.
func FullBatchFigure(hs []gdlib.History) *plots.Grid {
	perUpdate := plots.Convergence(plots.ConvergenceOptions{Title: "against updates", Histories: hs, X: plots.Steps})
	perExample := plots.Convergence(plots.ConvergenceOptions{Title: "against examples read", Histories: hs, X: plots.Examples})
	plots.LogAxis(&perExample.X)
	perUpdate.Y.Label.Text, perExample.Y.Label.Text = "loss − optimum", "loss − optimum"
	return plots.NewGrid("Full-batch GD on least squares: loss gap", 2, perUpdate, perExample)
}
