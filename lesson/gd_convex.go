package lesson

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/mat"
)

// This file holds notebook 01's two tests of convexity, run on a 2-D surface over a square
// around its global minimum (the first of Surface.Minima):
//
//   - the Hessian test: a twice-differentiable f is convex on a convex set exactly when its
//     Hessian ∇²f(x) is positive semidefinite (every eigenvalue λ ≥ 0) at every x of the set;
//     we look at the smallest eigenvalue λmin on a grid of points;
//   - Jensen's inequality on a chord: f is convex exactly when for all x, y and t ∈ [0, 1]
//     f(tx + (1−t)y) ≤ t f(x) + (1−t) f(y): the chord between two points of the graph lies
//     on or above it. We draw random pairs and random t and keep the worst violation
//     f(tx + (1−t)y) − (t f(x) + (1−t) f(y)).
//
// A grid or a sample can only refute convexity, never prove it: a surface that passes both
// tests is convex as far as the points looked at can tell.

// Convexity is what the two tests found on one surface.
type Convexity struct {
	Name      string
	Box       [4]float64 // the square looked at: {xmin, xmax, ymin, ymax}
	MinLambda float64    // the smallest Hessian eigenvalue over the grid
	Where     []float64  // the grid point where it occurs
	Negative  float64    // the fraction of grid points whose Hessian has an eigenvalue < 0
	Worst     float64    // the largest f(tx+(1−t)y) − (t f(x) + (1−t) f(y)) over the pairs
	X, Y      []float64  // the pair that gave it, and its t
	T         float64
}

// HessianConvex is the Hessian test's verdict: no grid point has an eigenvalue below −tol.
func (c Convexity) HessianConvex() bool { return c.MinLambda >= -convexTol }

// JensenConvex is Jensen's test's verdict: no pair lies above its chord by more than rounding
// (1e-9 relative to the values of f involved).
func (c Convexity) JensenConvex() bool { return c.Worst <= convexTol }

const convexTol = 1e-9

// String is one row of notebook 01's table.
func (c Convexity) String() string {
	verdict := func(ok bool) string {
		if ok {
			return "convex"
		}
		return "NOT convex"
	}
	return fmt.Sprintf("%-16s %+10.4g %8.1f%%  %-11s %+12.4g  %s", c.Name, c.MinLambda, 100*c.Negative,
		verdict(c.HessianConvex()), c.Worst, verdict(c.JensenConvex()))
}

// ConvexityHeader is the header of the rows String prints.
const ConvexityHeader = "surface              λmin  λmin < 0   Hessian     worst Jensen  Jensen"

// TestConvexity runs both tests on the 2-D surface s over the square of half-width radius
// around s.Minima[0]: the Hessian test on a grid×grid grid of points (with s.Hess where the
// surface has one, else with HessianFD), Jensen's inequality at `pairs` random pairs of
// points of the square and random t ∈ (0, 1), drawn by a PCG seeded with seed. A Jensen
// violation counts only above rounding: it is divided by 1 + |f(x)| + |f(y)| before it is
// compared with 1e-9, and Worst holds that relative value.
func TestConvexity(s gdlib.Surface, radius float64, grid, pairs int, seed uint64) Convexity {
	m := s.Minima[0]
	c := Convexity{Name: s.Name, Box: [4]float64{m[0] - radius, m[0] + radius, m[1] - radius, m[1] + radius},
		MinLambda: math.Inf(1), Worst: math.Inf(-1)}
	at := func(i, n int, lo, hi float64) float64 {
		if n == 1 {
			return (lo + hi) / 2
		}
		return lo + (hi-lo)*float64(i)/float64(n-1)
	}
	neg := 0
	for i := 0; i < grid; i++ {
		for j := 0; j < grid; j++ {
			x := []float64{at(i, grid, c.Box[0], c.Box[1]), at(j, grid, c.Box[2], c.Box[3])}
			l := MinHessEigen(s, x)
			if l < -convexTol {
				neg++
			}
			if l < c.MinLambda {
				c.MinLambda, c.Where = l, x
			}
		}
	}
	c.Negative = float64(neg) / float64(grid*grid)
	r := rand.New(rand.NewPCG(seed, 3))
	point := func() []float64 {
		return []float64{c.Box[0] + (c.Box[1]-c.Box[0])*r.Float64(), c.Box[2] + (c.Box[3]-c.Box[2])*r.Float64()}
	}
	for k := 0; k < pairs; k++ {
		x, y, t := point(), point(), r.Float64()
		if v := JensenGap(s.F, x, y, t); v > c.Worst {
			c.Worst, c.X, c.Y, c.T = v, x, y, t
		}
	}
	return c
}

