package gdlib

import (
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
)

// momentumSchedule is a schedule that also gives a momentum coefficient (OneCycleLR).
type momentumSchedule interface {
	Momentum(t int) float64
}

// applySchedule sets the learning rate (and the momentum, when both sides support it) for
// step t.
func applySchedule(s Schedule, opt Optimizer, t int) {
	opt.SetLR(s.LR(t))
	if ms, ok := s.(momentumSchedule); ok {
		if mo, ok := opt.(MomentumSetter); ok {
			mo.SetMomentum(ms.Momentum(t))
		}
	}
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if !optFinite(v) {
			return false
		}
	}
	return true
}

// RunOptions configures Minimize.
type RunOptions struct {
	// Steps is the largest number of optimizer steps (the trace then has Steps+1 iterates).
	Steps int
	// Schedule, when not nil, sets the learning rate before each step:
	// opt.SetLR(Schedule.LR(k)) before the step from x_k to x_{k+1}, k = 0, 1, ...
	// A schedule with a Momentum(t) method (OneCycleLR) also sets the momentum of an
	// optimizer that has SetMomentum.
	Schedule Schedule
	// GradNoise, when > 0, adds independent Gaussian noise of this standard deviation to each
	// gradient component before the optimizer sees it (a model of stochastic gradients), drawn
	// from math/rand/v2's PCG seeded with Seed: the transform GradNoise(GradNoise, Seed),
	// applied before Transforms. The trace records the exact |∇f|.
	GradNoise float64
	Seed      uint64
	// Transforms, applied in order after GradNoise, change the gradient (and, for
	// WeightDecay, the iterate) before each step; see GradTransform. Minimize resets them
	// at the start.
	Transforms []GradTransform
	// Tol, when > 0, stops the run at the first iterate with |∇f(x_k)| < Tol.
	Tol float64
	// Callback, when not nil, is called with each recorded iterate x_k (before the step from
	// it; do not modify x) and stops the run when it returns true.
	Callback func(k int, x []float64) (stop bool)
	// Label names the trace in legends; the optimizer's Name() when empty.
	Label string
}

