package gdlib

import (
	"fmt"
	"math"
	"slices"
)

// Learning-rate schedules. Each implements Schedule: LR(t) is the learning rate after t
// scheduler steps, counted as PyTorch's last_epoch, so LR(0) is the base rate. A t below 0
// is read as 0. Constructors validate their arguments and return errors that name them.
// The closed forms below are PyTorch's _get_closed_form_lr; PyTorch steps most schedulers
// with an equivalent recursive form, which agrees to rounding.
//
// A schedule is applied by a runner, before each optimizer step k = 0, 1, ...:
//
//	opt.SetLR(s.LR(k)); opt.Step(params, grad)

// schedT reads a negative step count as 0.
func schedT(t int) int { return max(t, 0) }

// Constant is a fixed learning rate: LR(t) = lr.
type Constant struct{ lr float64 }

// NewConstant returns the constant schedule lr > 0.
func NewConstant(lr float64) (*Constant, error) {
	ck := &optChecker{who: "Constant"}
	ck.positive("lr", lr)
	if ck.err != nil {
		return nil, ck.err
	}
	return &Constant{lr}, nil
}

func (s *Constant) LR(t int) float64 { return s.lr }

// StepLR is PyTorch's StepLR: LR(t) = base · γ^⌊t/stepSize⌋.
type StepLR struct {
	base, gamma float64
	stepSize    int
}

// NewStepLR returns step decay from base > 0, multiplying by gamma in (0, 1] every
// stepSize >= 1 steps (PyTorch's default gamma is 0.1).
func NewStepLR(base float64, stepSize int, gamma float64) (*StepLR, error) {
	ck := &optChecker{who: "StepLR"}
	ck.positive("base", base)
	ck.atLeast("stepSize", stepSize, 1)
	schedGamma(ck, gamma)
	if ck.err != nil {
		return nil, ck.err
	}
	return &StepLR{base, gamma, stepSize}, nil
}

func (s *StepLR) LR(t int) float64 {
	return s.base * math.Pow(s.gamma, float64(schedT(t)/s.stepSize))
}

// schedGamma wants a decay factor 0 < gamma <= 1.
func schedGamma(ck *optChecker, gamma float64) {
	if !(gamma > 0 && gamma <= 1) {
		ck.fail("gamma", gamma, "0 < gamma <= 1")
	}
}

// MultiStepLR is PyTorch's MultiStepLR: LR(t) = base · γ^(number of milestones <= t).
type MultiStepLR struct {
	base, gamma float64
	milestones  []int
}

// NewMultiStepLR returns decay from base > 0 by gamma in (0, 1] at each milestone; the
// milestones must be positive and strictly increasing (PyTorch's default gamma is 0.1).
func NewMultiStepLR(base float64, milestones []int, gamma float64) (*MultiStepLR, error) {
	ck := &optChecker{who: "MultiStepLR"}
	ck.positive("base", base)
	schedGamma(ck, gamma)
	for i, m := range milestones {
		if ck.err == nil && (m < 1 || i > 0 && m <= milestones[i-1]) {
			ck.err = fmt.Errorf("gdlib: MultiStepLR: milestones = %v, want positive and strictly increasing", milestones)
		}
	}
	if ck.err != nil {
		return nil, ck.err
	}
	return &MultiStepLR{base, gamma, slices.Clone(milestones)}, nil
}

func (s *MultiStepLR) LR(t int) float64 {
	// The number of milestones <= t, as bisect_right (the milestones are distinct).
	n, found := slices.BinarySearch(s.milestones, schedT(t))
	if found {
		n++
	}
	return s.base * math.Pow(s.gamma, float64(n))
}

// ExponentialLR is PyTorch's ExponentialLR: LR(t) = base · γ^t.
type ExponentialLR struct{ base, gamma float64 }

// NewExponentialLR returns exponential decay from base > 0 with gamma in (0, 1].
func NewExponentialLR(base, gamma float64) (*ExponentialLR, error) {
	ck := &optChecker{who: "ExponentialLR"}
	ck.positive("base", base)
	schedGamma(ck, gamma)
	if ck.err != nil {
		return nil, ck.err
	}
	return &ExponentialLR{base, gamma}, nil
}

func (s *ExponentialLR) LR(t int) float64 { return s.base * math.Pow(s.gamma, float64(schedT(t))) }