// JensenGap is f(tx + (1−t)y) − (t f(x) + (1−t) f(y)), divided by 1 + |f(x)| + |f(y)|: at
// most 0 (up to rounding) for every x, y and t ∈ [0, 1] exactly when f is convex.
func JensenGap(f func([]float64) float64, x, y []float64, t float64) float64 {
	z := make([]float64, len(x))
	for i := range z {
		z[i] = t*x[i] + (1-t)*y[i]
	}
	fx, fy := f(x), f(y)
	return (f(z) - (t*fx + (1-t)*fy)) / (1 + math.Abs(fx) + math.Abs(fy))
}

// MinHessEigen is the smallest eigenvalue of the Hessian of s at x: from s.Hess if the
// surface has one, else from HessianFD.
func MinHessEigen(s gdlib.Surface, x []float64) float64 {
	h := mat.NewSymDense(s.Dim, nil)
	if s.Hess != nil {
		s.Hess(h, x)
	} else {
		h = HessianFD(s, x, 1e-5)
	}
	var e mat.EigenSym
	if !e.Factorize(h, false) {
		return math.NaN()
	}
	return e.Values(nil)[0]
}

// HessianFD is the Hessian of s at x by central differences of the gradient,
// H_ij ≈ (∂_i f(x + h e_j) − ∂_i f(x − h e_j)) / 2h, symmetrised: (H + Hᵀ)/2. Its error is
// of order h² plus rounding of order ε/h.
func HessianFD(s gdlib.Surface, x []float64, h float64) *mat.SymDense {
	n := s.Dim
	H := mat.NewDense(n, n, nil)
	gp, gm := make([]float64, n), make([]float64, n)
	xp := append([]float64(nil), x...)
	for j := 0; j < n; j++ {
		xp[j] = x[j] + h
		s.Grad(gp, xp)
		xp[j] = x[j] - h
		s.Grad(gm, xp)
		xp[j] = x[j]
		for i := 0; i < n; i++ {
			H.Set(i, j, (gp[i]-gm[i])/(2*h))
		}
	}
	S := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			S.SetSym(i, j, (H.At(i, j)+H.At(j, i))/2)
		}
	}
	return S
}

// ChordPanel draws f along the straight line through the points a and b of a 2-D surface,
// x(t) = a + t(b − a) for t from −0.25 to 1.25, with the chord from (0, f(a)) to (1, f(b))
// dashed and its ends marked: convex f keeps the curve on or below every such chord. It
// returns the panel and the largest height of the curve above the chord for t in [0, 1]
// (0 when the curve stays below it).
func ChordPanel(s gdlib.Surface, a, b []float64, title string) (*plots.Plot, float64) {
	at := func(t float64) []float64 { return []float64{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])} }
	fa, fb := s.F(a), s.F(b)
	var ts, fs []float64
	above := 0.0
	for k := 0; k <= 150; k++ {
		t := -0.25 + 1.5*float64(k)/150
		ts, fs = append(ts, t), append(fs, s.F(at(t)))
		if t >= 0 && t <= 1 {
			above = max(above, fs[k]-((1-t)*fa+t*fb))
		}
	}
	p := plots.Lines(plots.LinesOptions{Title: title, XLabel: "t along the line a + t(b − a)", YLabel: "f",
		Curves: []plots.Curve{
			{Label: "f on the line", X: ts, Y: fs},
			{Label: "chord", X: []float64{0, 1}, Y: []float64{fa, fb}, Dashed: true, Points: true, Color: plots.Theme.Ink},
		}})
	return p, above
}

// ChordFigures are notebook 01's two chords: Booth's function between (−2, 0) and (4, 6), a
// convex bowl, and Himmelblau's between its minima (3, 2) and (−2.805, 3.131), over the ridge
// that separates their basins. It returns the two figures and the largest height of each
// graph above its chord.
func ChordFigures() (booth, himmel *plots.Plot, boothAbove, himmelAbove float64) {
	booth, boothAbove = ChordPanel(gdlib.Booth(), []float64{-2, 0}, []float64{4, 6}, "Booth (convex): the chord lies above the graph")
	h := gdlib.Himmelblau()
	himmel, himmelAbove = ChordPanel(h, h.Minima[0], h.Minima[1], "Himmelblau (not convex): the graph rises above the chord")
	return booth, himmel, boothAbove, himmelAbove
}
