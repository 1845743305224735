package nn

import "github.com/descent-course/descent/gdlib/internal/fastblas"

// The network's matrix products go through fastblas.Gemm, which runs them on the system's
// OpenBLAS in a build with -tags openblas (scripts/blas.sh, the course's kernel) and on gonum's
// pure-Go BLAS otherwise, or where DESCENT_BLAS=gonum says so; products smaller than 32³
// multiply-adds stay on gonum's BLAS on both paths. See package gdlib/internal/fastblas.

// BLAS names the BLAS that does the network's matrix products: "openblas" (the system's
// OpenBLAS, through gonum.org/v1/netlib) or "gonum" (gonum's pure-Go BLAS, the fallback).
// gdlib.Softmax's products run on the same one.
func BLAS() string { return fastblas.Name() }

// transposeByCopy tells backward to form X_lᵀ dZ_l from an explicit copy of X_lᵀ (see
// transpose), which gonum's Dgemm multiplies faster than with its transpose flag; OpenBLAS
// is faster with the flag. (On gonum both give the same bits: TestBLASPathsAgree.)
func transposeByCopy() bool { return BLAS() == "gonum" }
