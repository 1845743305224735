package lesson

import (
	"fmt"

	"github.com/descent-course/descent/plots"
)

// This file holds the tables and figures of notebook 05's bug and bias-correction cells.

// SourceVsCorrect draws f(x_t) from t = 0 for a source's version of an update, the correct
// version and gdlib's optimizer (dashed: it should lie on the correct one), on a log axis.
func SourceVsCorrect(title, source, correct, ref string, fBug, fOK, fRef []float64) *plots.Plot {
	x := ZeroTo(len(fBug) - 1)
	return plots.Lines(plots.LinesOptions{Title: title, XLabel: "step t", YLabel: "f(x_t)", LogY: true,
		Curves: []plots.Curve{
			{Label: source, X: x, Y: fBug},
			{Label: correct, X: x, Y: fOK},
			{Label: ref, X: x, Y: fRef, Dashed: true},
		}})
}

// RMSPropCacheFigure draws the cache of the source's RMSProp (cache += …) and of the correct
// one after each step, with the source's predicted growth cache₁·(1 + α)^(t−1) dashed. The
// curves stop where a value overflows.
func RMSPropCacheFigure(bugCache, okCache []float64, decay float64) *plots.Plot {
	x := OneTo(len(bugCache))
	return plots.Lines(plots.LinesOptions{Title: "RMSProp: the cache of x", XLabel: "step t", YLabel: "cache", LogY: true,
		Curves: []plots.Curve{
			{Label: "source: cache += …", X: x, Y: bugCache},
			{Label: "theory: cache₁·(1+α)^(t−1)", X: x, Y: GeometricFrom(bugCache[0], 1+decay, len(x)), Dashed: true, Color: plots.Color(0)},
			{Label: "correct: cache = …", X: x, Y: okCache},
		}})
}

// FrozenText says from which step the path's steps stay shorter than 1e-6 (frozen > 0, as
// FrozenFrom returns it) and where the run ends.
func FrozenText(frozen int, end []float64) string {
	if frozen > 0 {
		return fmt.Sprintf("the source's run takes steps shorter than 1e-6 from step %d on; it ends at (%.3f, %.3f), the minimum is (0, 0)", frozen, end[0], end[1])
	}
	return fmt.Sprintf("the source's run still takes steps longer than 1e-6 at the end; it is at (%.3f, %.3f), the minimum is (0, 0)", end[0], end[1])
}

// PrintAdamBugTable prints, at the steps at, the stored v of x and the step length of the
// source's Adam and of the correct one.
func PrintAdamBugTable(bugV, okV, bugStep, okStep []float64, at []int) {
	fmt.Println("step t   stored v of x: source / correct     step length: source / correct")
	for _, t := range at {
		fmt.Printf("%6d   %12s / %-12.3g           %9.3g / %-9.3g\n", t, OverflowText(bugV[t-1]), okV[t-1], bugStep[t-1], okStep[t-1])
	}
}

// AdamStepFigure draws the length of each step of the source's Adam and of the correct one.
func AdamStepFigure(bugStep, okStep []float64) *plots.Plot {
	x := OneTo(len(bugStep))
	return plots.Lines(plots.LinesOptions{Title: "Adam: length of each step", XLabel: "step t", YLabel: "|x_t − x_(t−1)|", LogY: true,
		Curves: []plots.Curve{{Label: "source: m /= 1−β1ᵗ", X: x, Y: bugStep}, {Label: "correct", X: x, Y: okStep}}})
}

// PrintFirstSteps prints AdamFirstSteps' three columns at the steps at.
func PrintFirstSteps(corrected, uncorrected, theory []float64, at []int) {
	fmt.Println("step length / η with a constant gradient")
	fmt.Println("  t   corrected (gdlib.Adam)   uncorrected   theory (1−β1ᵗ)/√(1−β2ᵗ)")
	for _, t := range at {
		fmt.Printf("%3d   %12.4f             %10.4f    %10.4f\n", t, corrected[t-1], uncorrected[t-1], theory[t-1])
	}
}

// FirstStepsFigure draws AdamFirstSteps' step lengths (in units of the learning rate), with
// the formula for the uncorrected ones dashed in their colour, from 0 up.
func FirstStepsFigure(corrected, uncorrected, theory []float64) *plots.Plot {
	t := OneTo(len(corrected))
	fig := plots.Lines(plots.LinesOptions{Title: "Adam's first steps, constant gradient", XLabel: "step t", YLabel: "step length / η",
		Curves: []plots.Curve{
			{Label: "with bias correction", X: t, Y: corrected},
			{Label: "without", X: t, Y: uncorrected},
			{Label: "theory (1−β1ᵗ)/√(1−β2ᵗ)", X: t, Y: theory, Dashed: true, Color: plots.Color(1)},
		}})
	fig.Y.Min = 0
	return fig
}
