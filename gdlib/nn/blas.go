package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// The network's matrix products are blas64.Gemm calls, so they run on whatever BLAS gonum's
// blas64 package has been given. Which one that is gets decided in one place:
//
//   - built with the tag openblas (go build -tags openblas, with CGO_LDFLAGS=-lopenblas),
//     blas_openblas.go hands blas64 the system's OpenBLAS through gonum.org/v1/netlib when the
//     package starts, unless the environment says DESCENT_BLAS=gonum;
//   - built without it (the default: go test, go vet, no cgo, no C library needed), blas64
//     keeps gonum's own pure-Go BLAS.
//
// scripts/kernel.sh decides the tag for the course's kernel: it builds the cells with
// -tags=openblas where libopenblas can be linked and DESCENT_BLAS is not gonum, and says which
// BLAS it chose on the kernel's stderr, once per kernel. Both paths compute the same products;
// they round differently in the last bits (OpenBLAS sums in another order and uses FMA).
//
// blas64.Use is process-wide: every gonum blas64 and mat call in a program that imports this
// package goes through the same BLAS.

// optimised is the optimised BLAS compiled in (blas_openblas.go), nil in the default build;
// optimisedName is its name.
var (
	optimised     blas.Float64
	optimisedName string
)

// BLAS names the BLAS that does the matrix products now: "openblas" (the system's OpenBLAS,
// through gonum.org/v1/netlib) or "gonum" (gonum's pure-Go BLAS, the fallback); "other" if a
// program has handed blas64 some other implementation.
func BLAS() string {
	impl := blas64.Implementation()
	switch {
	case optimised != nil && impl == optimised:
		return optimisedName
	case impl == blas.Float64(gonum.Implementation{}):
		return "gonum"
	}
	return "other"
}

// transposeByCopy tells backward to form X_lᵀ dZ_l from an explicit copy of X_lᵀ (see
// transpose), which gonum's Dgemm multiplies faster than with its transpose flag; OpenBLAS
// is faster with the flag. On gonum the products are bit for bit those of earlier versions.
func transposeByCopy() bool { return BLAS() == "gonum" }
