package gdlib

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/num/hyperdual"
	"gonum.org/v1/gonum/optimize/functions"
)

// The reference implementations below write every surface a second time, in hyperdual
// numbers, from its textbook formula (not from the hand-written code); FromFunc turns each
// into exact gradients and Hessians.

type hd = hyperdual.Number

func hc(v float64) hd { return hd{Real: v} }
func hsq(a hd) hd     { return hyperdual.Mul(a, a) }
func hadd(a ...hd) hd {
	s := a[0]
	for _, v := range a[1:] {
		s = hyperdual.Add(s, v)
	}
	return s
}
func hmul(a ...hd) hd {
	s := a[0]
	for _, v := range a[1:] {
		s = hyperdual.Mul(s, v)
	}
	return s
}
func hsc(f float64, a hd) hd  { return hyperdual.Scale(f, a) }
func hsig(a hd) hd            { return hyperdual.Inv(hadd(hc(1), hyperdual.Exp(hsc(-1, a)))) }
func hcos2pi(a hd) hd         { return hyperdual.Cos(hsc(2*math.Pi, a)) }
func hpow(a hd, p float64) hd { return hyperdual.PowReal(a, p) }

type surfaceCase struct {
	s  Surface
	hd func(x []hd) hd
	// degenerate lists saddles whose Hessian vanishes (no second-order classification).
	degenerate bool
	// skipFDAt0 skips finite differences at the origin (non-differentiable there).
	skipFDAt0 bool
	maxima    [][]float64
}

func quadHD(l1, l2, th float64) func(x []hd) hd {
	c, s := math.Cos(th), math.Sin(th)
	return func(x []hd) hd {
		u := hadd(hsc(c, x[0]), hsc(s, x[1]))  // coordinate along (cos θ, sin θ)
		v := hadd(hsc(-s, x[0]), hsc(c, x[1])) // along (−sin θ, cos θ)
		return hsc(0.5, hadd(hsc(l1, hsq(u)), hsc(l2, hsq(v))))
	}
}

func surfaceCases() []surfaceCase {
	return []surfaceCase{
		{s: Quadratic(3, 0.5, 0.7), hd: quadHD(3, 0.5, 0.7)},
		{s: Quadratic(2, -1, -0.3), hd: quadHD(2, -1, -0.3)},
		{s: IllConditioned(100), hd: quadHD(0.01, 1, 0)},
		{s: Rosenbrock(), hd: func(x []hd) hd {
			return hadd(hsq(hadd(hc(1), hsc(-1, x[0]))), hsc(100, hsq(hadd(x[1], hsc(-1, hsq(x[0]))))))
		}},
		{s: Beale(), hd: func(x []hd) hd {
			X, Y := x[0], x[1]
			t := func(c float64, p float64) hd { return hadd(hc(c), hsc(-1, X), hmul(X, hpow(Y, p))) }
			return hadd(hsq(t(1.5, 1)), hsq(t(2.25, 2)), hsq(t(2.625, 3)))
		}},
		{s: Himmelblau(), maxima: [][]float64{HimmelblauMaximum()}, hd: func(x []hd) hd {
			return hadd(hsq(hadd(hsq(x[0]), x[1], hc(-11))), hsq(hadd(x[0], hsq(x[1]), hc(-7))))
		}},
		{s: Booth(), hd: func(x []hd) hd {
			return hadd(hsq(hadd(x[0], hsc(2, x[1]), hc(-7))), hsq(hadd(hsc(2, x[0]), x[1], hc(-5))))
		}},
		{s: SixHumpCamel(), maxima: SixHumpCamelMaxima(), hd: func(x []hd) hd {
			X, Y := x[0], x[1]
			a := hmul(hadd(hc(4), hsc(-2.1, hsq(X)), hsc(1.0/3, hpow(X, 4))), hsq(X))
			b := hmul(hadd(hc(-4), hsc(4, hsq(Y))), hsq(Y))
			return hadd(a, hmul(X, Y), b)
		}},
		{s: Saddle(), hd: func(x []hd) hd { return hadd(hsq(x[0]), hsc(-1, hsq(x[1]))) }},
		{s: MonkeySaddle(), degenerate: true, hd: func(x []hd) hd {
			return hadd(hmul(x[0], x[0], x[0]), hsc(-3, hmul(x[0], x[1], x[1])))
		}},
		{s: Cubic(), degenerate: true, hd: func(x []hd) hd { return hmul(x[0], x[0], x[0]) }},
		{s: SigmoidPlateau(), hd: func(x []hd) hd { return hsq(hadd(hsig(x[0]), hc(-0.9))) }},
		{s: SigmoidPlateau2D(), hd: func(x []hd) hd {
			return hadd(hsq(hadd(hsig(x[0]), hc(-0.9))), hsq(hadd(hsig(x[1]), hc(-0.9))))
		}},
		{s: Rastrigin(), hd: func(x []hd) hd {
			return hadd(hc(20), hsq(x[0]), hsc(-10, hcos2pi(x[0])), hsq(x[1]), hsc(-10, hcos2pi(x[1])))
		}},
		{s: Ackley(), skipFDAt0: true, hd: func(x []hd) hd {
			r := hyperdual.Sqrt(hsc(0.5, hadd(hsq(x[0]), hsq(x[1]))))
			a := hsc(-20, hyperdual.Exp(hsc(-0.2, r)))
			b := hsc(-1, hyperdual.Exp(hsc(0.5, hadd(hcos2pi(x[0]), hcos2pi(x[1])))))
			return hadd(a, b, hc(20+math.E))
		}},
	}
}

