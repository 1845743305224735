//go:build openblas

package nn

import (
	"os"

	"gonum.org/v1/netlib/blas/netlib"
)

// Built with -tags openblas (and CGO_LDFLAGS=-lopenblas): the system's OpenBLAS does the
// network's matrix products, unless DESCENT_BLAS=gonum keeps gonum's pure-Go BLAS. See blas.go.
func init() {
	optimised, optimisedName = netlib.Implementation{}, "openblas"
	if os.Getenv("DESCENT_BLAS") != "gonum" {
		impl = optimised
	}
}
