package gdlib

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// This file holds the course's test surfaces. Every surface has hand-written F, Grad and
// Hess; surface_test.go checks each of them against hyperdual numbers (exact to rounding)
// and against gonum's finite differences, and checks the listed stationary points.
//
// Conventions: Minima lists global minima first, then local ones. Saddles lists the other
// known stationary points that are not extrema. Where a surface has maxima they are given by
// a separate function (HimmelblauMaximum, SixHumpCamelMaxima) because Surface has no field
// for them. FMin is math.Inf(-1) for surfaces that are unbounded below.

// Quadratic returns the 2-D quadratic f(x) = ½ xᵀAx with A = R(theta) diag(lambda1, lambda2)
// R(theta)ᵀ, where R(theta) rotates by theta radians: lambda1 is the curvature along the
// direction (cos θ, sin θ), lambda2 along (−sin θ, cos θ). The Hessian is A everywhere, so
// plain gradient descent with learning rate lr is stable exactly when lr < 2/max(λ), and the
// condition number is max(λ)/min(λ).
//
// With both eigenvalues positive the origin is the unique minimum (FMin = 0). With one
// positive and one negative eigenvalue the origin is a saddle and FMin = −Inf. With both
// negative it is a maximum, and with an eigenvalue of zero a degenerate stationary point:
// in both cases it is listed nowhere.
//
// The Window is the bounding box of the level set f = 2·min|λ| (the ellipse reaches distance
// 2 along the flattest direction), widened so neither side is under 40% of the other.
func Quadratic(lambda1, lambda2, theta float64) Surface {
	c, s := math.Cos(theta), math.Sin(theta)
	a11 := lambda1*c*c + lambda2*s*s
	a12 := (lambda1 - lambda2) * c * s
	a22 := lambda1*s*s + lambda2*c*c
	sf := Surface{
		Name: fmt.Sprintf("Quadratic(λ=%g,%g, θ=%.3g)", lambda1, lambda2, theta),
		Dim:  2,
		F: func(x []float64) float64 {
			return 0.5 * (a11*x[0]*x[0] + 2*a12*x[0]*x[1] + a22*x[1]*x[1])
		},
		Grad: func(g, x []float64) {
			g[0] = a11*x[0] + a12*x[1]
			g[1] = a12*x[0] + a22*x[1]
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, a11)
			h.SetSym(0, 1, a12)
			h.SetSym(1, 1, a22)
		},
	}
	switch {
	case lambda1 > 0 && lambda2 > 0:
		sf.Minima = [][]float64{{0, 0}}
		sf.FMin = 0
	case lambda1*lambda2 < 0:
		sf.Saddles = [][]float64{{0, 0}}
		sf.FMin = math.Inf(-1)
	default:
		sf.FMin = math.Inf(-1)
		if lambda1 >= 0 && lambda2 >= 0 {
			sf.FMin = 0
		}
	}
	// Half-extents of the ellipse sum_i λ_i u_i² = r² with r² = 4·min|λ|, in the x and y axes:
	// along an eigen-direction v_i the ellipse reaches r/sqrt(|λ_i|).
	l1, l2 := math.Abs(lambda1), math.Abs(lambda2)
	if l1 == 0 {
		l1 = l2
	}
	if l2 == 0 {
		l2 = l1
	}
	if l1 == 0 {
		l1, l2 = 1, 1
	}
	r2 := 4 * math.Min(l1, l2)
	hx := math.Sqrt(r2 * (c*c/l1 + s*s/l2))
	hy := math.Sqrt(r2 * (s*s/l1 + c*c/l2))
	m := math.Max(hx, hy)
	hx = math.Max(hx, 0.4*m)
	hy = math.Max(hy, 0.4*m)
	sf.Window = [4]float64{-hx, hx, -hy, hy}
	return sf
}

