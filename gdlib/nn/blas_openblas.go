//go:build openblas

package nn

import (
	"os"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// Built with -tags openblas (and CGO_LDFLAGS=-lopenblas): the system's OpenBLAS does the
// matrix products, unless DESCENT_BLAS=gonum forces gonum's pure-Go BLAS. See blas.go.
func init() {
	optimised, optimisedName = netlib.Implementation{}, "openblas"
	if os.Getenv("DESCENT_BLAS") != "gonum" {
		blas64.Use(optimised)
	}
}