// testPoints returns seeded points inside the central 80% of the window, plus the listed
// stationary points.
func testPoints(s Surface, n int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	var pts [][]float64
	for k := 0; k < n; k++ {
		x := make([]float64, s.Dim)
		for i := range x {
			lo, hi := s.Window[2*i], s.Window[2*i+1]
			mid, half := (lo+hi)/2, (hi-lo)/2
			x[i] = mid + 0.8*half*(2*r.Float64()-1)
		}
		pts = append(pts, x)
	}
	pts = append(pts, s.Minima...)
	pts = append(pts, s.Saddles...)
	return pts
}

func closeRel(a, b, tol, scale float64) bool {
	return math.Abs(a-b) <= tol*(scale+math.Abs(b))
}

func TestSurfacesAgainstHyperdual(t *testing.T) {
	for _, c := range surfaceCases() {
		s := c.s
		ref := FromFunc("ref "+s.Name, s.Dim, c.hd)
		g, gr := make([]float64, s.Dim), make([]float64, s.Dim)
		h, hr := mat.NewSymDense(s.Dim, nil), mat.NewSymDense(s.Dim, nil)
		pts := testPoints(s, 12, 7)
		if len(s.Minima) > 10 {
			pts = testPoints(Surface{Dim: s.Dim, Window: s.Window, Minima: s.Minima[:10]}, 12, 7)
		}
		for _, x := range pts {
			if c.skipFDAt0 && x[0] == 0 && x[1] == 0 {
				continue
			}
			if f, fr := s.F(x), ref.F(x); !closeRel(f, fr, 1e-12, 1) {
				t.Errorf("%s: F(%v) = %.17g, hyperdual %.17g", s.Name, x, f, fr)
			}
			s.Grad(g, x)
			ref.Grad(gr, x)
			s.Hess(h, x)
			ref.Hess(hr, x)
			scale := 1 + mat.Norm(hr, math.Inf(1))
			for i := range g {
				if !closeRel(g[i], gr[i], 1e-11, scale) {
					t.Errorf("%s: ∂f/∂x%d at %v = %.17g, hyperdual %.17g", s.Name, i, x, g[i], gr[i])
				}
				for j := range g {
					if !closeRel(h.At(i, j), hr.At(i, j), 1e-11, scale) {
						t.Errorf("%s: H[%d,%d] at %v = %.17g, hyperdual %.17g", s.Name, i, j, x, h.At(i, j), hr.At(i, j))
					}
				}
			}
		}
	}
}

