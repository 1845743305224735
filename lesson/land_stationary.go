package lesson

import (
	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// EndKind says where a run on the surface s ended, from its trace and the error Minimize
// returned with it: "diverged" (a value turned non-finite), "nowhere" (Minimize stopped with
// an error, such as a singular Hessian for Newton's method, or the last iterate is not a
// stationary point: |∇f| ≥ 1e-3 there), else the kind of stationary point the last iterate
// is, read from the signs of the Hessian's eigenvalues there: "minimum" (all positive),
// "maximum" (all negative) or "saddle" (mixed signs, or a zero eigenvalue).
func EndKind(s gdlib.Surface, tr gdlib.Trace, err error) string {
	switch {
	case tr.Diverged:
		return "diverged"
	case err != nil || len(tr.X) == 0:
		return "nowhere"
	}
	x := tr.X[len(tr.X)-1]
	g := make([]float64, s.Dim)
	s.Grad(g, x)
	if floats.Norm(g, 2) >= 1e-3 {
		return "nowhere"
	}
	h := mat.NewSymDense(s.Dim, nil)
	s.Hess(h, x)
	var eig mat.EigenSym
	if !eig.Factorize(h, false) {
		return "nowhere"
	}
	pos, neg := 0, 0
	for _, l := range eig.Values(nil) {
		switch {
		case l > 0:
			pos++
		case l < 0:
			neg++
		}
	}
	switch {
	case pos == s.Dim:
		return "minimum"
	case neg == s.Dim:
		return "maximum"
	}
	return "saddle"
}
