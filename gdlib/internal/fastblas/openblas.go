//go:build openblas

package fastblas

import (
	"os"

	"gonum.org/v1/netlib/blas/netlib"
)

// Built with -tags openblas (and CGO_LDFLAGS=-lopenblas): the system's OpenBLAS does the large
// products, unless DESCENT_BLAS=gonum keeps gonum's pure-Go BLAS. See fastblas.go.
func init() {
	Optimised, OptimisedName = netlib.Implementation{}, "openblas"
	if os.Getenv("DESCENT_BLAS") != "gonum" {
		Impl = Optimised
	}
}
