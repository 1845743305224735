package lesson

import (
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
)

// guideOpt builds a fresh optimiser called name ("GD", "heavy ball", "Nesterov", "AdaGrad",
// "RMSProp", "Adam") with learning rate η on dim parameters; momentum methods use μ = 0.9,
// Adam its defaults β1 = 0.9, β2 = 0.999, RMSProp α = 0.99 (PyTorch's).
func guideOpt(name string, dim int, eta float64) gdlib.Optimizer {
	switch name {
	case "heavy ball":
		return gdlib.Must(gdlib.NewMomentum(dim, gdlib.MomentumConfig{LR: eta, Momentum: 0.9}))
	case "Nesterov":
		return gdlib.Must(gdlib.NewNesterov(dim, gdlib.NesterovConfig{LR: eta, Momentum: 0.9}))
	case "AdaGrad":
		c := gdlib.DefaultAdaGradConfig()
		c.LR = eta
		return gdlib.Must(gdlib.NewAdaGrad(dim, c))
	case "RMSProp":
		c := gdlib.DefaultRMSPropConfig()
		c.LR = eta
		return gdlib.Must(gdlib.NewRMSProp(dim, c))
	case "Adam":
		c := gdlib.DefaultAdamConfig()
		c.LR = eta
		return gdlib.Must(gdlib.NewAdam(dim, c))
	}
	return gdlib.Must(gdlib.NewSGD(dim, gdlib.SGDConfig{LR: eta}))
}

// guideStart is the seed's start point on the unit circle, at a uniformly drawn angle.
func guideStart(seed uint64) []float64 {
	phi := 2 * math.Pi * rand.New(rand.NewPCG(seed, 8)).Float64()
	return []float64{math.Cos(phi), math.Sin(phi)}
}

// GuideStepsBelow runs opt on s from x0 for at most max steps and returns the number of
// steps after which f − f* stays below tol·(f(x0) − f*) for the rest of the run: one more than
// the last step k at which f(x_k) − f* > tol·(f(x0) − f*). It returns +Inf when the last iterate
// is still above (never arrived within max) or a value turned non-finite (diverged).
func GuideStepsBelow(s gdlib.Surface, x0 []float64, opt gdlib.Optimizer, tol float64, max int) float64 {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	f0 := s.F(x) - s.FMin
	last := 0
	for k := 0; k <= max; k++ {
		f := s.F(x) - s.FMin
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return math.Inf(1)
		}
		if f > tol*f0 {
			last = k
		}
		if k == max {
			break
		}
		s.Grad(g, x)
		opt.Step(x, g)
	}
	if last == max {
		return math.Inf(1)
	}
	return float64(last + 1)
}

// guideQuadRow tunes the named methods on f = ½xᵀAx with eigenvalues 1 and 1/κ, its axes
// turned by θ, from a start on the unit circle: the score is GuideStepsBelow(tol, max).
func guideQuadRow(problem, notebook string, kappa, theta, tol float64, max int, names []string, rng map[string][2]float64, grid, seeds int) GuideRow {
	s := gdlib.Quadratic(1, 1/kappa, theta)
	var cs []guideContender
	for _, n := range names {
		cs = append(cs, guideContender{name: n, lo: rng[n][0], hi: rng[n][1], run: func(eta float64, seed uint64) float64 {
			return GuideStepsBelow(s, guideStart(seed), guideOpt(n, 2, eta), tol, max)
		}})
	}
	return guideTune(problem, "steps to "+fmtFloat(tol)+"·f(x0)", notebook, cs, grid, seeds)
}

// guideRanges are the η ranges searched for each method on the quadratics (GD is stable for
// η < 2/λmax = 2; heavy ball and Nesterov with μ = 0.9 up to 2(1 + μ) = 3.8 for heavy ball).
var guideRanges = map[string][2]float64{
	"GD": {0.05, 1.9}, "heavy ball": {0.05, 4}, "Nesterov": {0.05, 4},
	"AdaGrad": {0.01, 3}, "RMSProp": {0.001, 0.3}, "Adam": {0.001, 1},
}

// GuideValley is row 1: the valley κ = 100 turned by 30°, GD against heavy ball, Nesterov and
// Adam, each tuned; the score is the steps until f stays below 1e-10·f(x0) (at most 3000).
func GuideValley(grid, seeds int) GuideRow {
	return guideQuadRow("valley κ=100, turned 30°", "04", 100, math.Pi/6, 1e-10, 3000,
		[]string{"GD", "heavy ball", "Nesterov", "Adam"}, guideRanges, grid, seeds)
}

// GuideAxisValley is row 2 (axes aligned, θ = 0) and GuideTurnedValley row 3 (θ = 45°): GD
// against AdaGrad, RMSProp and Adam, tuned; steps until f stays below 1e-6·f(x0) (at most
// 3000). A per-coordinate step can undo the scaling of an axis-aligned valley, not of a
// turned one, whose Hessian is not diagonal.
func GuideAxisValley(grid, seeds int) GuideRow {
	return guideQuadRow("valley κ=100, axis-aligned", "05", 100, 0, 1e-6, 3000,
		[]string{"GD", "AdaGrad", "RMSProp", "Adam"}, guideRanges, grid, seeds)
}

// GuideTurnedValley: see GuideAxisValley.
func GuideTurnedValley(grid, seeds int) GuideRow {
	return guideQuadRow("valley κ=100, turned 45°", "05", 100, math.Pi/4, 1e-6, 3000,
		[]string{"GD", "AdaGrad", "RMSProp", "Adam"}, guideRanges, grid, seeds)
}
