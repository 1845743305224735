package lesson

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/descent-course/descent/plots"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// This file holds notebook 06's matrix powers beyond the eigenvalues: the spectral norm and
// the transient growth of a non-normal W.
//
// The eigenvalues decide where Wᵗv goes as t → ∞ (|Wᵗv| ≈ C ρᵗ), not what it does on the
// way. One step can stretch v by at most the spectral norm ‖W‖₂ = σ_max(W), the largest
// singular value: |Wv| ≤ ‖W‖₂ |v|, with equality for v the top right singular vector. For a
// normal matrix (WᵀW = WWᵀ, a symmetric one for instance) ‖W‖₂ = ρ, so with ρ < 1 every
// |Wᵗv| shrinks from the first step on. For a non-normal W, ‖W‖₂ can exceed 1 while ρ < 1:
// then some v grows at the first step, and |Wᵗv| can rise for a while before ρᵗ wins.
// The worst case over all v at step t is ‖Wᵗ‖₂, the envelope of every curve |Wᵗv|/|v|.

// RandomMatrix draws notebook 06's random n×n Gaussian matrix A and vector v (standard
// normal entries, A row by row, then v, from a PCG seeded with (seed, 1)).
func RandomMatrix(n int, seed uint64) (*mat.Dense, []float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	draws := make([]float64, n*n+n)
	for i := range draws {
		draws[i] = r.NormFloat64()
	}
	return mat.NewDense(n, n, draws[:n*n]), draws[n*n:]
}

// WithRadius returns W = (ρ/ρ_A) A: the same eigenvectors as A, its eigenvalues scaled so
// that the spectral radius is rho. ρ_A is A's spectral radius (Eigenvalues).
func WithRadius(A *mat.Dense, rho float64) *mat.Dense {
	_, rhoA := Eigenvalues(A)
	var W mat.Dense
	W.Scale(rho/rhoA, A)
	return &W
}

// SpectralNorm is ‖W‖₂ = σ_max(W), the largest singular value: the most |Wv|/|v| can be.
func SpectralNorm(W mat.Matrix) float64 {
	s, _ := spectral(W)
	return s
}

// TopStretch is the unit vector that W stretches most: the top right singular vector v₁, with
// |Wv₁| = ‖W‖₂.
func TopStretch(W mat.Matrix) []float64 {
	_, v := spectral(W)
	return v
}

func spectral(W mat.Matrix) (float64, []float64) {
	var svd mat.SVD
	if !svd.Factorize(W, mat.SVDThin) {
		landStop(errors.New("the singular value decomposition did not converge"))
	}
	var V mat.Dense
	svd.VTo(&V)
	return svd.Values(nil)[0], mat.Col(nil, 0, &V)
}

// PowerEnvelope is ‖Wᵗ‖₂ for t = 0, 1, …, steps: at each t the largest |Wᵗv|/|v| over all
// v ≠ 0, the envelope of every curve that PowerNorms draws.
func PowerEnvelope(W *mat.Dense, steps int) []float64 {
	n, _ := W.Dims()
	P := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		P.Set(i, i, 1)
	}
	env := make([]float64, 0, steps+1)
	for t := 0; t <= steps; t++ {
		if t > 0 {
			var next mat.Dense
			next.Mul(W, P)
			P = &next
		}
		env = append(env, SpectralNorm(P))
	}
	return env
}

// PowerPath is |Wᵗv| for t = 0, 1, …, steps, by repeated multiplication.
func PowerPath(W mat.Matrix, v []float64, steps int) []float64 {
	n, _ := W.Dims()
	x := mat.NewVecDense(n, append([]float64(nil), v...))
	out := []float64{floats.Norm(v, 2)}
	for t := 1; t <= steps; t++ {
		var y mat.VecDense
		y.MulVec(W, x)
		x = &y
		out = append(out, floats.Norm(x.RawVector().Data, 2))
	}
	return out
}

// Symmetrised is (A + Aᵀ)/2, a normal matrix (its eigenvectors are orthogonal), for the
// comparison with a non-normal one.
func Symmetrised(A *mat.Dense) *mat.Dense {
	var S mat.Dense
	S.Add(A, A.T())
	S.Scale(0.5, &S)
	return &S
}

