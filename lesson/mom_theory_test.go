package lesson

import (
	"math"
	"math/cmplx"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// kRho is a trace with error x_k = (C·k·ρ^k, 0) (the repeated root), k = 0 … n.
func kRho(c, rho float64, n int) gdlib.Trace {
	var tr gdlib.Trace
	for k := 0; k <= n; k++ {
		x := c * float64(k) * math.Pow(rho, float64(k))
		tr.X, tr.F = append(tr.X, []float64{x, 0}), append(tr.F, x*x)
	}
	return tr
}

func TestRepeatedRootRate(t *testing.T) {
	zero := []float64{0, 0}
	for _, c := range []struct {
		rho float64
		n   int
	}{{0.9, 200}, {0.5, 60}, {0.99, 3000}} {
		tr := kRho(3, c.rho, c.n)
		if got := RepeatedRootRate(tr, zero); math.Abs(got-c.rho) > 1e-12 {
			t.Errorf("k·%v^k: RepeatedRootRate = %v", c.rho, got)
		}
		// The plain fit is ρ times the window's factor, and that factor is the least-squares
		// slope of ln x over the window, here [a, b] = [n/2, n], which for a long window is
		// close to its continuous version 12/(b−a)³ ∫_a^b (x − m) ln x dx, m = (a+b)/2.
		plain, excess := TailRate(tr, zero), KWindowExcess(tr, zero)
		if math.Abs(plain-c.rho*excess) > 1e-12 {
			t.Errorf("ρ = %v: TailRate %v ≠ ρ·KWindowExcess %v", c.rho, plain, c.rho*excess)
		}
		a, b := float64(c.n/2), float64(c.n)
		m := (a + b) / 2
		prim := func(x float64) float64 { return x*x/2*math.Log(x) - x*x/4 - m*(x*math.Log(x)-x) }
		want := math.Exp(12 / math.Pow(b-a, 3) * (prim(b) - prim(a)))
		if math.Abs(math.Log(excess)/math.Log(want)-1) > 0.02 {
			t.Errorf("ρ = %v: KWindowExcess = %v, continuous slope gives %v", c.rho, excess, want)
		}
	}
	if got := RepeatedRootRate(gdlib.Trace{X: [][]float64{{1, 0}}}, zero); !math.IsNaN(got) {
		t.Errorf("one iterate: %v, want NaN", got)
	}
}

// nagSpectral is the spectral radius of the companion matrix of z² − (1+μ)q·z + μq (q = 1 − ηλ),
// from its trace and determinant, written out independently of NesterovRate.
func nagSpectral(eta, mu, l float64) float64 {
	q := 1 - eta*l
	// companion matrix [[(1+μ)q, −μq], [1, 0]]: its eigenvalues via trace and determinant
	tr, det := (1+mu)*q, mu*q
	disc := cmplx.Sqrt(complex(tr*tr/4-det, 0))
	return math.Max(cmplx.Abs(complex(tr/2, 0)+disc), cmplx.Abs(complex(tr/2, 0)-disc))
}

func TestNesterovRate(t *testing.T) {
	// μ = 0 is gradient descent.
	for _, c := range [][2]float64{{0.5, 1}, {1.5, 1}, {2.5, 1}, {1, 0.01}} {
		if got := NesterovRate(c[0], 0, c[1]); math.Abs(got-math.Abs(1-c[0]*c[1])) > 1e-12 {
			t.Errorf("μ = 0, η = %v, λ = %v: %v", c[0], c[1], got)
		}
	}
	// A simulation of gdlib's Nesterov on f = ½λx²: the ratio of successive errors tends to
	// the larger root when the roots are real and distinct.
	for _, c := range [][3]float64{{0.5, 0.3, 0.2}, {1.2, 0.5, 0.05}} {
		eta, mu, l := c[0], c[1], c[2]
		s := gdlib.Quadratic(l, l, 0)
		tr := RunNesterov(s, []float64{1, 0}, eta, mu, 400, "")
		k := 300
		ratio := math.Abs(tr.X[k+1][0] / tr.X[k][0])
		if got := NesterovRate(eta, mu, l); math.Abs(got-ratio) > 1e-6 || math.Abs(got-nagSpectral(eta, mu, l)) > 1e-12 {
			t.Errorf("η = %v, μ = %v, λ = %v: NesterovRate %v, simulated %v, companion %v", eta, mu, l, got, ratio, nagSpectral(eta, mu, l))
		}
	}
	// At the tuning of NesterovOptimum both ends have the rate 1 − 2/√(3κ+1) (up to the
	// rounding of a double root's square root).
	for _, kappa := range []float64{2, 10, 100, 1000, 1e4} {
		eta, mu, rho := NesterovOptimum(1/kappa, 1)
		if math.Abs(eta-4/(3+1/kappa)) > 1e-15 || math.Abs(rho-(1-2/math.Sqrt(3*kappa+1))) > 1e-15 {
			t.Errorf("κ = %v: η = %v, ρ = %v", kappa, eta, rho)
		}
		if got := NesterovRate(eta, mu, 1/kappa, 1); math.Abs(got-rho) > 1e-6 {
			t.Errorf("κ = %v: NesterovRate at the optimum = %v, want %v", kappa, got, rho)
		}
		// and a neighbouring setting is no better
		for _, d := range [][2]float64{{1.02, 1}, {0.98, 1}, {1, 1.02}, {1, 0.98}} {
			if got := NesterovRate(eta*d[0], mu*d[1], 1/kappa, 1); got < rho-1e-6 {
				t.Errorf("κ = %v: (η, μ)×%v has rate %v < %v", kappa, d, got, rho)
			}
		}
		_, _, rhoHB := plots.HeavyBallOptimum(1/kappa, 1)
		if !(rhoHB < rho && rho < (kappa-1)/(kappa+1)) {
			t.Errorf("κ = %v: %v not between heavy ball's %v and GD's", kappa, rho, rhoHB)
		}
	}
	if !math.IsNaN(NesterovRate(1, 0.5)) {
		t.Error("no eigenvalues: want NaN")
	}
}

func TestStabilityEdge(t *testing.T) {
	for _, mu := range []float64{0, 0.3, 0.9} {
		for _, kappa := range []float64{1, 100} {
			s, x0 := Valley(kappa)
			want := 2 * (1 + mu) // λmax = 1
			if got := StabilityEdge(s, x0, mu, 0.9*want, 1.1*want, 1000); math.Abs(got/want-1) > 1e-4 {
				t.Errorf("μ = %v, κ = %v: edge %v, want %v", mu, kappa, got, want)
			}
		}
	}
	// Below the edge the measured rates follow the theory (distinct real roots here).
	s, x0 := Valley(10)
	etas := []float64{0.5, 1.5}
	for i, r := range HeavyBallRates(s, x0, 0.1, etas, 300) {
		if want := plots.HeavyBallRate(etas[i], 0.1, 0.1, 1); math.Abs(r-want) > 1e-4 {
			t.Errorf("η = %v: measured %v, theory %v", etas[i], r, want)
		}
	}
	if got := StabilityEdge(s, x0, 0.5, 0.1, 0.2, 300); !math.IsNaN(got) {
		t.Errorf("no crossing in [0.1, 0.2]: %v, want NaN", got)
	}
	if got := Spaced(1, 2, 5); len(got) != 5 || got[0] != 1 || got[4] != 2 || got[2] != 1.5 {
		t.Errorf("Spaced(1, 2, 5) = %v", got)
	}
	if p := EdgeFigure(0.01, 1, []float64{0, 0.5}, [][]float64{{1, 2}, {1, 2}}, [][]float64{{0.5, 1}, {0.6, 0.7}}); p == nil {
		t.Error("EdgeFigure: nil")
	}
}

func TestFitRoot(t *testing.T) {
	for _, m := range []string{"heavy ball", "Nesterov"} {
		f := FitRoot(m, 100, 300)
		s, x0 := Valley(100)
		want := RunHeavyBall(s, x0, f.LR, f.Mom, 300, "")
		if m == "Nesterov" {
			want = RunNesterov(s, x0, f.LR, f.Mom, 300, "")
		}
		// Both tunings make a double root along the floor: the fit of e_k/k finds ρ, and the
		// plain fit is above it by about the window's k factor.
		if MaxDistance(f.Trace, want, 0, 300) != 0 || math.Abs(f.ByK-f.Rho) > 1e-3 || !(f.Plain > f.Rho) || math.Abs(f.Plain-f.Predicted) > 1e-3 {
			t.Errorf("%s: %+v", m, f)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("unknown method: want a panic")
		}
	}()
	FitRoot("GD", 10, 10)
}