// InverseTimeLR is the 1/t decay of cs231n and Keras's InverseTimeDecay (with decay_steps 1):
// LR(t) = base/(1 + k t). (Not in torch.optim.lr_scheduler.)
type InverseTimeLR struct{ base, k float64 }

// NewInverseTimeLR returns base/(1 + k t) with base > 0 and k >= 0.
func NewInverseTimeLR(base, k float64) (*InverseTimeLR, error) {
	ck := &optChecker{who: "InverseTimeLR"}
	ck.positive("base", base)
	ck.nonNegative("k", k)
	if ck.err != nil {
		return nil, ck.err
	}
	return &InverseTimeLR{base, k}, nil
}

func (s *InverseTimeLR) LR(t int) float64 { return s.base / (1 + s.k*float64(schedT(t))) }

// InverseSqrtLR is a linear warm-up followed by inverse-square-root decay, peaking at peak
// when s = t + 1 equals warmup:
//
//	LR(t) = peak · min(s/warmup, √(warmup/s)),   s = t + 1
//
// With warmup = 1 it is plain decay, peak/√(t+1). NewTransformerLR gives the Transformer's
// schedule, which is this one with peak = d_model^(−½) · warmup^(−½). Neither PyTorch nor
// optax ships it (it is usually written with LambdaLR).
type InverseSqrtLR struct {
	peak   float64
	warmup int
}

// NewInverseSqrtLR returns the warm-up + inverse-square-root schedule with peak > 0 and
// warmup >= 1.
func NewInverseSqrtLR(peak float64, warmup int) (*InverseSqrtLR, error) {
	ck := &optChecker{who: "InverseSqrtLR"}
	ck.positive("peak", peak)
	ck.atLeast("warmup", warmup, 1)
	if ck.err != nil {
		return nil, ck.err
	}
	return &InverseSqrtLR{peak, warmup}, nil
}

// NewTransformerLR returns the schedule of Vaswani et al. (2017), eq. 3, with the step
// number s = t + 1 (their steps start at 1):
//
//	LR(t) = dModel^(−½) · min(s^(−½), s · warmup^(−1.5))
//
// The paper uses dModel = 512, warmup = 4000 (with Adam β = 0.9/0.98, ε = 1e-9).
func NewTransformerLR(dModel, warmup int) (*InverseSqrtLR, error) {
	ck := &optChecker{who: "TransformerLR"}
	ck.atLeast("dModel", dModel, 1)
	ck.atLeast("warmup", warmup, 1)
	if ck.err != nil {
		return nil, ck.err
	}
	return &InverseSqrtLR{1 / math.Sqrt(float64(dModel)*float64(warmup)), warmup}, nil
}

func (s *InverseSqrtLR) LR(t int) float64 {
	step, w := float64(schedT(t)+1), float64(s.warmup)
	return s.peak * min(step/w, math.Sqrt(w/step))
}

// PolynomialLR is PyTorch's PolynomialLR: LR(t) = base · (1 − min(t, total)/total)^power.
// It reaches 0 at t = total and stays there.
type PolynomialLR struct {
	base, power float64
	total       int
}

// NewPolynomialLR returns polynomial decay from base > 0 to 0 over total >= 1 steps with
// power > 0 (PyTorch's defaults: total 5, power 1).
func NewPolynomialLR(base float64, total int, power float64) (*PolynomialLR, error) {
	ck := &optChecker{who: "PolynomialLR"}
	ck.positive("base", base)
	ck.atLeast("total", total, 1)
	ck.positive("power", power)
	if ck.err != nil {
		return nil, ck.err
	}
	return &PolynomialLR{base, power, total}, nil
}

func (s *PolynomialLR) LR(t int) float64 {
	frac := float64(min(schedT(t), s.total)) / float64(s.total)
	return s.base * math.Pow(1-frac, s.power)
}

// CosineAnnealingLR is PyTorch's CosineAnnealingLR in closed form:
//
//	LR(t) = ηmin + ½ (base − ηmin)(1 + cos(π t/tMax))
//
// It is NOT clamped at tMax, as in PyTorch: after tMax the rate rises again, with period
// 2·tMax (optax's cosine_decay_schedule clamps). Stop at tMax, or use CosineWarmRestarts.
type CosineAnnealingLR struct {
	base, etaMin float64
	tMax         int
}

