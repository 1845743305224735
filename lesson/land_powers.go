package lesson

import (
	"cmp"
	"errors"
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Eigenvalues returns the eigenvalues of the square matrix A (complex pairs for a real
// matrix), largest |λ| first, and its spectral radius ρ = max |λ_i|. It stops the cell with
// one line if the decomposition fails.
func Eigenvalues(A mat.Matrix) (lambda []complex128, rho float64) {
	lambda, rho, err := eigenvalues(A)
	if err != nil {
		landStop(err)
	}
	return lambda, rho
}

func eigenvalues(A mat.Matrix) (lambda []complex128, rho float64, err error) {
	var eig mat.Eigen
	if !eig.Factorize(A, mat.EigenNone) {
		return nil, 0, errors.New("the eigen-decomposition did not converge")
	}
	lambda = eig.Values(nil)
	slices.SortStableFunc(lambda, func(a, b complex128) int { return cmp.Compare(cmplx.Abs(b), cmplx.Abs(a)) })
	return lambda, cmplx.Abs(lambda[0]), nil
}

// PowerNorms returns |Wᵗv| for t = 0, 1, …, steps computed two ways: measured, by
// multiplying v by W t times; and predicted, from the eigen-decomposition W = V diag(λ) V⁻¹:
//
//	Wᵗv = Σ_i λ_iᵗ c_i V_i,   c = V⁻¹v,
//
// in complex arithmetic (a real matrix has complex pairs of eigenvalues). The coefficients
// c_i come from the left eigenvectors u_i (the rows of V⁻¹ up to scale): c_i = u_iᴴv / u_iᴴV_i.
// W must be square and diagonalisable (a random matrix is, almost surely); the cell stops
// with one line if it is not square or the decomposition fails.
func PowerNorms(W *mat.Dense, v []float64, steps int) (measured, predicted []float64) {
	measured, predicted, err := powerNorms(W, v, steps)
	if err != nil {
		landStop(err)
	}
	return measured, predicted
}

func powerNorms(W *mat.Dense, v []float64, steps int) (measured, predicted []float64, err error) {
	n, c := W.Dims()
	if n != c || len(v) != n {
		return nil, nil, errors.New("PowerNorms needs a square matrix and a vector of its size")
	}
	var eig mat.Eigen
	if !eig.Factorize(W, mat.EigenBoth) {
		return nil, nil, errors.New("the eigen-decomposition did not converge")
	}
	lam := eig.Values(nil)
	var V, U mat.CDense
	eig.VectorsTo(&V)
	eig.LeftVectorsTo(&U)
	coef := make([]complex128, n)
	for i := 0; i < n; i++ {
		var uv, uV complex128
		for j := 0; j < n; j++ {
			uv += cmplx.Conj(U.At(j, i)) * complex(v[j], 0)
			uV += cmplx.Conj(U.At(j, i)) * V.At(j, i)
		}
		coef[i] = uv / uV
	}
	x := mat.NewVecDense(n, append([]float64(nil), v...))
	y := mat.NewVecDense(n, nil)
	pow := make([]complex128, n) // λ_iᵗ
	for i := range pow {
		pow[i] = 1
	}
	for t := 0; t <= steps; t++ {
		if t > 0 {
			y.MulVec(W, x)
			x, y = y, x
			for i := range pow {
				pow[i] *= lam[i]
			}
		}
		sq := 0.0
		for j := 0; j < n; j++ {
			var s complex128
			for i := 0; i < n; i++ {
				s += pow[i] * coef[i] * V.At(j, i)
			}
			sq += real(s)*real(s) + imag(s)*imag(s)
		}
		measured = append(measured, floats.Norm(x.RawVector().Data, 2))
		predicted = append(predicted, math.Sqrt(sq))
	}
	return measured, predicted, nil
}
