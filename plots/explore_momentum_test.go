package plots

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/mat"
)

// heavyBallEigen returns the eigenvalues of M(λ) = [[1+μ−ηλ, −μ], [1, 0]], computed by
// gonum's general eigensolver: a second implementation, independent of the closed form.
func heavyBallEigen(t *testing.T, eta, mu, lambda float64) []complex128 {
	t.Helper()
	m := mat.NewDense(2, 2, []float64{1 + mu - eta*lambda, -mu, 1, 0})
	var e mat.Eigen
	if !e.Factorize(m, mat.EigenNone) {
		t.Fatalf("eigen factorisation failed for η=%g μ=%g λ=%g", eta, mu, lambda)
	}
	return e.Values(nil)
}

func spectralRadius(z []complex128) float64 {
	r := 0.0
	for _, v := range z {
		r = max(r, cmplx.Abs(v))
	}
	return r
}

func TestHeavyBallRateIsGradientDescentsAtZeroMomentum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		eta, l1, l2 := 3*rng.Float64(), rng.Float64(), 2*rng.Float64()
		want := max(math.Abs(1-eta*l1), math.Abs(1-eta*l2))
		if got := HeavyBallRate(eta, 0, l1, l2); math.Abs(got-want) > 1e-14 {
			t.Fatalf("HeavyBallRate(η=%g, μ=0, %g, %g) = %.17g, want max|1−ηλ| = %.17g", eta, l1, l2, got, want)
		}
	}
}

func TestHeavyBallRateIsTheSpectralRadius(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		eta, mu, l := 4*rng.Float64(), rng.Float64(), rng.Float64()
		want := spectralRadius(heavyBallEigen(t, eta, mu, l))
		got := HeavyBallRate(eta, mu, l)
		// Near a double root the eigensolver loses half the digits.
		if math.Abs(got-want) > 1e-7*max(1, want) {
			t.Fatalf("HeavyBallRate(η=%g, μ=%g, λ=%g) = %.15g, gonum's eigenvalues give %.15g", eta, mu, l, got, want)
		}
	}
	if got := HeavyBallRate(1, 0.5); !math.IsNaN(got) {
		t.Errorf("HeavyBallRate without eigenvalues = %g, want NaN", got)
	}
}

func TestHeavyBallRateStabilityEdge(t *testing.T) {
	for _, mu := range []float64{0, 0.3, 0.9, 0.99} {
		for _, l := range []float64{0.01, 1, 100} {
			edge := 2 * (1 + mu) / l
			if r := HeavyBallRate(edge*(1-1e-6), mu, l); !(r < 1) {
				t.Errorf("μ=%g λ=%g: rate %g just inside ηλ < 2(1+μ), want < 1", mu, l, r)
			}
			if r := HeavyBallRate(edge*(1+1e-6), mu, l); !(r > 1) {
				t.Errorf("μ=%g λ=%g: rate %g just outside ηλ < 2(1+μ), want > 1", mu, l, r)
			}
		}
	}
}