// IllConditioned returns the axis-aligned quadratic f(x, y) = ½ (x²/kappa + y²): curvature
// 1/kappa along x (the long, flat valley floor) and 1 along y (the steep walls), so the
// condition number is kappa, the stability limit of gradient descent is lr < 2 for every
// kappa, and with lr = 1 the error along x shrinks only by the factor (1 − 1/kappa) per step.
// It is Quadratic(1/kappa, 1, 0); use Quadratic with theta ≠ 0 for a rotated valley, where
// per-coordinate methods (AdaGrad, RMSProp, Adam) lose their axis-aligned advantage.
// Its Window is {−2, 2, −0.8, 0.8} for κ ≥ 6.25 (the valley floor is 2 long each way).
func IllConditioned(kappa float64) Surface {
	s := Quadratic(1/kappa, 1, 0)
	s.Name = fmt.Sprintf("IllConditioned(κ=%g)", kappa)
	return s
}

// Rosenbrock returns f(x, y) = (a − x)² + b (y − x²)² with a = 1, b = 100: a curved, narrow
// valley with the global minimum f = 0 at (1, 1). Its Hessian at the minimum has eigenvalues
// about 1001.6 and 0.4 (condition number about 2508). Same function as gonum's
// functions.ExtendedRosenbrock in two dimensions.
func Rosenbrock() Surface {
	const a, b = 1.0, 100.0
	return Surface{
		Name: "Rosenbrock",
		Dim:  2,
		F: func(x []float64) float64 {
			u, v := a-x[0], x[1]-x[0]*x[0]
			return u*u + b*v*v
		},
		Grad: func(g, x []float64) {
			v := x[1] - x[0]*x[0]
			g[0] = -2*(a-x[0]) - 4*b*x[0]*v
			g[1] = 2 * b * v
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 2-4*b*x[1]+12*b*x[0]*x[0])
			h.SetSym(0, 1, -4*b*x[0])
			h.SetSym(1, 1, 2*b)
		},
		Minima: [][]float64{{1, 1}},
		FMin:   0,
		Window: [4]float64{-2, 2, -1, 3},
	}
}

// Beale returns f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², with the
// global minimum f = 0 at (3, 0.5), flat arms along y ≈ 1 and steep walls for |y| > 1, and a
// saddle at (0, 1) with f = 14.203125. Same function as gonum's functions.Beale.
func Beale() Surface {
	return Surface{
		Name: "Beale",
		Dim:  2,
		F: func(x []float64) float64 {
			X, Y := x[0], x[1]
			t1 := 1.5 - X + X*Y
			t2 := 2.25 - X + X*Y*Y
			t3 := 2.625 - X + X*Y*Y*Y
			return t1*t1 + t2*t2 + t3*t3
		},
		Grad: func(g, x []float64) {
			X, Y := x[0], x[1]
			t1 := 1.5 - X + X*Y
			t2 := 2.25 - X + X*Y*Y
			t3 := 2.625 - X + X*Y*Y*Y
			g[0] = 2 * (t1*(Y-1) + t2*(Y*Y-1) + t3*(Y*Y*Y-1))
			g[1] = 2 * X * (t1 + 2*Y*t2 + 3*Y*Y*t3)
		},
		Hess: func(h *mat.SymDense, x []float64) {
			X, Y := x[0], x[1]
			t1 := 1.5 - X + X*Y
			t2 := 2.25 - X + X*Y*Y
			t3 := 2.625 - X + X*Y*Y*Y
			// partial derivatives of t1, t2, t3
			a1, a2, a3 := Y-1, Y*Y-1, Y*Y*Y-1     // d/dx
			b1, b2, b3 := X, 2*X*Y, 3*X*Y*Y       // d/dy
			c1, c2, c3 := 1.0, 2*Y, 3*Y*Y         // d²/dxdy
			d1, d2, d3 := 0.0, 2*X, 6*X*Y         // d²/dy²
			h.SetSym(0, 0, 2*(a1*a1+a2*a2+a3*a3)) // d²t/dx² = 0
			h.SetSym(0, 1, 2*(a1*b1+a2*b2+a3*b3+t1*c1+t2*c2+t3*c3))
			h.SetSym(1, 1, 2*(b1*b1+b2*b2+b3*b3+t1*d1+t2*d2+t3*d3))
		},
		Minima:  [][]float64{{3, 0.5}},
		Saddles: [][]float64{{0, 1}},
		FMin:    0,
		Window:  [4]float64{-4.5, 4.5, -4.5, 4.5},
	}
}