// Minimize runs opt on the surface s from x0 and records every iterate.
//
// At each k = 0, 1, ..., Steps it evaluates f(x_k) and ∇f(x_k) and records x_k, f and |∇f|;
// it stops when a value is not finite (Diverged, DivergedAt = k, the trace keeps the finite
// prefix x_0 … x_{k−1}), when |∇f| < Tol (Converged), when Callback returns true (Stopped),
// or after step Steps. Otherwise it sets the learning rate η from the Schedule, records it,
// evaluates ∇²f(x_k) when opt implements HessianStepper, applies the gradient noise and the
// Transforms (with η) to g and x, and steps: opt.StepHessian(x, g, ∇²f(x_k)) for a
// HessianStepper (Newton's method gets the exact Hessian at x_k, before any weight decay),
// else opt.Step(x, g).
//
// x0 is not modified. The optimizer is used as it is (call Reset first to start fresh). The
// loop allocates nothing per step beyond the surface's own work: the trace's storage is
// allocated up front for Steps+1 iterates. Minimize returns an error, not a panic, for bad
// input (len(x0) ≠ s.Dim, Steps < 0, a nil function, non-finite x0, a nil transform) and when
// a transform or the optimizer rejects a step; the trace recorded so far is returned with
// that error.
func Minimize(s Surface, x0 []float64, opt Optimizer, o RunOptions) (Trace, error) {
	tr := Trace{Label: o.Label, Tol: o.Tol}
	switch {
	case opt == nil:
		return tr, errors.New("gdlib: Minimize: nil optimizer")
	case s.F == nil || s.Grad == nil:
		return tr, fmt.Errorf("gdlib: Minimize: surface %q lacks F or Grad", s.Name)
	case s.Dim < 1 || len(x0) != s.Dim:
		return tr, fmt.Errorf("gdlib: Minimize: x0 has length %d, surface %q has dimension %d", len(x0), s.Name, s.Dim)
	case o.Steps < 0:
		return tr, fmt.Errorf("gdlib: Minimize: Steps = %d, want >= 0", o.Steps)
	case !(o.GradNoise >= 0) || math.IsInf(o.GradNoise, 0):
		return tr, fmt.Errorf("gdlib: Minimize: GradNoise = %g, want a finite value >= 0", o.GradNoise)
	case !(o.Tol >= 0):
		return tr, fmt.Errorf("gdlib: Minimize: Tol = %g, want >= 0", o.Tol)
	case !allFinite(x0):
		return tr, fmt.Errorf("gdlib: Minimize: x0 = %v is not finite", x0)
	}
	if err := startTransforms("Minimize", o.Transforms); err != nil {
		return tr, err
	}
	ts := o.Transforms
	if o.GradNoise > 0 {
		ts = append([]GradTransform{newGradNoise(o.GradNoise, o.Seed)}, ts...)
	}
	if tr.Label == "" {
		tr.Label = opt.Name()
	}
	dim := s.Dim
	hs, useHess := opt.(HessianStepper)
	var hess *mat.SymDense
	if useHess {
		if s.Hess == nil {
			return tr, fmt.Errorf("gdlib: Minimize: %s needs a Hessian and surface %q has none", opt.Name(), s.Name)
		}
		hess = mat.NewSymDense(dim, nil)
	}

	n := o.Steps + 1
	store := make([]float64, n*dim)
	tr.X = make([][]float64, 0, n)
	tr.F = make([]float64, 0, n)
	tr.GradNorm = make([]float64, 0, n)
	tr.LR = make([]float64, 0, o.Steps)
	x := make([]float64, dim)
	g := make([]float64, dim)
	copy(x, x0)

	for k := 0; ; k++ {
		f := s.F(x)
		s.Grad(g, x)
		var gg float64
		for _, v := range g {
			gg += v * v
		}
		gn := math.Sqrt(gg)
		if !optFinite(f) || !optFinite(gn) || !allFinite(x) {
			// X keeps x_0 … x_{k−1}: drop the rate of the step from x_{k−1} to the
			// non-finite x_k, so that len(LR) = len(X) − 1.
			tr.Diverged, tr.DivergedAt = true, k
			tr.LR = tr.LR[:max(k-1, 0)]
			break
		}
		xk := store[k*dim : (k+1)*dim : (k+1)*dim]
		copy(xk, x)
		tr.X = append(tr.X, xk)
		tr.F = append(tr.F, f)
		tr.GradNorm = append(tr.GradNorm, gn)
		if o.Tol > 0 && gn < o.Tol {
			tr.Converged = true
			break
		}
		if o.Callback != nil && o.Callback(k, xk) {
			tr.Stopped = true
			break
		}
		if k == o.Steps {
			break
		}
		if o.Schedule != nil {
			applySchedule(o.Schedule, opt, k)
		}
		lr := opt.LR()
		tr.LR = append(tr.LR, lr)
		if useHess {
			s.Hess(hess, x)
		}
		err := applyTransforms(ts, g, x, lr)
		if err == nil {
			if useHess {
				err = hs.StepHessian(x, g, hess)
			} else {
				err = opt.Step(x, g)
			}
		}
		if err != nil {
			tr.LR = tr.LR[:len(tr.LR)-1]
			return tr, fmt.Errorf("gdlib: Minimize: step %d: %w", k, err)
		}
	}
	return tr, nil
}

// Status says in a few words how the run ended: "diverged at step 12",
// "converged at step 40 (|∇f| < 1e-06)", "stopped by callback at step 7" or "ran 100 steps".
func (t Trace) Status() string {
	last := len(t.X) - 1
	switch {
	case t.Diverged:
		return fmt.Sprintf("diverged at step %d", t.DivergedAt)
	case t.Converged:
		return fmt.Sprintf("converged at step %d (|∇f| < %g)", last, t.Tol)
	case t.Stopped:
		return fmt.Sprintf("stopped by callback at step %d", last)
	default:
		return fmt.Sprintf("ran %d steps", max(last, 0))
	}
}

// ScheduleUnit says what a schedule's step counter t counts in Train.
type ScheduleUnit int

const (
	// PerEpoch sets opt.SetLR(Schedule.LR(e)) at the start of epoch e = 0, 1, ...: the rate is
	// constant within an epoch, as with PyTorch's scheduler.step() once per epoch.
	PerEpoch ScheduleUnit = iota
	// PerUpdate sets opt.SetLR(Schedule.LR(u)) before update u = 0, 1, ... (counted over the
	// whole run), as with scheduler.step() after every optimizer.step(): warm-up, one-cycle,
	// the LR range test.
	PerUpdate
)