func TestHeavyBallOptimum(t *testing.T) {
	for _, c := range []struct{ lmin, lmax float64 }{{0.01, 1}, {1, 100}, {1, 1}, {0.4, 1001.6}} {
		kappa := c.lmax / c.lmin
		eta, mu, rate := HeavyBallOptimum(c.lmin, c.lmax)
		want := (math.Sqrt(kappa) - 1) / (math.Sqrt(kappa) + 1)
		if math.Abs(rate-want) > 1e-14 || math.Abs(mu-want*want) > 1e-14 {
			t.Errorf("κ=%g: rate %g, μ* %g; want (√κ−1)/(√κ+1) = %g and its square", kappa, rate, mu, want)
		}
		if got := HeavyBallRate(eta, mu, c.lmin, c.lmax); math.Abs(got-want) > 1e-7 {
			t.Errorf("κ=%g: HeavyBallRate at the optimum = %.12g, want %.12g", kappa, got, want)
		}
		// Both ends are critically damped there.
		for _, l := range []float64{c.lmin, c.lmax} {
			if cm := CriticalMomentum(eta, l); math.Abs(cm-mu) > 1e-12 {
				t.Errorf("κ=%g: critical momentum of λ=%g at η* is %g, want μ* = %g", kappa, l, cm, mu)
			}
		}
		// No point of a fine grid around it does better.
		if kappa == 1 {
			continue
		}
		for i := -20; i <= 20; i++ {
			for j := -20; j <= 20; j++ {
				e, m := eta*(1+float64(i)/100), mu+float64(j)/1000
				if m < 0 || m >= 1 {
					continue
				}
				if r := HeavyBallRate(e, m, c.lmin, c.lmax); r < rate-1e-9 {
					t.Fatalf("κ=%g: rate %g at (η=%g, μ=%g) beats the optimum %g", kappa, r, e, m, rate)
				}
			}
		}
	}
}

func TestCriticalMomentumMakesADoubleRoot(t *testing.T) {
	for _, c := range []struct{ eta, l float64 }{{0.5, 1}, {3.3, 0.01}, {2, 1}, {0.3, 0.5}, {3, 1}} {
		mu := CriticalMomentum(c.eta, c.l)
		z := heavyBallEigen(t, c.eta, mu, c.l)
		if d := cmplx.Abs(z[0] - z[1]); d > 1e-6 {
			t.Errorf("η=%g λ=%g μ=%g: eigenvalues %v differ by %g, want a double root", c.eta, c.l, mu, z, d)
		}
		// More momentum: a complex pair of modulus √μ; less: two real roots.
		up := heavyBallEigen(t, c.eta, mu+0.01, c.l)
		if imag(up[0]) == 0 || math.Abs(cmplx.Abs(up[0])-math.Sqrt(mu+0.01)) > 1e-12 {
			t.Errorf("η=%g λ=%g: above critical damping the eigenvalues %v are not a complex pair of modulus √μ", c.eta, c.l, up)
		}
		if mu >= 0.01 {
			down := heavyBallEigen(t, c.eta, mu-0.01, c.l)
			if imag(down[0]) != 0 || imag(down[1]) != 0 || real(down[0]) == real(down[1]) {
				t.Errorf("η=%g λ=%g: below critical damping the eigenvalues %v are not two real roots", c.eta, c.l, down)
			}
		}
	}
}

// The explorer's theory assumes that gdlib's classic Momentum moves the error along each
// eigendirection by M(λ): compare a run with powers of M applied to (e₀, e₋₁) = (e₀, e₀).
func TestClassicMomentumFollowsTheHeavyBallMatrix(t *testing.T) {
	lmin, lmax := 0.01, 1.0
	s := gdlib.Quadratic(lmin, lmax, 0)
	for _, c := range []struct{ eta, mu float64 }{{1.5, 0}, {3.3, 0.67}, {1, 0.9}, {0.5, 0.5}} {
		opt, err := gdlib.NewMomentum(2, gdlib.MomentumConfig{LR: c.eta, Momentum: c.mu, Form: gdlib.MomentumClassic})
		if err != nil {
			t.Fatal(err)
		}
		x0 := []float64{-1.8, 0.6}
		tr, err := gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: 60})
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range []float64{lmin, lmax} {
			m := mat.NewDense(2, 2, []float64{1 + c.mu - c.eta*l, -c.mu, 1, 0})
			for _, k := range []int{1, 2, 7, 30, 60} {
				var p mat.Dense
				p.Pow(m, k)
				want := (p.At(0, 0) + p.At(0, 1)) * x0[i]
				got := tr.X[k][i]
				if math.Abs(got-want) > 1e-10*max(1, math.Abs(want)) {
					t.Errorf("η=%g μ=%g λ=%g step %d: error %g, M^k gives %g", c.eta, c.mu, l, k, got, want)
				}
			}
		}
	}
}