// NewCosineAnnealingLR returns cosine annealing from base > 0 to etaMin >= 0 over tMax >= 1 steps.
func NewCosineAnnealingLR(base float64, tMax int, etaMin float64) (*CosineAnnealingLR, error) {
	ck := &optChecker{who: "CosineAnnealingLR"}
	ck.positive("base", base)
	ck.atLeast("tMax", tMax, 1)
	ck.nonNegative("etaMin", etaMin)
	if ck.err != nil {
		return nil, ck.err
	}
	return &CosineAnnealingLR{base, etaMin, tMax}, nil
}

func (s *CosineAnnealingLR) LR(t int) float64 {
	return cosineBetween(s.base, s.etaMin, float64(schedT(t))/float64(s.tMax))
}

// cosineBetween is ηmin + ½(base − ηmin)(1 + cos(π x)).
func cosineBetween(base, etaMin, x float64) float64 {
	return etaMin + 0.5*(base-etaMin)*(1+math.Cos(math.Pi*x))
}

// CosineWarmRestarts is PyTorch's CosineAnnealingWarmRestarts (SGDR, Loshchilov & Hutter):
// cosine annealing over periods of T_0, T_0·tMult, T_0·tMult², ... steps, restarting at
// base after each period:
//
//	LR(t) = ηmin + ½ (base − ηmin)(1 + cos(π T_cur/T_i))
//
// where T_i is the length of the period holding t and T_cur the steps since it began.
type CosineWarmRestarts struct {
	base, etaMin float64
	t0, tMult    int
}

// NewCosineWarmRestarts returns warm restarts from base > 0 to etaMin >= 0 with first period
// t0 >= 1 and period multiplier tMult >= 1 (an integer, as PyTorch requires).
func NewCosineWarmRestarts(base float64, t0, tMult int, etaMin float64) (*CosineWarmRestarts, error) {
	ck := &optChecker{who: "CosineWarmRestarts"}
	ck.positive("base", base)
	ck.atLeast("t0", t0, 1)
	ck.atLeast("tMult", tMult, 1)
	ck.nonNegative("etaMin", etaMin)
	if ck.err != nil {
		return nil, ck.err
	}
	return &CosineWarmRestarts{base, etaMin, t0, tMult}, nil
}

func (s *CosineWarmRestarts) LR(t int) float64 {
	// In float64 (exact for integers below 2⁵³), so that T_i cannot overflow.
	cur, ti := float64(schedT(t)), float64(s.t0)
	if s.tMult == 1 {
		cur = math.Mod(cur, ti)
	}
	for cur >= ti { // tMult >= 2: at most ~log(t) periods
		cur -= ti
		ti *= float64(s.tMult)
	}
	return cosineBetween(s.base, s.etaMin, cur/ti)
}

// LinearWarmup puts a linear warm-up of warmup steps in front of another schedule, as
// PyTorch's SequentialLR([LinearLR(start_factor, total_iters=warmup), after], milestones=[warmup]):
//
//	LR(t) = after.LR(0) · (f + (1 − f) t/warmup)   for t < warmup
//	LR(t) = after.LR(t − warmup)                   for t >= warmup
//
// The schedule after it starts afresh at the milestone (its t counts from there); optax's
// warmup_cosine_decay_schedule instead counts decay_steps from 0, including the warm-up.
type LinearWarmup struct {
	after  Schedule
	factor float64
	warmup int
}

// NewLinearWarmup returns a warm-up from startFactor·after.LR(0), with startFactor in
// (0, 1] (PyTorch's LinearLR default is 1/3), over warmup >= 1 steps, followed by after.
func NewLinearWarmup(after Schedule, startFactor float64, warmup int) (*LinearWarmup, error) {
	ck := &optChecker{who: "LinearWarmup"}
	if after == nil {
		ck.err = fmt.Errorf("gdlib: LinearWarmup: after = nil, want a Schedule")
	}
	if !(startFactor > 0 && startFactor <= 1) {
		ck.fail("startFactor", startFactor, "0 < startFactor <= 1")
	}
	ck.atLeast("warmup", warmup, 1)
	if ck.err != nil {
		return nil, ck.err
	}
	return &LinearWarmup{after, startFactor, warmup}, nil
}

func (s *LinearWarmup) LR(t int) float64 {
	t = schedT(t)
	if t >= s.warmup {
		return s.after.LR(t - s.warmup)
	}
	return s.after.LR(0) * (s.factor + (1-s.factor)*float64(t)/float64(s.warmup))
}
