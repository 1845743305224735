package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// TunedRates is section 2's measurement on Valley(κ): gradient descent and heavy ball, each at
// its best setting, with theory and measured rates.
type TunedRates struct {
	Kappa       float64
	LRGD, RhoGD float64 // BestGD: η = 2/(λmax+λmin), ρ = (κ−1)/(κ+1)
	LRHB, MuHB  float64 // plots.HeavyBallOptimum: Polyak's η and μ
	RhoHB       float64 // (√κ−1)/(√κ+1)
	MeasGD      float64 // TailRate of the GD run
	MeasHB      float64 // TailRate of the heavy-ball run
	GD, HB      gdlib.Trace
	PeakHB      int // the step at which heavy ball's f is largest
}

// RunTunedRates runs GD and heavy ball at their best settings on Valley(κ) for steps steps
// and measures their rates (TailRate about the minimum).
func RunTunedRates(kappa float64, steps int) TunedRates {
	s, x0 := Valley(kappa)
	r := TunedRates{Kappa: kappa}
	r.LRGD, r.RhoGD = BestGD(1/kappa, 1)
	r.LRHB, r.MuHB, r.RhoHB = plots.HeavyBallOptimum(1/kappa, 1)
	r.GD = RunGD(s, x0, r.LRGD, steps, "GD")
	r.HB = RunHeavyBall(s, x0, r.LRHB, r.MuHB, steps, "momentum")
	r.MeasGD, r.MeasHB = TailRate(r.GD, s.Minima[0]), TailRate(r.HB, s.Minima[0])
	r.PeakHB = slices.Index(r.HB.F, slices.Max(r.HB.F))
	return r
}

// TunedRatesHeader is the header line of TunedRates.String's table.
var TunedRatesHeader = fmt.Sprintf("%6s | %7s %9s %9s | %7s %7s %9s %9s", "κ", "GD η", "theory", "measured", "HB η", "HB μ", "theory", "measured")

// String is the row of the table under TunedRatesHeader.
func (r TunedRates) String() string {
	return fmt.Sprintf("%6g | %7.4f %9.5f %9.5f | %7.4f %7.4f %9.5f %9.5f", r.Kappa, r.LRGD, r.RhoGD, r.MeasGD, r.LRHB, r.MuHB, r.RhoHB, r.MeasHB)
}

// Figure is f(x_k) of both runs with the theory lines f(x_0)ρ^{2k} dashed in the same colours.
func (r TunedRates) Figure() *plots.Plot {
	rGD, rHB := plots.Geometric(r.GD.F[0], r.RhoGD*r.RhoGD), plots.Geometric(r.GD.F[0], r.RhoHB*r.RhoHB)
	rGD.Label, rGD.Color = fmt.Sprintf("theory %.3g^2k", r.RhoGD), plots.Color(0)
	rHB.Label, rHB.Color = fmt.Sprintf("theory %.3g^2k", r.RhoHB), plots.Color(1)
	return plots.Convergence(plots.ConvergenceOptions{Title: fmt.Sprintf("κ = %g: tuned GD and momentum; dashed: theory", r.Kappa),
		Traces: []gdlib.Trace{r.GD, r.HB}, Rates: []plots.Rate{rGD, rHB}, Floor: 1e-30})
}

// StepsPerDecades is the number of steps a method of rate ρ needs to shrink the error by the
// factor 10^−d: d·ln 10 / (−ln ρ).
func StepsPerDecades(rho, d float64) float64 { return d * math.Ln10 / -math.Log(rho) }
