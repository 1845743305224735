package gdlib

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// GradTransform changes the gradient after the runner has evaluated it and before the
// optimizer sees it, in the spirit of optax's chain of gradient transformations. Minimize and
// Train apply the transforms of RunOptions.Transforms and TrainOptions.Transforms in slice
// order, at every step, as
//
//	g ← ∇f(x_k)                 (Train: the batch gradient)
//	η ← opt.LR()                (after the schedule has set the rate of this step)
//	for each t: t.Apply(g, x_k, η)
//	opt.Step(x_k, g)            (opt.StepHessian(x_k, g, ∇²f(x_k)) for Newton)
//
// The transforms stand beside the optimizer and do not wrap it: the runner still holds the
// optimizer itself, so a OneCycleLR schedule still sets its momentum (MomentumSetter) and
// Newton still gets the Hessian (HessianStepper).
//
// This package's transforms are ClipNorm, ClipValue, GradNoise and WeightDecay.
type GradTransform interface {
	// Apply transforms g in place before a step with learning rate lr from the parameters x,
	// len(g) = len(x), and allocates nothing. Of this package's transforms only WeightDecay
	// changes x. It returns an error, and leaves x unchanged, when it cannot apply
	// (WeightDecay with a negative or non-finite lr); the runner then stops with that error.
	Apply(g, x []float64, lr float64) error
	// Reset restores the state of a newly constructed transform (GradNoise's random
	// stream). The runners call it at the start of each run, so that two runs given the
	// same transforms see the same noise; a transform is therefore not for use by two runs
	// at once.
	Reset()
}

// noState gives a stateless transform its Reset.
type noState struct{}

func (noState) Reset() {}

type clipNorm struct {
	noState
	c float64
}

// ClipNorm returns the transform that clips the gradient by its (global) L2 norm:
//
//	g ← g · min(1, c/‖g‖₂)
//
// It keeps the direction of g and makes ‖g‖ <= c: the projection of g onto the ball of
// radius c. A gradient of norm at most c (also g = 0) is left as it is. ‖g‖ is computed
// with scaling (gonum's floats.Norm), so that a gradient of size 1e200 is clipped rather
// than turned into zeros by an overflowing sum of squares. PyTorch's clip_grad_norm_
// multiplies by min(1, c/(‖g‖ + 1e−6)) and optax's clip_by_global_norm computes g/‖g‖·c
// when ‖g‖ >= c: the same up to rounding and the 1e−6. c must be > 0 and finite.
func ClipNorm(c float64) (GradTransform, error) {
	ck := &optChecker{who: "ClipNorm"}
	ck.positive("c", c)
	if ck.err != nil {
		return nil, ck.err
	}
	return clipNorm{c: c}, nil
}

func (t clipNorm) Apply(g, _ []float64, _ float64) error {
	if n := floats.Norm(g, 2); n > t.c {
		floats.Scale(t.c/n, g)
	}
	return nil
}

type clipValue struct {
	noState
	c float64
}

// ClipValue returns the transform that clips each gradient component into [−c, c]:
//
//	g_i ← max(−c, min(c, g_i))
//
// as PyTorch's clip_grad_value_ and optax's clip. Unlike ClipNorm it turns the direction of
// g when it clips some components and not others. c must be > 0 and finite.
func ClipValue(c float64) (GradTransform, error) {
	ck := &optChecker{who: "ClipValue"}
	ck.positive("c", c)
	if ck.err != nil {
		return nil, ck.err
	}
	return clipValue{c: c}, nil
}

func (t clipValue) Apply(g, _ []float64, _ float64) error {
	for i, v := range g {
		g[i] = max(-t.c, min(t.c, v))
	}
	return nil
}

type gradNoise struct {
	sigma float64
	seed  uint64
	pcg   *rand.PCG
	rng   *rand.Rand
}