func TestSurfacesAgainstFiniteDifferences(t *testing.T) {
	for _, c := range surfaceCases() {
		s := c.s
		g := make([]float64, s.Dim)
		h := mat.NewSymDense(s.Dim, nil)
		for _, x := range testPoints(s, 6, 11) {
			if c.skipFDAt0 && x[0] == 0 && x[1] == 0 {
				continue
			}
			s.Grad(g, x)
			s.Hess(h, x)
			gfd := fd.Gradient(nil, s.F, x, &fd.Settings{Formula: fd.Central})
			var hfd mat.SymDense
			fd.Hessian(&hfd, s.F, x, &fd.Settings{Formula: fd.Central})
			fscale := 1 + math.Abs(s.F(x))
			hscale := 1 + mat.Norm(h, math.Inf(1))
			for i := range g {
				if !closeRel(gfd[i], g[i], 1e-6, fscale) {
					t.Errorf("%s: ∂f/∂x%d at %v = %g, central differences %g", s.Name, i, x, g[i], gfd[i])
				}
				for j := range g {
					if !closeRel(hfd.At(i, j), h.At(i, j), 2e-3, hscale) {
						t.Errorf("%s: H[%d,%d] at %v = %g, finite differences %g", s.Name, i, j, x, h.At(i, j), hfd.At(i, j))
					}
				}
			}
		}
	}
}

func eigenvalues(t *testing.T, h *mat.SymDense) []float64 {
	var e mat.EigenSym
	if !e.Factorize(h, false) {
		t.Fatal("eigendecomposition failed")
	}
	return e.Values(nil)
}

