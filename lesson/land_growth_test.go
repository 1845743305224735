package lesson

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// jordanNorm is the largest singular value of [[a, c], [0, a]] in closed form: the singular
// values are (√(4a² + c²) ± |c|)/2.
func jordanNorm(a, c float64) float64 { return (math.Sqrt(4*a*a+c*c) + math.Abs(c)) / 2 }

func TestSpectralNormAndEnvelope(t *testing.T) {
	a, c := 0.9, 3.0
	W := mat.NewDense(2, 2, []float64{a, c, 0, a})
	if got, want := SpectralNorm(W), jordanNorm(a, c); math.Abs(got-want) > 1e-12*want {
		t.Errorf("‖W‖₂ = %g, want %g", got, want)
	}
	// Wᵗ = [[aᵗ, t·c·aᵗ⁻¹], [0, aᵗ]]: the same closed form at every power.
	env := PowerEnvelope(W, 40)
	for k := 0; k <= 40; k++ {
		want := 1.0
		if k > 0 {
			want = jordanNorm(math.Pow(a, float64(k)), float64(k)*c*math.Pow(a, float64(k-1)))
		}
		if math.Abs(env[k]-want) > 1e-12*want {
			t.Errorf("‖W^%d‖₂ = %g, want %g", k, env[k], want)
		}
	}
	// The top right singular vector is stretched by exactly ‖W‖₂, and no random one more.
	u := TopStretch(W)
	var y mat.VecDense
	y.MulVec(W, mat.NewVecDense(2, u))
	if math.Abs(floats.Norm(u, 2)-1) > 1e-12 || math.Abs(floats.Norm(y.RawVector().Data, 2)-SpectralNorm(W)) > 1e-12 {
		t.Errorf("|u| = %g, |Wu| = %g, want 1 and %g", floats.Norm(u, 2), floats.Norm(y.RawVector().Data, 2), SpectralNorm(W))
	}
	if m := MostStretch(W, 2000, 1); m > SpectralNorm(W)*(1+1e-12) || m < 0.99*SpectralNorm(W) {
		t.Errorf("MostStretch %g, ‖W‖₂ %g", m, SpectralNorm(W))
	}
}

func TestPowerPath(t *testing.T) {
	// A diagonal matrix: |Wᵗv|² = Σ d_i^{2t} v_i².
	W := mat.NewDense(2, 2, []float64{0.5, 0, 0, -2})
	p := PowerPath(W, []float64{3, 1}, 10)
	for k, got := range p {
		want := math.Hypot(3*math.Pow(0.5, float64(k)), math.Pow(2, float64(k)))
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("t = %d: %g, want %g", k, got, want)
		}
	}
}

func TestRandomMatrixAndRadius(t *testing.T) {
	A, v := RandomMatrix(3, 7)
	r := rand.New(rand.NewPCG(7, 1))
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if x := r.NormFloat64(); A.At(i, j) != x {
				t.Fatalf("A[%d][%d] = %g, want the PCG draw %g", i, j, A.At(i, j), x)
			}
		}
	}
	if x := r.NormFloat64(); v[0] != x || len(v) != 3 {
		t.Errorf("v = %v, want it to continue the draws (%g first)", v, x)
	}
	W := WithRadius(A, 0.7)
	if _, rho := Eigenvalues(W); math.Abs(rho-0.7) > 1e-12 {
		t.Errorf("spectral radius %g, want 0.7", rho)
	}
	S := Symmetrised(A)
	if !mat.Equal(S, S.T()) || math.Abs(S.At(0, 1)-(A.At(0, 1)+A.At(1, 0))/2) > 1e-15 {
		t.Errorf("Symmetrised is not (A + Aᵀ)/2")
	}
	// A symmetric matrix is normal: its spectral norm is its spectral radius.
	Sr := WithRadius(S, 0.9)
	if n := SpectralNorm(Sr); math.Abs(n-0.9) > 1e-12 {
		t.Errorf("symmetric: ‖S‖₂ = %g, want ρ = 0.9", n)
	}
}

func TestPowerRuns(t *testing.T) {
	A, v := RandomMatrix(5, 2)
	runs := PowerRuns(A, v, []float64{0.5, 1.2}, 30)
	for _, r := range runs {
		if r.Gap > 1e-9 || math.Abs(r.Norm-SpectralNorm(WithRadius(A, r.Rho))) > 1e-12 {
			t.Errorf("ρ = %g: gap %g, norm %g", r.Rho, r.Gap, r.Norm)
		}
	}
	// W = (ρ/ρ_A)A, so |W^T v| / ρ^T is the same for every ρ.
	if math.Abs(runs[0].Ratio/runs[1].Ratio-1) > 1e-9 {
		t.Errorf("ratios %g and %g differ", runs[0].Ratio, runs[1].Ratio)
	}
	if g := RelGap([]float64{2, 4}, []float64{2.2, 4}); math.Abs(g-0.1) > 1e-15 {
		t.Errorf("RelGap")
	}
}

func TestWatchedEdge(t *testing.T) {
	w := Watched{Update: []float64{0, 10, 20, 30}, GG: []float64{1, 2, 1, 1}, GHG: []float64{3, 2, 5, 1},
		LR: []float64{1, 1, 0.5, 0.5}, Fired: []int{1}}
	// ratios 3, 1, 5, 1 against 2/η = 2, 2, 4, 4: above at checkpoints 0 and 2, and 2 is after the firing.
	if above, after := w.AboveEdge(); above != 2 || after != 1 {
		t.Errorf("AboveEdge = %d, %d; want 2, 1", above, after)
	}
	if e := w.Edge(); e[2] != 4 {
		t.Errorf("Edge = %v", e)
	}
	if f := CurvatureEdgeFigure(w, w); f.Err() != nil {
		t.Error(f.Err())
	}
}

func TestMeasureGrowth(t *testing.T) {
	a, c := 0.8, 2.0
	W := mat.NewDense(2, 2, []float64{a, c, 0, a})
	S := mat.NewDense(2, 2, []float64{0.8, 0, 0, -0.5})
	g := MeasureGrowth(W, S, 10)
	if math.Abs(g.Rho-a) > 1e-12 || math.Abs(g.Norm-jordanNorm(a, c)) > 1e-12 || math.Abs(g.StretchU-g.Norm) > 1e-12 {
		t.Errorf("ρ %g, ‖W‖₂ %g, |Wu| %g; want %g, %g, %g", g.Rho, g.Norm, g.StretchU, a, jordanNorm(a, c), jordanNorm(a, c))
	}
	// ‖Wᵗ‖₂ in closed form: the peak over t = 1 … 10.
	peak, at := 1.0, 0
	for k := 1; k <= 10; k++ {
		if v := jordanNorm(math.Pow(a, float64(k)), float64(k)*c*math.Pow(a, float64(k-1))); v > peak {
			peak, at = v, k
		}
	}
	if math.Abs(g.Peak-peak) > 1e-12*peak || g.PeakAt != at {
		t.Errorf("peak %g at %d, want %g at %d", g.Peak, g.PeakAt, peak, at)
	}
	if math.Abs(g.NormS-0.8) > 1e-12 || math.Abs(g.PeakS-0.8) > 1e-12 {
		t.Errorf("diagonal S: ‖S‖₂ %g, largest ‖Sᵗ‖₂ %g, want 0.8 and 0.8", g.NormS, g.PeakS)
	}
}
