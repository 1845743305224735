package lesson

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/mat"
)

func TestHessianFD(t *testing.T) {
	// Himmelblau's exact Hessian (gdlib's, checked there against hyperdual numbers) is the
	// independent reference for the finite differences of the gradient.
	s := gdlib.Himmelblau()
	r := rand.New(rand.NewPCG(4, 5))
	for k := 0; k < 20; k++ {
		x := []float64{-5 + 10*r.Float64(), -5 + 10*r.Float64()}
		want := mat.NewSymDense(2, nil)
		s.Hess(want, x)
		got := HessianFD(s, x, 1e-5)
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				if d := math.Abs(got.At(i, j) - want.At(i, j)); d > 1e-5*(1+math.Abs(want.At(i, j))) {
					t.Errorf("at %v: H[%d][%d] = %g by differences, %g exact", x, i, j, got.At(i, j), want.At(i, j))
				}
			}
		}
	}
}

func TestMinHessEigen(t *testing.T) {
	// Closed forms: Booth's Hessian [[10, 8], [8, 10]] has eigenvalues 18 and 2; the
	// quadratic with curvatures 1 and 5 has 1 as its smallest everywhere; x² − y² has −2.
	for _, c := range []struct {
		s    gdlib.Surface
		want float64
	}{{gdlib.Booth(), 2}, {gdlib.Quadratic(1, 5, 0.5), 1}, {gdlib.Saddle(), -2}} {
		if got := MinHessEigen(c.s, []float64{0.3, -1.7}); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: λmin = %g, want %g", c.s.Name, got, c.want)
		}
		noHess := c.s
		noHess.Hess = nil // falls back on finite differences
		if got := MinHessEigen(noHess, []float64{0.3, -1.7}); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s without Hess: λmin = %g, want %g", c.s.Name, got, c.want)
		}
	}
}

func TestJensenGap(t *testing.T) {
	// For f(x) = x², f(tx + (1−t)y) − t f(x) − (1−t) f(y) = −t(1−t)(x − y)² exactly.
	sq := func(x []float64) float64 { return x[0] * x[0] }
	for _, c := range [][3]float64{{1, 3, 0.25}, {-2, 5, 0.5}, {4, 4, 0.3}, {0, 1, 0}} {
		x, y, tt := c[0], c[1], c[2]
		want := -tt * (1 - tt) * (x - y) * (x - y) / (1 + x*x + y*y)
		if got := JensenGap(sq, []float64{x}, []float64{y}, tt); math.Abs(got-want) > 1e-15 {
			t.Errorf("x = %g, y = %g, t = %g: gap %g, want %g", x, y, tt, got, want)
		}
	}
	// −x² is concave: the graph lies above every chord by t(1−t)(x − y)².
	neg := func(x []float64) float64 { return -x[0] * x[0] }
	if got := JensenGap(neg, []float64{-1}, []float64{1}, 0.5); math.Abs(got-1.0/3) > 1e-15 {
		t.Errorf("−x² from −1 to 1 at t = ½: gap %g, want 1/3", got)
	}
}

func TestTestConvexity(t *testing.T) {
	b := TestConvexity(gdlib.Booth(), 4, 11, 500, 1)
	if math.Abs(b.MinLambda-2) > 1e-9 || b.Negative != 0 || b.Worst > 0 || !b.HessianConvex() || !b.JensenConvex() {
		t.Errorf("Booth: %+v, want λmin = 2, nothing negative, no violation", b)
	}
	if b.Box != [4]float64{-3, 5, -1, 7} {
		t.Errorf("Booth's square %v, want [−3, 5] × [−1, 7] around (1, 3)", b.Box)
	}
	// Himmelblau's Hessian at (0, 0) is [[−42, 0], [0, −26]] (from f's formula): the grid
	// point (0, 0) of the square of half-width 3 around (3, 2) gives λmin ≤ −42.
	h := TestConvexity(gdlib.Himmelblau(), 3, 7, 500, 1)
	if h.MinLambda > -42+1e-9 || h.Negative == 0 || h.HessianConvex() || h.JensenConvex() {
		t.Errorf("Himmelblau: %+v, want λmin ≤ −42 and a Jensen violation", h)
	}
	if got := JensenGap(gdlib.Himmelblau().F, h.X, h.Y, h.T); got != h.Worst {
		t.Errorf("the recorded worst pair gives %g, recorded %g", got, h.Worst)
	}
	// Near a minimum with a positive definite Hessian the function is convex.
	if n := TestConvexity(gdlib.Himmelblau(), 0.05, 5, 500, 1); !n.HessianConvex() || !n.JensenConvex() {
		t.Errorf("Himmelblau near (3, 2): %+v, want convex", n)
	}
}

func TestChordFigures(t *testing.T) {
	booth, himmel, boothAbove, himmelAbove := ChordFigures()
	if booth.Err() != nil || himmel.Err() != nil {
		t.Fatalf("figures: %v, %v", booth.Err(), himmel.Err())
	}
	if boothAbove != 0 {
		t.Errorf("Booth rises %g above its chord, want 0", boothAbove)
	}
	// Himmelblau is 0 at both minima, so the height above the chord is the largest f on the
	// segment, at most its value sampled finely and at least 0.99 of it.
	s := gdlib.Himmelblau()
	a, b := s.Minima[0], s.Minima[1]
	top := 0.0
	for k := 0; k <= 10000; k++ {
		u := float64(k) / 10000
		top = max(top, s.F([]float64{a[0] + u*(b[0]-a[0]), a[1] + u*(b[1]-a[1])}))
	}
	if himmelAbove > top+1e-9 || himmelAbove < 0.99*top {
		t.Errorf("Himmelblau above its chord by %g, the segment's top is %g", himmelAbove, top)
	}
}
