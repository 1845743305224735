package gdlib

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// NewtonConfig holds the hyperparameters of Newton's method.
type NewtonConfig struct {
	LR      float64 // step factor γ > 0 (default 1: the full Newton step)
	Damping float64 // δ >= 0 added to the Hessian's diagonal (default 0)
}

// DefaultNewtonConfig returns LR 1 and no damping: the pure Newton step.
func DefaultNewtonConfig() NewtonConfig { return NewtonConfig{LR: 1} }

// ErrNeedsHessian is returned by Newton's Step: Newton's method needs the Hessian, so call
// StepHessian (runners check for the HessianStepper interface).
var ErrNeedsHessian = errors.New("gdlib: Newton needs the Hessian: call StepHessian(params, grad, hess), not Step")

// Newton is Newton's method with an exact Hessian H = ∇²f(θ) and optional damping δ
// (Levenberg's fixed shift):
//
//	solve (H + δI) d = g;   θ ← θ − γ d
//
// On a quadratic with positive-definite H, γ = 1 and δ = 0 reach the minimum in one step.
// Where H is indefinite the step heads for the stationary point of the local quadratic
// model, a saddle as readily as a minimum: there is no line search and no shift that
// makes H + δI positive definite (compare gonum's optimize.Newton, which adds both).
//
// Newton implements Optimizer so that it can be passed where one is expected, but its
// Step only returns ErrNeedsHessian; use StepHessian. The system is solved by LU
// factorisation with partial pivoting, which works for indefinite H. StepHessian calls
// gonum's LAPACK routines (lapack64.Getrf, Gecon, Getrs) on work space made at
// construction, so it allocates nothing; gonum's mat.LU would do the same arithmetic but
// allocates three small slice headers per factorisation (its scratch pools).
type Newton struct {
	cfg NewtonConfig
	optBase
	lu    *mat.Dense // H + δI, then its LU factors
	ipiv  []int      // row swaps of the factorisation
	d     []float64  // Newton direction (H + δI)⁻¹ g
	work  []float64  // scratch of the condition estimate, 4·dim
	iwork []int      // scratch of the condition estimate, dim
}

// NewNewton returns Newton's method on dim parameters.
func NewNewton(dim int, c NewtonConfig) (*Newton, error) {
	ck := newOptChecker("Newton", dim, c.LR)
	ck.nonNegative("Damping", c.Damping)
	if ck.err != nil {
		return nil, ck.err
	}
	return &Newton{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, lu: mat.NewDense(dim, dim, nil), ipiv: make([]int, dim),
		d: make([]float64, dim), work: make([]float64, 4*dim), iwork: make([]int, dim)}, nil
}

// Step returns ErrNeedsHessian and changes nothing.
func (o *Newton) Step(params, grad []float64) error { return ErrNeedsHessian }

// StepHessian applies θ ← θ − γ (H + δI)⁻¹ g. It returns an error, and changes nothing,
// when a length or the Hessian's size differs from dim, when the LR set by SetLR is
// invalid, when H + δI is singular or too ill-conditioned to solve (condition number
// above gonum's mat.ConditionTolerance, 1e16), or when the direction is not finite.
func (o *Newton) StepHessian(params, grad []float64, hess *mat.SymDense) error {
	if err := optStepCheck("Newton", o.dim, params, grad, o.lr, "", 0); err != nil {
		return err
	}
	if hess == nil || hess.SymmetricDim() != o.dim {
		n := 0
		if hess != nil {
			n = hess.SymmetricDim()
		}
		return fmt.Errorf("gdlib: Newton: Hessian is %d×%d, want %d×%d", n, n, o.dim, o.dim)
	}
	o.lu.Copy(hess)
	for i := range o.dim {
		o.lu.Set(i, i, o.lu.At(i, i)+o.cfg.Damping)
	}
	a := o.lu.RawMatrix()
	norm := lapack64.Lange(lapack.MaxColumnSum, a, o.work[:o.dim])
	if !lapack64.Getrf(a, o.ipiv) {
		return fmt.Errorf("gdlib: Newton: H + δI is singular (δ = %s); try Damping > 0", optFmt(o.cfg.Damping))
	}
	if cond := 1 / lapack64.Gecon(lapack.MaxColumnSum, a, norm, o.work, o.iwork); cond > mat.ConditionTolerance {
		return fmt.Errorf("gdlib: Newton: H + δI is ill-conditioned (condition number %.3g > %g, δ = %s); try Damping > 0",
			cond, mat.ConditionTolerance, optFmt(o.cfg.Damping))
	}
	copy(o.d, grad)
	lapack64.Getrs(blas.NoTrans, a, blas64.General{Rows: o.dim, Cols: 1, Stride: 1, Data: o.d}, o.ipiv)
	for _, di := range o.d {
		if !optFinite(di) {
			return fmt.Errorf("gdlib: Newton: the direction (H + δI)⁻¹ g is not finite (%s)", optFmt(di))
		}
	}
	o.t++
	for i, di := range o.d {
		params[i] -= o.lr * di
	}
	return nil
}

// Direction returns the last Newton direction d = (H + δI)⁻¹ g: a live view.
func (o *Newton) Direction() []float64 { return o.d }

func (o *Newton) Reset() {
	o.t, o.lr = 0, o.cfg.LR
	clear(o.d)
}
func (o *Newton) Name() string {
	if o.cfg.Damping == 0 {
		return fmt.Sprintf("Newton(lr=%s)", optFmt(o.cfg.LR))
	}
	return fmt.Sprintf("Newton(lr=%s, damping=%s)", optFmt(o.cfg.LR), optFmt(o.cfg.Damping))
}
