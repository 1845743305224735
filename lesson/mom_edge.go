package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// HeavyBallRates runs heavy ball (RunHeavyBall) on s from x0 with momentum μ for every step
// size η in etas, steps steps each, and returns each run's measured rate (TailRate about the
// minimum s.Minima[0]): below 1 where the run converges, above 1 where it diverges.
func HeavyBallRates(s gdlib.Surface, x0 []float64, mu float64, etas []float64, steps int) []float64 {
	rates := make([]float64, len(etas))
	for i, eta := range etas {
		rates[i] = TailRate(RunHeavyBall(s, x0, eta, mu, steps, ""), s.Minima[0])
	}
	return rates
}

// StabilityEdge is heavy ball's measured edge of stability on s from x0 at momentum μ: the
// step size at which the measured rate (HeavyBallRates, runs of steps steps) crosses 1, found
// by bisection in [lo, hi] (lo must converge and hi diverge) to a width of 1e-6·hi. The
// theory for a quadratic is η = 2(1 + μ)/λmax (plots.HeavyBallRate). NaN when the measured
// rates at lo and hi do not straddle 1.
func StabilityEdge(s gdlib.Surface, x0 []float64, mu, lo, hi float64, steps int) float64 {
	rate := func(eta float64) float64 { return HeavyBallRates(s, x0, mu, []float64{eta}, steps)[0] }
	if !(rate(lo) < 1 && rate(hi) > 1) {
		return math.NaN()
	}
	for hi-lo > 1e-6*hi {
		if mid := (lo + hi) / 2; rate(mid) < 1 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// Spaced returns n evenly spaced values from a to b, both included (n ≥ 2).
func Spaced(a, b float64, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return xs
}

// EdgeFigure draws heavy ball's rate against the step size η on a quadratic with the
// eigenvalues [lmin, lmax], one colour per momentum of mus: the theory plots.HeavyBallRate
// (dashed, from 0 to 1.1 times the edge), the measured rates at etas[i] (points), and a
// vertical line at each edge 2(1 + μ)/λmax, where the rate crosses 1 (its value in the legend).
// The rate axis starts a little below the lowest measured rate.
func EdgeFigure(lmin, lmax float64, mus []float64, etas, measured [][]float64) *plots.Plot {
	var curves []plots.Curve
	var lines []plots.VLine
	for i, mu := range mus {
		edge := 2 * (1 + mu) / lmax
		grid := Spaced(0, 1.1*edge, 221)
		theory := make([]float64, len(grid))
		for j, eta := range grid {
			theory[j] = plots.HeavyBallRate(eta, mu, lmin, lmax)
		}
		curves = append(curves,
			plots.Curve{Label: fmt.Sprintf("μ = %g, edge %.3g", mu, edge), X: etas[i], Y: measured[i], Points: true, NoLine: true, Color: plots.Color(i)},
			plots.Curve{X: grid, Y: theory, Dashed: true, Color: plots.Color(i)})
		lines = append(lines, plots.VLine{X: edge, Color: plots.Color(i)})
	}
	curves = append(curves, plots.Curve{Label: "rate 1", X: []float64{0, 2.2 * (1 + slices.Max(mus)) / lmax}, Y: []float64{1, 1}, Dashed: true, Color: plots.Color(6)})
	p := plots.Lines(plots.LinesOptions{Title: "Heavy ball: rate against η; dashed: theory", XLabel: "learning rate η",
		YLabel: "rate per step", Curves: curves, VLines: lines})
	low := 1.0
	for _, m := range measured {
		for _, v := range m {
			if v < low { // NaN is left out
				low = v
			}
		}
	}
	p.Y.Min, p.Y.Max = max(0, low-0.03), 1.6 // the rates below 1 sit close to it: show them apart
	return p
}
