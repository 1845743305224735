package lesson

import "github.com/descent-course/descent/plots"

// GradCheckFigure is notebook 01's V-shaped error curves: the relative error of central and
// forward differences against the step h, on log-log axes.
func GradCheckFigure(hs, central, forward []float64) *plots.Plot {
	p := plots.Lines(plots.LinesOptions{
		Title: "Gradient check: error against step h", XLabel: "finite-difference step h", YLabel: "relative error",
		LogX: true, LogY: true,
		Curves: []plots.Curve{
			{Label: "central difference", X: hs, Y: central, Points: true},
			{Label: "forward difference", X: hs, Y: forward, Points: true},
		},
	})
	p.LegendRight, p.Legend.Left, p.Legend.Top = false, true, false
	return p
}

// EscapeFigure is notebook 01's escape times from a saddle against the offset δ: measured and
// predicted on x² − y², measured on the monkey saddle, on log-log axes.
func EscapeFigure(deltas, saddle, theory, monkey []float64) *plots.Plot {
	p := plots.Lines(plots.LinesOptions{
		Title: "Steps to escape a saddle from (1, δ)", XLabel: "offset δ", YLabel: "steps until f ≤ −1",
		LogX: true, LogY: true,
		Curves: []plots.Curve{
			{Label: "x² − y², measured", X: deltas, Y: saddle, Points: true, NoLine: true},
			{Label: "x² − y², theory ln(1/δ)/ln(1+2η)", X: deltas, Y: theory, Dashed: true, Color: plots.Color(6)},
			{Label: "monkey saddle x³ − 3xy², measured", X: deltas, Y: monkey, Points: true},
		},
	})
	p.LegendRight, p.Legend.Top = false, true
	return p
}