// GradNoise returns the transform that adds independent Gaussian noise to each gradient
// component, a model of stochastic gradients:
//
//	g_i ← g_i + σ ξ_i,   ξ_i ~ N(0, 1)
//
// The ξ_i are drawn with NormFloat64 from math/rand/v2's PCG seeded with (seed, 0), in
// component order, step after step; Reset (called by the runners at the start of each run)
// reseeds it, so every run draws the same noise. RunOptions.GradNoise = σ with Seed = seed is
// this transform, placed first in the chain. The variance σ² is fixed, unlike optax's
// add_noise, whose variance decays as η/(1 + t)^γ. σ must be >= 0 and finite.
func GradNoise(sigma float64, seed uint64) (GradTransform, error) {
	ck := &optChecker{who: "GradNoise"}
	ck.nonNegative("sigma", sigma)
	if ck.err != nil {
		return nil, ck.err
	}
	return newGradNoise(sigma, seed), nil
}

// newGradNoise is GradNoise without the check of sigma.
func newGradNoise(sigma float64, seed uint64) *gradNoise {
	pcg := rand.NewPCG(seed, 0)
	return &gradNoise{sigma: sigma, seed: seed, pcg: pcg, rng: rand.New(pcg)}
}

func (t *gradNoise) Apply(g, _ []float64, _ float64) error {
	for i := range g {
		g[i] += t.sigma * t.rng.NormFloat64()
	}
	return nil
}

func (t *gradNoise) Reset() { t.pcg.Seed(t.seed, 0) }

type weightDecay struct {
	noState
	lambda float64
}

// WeightDecay returns decoupled weight decay (Loshchilov & Hutter), as in PyTorch's AdamW and
// optax's add_decayed_weights followed by the scaling by the learning rate. Applied before
// the optimizer's step with learning rate η (the rate in force, as a schedule set it), it
// changes the parameters and leaves g alone:
//
//	x_k ← (1 − ηλ) x_k
//
// so the whole step is, with g evaluated at the undecayed x_k and the optimizer's own update
// x ← x − Δ(g):
//
//	x_{k+1} = (1 − ηλ) x_k − Δ(g)
//
// This is PyTorch's order (decay, then the step) and, for an update Δ = η·d(g) that does
// not depend on x (every optimizer of this package with its own WeightDecay at 0), optax's
// x_{k+1} = x_k − η(d + λx_k). Unlike L2 regularisation (g ← g + λx, the WeightDecay field of
// the optimizers' configs) the decay does not pass through the optimizer's moments: with
// Adam it is not divided by √v̂. The place of WeightDecay in the chain does not matter for
// the other transforms of this package, which neither read nor change x. λ must be >= 0
// and finite; Apply returns an error, changing nothing, when η is negative or not finite.
func WeightDecay(lambda float64) (GradTransform, error) {
	ck := &optChecker{who: "WeightDecay"}
	ck.nonNegative("lambda", lambda)
	if ck.err != nil {
		return nil, ck.err
	}
	return weightDecay{lambda: lambda}, nil
}

func (t weightDecay) Apply(_, x []float64, lr float64) error {
	if !(lr >= 0) || math.IsInf(lr, 1) {
		return fmt.Errorf("gdlib: WeightDecay: LR = %s, want LR >= 0 and finite", optFmt(lr))
	}
	keep := 1 - lr*t.lambda
	for i := range x {
		x[i] *= keep
	}
	return nil
}

// startTransforms checks that no transform is nil and resets them all, at the start of a run.
func startTransforms(who string, ts []GradTransform) error {
	for i, t := range ts {
		if t == nil {
			return fmt.Errorf("gdlib: %s: Transforms[%d] is nil", who, i)
		}
	}
	for _, t := range ts {
		t.Reset()
	}
	return nil
}

// applyTransforms applies ts in order to g (and x) before a step with learning rate lr.
func applyTransforms(ts []GradTransform, g, x []float64, lr float64) error {
	for _, t := range ts {
		if err := t.Apply(g, x, lr); err != nil {
			return err
		}
	}
	return nil
}
