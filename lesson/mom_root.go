package lesson

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// RepeatedRootRate is the per-step contraction ρ of an error that behaves like C·k·ρ^k, as
// it does where the two roots of a momentum recurrence coincide (Polyak's tuning of heavy
// ball, the best tuning of Nesterov): exp(slope) of the least-squares line through
// (k, ln|x_k − x*| − ln k), over the same window as TailRate. For an error exactly C·k·ρ^k
// it returns ρ; TailRate returns ρ·KWindowExcess instead.
func RepeatedRootRate(tr gdlib.Trace, xstar []float64) float64 {
	ks, ls := tailWindow(tr, xstar)
	if len(ks) == 0 || ks[0] < 1 {
		return math.NaN()
	}
	y := make([]float64, len(ks))
	for i, k := range ks {
		y[i] = ls[i] - math.Log(k)
	}
	return math.Exp(fitSlope(ks, y))
}

// KWindowExcess is the factor by which a straight-line fit of ln e_k over TailRate's window
// of tr overstates ρ when e_k = C·k·ρ^k: exp of the least-squares slope of ln k over those
// steps. Since ln e_k = ln C + ln k + k ln ρ and the slope is linear, TailRate = ρ·KWindowExcess
// exactly for such an error. Over a window [K/2, K] the slope of ln k is about ln 2/(K/2) …
// 1/k at the window's middle: the excess fades as the run gets longer.
func KWindowExcess(tr gdlib.Trace, xstar []float64) float64 {
	ks, _ := tailWindow(tr, xstar)
	if len(ks) == 0 || ks[0] < 1 {
		return math.NaN()
	}
	y := make([]float64, len(ks))
	for i, k := range ks {
		y[i] = math.Log(k)
	}
	return math.Exp(fitSlope(ks, y))
}

// NesterovRate is the asymptotic rate of Nesterov's method with step η and momentum μ on a
// quadratic with the Hessian eigenvalues lambdas. Along an eigenvector of eigenvalue λ the
// look-ahead points y_k (the iterates of gdlib's Nesterov in either form) follow
// y_{k+1} = (1+μ)q·y_k − μq·y_{k−1} with q = 1 − ηλ, so the error shrinks like the larger
// root in size of z² − (1+μ)q·z + μq = 0; the rate is the largest over λ. At μ = 0 it is
// |1 − ηλ|, gradient descent's. NaN without eigenvalues.
func NesterovRate(eta, mu float64, lambdas ...float64) float64 {
	rho := math.NaN()
	for _, l := range lambdas {
		q := 1 - eta*l
		b, c := complex((1+mu)*q, 0), complex(mu*q, 0)
		d := cmplx.Sqrt(b*b - 4*c)
		r := math.Max(cmplx.Abs((b+d)/2), cmplx.Abs((b-d)/2))
		if !(r <= rho) {
			rho = r
		}
	}
	return rho
}

// NesterovOptimum is the tuning of Nesterov's method for a quadratic with eigenvalues in
// [λmin, λmax] that Lessard, Recht and Packard (2016) give, and its rate: with κ = λmax/λmin
// and s = √(3κ + 1),
//
//	η = 4/(3λmax + λmin),   μ = (s − 2)/(s + 2),   ρ = 1 − 2/s,
//
// about 1 − 1.15/√κ, between gradient descent's 1 − 2/κ and heavy ball's 1 − 2/√κ. At λmin
// the two roots coincide (ρ is a double root, so the error there behaves like k·ρ^k).
func NesterovOptimum(lmin, lmax float64) (eta, mu, rate float64) {
	s := math.Sqrt(3*lmax/lmin + 1)
	return 4 / (3*lmax + lmin), (s - 2) / (s + 2), 1 - 2/s
}

// RootFigure draws a run's error |x_k − x*| and the error with the factor k divided out,
// |x_k − x*|/k, on a log axis, beside the line C·ρ^k (dashed) through the last point of the
// second (in black, drawn over it): where the error behaves like C·k·ρ^k the second curve is
// that straight line.
func RootFigure(tr gdlib.Trace, xstar []float64, rho float64, title string) *plots.Plot {
	var ks, e, ek []float64
	for k, x := range tr.X {
		if k > 0 {
			ks, e, ek = append(ks, float64(k)), append(e, distance(x, xstar)), append(ek, distance(x, xstar)/float64(k))
		}
	}
	line := make([]float64, len(ks))
	for i, k := range ks {
		line[i] = ek[len(ek)-1] * math.Pow(rho, k-ks[len(ks)-1])
	}
	return plots.Lines(plots.LinesOptions{Title: title, XLabel: "step k", LogY: true, Floor: 1e-200, Curves: []plots.Curve{
		{Label: "error |x_k − x*|", X: ks, Y: e},
		{Label: "error / k", X: ks, Y: ek},
		{Label: fmt.Sprintf("C·%.4g^k", rho), X: ks, Y: line, Dashed: true, Color: plots.Color(6)}}})
}

// RootFit is a run on Valley(κ) at a tuning whose two roots coincide along the floor, with
// its rate fitted both ways.
type RootFit struct {
	Kappa, LR, Mom, Rho float64 // the tuning and its theoretical rate
	Plain               float64 // TailRate: the straight line through ln e_k
	ByK                 float64 // RepeatedRootRate: the line through ln e_k − ln k
	Predicted           float64 // ρ·KWindowExcess: what the plain fit of C·k·ρ^k gives
	Trace               gdlib.Trace
}

// FitRoot runs method on Valley(κ) for steps steps at its best tuning for a quadratic, "heavy
// ball" at Polyak's (plots.HeavyBallOptimum) or "Nesterov" at NesterovOptimum's, and fits the
// rate of its error both ways. It panics for another method.
func FitRoot(method string, kappa float64, steps int) RootFit {
	s, x0 := Valley(kappa)
	f := RootFit{Kappa: kappa}
	switch method {
	case "heavy ball":
		f.LR, f.Mom, f.Rho = plots.HeavyBallOptimum(1/kappa, 1)
		f.Trace = RunHeavyBall(s, x0, f.LR, f.Mom, steps, method)
	case "Nesterov":
		f.LR, f.Mom, f.Rho = NesterovOptimum(1/kappa, 1)
		f.Trace = RunNesterov(s, x0, f.LR, f.Mom, steps, method)
	default:
		panic(fmt.Sprintf("FitRoot: unknown method %q (want \"heavy ball\" or \"Nesterov\")", method))
	}
	xstar := s.Minima[0]
	f.Plain, f.ByK, f.Predicted = TailRate(f.Trace, xstar), RepeatedRootRate(f.Trace, xstar), f.Rho*KWindowExcess(f.Trace, xstar)
	return f
}
