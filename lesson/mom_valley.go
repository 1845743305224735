package lesson

import (
	"math"

	"github.com/descent-course/descent/gdlib"
)

// valleyAngle is the rotation of Valley: 30°, so that neither eigendirection is a
// coordinate axis.
const valleyAngle = math.Pi / 6

// Valley returns the narrow valley of notebook 04 and its start point. The surface is
// f(x) = ½ xᵀAx, gdlib.Quadratic(1, 1/κ, π/6): curvature 1 across the valley (the steep walls,
// direction (cos 30°, sin 30°)) and 1/κ along it (the floor, ValleyFloor), so its condition
// number is κ and its minimum is f = 0 at the origin. The start is 1.6 along the floor from
// the minimum and 0.3 up the wall: far down a long valley, a little off its floor.
func Valley(kappa float64) (gdlib.Surface, []float64) {
	s := gdlib.Quadratic(1, 1/kappa, valleyAngle)
	floor, wall := ValleyFloor(), []float64{math.Cos(valleyAngle), math.Sin(valleyAngle)}
	return s, []float64{1.6*floor[0] + 0.3*wall[0], 1.6*floor[1] + 0.3*wall[1]}
}

// ValleyFloor is the unit vector along the floor of Valley (its flat eigendirection,
// curvature 1/κ), pointing from the minimum towards the start.
func ValleyFloor() []float64 {
	return []float64{-math.Sin(valleyAngle), math.Cos(valleyAngle)}
}

// BestGD is the learning rate of plain gradient descent that minimises its worst contraction
// on a quadratic with curvatures in [lmin, lmax], η = 2/(lmax + lmin), and that contraction,
// ρ = (κ − 1)/(κ + 1) with κ = lmax/lmin: at this η the factors 1 − ηλ of the two extreme
// directions are −ρ and +ρ. (Heavy ball's counterpart is plots.HeavyBallOptimum.)
func BestGD(lmin, lmax float64) (lr, rate float64) {
	return 2 / (lmax + lmin), (lmax - lmin) / (lmax + lmin)
}

// RunGD runs plain gradient descent, x ← x − η∇f(x), from x0 for steps steps.
func RunGD(s gdlib.Surface, x0 []float64, lr float64, steps int, label string) gdlib.Trace {
	opt := gdlib.Must(gdlib.NewSGD(s.Dim, gdlib.SGDConfig{LR: lr}))
	return gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps, Label: label}))
}

// RunHeavyBall runs Polyak's heavy-ball momentum, v ← μv − η∇f(x), x ← x + v (gdlib's
// Momentum; at a constant η its PyTorch form gives the same iterates), from x0 for steps steps.
func RunHeavyBall(s gdlib.Surface, x0 []float64, lr, mu float64, steps int, label string) gdlib.Trace {
	opt := gdlib.Must(gdlib.NewMomentum(s.Dim, gdlib.MomentumConfig{LR: lr, Momentum: mu}))
	return gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps, Label: label}))
}

// RunNesterov runs Nesterov's accelerated gradient (gdlib's Nesterov, PyTorch's form) from
// x0 for steps steps.
func RunNesterov(s gdlib.Surface, x0 []float64, lr, mu float64, steps int, label string) gdlib.Trace {
	opt := gdlib.Must(gdlib.NewNesterov(s.Dim, gdlib.NesterovConfig{LR: lr, Momentum: mu}))
	return gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps, Label: label}))
}

// Overshoot is how far the iterates of tr went past the minimum at the origin, measured along
// the unit direction dir that points towards the start: the largest −x_k·dir, or 0 if they
// never crossed.
func Overshoot(tr gdlib.Trace, dir []float64) float64 {
	far := 0.0
	for _, x := range tr.X {
		var d float64
		for i := range x {
			d -= x[i] * dir[i]
		}
		far = math.Max(far, d)
	}
	return far
}