// Himmelblau returns f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four global minima with f = 0,
// four saddle points and one local maximum (HimmelblauMaximum). Coordinates of the
// non-integer points were found by Newton's method on the gradient to full precision.
func Himmelblau() Surface {
	return Surface{
		Name: "Himmelblau",
		Dim:  2,
		F: func(x []float64) float64 {
			a := x[0]*x[0] + x[1] - 11
			b := x[0] + x[1]*x[1] - 7
			return a*a + b*b
		},
		Grad: func(g, x []float64) {
			a := x[0]*x[0] + x[1] - 11
			b := x[0] + x[1]*x[1] - 7
			g[0] = 4*x[0]*a + 2*b
			g[1] = 2*a + 4*x[1]*b
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 12*x[0]*x[0]+4*x[1]-42)
			h.SetSym(0, 1, 4*x[0]+4*x[1])
			h.SetSym(1, 1, 12*x[1]*x[1]+4*x[0]-26)
		},
		Minima: [][]float64{
			{3, 2},
			{-2.805118086952745, 3.131312518250573},
			{-3.779310253377747, -3.283185991286169},
			{3.5844283403304917, -1.8481265269644036},
		},
		Saddles: [][]float64{
			{3.385154183607021, 0.07385187983774928},    // f ≈ 13.312
			{0.08667750455539634, 2.884254701174776},    // f ≈ 67.719
			{-3.0730257507643897, -0.08135304428796751}, // f ≈ 104.02
			{-0.12796134673068005, -1.9537149802445766}, // f ≈ 178.34
		},
		FMin:   0,
		Window: [4]float64{-5, 5, -5, 5},
	}
}

// HimmelblauMaximum returns Himmelblau's only local maximum, about (−0.2708, −0.9230) with
// f ≈ 181.617.
func HimmelblauMaximum() []float64 {
	return []float64{-0.27084459066734762, -0.92303855647998134}
}

// Booth returns f(x, y) = (x + 2y − 7)² + (2x + y − 5)², a convex quadratic with the minimum
// f = 0 at (1, 3) and Hessian [[10, 8], [8, 10]] (eigenvalues 18 and 2).
func Booth() Surface {
	return Surface{
		Name: "Booth",
		Dim:  2,
		F: func(x []float64) float64 {
			a := x[0] + 2*x[1] - 7
			b := 2*x[0] + x[1] - 5
			return a*a + b*b
		},
		Grad: func(g, x []float64) {
			a := x[0] + 2*x[1] - 7
			b := 2*x[0] + x[1] - 5
			g[0] = 2*a + 4*b
			g[1] = 4*a + 2*b
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 10)
			h.SetSym(0, 1, 8)
			h.SetSym(1, 1, 10)
		},
		Minima: [][]float64{{1, 3}},
		FMin:   0,
		Window: [4]float64{-10, 10, -10, 10},
	}
}

// SixHumpCamel returns f(x, y) = (4 − 2.1x² + x⁴/3) x² + xy + (−4 + 4y²) y² (the convention of
// gonum's functions.CamelSix and of the Virtual Library of Simulation Experiments): two global
// minima f ≈ −1.0316 at ±(0.0898, −0.7127), four local minima, seven saddles (one at the
// origin) and two maxima (SixHumpCamelMaxima). The points were found by Newton's method on the
// gradient from a 61×61 grid of starts.
func SixHumpCamel() Surface {
	return Surface{
		Name: "SixHumpCamel",
		Dim:  2,
		F: func(x []float64) float64 {
			X, Y := x[0], x[1]
			x2, y2 := X*X, Y*Y
			return (4-2.1*x2+x2*x2/3)*x2 + X*Y + (-4+4*y2)*y2
		},
		Grad: func(g, x []float64) {
			X, Y := x[0], x[1]
			g[0] = 8*X - 8.4*X*X*X + 2*X*X*X*X*X + Y
			g[1] = X - 8*Y + 16*Y*Y*Y
		},
		Hess: func(h *mat.SymDense, x []float64) {
			X, Y := x[0], x[1]
			h.SetSym(0, 0, 8-25.2*X*X+10*X*X*X*X)
			h.SetSym(0, 1, 1)
			h.SetSym(1, 1, -8+48*Y*Y)
		},
		Minima: [][]float64{
			{0.08984201310031807, -0.7126564030207396},
			{-0.08984201310031807, 0.7126564030207396},
			{-1.7036067149699807, 0.7960835686726252},
			{1.7036067149699807, -0.7960835686726252},
			{-1.6071047529201976, -0.5686514548841313},
			{1.6071047529201976, 0.5686514548841313},
		},
		Saddles: [][]float64{
			{0, 0},
			{-1.1092053368047863, 0.7682680925095398},
			{1.1092053368047863, -0.7682680925095398},
			{-1.6380679841897785, -0.22867406904439408},
			{1.6380679841897785, 0.22867406904439408},
			{-1.2960702671671092, -0.6050843880386585},
			{1.2960702671671092, 0.6050843880386585},
		},
		FMin:   -1.0316284534898774,
		Window: [4]float64{-2.2, 2.2, -1.2, 1.2},
	}
}

