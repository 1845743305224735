package gdlib

import "gonum.org/v1/gonum/mat"

// Optimizer updates parameters in place from a gradient: params <- update(params, grad).
// Step counts t = 1, 2, ... internally, as PyTorch does.
type Optimizer interface {
	// Step applies one update. It returns an error, and changes nothing, when
	// len(params) or len(grad) differs from the dimension given at construction.
	Step(params, grad []float64) error
	// Reset clears all state (moments, velocity, step count) as if newly constructed.
	Reset()
	// LR is the learning rate in force; SetLR changes it (schedules call it before a step).
	LR() float64
	SetLR(lr float64)
	// Name is a short label for legends, such as "Adam(lr=0.01)".
	Name() string
}

// Schedule gives the learning rate at step t, counted as PyTorch's lr_scheduler counts
// last_epoch: t = 0 before the first scheduler step, so LR(0) is the base rate.
type Schedule interface {
	LR(t int) float64
}

// Surface is a loss surface with exact derivatives, in the style of gonum's optimize.Problem.
type Surface struct {
	Name string
	Dim  int
	// F evaluates f(x). Grad writes ∇f(x) into grad. Hess writes ∇²f(x) into hess.
	// None of them modifies x.
	F    func(x []float64) float64
	Grad func(grad, x []float64)
	Hess func(hess *mat.SymDense, x []float64)
	// Minima and Saddles are the known stationary points (global and local minima first).
	Minima  [][]float64
	Saddles [][]float64
	// FMin is the global minimum value f*.
	FMin float64
	// Window is a good plotting window {xmin, xmax, ymin, ymax} (for 1-D: {xmin, xmax, fmin, fmax}).
	Window [4]float64
}

// Trace is the record of one optimizer run on a surface: one entry per iterate, entry 0 is x0.
type Trace struct {
	Label    string
	X        [][]float64 // iterates x_0, x_1, ...
	F        []float64   // f(x_k)
	GradNorm []float64   // |∇f(x_k)|
	LR       []float64   // learning rate used for the step from x_k to x_{k+1} (len = len(X)-1)
	// Diverged is true when the run met a non-finite value; X, F and GradNorm then hold only
	// the finite prefix and DivergedAt is the step k at which the first non-finite value appeared.
	Diverged   bool
	DivergedAt int
	// Converged is true when the run stopped because |∇f(x_k)| < Tol at its last iterate
	// (Tol is the tolerance the run used, 0 for none); Stopped is true when a callback ended
	// it. Status() turns these fields into a sentence.
	Converged bool
	Stopped   bool
	Tol       float64
}

// Objective is a loss on a data set of N examples, averaged over a batch of example indices.
type Objective interface {
	// N is the number of training examples.
	N() int
	// Dim is the number of parameters.
	Dim() int
	// Loss is the mean loss over the examples in batch (all examples when batch is nil).
	Loss(params []float64, batch []int) float64
	// LossGrad writes the gradient of Loss into grad and returns the loss.
	LossGrad(grad, params []float64, batch []int) float64
}

// History is the record of one training run over epochs.
type History struct {
	Label        string
	StepLoss     []float64 // mini-batch loss at each update
	StepLR       []float64 // learning rate of each update
	StepExamples []int     // examples seen after each update
	StepSeconds  []float64 // wall time after each update, in seconds since the start
	EpochTrain   []float64 // full training loss at the end of each epoch (entry 0: before training)
	EpochHeldOut []float64 // held-out loss at the end of each epoch (entry 0: before training); nil if none
	Diverged     bool
	DivergedAt   int // update number at which the first non-finite loss appeared
	// Stopped is true when TrainOptions.Callback or UpdateCallback ended training; the
	// number of updates done is then len(StepLoss).
	Stopped bool
}