// MostStretch is the largest |Wu| over n unit vectors u drawn uniformly on the sphere (PCG
// seeded with seed): a lower estimate of ‖W‖₂ that never exceeds it.
func MostStretch(W mat.Matrix, n int, seed uint64) float64 {
	r := rand.New(rand.NewPCG(seed, 11))
	rows, cols := W.Dims()
	u := make([]float64, cols)
	y := mat.NewVecDense(rows, nil)
	best := 0.0
	for k := 0; k < n; k++ {
		for i := range u {
			u[i] = r.NormFloat64()
		}
		floats.Scale(1/floats.Norm(u, 2), u)
		y.MulVec(W, mat.NewVecDense(cols, u))
		best = max(best, floats.Norm(y.RawVector().Data, 2))
	}
	return best
}

// GrowthFigure is notebook 06's transient growth: for t = 0 … steps, on a linear axis, the
// envelope ‖Wᵗ‖₂ (the worst start), |Wᵗu| for the top right singular vector u of W,
// |Wᵗv|/|v| for the given v, ‖Sᵗ‖₂ for the symmetric S (which is ρᵗ when S's spectral
// radius is ρ), and the level 1 above which a vector has grown.
func GrowthFigure(W, S *mat.Dense, v []float64, steps int) *plots.Plot {
	_, rho := Eigenvalues(W)
	t := floats.Span(make([]float64, steps+1), 0, float64(steps))
	one := make([]float64, steps+1)
	for k := range one {
		one[k] = 1
	}
	path := PowerPath(W, v, steps)
	floats.Scale(1/path[0], path)
	return plots.Lines(plots.LinesOptions{Title: fmt.Sprintf("Transient growth: ρ = %.2g, ‖W‖₂ = %.2f", rho, SpectralNorm(W)),
		XLabel: "t", YLabel: "stretch |Wᵗv| / |v|", Curves: []plots.Curve{
			{Label: "‖Wᵗ‖₂, the worst start", X: t, Y: PowerEnvelope(W, steps), Color: plots.Color(0)},
			{Label: "from u, stretched most by W", X: t, Y: PowerPath(W, TopStretch(W), steps), Points: true, NoLine: true, Color: plots.Color(0)},
			{Label: "from the random v", X: t, Y: path, Color: plots.Color(1)},
			{Label: "symmetric S, same ρ: ‖Sᵗ‖₂ = ρᵗ", X: t, Y: PowerEnvelope(S, steps), Color: plots.Color(2)},
			{Label: "no growth", X: t, Y: one, Dashed: true, Color: plots.Theme.Ink},
		}})
}

// Growth is what notebook 06 measures of a non-normal W and a normal S with the same ρ.
type Growth struct {
	Rho, Norm float64   // W's spectral radius and spectral norm ‖W‖₂
	StretchU  float64   // |Wu| for u = TopStretch(W): ‖W‖₂ again, by another route
	Env       []float64 // ‖Wᵗ‖₂ for t = 0 … steps
	Peak      float64   // the largest of them
	PeakAt    int
	NormS     float64 // ‖S‖₂
	PeakS     float64 // the largest ‖Sᵗ‖₂ for t ≥ 1
}

// MeasureGrowth measures Growth for t = 0 … steps and prints it in two lines.
func MeasureGrowth(W, S *mat.Dense, steps int) Growth {
	_, rho := Eigenvalues(W)
	g := Growth{Rho: rho, Norm: SpectralNorm(W), StretchU: PowerPath(W, TopStretch(W), 1)[1],
		Env: PowerEnvelope(W, steps), NormS: SpectralNorm(S)}
	g.Peak, g.PeakAt = floats.Max(g.Env), floats.MaxIdx(g.Env)
	g.PeakS = floats.Max(PowerEnvelope(S, steps)[1:])
	fmt.Printf("ρ = %.4g, ‖W‖₂ = %.4f; |Wu| = %.4f for the unit vector u that W stretches most\n", rho, g.Norm, g.StretchU)
	fmt.Printf("largest growth ‖Wᵗ‖₂ = %.4f at t = %d; ‖W^%d‖₂ = %.3g; symmetric S: ‖S‖₂ = %.4f\n",
		g.Peak, g.PeakAt, steps, g.Env[steps], g.NormS)
	return g
}
