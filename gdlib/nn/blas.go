package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// The network's matrix products go through gemm, on the BLAS in impl (gonum's blas.Float64
// interface, the one blas64 uses). Which BLAS that is gets decided in one place:
//
//   - built with the tag openblas (go build -tags openblas, with CGO_LDFLAGS=-lopenblas),
//     blas_openblas.go plugs in the system's OpenBLAS through gonum.org/v1/netlib when the
//     package starts, unless the environment says DESCENT_BLAS=gonum;
//   - built without it (the default: go test, go vet; no cgo, no C library needed), impl stays
//     gonum's own pure-Go BLAS.
//
// scripts/blas.sh decides the tag for the course's kernel (scripts/kernel.sh): -tags=openblas
// where libopenblas can be linked and DESCENT_BLAS is not gonum; the kernel says its choice on
// its stderr, once per kernel. Both BLAS compute the same products and round differently in
// the last bits (OpenBLAS sums in another order, with FMA).
//
// The choice is this package's alone: other gonum code in the same program (mat, lapack, the
// blas64 package's own default) keeps gonum's BLAS, so only the network's products differ
// between the two paths.
var impl blas.Float64 = gonum.Implementation{}

// optimised is the optimised BLAS compiled in (blas_openblas.go), nil in the default build;
// optimisedName is its name.
var (
	optimised     blas.Float64
	optimisedName string
)

// BLAS names the BLAS that does the network's matrix products: "openblas" (the system's
// OpenBLAS, through gonum.org/v1/netlib) or "gonum" (gonum's pure-Go BLAS, the fallback).
func BLAS() string {
	switch {
	case optimised != nil && impl == optimised:
		return optimisedName
	case impl == blas.Float64(gonum.Implementation{}):
		return "gonum"
	}
	return "other" // a test's stand-in
}

// smallGemm is the size m·n·k below which a product stays on gonum's BLAS whatever impl is:
// such a product takes microseconds, about what a call into C costs, and a small network (the
// hand-checked examples, the gradient checks) then prints the same digits on either path, to
// the last one.
const smallGemm = 32 * 32 * 32

// gemm computes C = alpha·op(A)·op(B) + beta·C, as blas64.Gemm does: on impl, or on gonum's
// BLAS for a small product (smallGemm).
func gemm(tA, tB blas.Transpose, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	m, k := a.Rows, a.Cols
	if tA != blas.NoTrans {
		m, k = a.Cols, a.Rows
	}
	n := b.Cols
	if tB != blas.NoTrans {
		n = b.Rows
	}
	var on blas.Float64 = gonum.Implementation{}
	if m*n*k >= smallGemm {
		on = impl
	}
	on.Dgemm(tA, tB, m, n, k, alpha, a.Data, max(1, a.Stride), b.Data, max(1, b.Stride), beta, c.Data, max(1, c.Stride))
}

// transposeByCopy tells backward to form X_lᵀ dZ_l from an explicit copy of X_lᵀ (see
// transpose), which gonum's Dgemm multiplies faster than with its transpose flag; OpenBLAS
// is faster with the flag. (On gonum both give the same bits: TestBLASPathsAgree.)
func transposeByCopy() bool { return BLAS() == "gonum" }
