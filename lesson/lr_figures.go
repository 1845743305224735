package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// ContractionFigure is notebook 02's V-shaped curve: the predicted contraction per step
// max(|1 − ηλmin|, |1 − ηλmax|) of gradient descent on a quadratic, for η from 0 to 1.25 times
// the stability limit 2/λmax, with the measured factors at the rates lrs and vertical lines at
// the limit and at the best fixed step 2/(λmin + λmax).
func ContractionFigure(lmin, lmax float64, lrs, measured []float64) *plots.Plot {
	limit := 2 / lmax
	var grid, theory []float64
	for i := 0; i <= 200; i++ {
		lr := 1.25 * limit * float64(i) / 200
		grid, theory = append(grid, lr), append(theory, max(math.Abs(1-lr*lmin), math.Abs(1-lr*lmax)))
	}
	p := plots.Lines(plots.LinesOptions{
		Title: "Contraction per step of GD on a quadratic", XLabel: "learning rate η", YLabel: "|x_{k+1}| / |x_k|",
		Curves: []plots.Curve{
			{Label: "predicted max|1 − ηλ|", X: grid, Y: theory, Dashed: true, Color: plots.Color(6)},
			{Label: "measured", X: lrs, Y: measured, Points: true, NoLine: true},
		},
		VLines: []plots.VLine{
			{Label: "2/λmax (stability limit)", X: limit},
			{Label: "2/(λmin+λmax) (best fixed step)", X: 2 / (lmin + lmax)},
		},
	})
	p.Y.Min, p.Y.Max = 0, 1.45
	p.LegendRight, p.Legend.Left, p.Legend.Top = false, true, false
	return p
}

// RangeTestFigure is the loss of an LR range test against the learning rate (log axis), raw
// and smoothed, with vertical lines at its two suggestions; the loss axis is cut at 8.
func RangeTestFigure(title string, rt gdlib.RangeTest) *plots.Plot {
	p := plots.Lines(plots.LinesOptions{
		Title: title, XLabel: "learning rate η (grows each mini-batch)", YLabel: "mini-batch loss",
		LogX: true,
		Curves: []plots.Curve{
			{Label: "loss", X: rt.LR, Y: rt.Loss, Color: plots.Color(5)},
			{Label: "smoothed loss", X: rt.LR, Y: rt.Smoothed},
		},
		VLines: []plots.VLine{
			{Label: fmt.Sprintf("suggested %.2g", rt.Suggested), X: rt.Suggested},
			{Label: fmt.Sprintf("min/10 = %.2g", rt.MinOver10), X: rt.MinOver10},
		},
	})
	if len(rt.Loss) > 0 {
		p.Y.Min, p.Y.Max = 0, math.Min(slices.Max(rt.Loss), 8)
	}
	p.LegendRight, p.Legend.Left, p.Legend.Top = false, true, false
	return p
}

// GapFigure is the loss f(x_k) of each trace (whose minimum value is 0) against the step k on
// a log axis from lo to hi: a diverging run leaves through the top.
func GapFigure(title string, traces []gdlib.Trace, lo, hi float64) *plots.Plot {
	p := plots.Convergence(plots.ConvergenceOptions{Title: title, Traces: traces, Y: plots.Gap, FStar: 0})
	p.Y.Min, p.Y.Max = lo, hi
	return p
}