// TrainOptions configures Train.
type TrainOptions struct {
	// Epochs is the number of passes over the data.
	Epochs int
	// Schedule, when not nil, sets the learning rate per epoch or per update (ScheduleEvery;
	// per epoch by default). A schedule with a Momentum(t) method (OneCycleLR) also sets
	// the momentum of an optimizer that has SetMomentum.
	Schedule      Schedule
	ScheduleEvery ScheduleUnit
	// Plateau, when not nil, cuts the learning rate when the loss stops improving: after each
	// epoch Train calls opt.SetLR(Plateau.Step(metric)), where metric is the held-out loss when
	// HeldOut is set and the full training loss otherwise. Construct it with the optimizer's
	// learning rate. It cannot be combined with Schedule.
	Plateau *ReduceLROnPlateau
	// HeldOut, when not nil, is evaluated on the same parameters before training and after
	// every epoch (History.EpochHeldOut). It must have the same Dim as the training objective.
	HeldOut Objective
	// Transforms, applied in order, change each batch gradient (and, for WeightDecay, the
	// parameters) before the optimizer's step; see GradTransform. Train resets them at the
	// start.
	Transforms []GradTransform
	// Callback, when not nil, runs after each epoch's evaluation (epoch = 1, 2, ...) with the
	// history so far, for progress display; returning true stops training (History.Stopped).
	// It may change the optimizer, for instance opt.SetLR(opt.LR()/10) when h.EpochHeldOut
	// stops improving (a hand-made reduce-on-plateau; leave Schedule and Plateau nil then,
	// or they override it).
	Callback func(epoch int, h *History) (stop bool)
	// UpdateCallback, when not nil, runs after every update that left the parameters finite,
	// for per-step logging or early stopping: epoch = 1, 2, ... is the epoch in progress,
	// update = 1, 2, ... counts updates over the whole run (loss = History.StepLoss[update−1]),
	// loss is the batch loss at the parameters before the update, and params are the
	// parameters after it (read them, do not modify or keep them). Returning true stops
	// training at once (History.Stopped): the partial epoch gets no evaluation, no Plateau
	// step and no Callback, so EpochTrain holds the completed epochs only.
	//
	// Order within an update: the PerUpdate schedule sets the rate, the gradient is
	// evaluated and transformed, the optimizer steps, then UpdateCallback runs; opt.LR() in
	// it is the rate this update used (History.StepLR[update−1]), and the schedule sets the
	// next update's rate after it returns. With a PerEpoch schedule the rate was set at the
	// start of the epoch; the epoch's last UpdateCallback runs before the epoch-end
	// evaluation, Plateau and Callback. A rate it sets with opt.SetLR holds until the
	// schedule or Plateau next sets one. Its time is left out of StepSeconds.
	UpdateCallback func(epoch, update int, loss float64, params []float64) (stop bool)
	// Label names the history in legends; the optimizer's Name() when empty.
	Label string
}

