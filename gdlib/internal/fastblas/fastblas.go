// Package fastblas is the one place that chooses the BLAS for gdlib's large matrix products:
// the network's (gdlib/nn) and softmax regression's (gdlib.Softmax).
//
//   - Built with the tag openblas (go build -tags openblas, with CGO_LDFLAGS=-lopenblas),
//     openblas.go plugs in the system's OpenBLAS through gonum.org/v1/netlib when the package
//     starts, unless the environment says DESCENT_BLAS=gonum.
//   - Built without it (the default: go test, go vet; no cgo, no C library needed), Impl stays
//     gonum's own pure-Go BLAS.
//
// scripts/blas.sh decides the tag for the course's kernel (scripts/kernel.sh): -tags=openblas
// where libopenblas can be linked and DESCENT_BLAS is not gonum; the kernel says its choice on
// its stderr, once per kernel. Both BLAS compute the same products and round differently in
// the last bits (OpenBLAS sums in another order, with FMA).
//
// Other gonum code in the same program (mat, lapack, the blas64 package's own default) keeps
// gonum's BLAS, so only the products made through Gemm differ between the two paths.
package fastblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// Impl is the BLAS that Gemm uses for large products (tests swap it).
var Impl blas.Float64 = gonum.Implementation{}

// Optimised is the optimised BLAS compiled in (openblas.go), nil in the default build;
// OptimisedName is its name.
var (
	Optimised     blas.Float64
	OptimisedName string
)

// Name names the BLAS that Gemm uses for large products: "openblas" (the system's OpenBLAS,
// through gonum.org/v1/netlib), "gonum" (gonum's pure-Go BLAS, the fallback) or "other" (a
// test's stand-in).
func Name() string {
	switch {
	case Optimised != nil && Impl == Optimised:
		return OptimisedName
	case Impl == blas.Float64(gonum.Implementation{}):
		return "gonum"
	}
	return "other"
}

// Small is the size m·n·k below which a product stays on gonum's BLAS whatever Impl is: such a
// product takes microseconds, about what a call into C costs, and small problems (the
// hand-checked examples, the gradient checks) then print the same digits on either path, to
// the last one.
const Small = 32 * 32 * 32

// Gemm computes C = alpha·op(A)·op(B) + beta·C, as blas64.Gemm does: on Impl, or on gonum's
// BLAS for a product smaller than Small.
func Gemm(tA, tB blas.Transpose, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	m, k := a.Rows, a.Cols
	if tA != blas.NoTrans {
		m, k = a.Cols, a.Rows
	}
	n := b.Cols
	if tB != blas.NoTrans {
		n = b.Rows
	}
	var on blas.Float64 = gonum.Implementation{}
	if m*n*k >= Small {
		on = Impl
	}
	on.Dgemm(tA, tB, m, n, k, alpha, a.Data, max(1, a.Stride), b.Data, max(1, b.Stride), beta, c.Data, max(1, c.Stride))
}