// SixHumpCamelMaxima returns the two local maxima of SixHumpCamel, ±(1.2302, 0.1623), f ≈ 2.496.
func SixHumpCamelMaxima() [][]float64 {
	return [][]float64{
		{-1.2302298765166524, -0.16233458445899493},
		{1.2302298765166524, 0.16233458445899493},
	}
}

// Saddle returns f(x, y) = x² − y²: a saddle at the origin with Hessian diag(2, −2). It is
// unbounded below (FMin = −Inf). Gradient descent started exactly on the x-axis converges to
// the saddle; any offset in y grows by the factor (1 + 2lr) per step.
func Saddle() Surface {
	return Surface{
		Name: "Saddle x²−y²",
		Dim:  2,
		F:    func(x []float64) float64 { return x[0]*x[0] - x[1]*x[1] },
		Grad: func(g, x []float64) {
			g[0] = 2 * x[0]
			g[1] = -2 * x[1]
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 2)
			h.SetSym(0, 1, 0)
			h.SetSym(1, 1, -2)
		},
		Saddles: [][]float64{{0, 0}},
		FMin:    math.Inf(-1),
		Window:  [4]float64{-2, 2, -2, 2},
	}
}

// MonkeySaddle returns f(x, y) = x³ − 3xy²: three descending valleys meet at the origin. The
// origin is a degenerate saddle: the gradient and the whole Hessian vanish there, so the
// second-order test says nothing and escaping is slower than from x² − y² (the gradient grows
// only quadratically with the distance). Unbounded below (FMin = −Inf).
func MonkeySaddle() Surface {
	return Surface{
		Name: "MonkeySaddle x³−3xy²",
		Dim:  2,
		F:    func(x []float64) float64 { return x[0]*x[0]*x[0] - 3*x[0]*x[1]*x[1] },
		Grad: func(g, x []float64) {
			g[0] = 3*x[0]*x[0] - 3*x[1]*x[1]
			g[1] = -6 * x[0] * x[1]
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 6*x[0])
			h.SetSym(0, 1, -6*x[1])
			h.SetSym(1, 1, -6*x[0])
		},
		Saddles: [][]float64{{0, 0}},
		FMin:    math.Inf(-1),
		Window:  [4]float64{-1.5, 1.5, -1.5, 1.5},
	}
}

// Cubic returns the 1-D f(x) = x³. Its only stationary point, x = 0, is listed in Saddles for
// want of a better field, but it is not a saddle point: in one dimension there is no
// direction of positive and one of negative curvature. f′(0) = f″(0) = 0 and f‴(0) = 6, so
// x = 0 is a degenerate stationary point, an inflection point. Gradient descent from x > 0
// slows down there (f' = 3x² vanishes quadratically) and, with small steps, approaches 0 without
// crossing it; any start x < 0 runs off to −Inf (FMin = −Inf). Window is {xmin, xmax, fmin, fmax}.
func Cubic() Surface {
	return Surface{
		Name:    "Cubic x³",
		Dim:     1,
		F:       func(x []float64) float64 { return x[0] * x[0] * x[0] },
		Grad:    func(g, x []float64) { g[0] = 3 * x[0] * x[0] },
		Hess:    func(h *mat.SymDense, x []float64) { h.SetSym(0, 0, 6*x[0]) },
		Saddles: [][]float64{{0}},
		FMin:    math.Inf(-1),
		Window:  [4]float64{-2, 2, -8, 8},
	}
}