func TestMeasuredRateMatchesTheory(t *testing.T) {
	m, err := newMomentumExplorer(MomentumOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Away from critical damping, where the error is ρ^k times a bounded factor.
	for _, c := range []struct{ eta, mu float64 }{{1.5, 0}, {1, 0.5}, {2.5, 0.9}, {0.5, 0.8}, {3, 0.8}} {
		r, err := m.run(c.eta, c.mu)
		if err != nil || r.diverged {
			t.Fatalf("η=%g μ=%g: run failed (%v) or diverged", c.eta, c.mu, err)
		}
		want := HeavyBallRate(c.eta, c.mu, 0.01, 1)
		if got := fitRate(r.tr.F); math.Abs(got-want) > 0.01*want {
			t.Errorf("η=%g μ=%g: measured rate %.4f, theory %.4f", c.eta, c.mu, got, want)
		}
	}
	if got := fitRate([]float64{1, 2, 3}); !math.IsNaN(got) {
		t.Errorf("fitRate of 3 values = %g, want NaN", got)
	}
}

func TestMomentumExplorerDivergence(t *testing.T) {
	m, err := newMomentumExplorer(MomentumOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// ηλmax = 3.5 without momentum: e_i(k) = (1 − ηλ_i)^k e_i(0), so the steep error grows
	// 2.5× a step; the run is cut at the first k with f(x_k) > 10⁶·max(f(x₀), 1) = 10⁶.
	eta := 3.5
	want := 0
	for k := 0; ; k++ {
		a := math.Pow(1-eta*0.01, float64(k)) * m.o.X0[0]
		b := math.Pow(1-eta*1, float64(k)) * m.o.X0[1]
		if 0.5*(0.01*a*a+b*b) > 1e6 {
			want = k
			break
		}
	}
	r, err := m.run(eta, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.diverged || r.divergedAt != want || len(r.tr.X) != want {
		t.Errorf("diverged %v at step %d with %d iterates kept, want step %d and x₀ … x_%d", r.diverged, r.divergedAt, len(r.tr.X), want, want-1)
	}
	for _, f := range r.tr.F {
		if f > blowUp*max(m.f0, 1) {
			t.Errorf("kept an iterate with f = %g above the blow-up limit", f)
		}
	}
	// On Rosenbrock a large step overflows: gdlib.Minimize reports it.
	rb, err := newMomentumExplorer(MomentumOptions{Rosenbrock: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err = rb.run(0.01, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if !r.diverged || r.divergedAt != len(r.tr.X) {
		t.Errorf("Rosenbrock at η=0.01: diverged %v at step %d with %d iterates, want a divergence after the last one kept", r.diverged, r.divergedAt, len(r.tr.X))
	}
}

func TestMomentumExplorerOptions(t *testing.T) {
	for _, o := range []MomentumOptions{
		{LambdaMin: -1, LambdaMax: 1},
		{LambdaMin: 2, LambdaMax: 1},
		{Momenta: []float64{0.5, 1}},
		{LRs: []float64{0, 1}},
		{X0: []float64{1}},
		{X0: []float64{1, 0}},
	} {
		e := MomentumExplorer(o)
		if e.Err() == nil {
			t.Errorf("%+v: no error", o)
			continue
		}
		if _, err := e.HTML(); err == nil || !strings.Contains(err.Error(), "MomentumExplorer") {
			t.Errorf("%+v: HTML error %v, want the option's error", o, err)
		}
	}
	m, err := newMomentumExplorer(MomentumOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eta, mu, _ := HeavyBallOptimum(0.01, 1)
	if m.o.LRs[nearest(m.o.LRs, eta)] != eta || m.o.Momenta[nearest(m.o.Momenta, mu)] != mu {
		t.Errorf("the default sliders miss the optimum (η*, μ*) = (%g, %g)", eta, mu)
	}
}
