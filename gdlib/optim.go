package gdlib

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// This file holds what all optimizers share: the optional interfaces a runner may
// check for, the Must helper for notebooks, and the checks on hyperparameters.
//
// Conventions of every optimizer in gdlib:
//   - The constructor NewX(dim, c) validates the config and returns an error that names
//     the field and its value, such as "gdlib: Adam: Beta1 = 1.2, want 0 <= Beta1 < 1".
//     DefaultXConfig() returns PyTorch's defaults (or says whose defaults it uses).
//   - Step(params, grad) updates params in place, never modifies grad, allocates nothing,
//     and returns an error (changing nothing) when a length differs from dim or when SetLR
//     or SetMomentum stored a value the update cannot use.
//   - SetLR stores any value. LR >= 0 and finite is accepted by Step (a schedule may reach 0);
//     a negative, NaN or infinite LR makes Step return an error. The constructor is stricter
//     and wants LR > 0.
//   - Reset restores the state of a newly constructed optimizer: zero moments, step count 0,
//     and the LR and momentum of the config.
//   - State accessors (Velocity, FirstMoment, SecondMoment, ...) return the live slices
//     the optimizer updates: views, not copies. Read them, plot them, copy them if you keep
//     them; writing to them changes the optimizer.
//   - Name returns a legend label built from the config, such as "Adam(lr=0.001)"; it does
//     not follow later SetLR calls.

// HessianStepper is an optimizer that needs the Hessian ∇²f(θ) as well as the gradient:
// a runner that holds a Surface with Hess calls StepHessian instead of Step.
type HessianStepper interface {
	StepHessian(params, grad []float64, hess *mat.SymDense) error
}

// MomentumSetter is an optimizer whose momentum coefficient (μ, or β1 for the Adam family)
// can change between steps, as OneCycleLR's cycled momentum does. Step returns an error
// when the value set is outside 0 <= μ < 1.
type MomentumSetter interface {
	SetMomentum(mu float64)
}

// EffectiveStepper is an optimizer with a per-parameter step size: EffectiveStep()[i] is the
// factor η_i by which the last step scaled its update direction d_i, θ_i ← θ_i − η_i d_i.
// Each optimizer's doc says what d and η are.
type EffectiveStepper interface {
	EffectiveStep() []float64
}

// Must returns v, or panics with err when err is not nil. It keeps notebook cells short:
//
//	opt := gdlib.Must(gdlib.NewAdam(2, gdlib.DefaultAdamConfig()))
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// optFinite reports whether x is neither NaN nor infinite.
func optFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// optFmt prints x in the shortest form that reads back exactly.
func optFmt(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// optChecker collects the first invalid hyperparameter of one optimizer or schedule.
type optChecker struct {
	who string // "Adam", "OneCycleLR", ...
	err error
}

func (c *optChecker) fail(field string, v float64, want string) {
	if c.err == nil {
		c.err = fmt.Errorf("gdlib: %s: %s = %s, want %s", c.who, field, optFmt(v), want)
	}
}

// positive wants 0 < v < ∞.
func (c *optChecker) positive(field string, v float64) {
	if !(v > 0) || math.IsInf(v, 1) {
		c.fail(field, v, field+" > 0 and finite")
	}
}

// nonNegative wants 0 <= v < ∞.
func (c *optChecker) nonNegative(field string, v float64) {
	if !(v >= 0) || math.IsInf(v, 1) {
		c.fail(field, v, field+" >= 0 and finite")
	}
}

// unit wants 0 <= v < 1 (momenta, betas, decay rates).
func (c *optChecker) unit(field string, v float64) {
	if !(v >= 0 && v < 1) {
		c.fail(field, v, "0 <= "+field+" < 1")
	}
}

// closedUnit wants 0 <= v <= 1 (dampening).
func (c *optChecker) closedUnit(field string, v float64) {
	if !(v >= 0 && v <= 1) {
		c.fail(field, v, "0 <= "+field+" <= 1")
	}
}

// atLeast wants the integer v >= lo.
func (c *optChecker) atLeast(field string, v, lo int) {
	if v < lo && c.err == nil {
		c.err = fmt.Errorf("gdlib: %s: %s = %d, want %s >= %d", c.who, field, v, field, lo)
	}
}

// newOptChecker starts the checks of a constructor with the dimension and the learning rate.
func newOptChecker(who string, dim int, lr float64) *optChecker {
	c := &optChecker{who: who}
	c.atLeast("dim", dim, 1)
	c.positive("LR", lr)
	return c
}

// optStepCheck is the check every Step makes before touching anything: the lengths, the
// learning rate (which SetLR may have changed; 0 is allowed there) and the momentum field
// muField (which SetMomentum may have changed; pass "" when the optimizer has none).
func optStepCheck(who string, dim int, params, grad []float64, lr float64, muField string, mu float64) error {
	if len(params) != dim || len(grad) != dim {
		return fmt.Errorf("gdlib: %s: len(params) = %d, len(grad) = %d, want both = dim = %d",
			who, len(params), len(grad), dim)
	}
	if !(lr >= 0) || math.IsInf(lr, 1) {
		return fmt.Errorf("gdlib: %s: LR = %s (set by SetLR), want LR >= 0 and finite", who, optFmt(lr))
	}
	if muField != "" && !(mu >= 0 && mu < 1) {
		return fmt.Errorf("gdlib: %s: %s = %s (set by SetMomentum), want 0 <= %s < 1", who, muField, optFmt(mu), muField)
	}
	return nil
}

// optSign is sign(x) with sign(0) = 0, as jnp.sign and keras.ops.sign.
func optSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// optBase is the state every optimizer shares, embedded in each one: the dimension, the
// learning rate in force, the rate of the last step (EffectiveStep uses it) and the step
// count t.
type optBase struct {
	dim    int
	lr     float64
	lastLR float64
	t      int
}

// LR is the learning rate in force.
func (b *optBase) LR() float64 { return b.lr }

// SetLR sets the learning rate of the following steps; Step rejects a negative or
// non-finite value (0 is accepted).
func (b *optBase) SetLR(lr float64) { b.lr = lr }

// Steps is the number of steps taken since construction or Reset.
func (b *optBase) Steps() int { return b.t }