// PlateauTarget is the target t of SigmoidPlateau: f(x) = (σ(x) − t)².
const PlateauTarget = 0.9

// sigmoidStable is the logistic function 1/(1+e^−x), evaluated without overflow.
func sigmoidStable(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// plateau1 returns g(x) = (σ(x) − t)², g′ and g″ for t = PlateauTarget.
func plateau1(x float64) (g, d1, d2 float64) {
	s := sigmoidStable(x)
	ds := s * (1 - s)
	dds := ds * (1 - 2*s)
	r := s - PlateauTarget
	return r * r, 2 * r * ds, 2*ds*ds + 2*r*dds
}

// SigmoidPlateau returns the 1-D f(x) = (σ(x) − 0.9)² with σ(x) = 1/(1 + e^−x): the squared error
// of one sigmoid unit with pre-activation x and target 0.9. The minimum f = 0 is at
// x* = ln 9 ≈ 2.197. For x ≪ 0 the unit saturates: f ≈ 0.81 and f'(x) ≈ −1.8 eˣ, so the
// curve is a long, almost flat plateau (f'(−10) ≈ −8e−5) on which gradient descent crawls;
// for x ≫ 0 it saturates the other way (f → 0.01). Window is {xmin, xmax, fmin, fmax}.
func SigmoidPlateau() Surface {
	return Surface{
		Name: "SigmoidPlateau (σ(x)−0.9)²",
		Dim:  1,
		F:    func(x []float64) float64 { g, _, _ := plateau1(x[0]); return g },
		Grad: func(g, x []float64) { _, g[0], _ = plateau1(x[0]) },
		Hess: func(h *mat.SymDense, x []float64) {
			_, _, d2 := plateau1(x[0])
			h.SetSym(0, 0, d2)
		},
		Minima: [][]float64{{math.Log(9)}},
		FMin:   0,
		Window: [4]float64{-10, 6, 0, 0.85},
	}
}

// SigmoidPlateau2D returns f(x, y) = (σ(x) − 0.9)² + (σ(y) − 0.9)², the 2-D version of
// SigmoidPlateau, for contour plots: a flat plateau (f ≈ 1.62) where both units saturate
// (x, y ≪ 0), flat shelves where one does, and the minimum f = 0 at (ln 9, ln 9).
func SigmoidPlateau2D() Surface {
	return Surface{
		Name: "SigmoidPlateau2D",
		Dim:  2,
		F: func(x []float64) float64 {
			a, _, _ := plateau1(x[0])
			b, _, _ := plateau1(x[1])
			return a + b
		},
		Grad: func(g, x []float64) {
			_, g[0], _ = plateau1(x[0])
			_, g[1], _ = plateau1(x[1])
		},
		Hess: func(h *mat.SymDense, x []float64) {
			_, _, a := plateau1(x[0])
			_, _, b := plateau1(x[1])
			h.SetSym(0, 0, a)
			h.SetSym(0, 1, 0)
			h.SetSym(1, 1, b)
		},
		Minima: [][]float64{{math.Log(9), math.Log(9)}},
		FMin:   0,
		Window: [4]float64{-10, 6, -10, 6},
	}
}

// rastrigin1Stationary returns the stationary point of g(x) = x² − 10cos(2πx) that Newton's
// method on g′ reaches from x0 (from an integer k: the local minimum near k).
func rastrigin1Stationary(x0 float64) float64 {
	x := x0
	for i := 0; i < 50; i++ {
		d1 := 2*x + 20*math.Pi*math.Sin(2*math.Pi*x)
		d2 := 2 + 40*math.Pi*math.Pi*math.Cos(2*math.Pi*x)
		x -= d1 / d2
	}
	return x
}

// Rastrigin returns the 2-D f(x, y) = 20 + Σ (x_i² − 10 cos 2πx_i) (gonum's functions.Rastrigin
// in two dimensions): a bowl covered in a grid of bumps. The global minimum f = 0 is at the
// origin; Minima also lists the 120 local minima in the Window [−5.12, 5.12]², one near each
// integer point (slightly pulled toward the origin), computed by Newton's method. Saddles
// (a local minimum in one coordinate and a local maximum in the other) are not listed.
func Rastrigin() Surface {
	var mins1 []float64
	for k := -5; k <= 5; k++ {
		mins1 = append(mins1, rastrigin1Stationary(float64(k)))
	}
	minima := [][]float64{{0, 0}}
	for _, a := range mins1 {
		for _, b := range mins1 {
			if a == 0 && b == 0 {
				continue
			}
			minima = append(minima, []float64{a, b})
		}
	}
	return Surface{
		Name: "Rastrigin",
		Dim:  2,
		F: func(x []float64) float64 {
			f := 20.0
			for _, v := range x {
				f += v*v - 10*math.Cos(2*math.Pi*v)
			}
			return f
		},
		Grad: func(g, x []float64) {
			for i, v := range x {
				g[i] = 2*v + 20*math.Pi*math.Sin(2*math.Pi*v)
			}
		},
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 2+40*math.Pi*math.Pi*math.Cos(2*math.Pi*x[0]))
			h.SetSym(0, 1, 0)
			h.SetSym(1, 1, 2+40*math.Pi*math.Pi*math.Cos(2*math.Pi*x[1]))
		},
		Minima: minima,
		FMin:   0,
		Window: [4]float64{-5.12, 5.12, -5.12, 5.12},
	}
}