func TestStationaryPoints(t *testing.T) {
	for _, c := range surfaceCases() {
		s := c.s
		g := make([]float64, s.Dim)
		h := mat.NewSymDense(s.Dim, nil)
		check := func(kind string, x []float64) []float64 {
			s.Grad(g, x)
			s.Hess(h, x)
			scale := 1 + mat.Norm(h, math.Inf(1))*(1+math.Abs(x[0]))
			if n := math.Sqrt(dot(g, g)); n > 1e-12*scale {
				t.Errorf("%s: |∇f| = %g at listed %s %v", s.Name, n, kind, x)
			}
			return eigenvalues(t, h)
		}
		for k, x := range s.Minima {
			ev := check("minimum", x)
			for _, e := range ev {
				if e <= 0 {
					t.Errorf("%s: minimum %v has Hessian eigenvalues %v, want all > 0", s.Name, x, ev)
				}
			}
			if k == 0 && !closeRel(s.F(x), s.FMin, 1e-12, 1) {
				t.Errorf("%s: f at first minimum = %g, FMin = %g", s.Name, s.F(x), s.FMin)
			}
			if s.F(x) < s.FMin-1e-12 {
				t.Errorf("%s: minimum %v has f = %g below FMin %g", s.Name, x, s.F(x), s.FMin)
			}
		}
		for _, x := range s.Saddles {
			ev := check("saddle", x)
			if c.degenerate {
				for _, e := range ev {
					if e != 0 {
						t.Errorf("%s: degenerate point %v has Hessian eigenvalues %v, want 0", s.Name, x, ev)
					}
				}
				// Still not a minimum: f takes smaller values arbitrarily close.
				y := append([]float64(nil), x...)
				y[0] -= 1e-3
				if s.F(y) >= s.F(x) {
					t.Errorf("%s: f does not decrease next to %v", s.Name, x)
				}
				continue
			}
			if ev[0] >= 0 || ev[len(ev)-1] <= 0 {
				t.Errorf("%s: saddle %v has Hessian eigenvalues %v, want mixed signs", s.Name, x, ev)
			}
		}
		for _, x := range c.maxima {
			ev := check("maximum", x)
			for _, e := range ev {
				if e >= 0 {
					t.Errorf("%s: maximum %v has Hessian eigenvalues %v, want all < 0", s.Name, x, ev)
				}
			}
		}
		// FMin is a lower bound on a grid over the window.
		if !math.IsInf(s.FMin, -1) && s.Dim == 2 {
			for i := 0; i <= 40; i++ {
				for j := 0; j <= 40; j++ {
					x := []float64{
						s.Window[0] + (s.Window[1]-s.Window[0])*float64(i)/40,
						s.Window[2] + (s.Window[3]-s.Window[2])*float64(j)/40,
					}
					if f := s.F(x); f < s.FMin-1e-12 {
						t.Errorf("%s: f(%v) = %g < FMin = %g", s.Name, x, f, s.FMin)
					}
				}
			}
		}
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestStationaryByNewton starts Newton's method on the gradient (x ← x − H⁻¹∇f, with the
// Grad and Hess checked above) next to each listed stationary point and checks that it
// converges back to the listed coordinates. (gonum's optimize package itself cannot be used
// here: it imports stat/distmv, whose dependency golang.org/x/tools is not in our go.sum.)
func TestStationaryByNewton(t *testing.T) {
	for _, c := range surfaceCases() {
		s := c.s
		pts := append(append([][]float64{}, s.Minima...), s.Saddles...)
		pts = append(pts, c.maxima...)
		if len(s.Minima) > 5 {
			pts = s.Minima[:5]
		}
		if c.degenerate {
			pts = s.Minima
		}
		if c.skipFDAt0 {
			continue // Ackley: a cone at its minimum, where Newton's method does not apply
		}
		g := make([]float64, s.Dim)
		h := mat.NewSymDense(s.Dim, nil)
		for _, m := range pts {
			x := append([]float64(nil), m...)
			for i := range x {
				x[i] += 0.01 * float64(i+1)
			}
			for it := 0; it < 60; it++ {
				s.Grad(g, x)
				s.Hess(h, x)
				var d mat.VecDense
				if err := d.SolveVec(h, mat.NewVecDense(s.Dim, g)); err != nil {
					t.Errorf("%s: singular Hessian near %v", s.Name, m)
					break
				}
				for i := range x {
					x[i] -= d.AtVec(i)
				}
			}
			for i := range m {
				if math.Abs(x[i]-m[i]) > 1e-9*(1+math.Abs(m[i])) {
					t.Errorf("%s: Newton from next to %v converges to %v", s.Name, m, x)
					break
				}
			}
		}
	}
}

func TestSurfacesAgainstGonumFunctions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pts := func(s Surface) [][]float64 { return testPoints(s, 20, r.Uint64()) }

	// Beale: value, gradient, Hessian and minimum.
	b := Beale()
	gb, g := make([]float64, 2), make([]float64, 2)
	hb, h := mat.NewSymDense(2, nil), mat.NewSymDense(2, nil)
	for _, x := range pts(b) {
		if !closeRel(b.F(x), functions.Beale{}.Func(x), 1e-12, 1) {
			t.Errorf("Beale F(%v) = %g, gonum %g", x, b.F(x), functions.Beale{}.Func(x))
		}
		b.Grad(g, x)
		functions.Beale{}.Grad(gb, x)
		for i := 0; i < 2; i++ {
			if !closeRel(g[i], gb[i], 1e-12, 1) {
				t.Errorf("Beale grad(%v) = %v, gonum %v", x, g, gb)
			}
		}
		// gonum v0.17.0's Beale.Hess has a typo: it computes f_i = c_i − x[1]·t_i where the
		// function has x[0]·t_i, so only H[0,0] (which does not use f_i) agrees in general,
		// and the whole Hessian agrees where x[0] = x[1]. Our Hessian is checked against
		// hyperdual numbers and finite differences above.
		b.Hess(h, x)
		functions.Beale{}.Hess(hb, x)
		if !closeRel(h.At(0, 0), hb.At(0, 0), 1e-12, 1) {
			t.Errorf("Beale Hess(%v)[0,0] = %g, gonum %g", x, h.At(0, 0), hb.At(0, 0))
		}
		d := []float64{x[0], x[0]}
		b.Hess(h, d)
		functions.Beale{}.Hess(hb, d)
		if !mat.EqualApprox(h, hb, 1e-12*(1+mat.Norm(hb, math.Inf(1)))) {
			t.Errorf("Beale Hess(%v) = %v, gonum %v", d, mat.Formatted(h), mat.Formatted(hb))
		}
	}
	gm := functions.Beale{}.Minima()[0]
	if gm.X[0] != b.Minima[0][0] || gm.X[1] != b.Minima[0][1] || gm.F != b.FMin {
		t.Errorf("Beale minimum %v f=%g, gonum %v f=%g", b.Minima[0], b.FMin, gm.X, gm.F)
	}

	// Rosenbrock: gonum's ExtendedRosenbrock in 2-D.
	rs := Rosenbrock()
	for _, x := range pts(rs) {
		rs.Grad(g, x)
		functions.ExtendedRosenbrock{}.Grad(gb, x)
		if !closeRel(rs.F(x), functions.ExtendedRosenbrock{}.Func(x), 1e-12, 1) ||
			!closeRel(g[0], gb[0], 1e-12, 1) || !closeRel(g[1], gb[1], 1e-12, 1) {
			t.Errorf("Rosenbrock at %v: f %g grad %v, gonum f %g grad %v", x, rs.F(x), g, functions.ExtendedRosenbrock{}.Func(x), gb)
		}
	}
	rm := functions.ExtendedRosenbrock{}.Minima()[0]
	if rm.X[0] != rs.Minima[0][0] || rm.X[1] != rs.Minima[0][1] || rm.F != rs.FMin {
		t.Errorf("Rosenbrock minimum %v, gonum %v", rs.Minima[0], rm.X)
	}

	// Function values of the Virtual Library of Simulation Experiments set.
	for _, tc := range []struct {
		s Surface
		f func([]float64) float64
	}{
		{SixHumpCamel(), functions.CamelSix{}.Func},
		{Rastrigin(), functions.Rastrigin{}.Func},
		{Ackley(), functions.Ackley{}.Func},
	} {
		for _, x := range pts(tc.s) {
			if !closeRel(tc.s.F(x), tc.f(x), 1e-12, 1) {
				t.Errorf("%s F(%v) = %.17g, gonum %.17g", tc.s.Name, x, tc.s.F(x), tc.f(x))
			}
		}
	}
	// Published values: six-hump camel f* = −1.0316 at ±(0.0898, −0.7126).
	if c := SixHumpCamel(); math.Abs(c.FMin+1.0316) > 1e-4 || math.Abs(c.Minima[0][0]-0.0898) > 1e-4 || math.Abs(c.Minima[0][1]+0.7126) > 1e-4 {
		t.Errorf("six-hump camel minimum %v f=%g, published ±(0.0898, −0.7126) f=−1.0316", c.Minima[0], c.FMin)
	}
	// Himmelblau's maximum: published f(−0.270845, −0.923039) = 181.617.
	if x := HimmelblauMaximum(); math.Abs(Himmelblau().F(x)-181.617) > 1e-3 {
		t.Errorf("Himmelblau max f = %g, published 181.617", Himmelblau().F(x))
	}
}

func TestQuadraticEigen(t *testing.T) {
	for _, tc := range []struct{ l1, l2, th float64 }{{1, 0.01, 0}, {4, 1, math.Pi / 6}, {2, -3, 1}} {
		s := Quadratic(tc.l1, tc.l2, tc.th)
		h := mat.NewSymDense(2, nil)
		s.Hess(h, []float64{0.3, -0.2})
		var e mat.EigenSym
		e.Factorize(h, true)
		ev := e.Values(nil)
		lo, hi := math.Min(tc.l1, tc.l2), math.Max(tc.l1, tc.l2)
		if math.Abs(ev[0]-lo) > 1e-12 || math.Abs(ev[1]-hi) > 1e-12 {
			t.Errorf("Quadratic(%v): eigenvalues %v", tc, ev)
		}
		// The eigenvector of lambda1 is (cos θ, sin θ).
		v := []float64{math.Cos(tc.th), math.Sin(tc.th)}
		hv := mat.NewVecDense(2, nil)
		hv.MulVec(h, mat.NewVecDense(2, v))
		if math.Abs(hv.AtVec(0)-tc.l1*v[0]) > 1e-12 || math.Abs(hv.AtVec(1)-tc.l1*v[1]) > 1e-12 {
			t.Errorf("Quadratic(%v): (cos θ, sin θ) is not an eigenvector for λ1", tc)
		}
	}
	ic := IllConditioned(1000)
	if ic.Window != [4]float64{-2, 2, -0.8, 0.8} {
		t.Errorf("IllConditioned window %v", ic.Window)
	}
}

func TestAckleyAtOrigin(t *testing.T) {
	s := Ackley()
	g := []float64{1, 1}
	s.Grad(g, []float64{0, 0})
	if g[0] != 0 || g[1] != 0 {
		t.Errorf("Ackley grad at 0 = %v, want 0", g)
	}
	h := mat.NewSymDense(2, nil)
	s.Hess(h, []float64{0, 0})
	want := 2 * math.Pi * math.Pi * math.E
	if !closeRel(h.At(0, 0), want, 1e-14, 0) || h.At(0, 1) != 0 {
		t.Errorf("Ackley Hess at 0 = %v, want diag(%g)", mat.Formatted(h), want)
	}
	if f := s.F([]float64{0, 0}); math.Abs(f) > 1e-15 {
		t.Errorf("Ackley f(0) = %g", f)
	}
}

func TestFromFunc(t *testing.T) {
	// f(x, y, z) = x² y + sin(z) x: gradient (2xy + sin z, x², x cos z),
	// Hessian [[2y, 2x, cos z], [2x, 0, 0], [cos z, 0, −x sin z]].
	s := FromFunc("poly", 3, func(x []hd) hd {
		return hadd(hmul(x[0], x[0], x[1]), hmul(hyperdual.Sin(x[2]), x[0]))
	})
	x := []float64{1.5, -2, 0.7}
	X, Y, Z := x[0], x[1], x[2]
	if f := s.F(x); !closeRel(f, X*X*Y+math.Sin(Z)*X, 1e-15, 0) {
		t.Errorf("F = %g", f)
	}
	g := make([]float64, 3)
	s.Grad(g, x)
	wantG := []float64{2*X*Y + math.Sin(Z), X * X, X * math.Cos(Z)}
	for i := range g {
		if !closeRel(g[i], wantG[i], 1e-15, 0) {
			t.Errorf("grad = %v, want %v", g, wantG)
		}
	}
	h := mat.NewSymDense(3, nil)
	s.Hess(h, x)
	wantH := mat.NewSymDense(3, []float64{2 * Y, 2 * X, math.Cos(Z), 2 * X, 0, 0, math.Cos(Z), 0, -X * math.Sin(Z)})
	if !mat.EqualApprox(h, wantH, 1e-14) {
		t.Errorf("Hess = %v, want %v", mat.Formatted(h), mat.Formatted(wantH))
	}
	if a := testing.AllocsPerRun(100, func() { s.F(x); s.Grad(g, x); s.Hess(h, x) }); a != 0 {
		t.Errorf("FromFunc closures allocate %v times per call", a)
	}
	if !math.IsNaN(s.FMin) || s.Minima != nil {
		t.Errorf("FromFunc: FMin %g, Minima %v", s.FMin, s.Minima)
	}
}
