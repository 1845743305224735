package lesson

import (
	"fmt"
	"math"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/mat"
)

// GuideAll runs every row of the field guide with a tuning grid of grid values per method and
// seeds seeds (for tuning, and as many others for the reported medians).
func GuideAll(grid, seeds int) []GuideRow {
	return []GuideRow{GuideValley(grid, seeds), GuideAxisValley(grid, seeds), GuideTurnedValley(grid, seeds),
		GuideSaddle(grid, seeds), GuideNoisy(grid, seeds), GuideSparse(grid, seeds),
		GuideSchedules(grid, seeds), GuideInit(seeds), GuideNetwork(grid, seeds)}
}

// guideMargin prints a margin: "×1.34", "×∞" when the runner-up never arrived, "tie" at 1.
func guideMargin(m float64) string {
	switch {
	case math.IsNaN(m):
		return "none arrived"
	case math.IsInf(m, 1):
		return "×∞ (runner-up never arrived)"
	case m == 1:
		return "tie"
	}
	return fmt.Sprintf("×%.3g", m)
}

// PrintGuide prints the table: one line per row with its problem, contenders, tuning budget
// (grid × seeds, and as many seeds again for the report), winner, margin and notebook; then one
// line per row with every contender's score and tuned η.
func PrintGuide(rows []GuideRow) {
	fmt.Printf("%-2s %-37s %-15s %-9s %-17s %-11s %s\n", "#", "problem", "budget", "seeds", "winner", "margin", "notebook")
	for i, r := range rows {
		budget := fmt.Sprintf("%d η × %d seeds", r.Grid, r.Seeds)
		if r.Grid == 1 {
			budget = "not tuned"
		}
		fmt.Printf("%-2d %-37s %-15s %-9d %-17s %-11s %s\n", i+1, r.Problem, budget, r.Seeds, r.WinnerName(), guideMargin(r.Margin), r.Notebook)
	}
	fmt.Println("\nscores (median over the reported seeds; lower is better) at each method's tuned η:")
	for i, r := range rows {
		var parts []string
		for j, n := range r.Names {
			p := n + " " + guideNum(r.Score[j])
			if r.Eta[j] > 0 {
				p += fmt.Sprintf(" (η=%.2g)", r.Eta[j])
			}
			parts = append(parts, p)
		}
		fmt.Printf("%d %s: %s\n", i+1, r.Metric, strings.Join(parts, ", "))
	}
}

// guideNum prints a score with 3 significant digits, or "never arrived" for +Inf (a run
// that missed its target within its budget, or diverged).
func guideNum(x float64) string {
	if math.IsInf(x, 1) {
		return "never arrived"
	}
	return fmt.Sprintf("%.3g", x)
}

// GuideX prints a ratio as "×1.34", with "×∞" when its numerator never arrived and "×0"
// when its denominator never did; "(neither arrived)" for NaN.
func GuideX(r float64) string {
	switch {
	case math.IsNaN(r):
		return "(neither arrived)"
	case math.IsInf(r, 1):
		return "×∞"
	}
	return fmt.Sprintf("×%.3g", r)
}

// GuideFigure draws each row's margin (runner-up's score over the winner's) on a log axis
// against the row number; a runner-up that never arrived is drawn at the top of the axis.
func GuideFigure(rows []GuideRow) *plots.Plot {
	var x, y []float64
	for i, r := range rows {
		x = append(x, float64(i+1))
		y = append(y, math.Min(r.Margin, 1e3))
	}
	return plots.Lines(plots.LinesOptions{Title: "How far ahead each row's winner finished (a runner-up that never arrived: 1000)",
		XLabel: "row of the table", YLabel: "runner-up's score / winner's score", LogY: true,
		Curves: []plots.Curve{{Label: "margin of the winner", X: x, Y: y, Points: true, NoLine: true},
			{Label: "×1.1: below it, a near tie", X: []float64{1, float64(len(rows))}, Y: []float64{1.1, 1.1}, Dashed: true}}})
}

// GuideNewtonSaddle takes one Newton step x ← x − H⁻¹∇f on f = x² − y² from (1, δ) and returns
// where it lands: on a quadratic Newton jumps to the stationary point, here the saddle (0, 0).
func GuideNewtonSaddle(delta float64) []float64 {
	s := gdlib.Saddle()
	x, g, h := []float64{1, delta}, make([]float64, 2), mat.NewSymDense(2, nil)
	s.Grad(g, x)
	s.Hess(h, x)
	gdlib.Must(gdlib.NewNewton(2, gdlib.DefaultNewtonConfig())).StepHessian(x, g, h)
	return x
}

// GuideWithin counts the grid values of a tuning sweep whose score is at most factor times the
// best one: how wide the good range of η is (a measure of sensitivity to η).
func GuideWithin(sweep []float64, factor float64) int {
	best := math.Inf(1)
	for _, s := range sweep {
		best = math.Min(best, s)
	}
	n := 0
	for _, s := range sweep {
		if !math.IsInf(best, 1) && s <= factor*best {
			n++
		}
	}
	return n
}