// Ackley returns the 2-D Ackley function (gonum's functions.Ackley with d = 2):
//
//	f(x) = −20 exp(−0.2 s) − exp((cos 2πx₀ + cos 2πx₁)/2) + 20 + e,  s = sqrt((x₀² + x₁²)/2),
//
// a nearly flat outer region full of local minima around a deep funnel with the global minimum
// f = 0 at the origin. The first term is a cone, not differentiable at the origin: there Grad
// returns 0 (the minimum; 0 is in the subdifferential) and Hess returns only the Hessian of the
// smooth cosine term, diag(2π²e) (the cone's curvature is unbounded as x → 0). Local minima
// are not listed.
func Ackley() Surface {
	const d = 2.0
	return Surface{
		Name: "Ackley",
		Dim:  2,
		F: func(x []float64) float64 {
			ss := x[0]*x[0] + x[1]*x[1]
			sc := math.Cos(2*math.Pi*x[0]) + math.Cos(2*math.Pi*x[1])
			return -20*math.Exp(-0.2*math.Sqrt(ss/d)) - math.Exp(sc/d) + 20 + math.E
		},
		Grad: func(g, x []float64) {
			ss := x[0]*x[0] + x[1]*x[1]
			ec := math.Exp((math.Cos(2*math.Pi*x[0]) + math.Cos(2*math.Pi*x[1])) / d)
			var cone float64
			if ss > 0 {
				s := math.Sqrt(ss / d)
				cone = 4 * math.Exp(-0.2*s) / (d * s)
			}
			for i := 0; i < 2; i++ {
				g[i] = cone*x[i] + 2*math.Pi/d*ec*math.Sin(2*math.Pi*x[i])
			}
		},
		Hess: func(h *mat.SymDense, x []float64) {
			ss := x[0]*x[0] + x[1]*x[1]
			ec := math.Exp((math.Cos(2*math.Pi*x[0]) + math.Cos(2*math.Pi*x[1])) / d)
			sn := [2]float64{math.Sin(2 * math.Pi * x[0]), math.Sin(2 * math.Pi * x[1])}
			cs := [2]float64{math.Cos(2 * math.Pi * x[0]), math.Cos(2 * math.Pi * x[1])}
			var s, es float64
			if ss > 0 {
				s = math.Sqrt(ss / d)
				es = 4 / d * math.Exp(-0.2*s)
			}
			for i := 0; i < 2; i++ {
				for j := i; j < 2; j++ {
					var v float64
					if ss > 0 {
						v = -x[i] * x[j] * (1/(d*s*s*s) + 0.2/(d*s*s))
						if i == j {
							v += 1 / s
						}
						v *= es
					}
					w := -sn[i] * sn[j] / d
					if i == j {
						w += cs[i]
					}
					v += 4 * math.Pi * math.Pi / d * ec * w
					h.SetSym(i, j, v)
				}
			}
		},
		Minima: [][]float64{{0, 0}},
		FMin:   0,
		Window: [4]float64{-5, 5, -5, 5},
	}
}