// Train runs opt on obj for o.Epochs passes over the data, taking batches from b, and
// updates params in place.
//
// Each update u = 1, 2, ... evaluates the batch loss and gradient, records the loss, the
// learning rate, the examples seen so far and the elapsed training time, applies the
// Transforms and steps, then calls UpdateCallback. History.EpochTrain (and EpochHeldOut)
// hold the full losses before training and after each epoch. StepSeconds counts training
// time only: the epoch-end evaluations and callbacks are left out, so wall-time plots
// compare optimizers fairly.
//
// Epoch e calls b.Epoch(e), e = 0, 1, ..., so two runs with the same batcher see the same
// batches in the same order (a fair comparison of optimizers).
//
// Divergence: when a batch loss or gradient is not finite, or an update makes params not
// finite, training stops with Diverged = true and DivergedAt = u, the number of the update
// (counting from 1) at which it happened; StepLoss etc. hold the finite records before it
// (and the record of update u itself when only its result was non-finite). A non-finite
// full loss at an epoch end sets DivergedAt to the number of updates done.
//
// Train returns an error, not a panic, for bad input (sizes that do not match, Epochs < 0,
// non-finite params, a nil transform) and when a transform or the optimizer rejects a step,
// with the history so far (params then hold what the transforms made of them: a
// WeightDecay that ran before the rejected step has shrunk them).
func Train(obj Objective, params []float64, opt Optimizer, b Batcher, o TrainOptions) (History, error) {
	h := History{Label: o.Label}
	switch {
	case obj == nil || opt == nil || b == nil:
		return h, errors.New("gdlib: Train: nil objective, optimizer or batcher")
	case len(params) != obj.Dim():
		return h, fmt.Errorf("gdlib: Train: params has length %d, objective has dimension %d", len(params), obj.Dim())
	case b.N() != obj.N():
		return h, fmt.Errorf("gdlib: Train: batcher covers %d examples, objective has %d", b.N(), obj.N())
	case o.Epochs < 0:
		return h, fmt.Errorf("gdlib: Train: Epochs = %d, want >= 0", o.Epochs)
	case o.HeldOut != nil && o.HeldOut.Dim() != obj.Dim():
		return h, fmt.Errorf("gdlib: Train: held-out objective has dimension %d, training objective %d", o.HeldOut.Dim(), obj.Dim())
	case o.ScheduleEvery != PerEpoch && o.ScheduleEvery != PerUpdate:
		return h, fmt.Errorf("gdlib: Train: unknown ScheduleEvery %d", o.ScheduleEvery)
	case o.Plateau != nil && o.Schedule != nil:
		return h, errors.New("gdlib: Train: set Schedule or Plateau, not both (both would set the learning rate)")
	case !allFinite(params):
		return h, errors.New("gdlib: Train: params are not finite")
	}
	if err := startTransforms("Train", o.Transforms); err != nil {
		return h, err
	}
	if h.Label == "" {
		h.Label = opt.Name()
	}
	updates := o.Epochs * b.Batches()
	h.StepLoss = make([]float64, 0, updates)
	h.StepLR = make([]float64, 0, updates)
	h.StepExamples = make([]int, 0, updates)
	h.StepSeconds = make([]float64, 0, updates)
	h.EpochTrain = make([]float64, 0, o.Epochs+1)
	if o.HeldOut != nil {
		h.EpochHeldOut = make([]float64, 0, o.Epochs+1)
	}
	grad := make([]float64, len(params))

	// evaluate records the full losses and reports whether they are finite.
	evaluate := func() bool {
		l := obj.Loss(params, nil)
		h.EpochTrain = append(h.EpochTrain, l)
		ok := optFinite(l)
		if o.HeldOut != nil {
			lh := o.HeldOut.Loss(params, nil)
			h.EpochHeldOut = append(h.EpochHeldOut, lh)
			ok = ok && optFinite(lh)
		}
		return ok
	}
	if !evaluate() {
		h.Diverged, h.DivergedAt = true, 0
		return h, nil
	}
	var trainTime time.Duration
	u, seen := 0, 0
	for e := 0; e < o.Epochs; e++ {
		start := time.Now()
		if o.Schedule != nil && o.ScheduleEvery == PerEpoch {
			applySchedule(o.Schedule, opt, e)
		}
		b.Epoch(e)
		for {
			batch, ok := b.Next()
			if !ok {
				break
			}
			if o.Schedule != nil && o.ScheduleEvery == PerUpdate {
				applySchedule(o.Schedule, opt, u)
			}
			u++
			loss := obj.LossGrad(grad, params, batch)
			if !optFinite(loss) || !allFinite(grad) {
				h.Diverged, h.DivergedAt = true, u
				return h, nil
			}
			seen += len(batch)
			lr := opt.LR()
			h.StepLoss = append(h.StepLoss, loss)
			h.StepLR = append(h.StepLR, lr)
			h.StepExamples = append(h.StepExamples, seen)
			err := applyTransforms(o.Transforms, grad, params, lr)
			if err == nil {
				err = opt.Step(params, grad)
			}
			h.StepSeconds = append(h.StepSeconds, (trainTime + time.Since(start)).Seconds())
			if err != nil {
				return h, fmt.Errorf("gdlib: Train: update %d: %w", u, err)
			}
			if !allFinite(params) {
				h.Diverged, h.DivergedAt = true, u
				return h, nil
			}
			if o.UpdateCallback != nil {
				trainTime += time.Since(start)
				stop := o.UpdateCallback(e+1, u, loss, params)
				start = time.Now()
				if stop {
					h.Stopped = true
					return h, nil
				}
			}
		}
		trainTime += time.Since(start)
		if !evaluate() {
			h.Diverged, h.DivergedAt = true, u
			return h, nil
		}
		if o.Plateau != nil {
			metric := h.EpochTrain[len(h.EpochTrain)-1]
			if o.HeldOut != nil {
				metric = h.EpochHeldOut[len(h.EpochHeldOut)-1]
			}
			opt.SetLR(o.Plateau.Step(metric))
		}
		if o.Callback != nil && o.Callback(e+1, &h) {
			h.Stopped = true
			break
		}
	}
	return h, nil
}
