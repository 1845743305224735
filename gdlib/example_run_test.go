package gdlib_test

import (
	"fmt"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/num/hyperdual"
)

// Gradient descent on an ill-conditioned quadratic: stable below lr = 2/λmax = 2, diverging
// above it.
func ExampleMinimize() {
	s := gdlib.IllConditioned(10) // f = ½(x²/10 + y²)
	for _, lr := range []float64{0.5, 1.9, 2.1} {
		opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr}))
		tr, err := gdlib.Minimize(s, []float64{-1.8, 0.7}, opt, gdlib.RunOptions{Steps: 5000, Tol: 1e-6})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("lr=%.1f: %s\n", lr, tr.Status())
	}
	// Output:
	// lr=0.5: converged at step 236 (|∇f| < 1e-06)
	// lr=1.9: converged at step 128 (|∇f| < 1e-06)
	// lr=2.1: diverged at step 3728
}

// Mini-batch SGD on a least-squares problem, compared with the exact solution.
func ExampleTrain() {
	ds, _, _ := data.NoisyLinear(1000, 3, 0.1, 1)
	train, held, _ := ds.Split(0.8, 2)
	obj := gdlib.Must(gdlib.NewLeastSquares(train.X, train.Y, 0))
	heldObj := gdlib.Must(gdlib.NewLeastSquares(held.X, held.Y, 0))
	batches := gdlib.Must(gdlib.MiniBatch(obj.N(), 32, 3))
	opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: 0.05}))
	params := make([]float64, obj.Dim())
	h, err := gdlib.Train(obj, params, opt, batches, gdlib.TrainOptions{Epochs: 20, HeldOut: heldObj})
	if err != nil {
		fmt.Println(err)
		return
	}
	best := gdlib.Must(obj.Solve())
	fmt.Printf("%d updates, %d examples seen\n", len(h.StepLoss), h.StepExamples[len(h.StepExamples)-1])
	fmt.Printf("train loss %.4f -> %.4f (optimum %.4f), held-out %.4f\n",
		h.EpochTrain[0], h.EpochTrain[20], obj.Loss(best, nil), h.EpochHeldOut[20])
	// Output:
	// 500 updates, 16000 examples seen
	// train loss 3.8128 -> 0.0048 (optimum 0.0048), held-out 0.0048
}

// A surface from one formula: exact gradient and Hessian by hyperdual numbers.
func ExampleFromFunc() {
	// f(x, y) = x² y + sin(y)
	s := gdlib.FromFunc("x²y + sin y", 2, func(x []hyperdual.Number) hyperdual.Number {
		return hyperdual.Add(hyperdual.Mul(hyperdual.Mul(x[0], x[0]), x[1]), hyperdual.Sin(x[1]))
	})
	x := []float64{1, 0}
	g := make([]float64, 2)
	h := mat.NewSymDense(2, nil)
	s.Grad(g, x)
	s.Hess(h, x)
	fmt.Printf("f = %g, ∇f = %v, ∇²f = %v\n", s.F(x), g, mat.Formatted(h, mat.FormatPython(), mat.Squeeze()))
	// Output:
	// f = 0, ∇f = [0 2], ∇²f = [[0, 2], [2, 0]]
}

// Gradient clipping and decoupled weight decay in the runner's chain, and early stopping
// from a per-update hook, without a hand-written training loop.
func ExampleTrain_transforms() {
	ds, _, _ := data.NoisyLinear(1000, 3, 0.1, 1)
	obj := gdlib.Must(gdlib.NewLeastSquares(ds.X, ds.Y, 0))
	batches := gdlib.Must(gdlib.MiniBatch(obj.N(), 32, 3))
	opt := gdlib.Must(gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: 0.05}))
	params := make([]float64, obj.Dim())
	var lastEpoch int
	h, err := gdlib.Train(obj, params, opt, batches, gdlib.TrainOptions{
		Epochs:     20,
		Transforms: []gdlib.GradTransform{gdlib.Must(gdlib.ClipNorm(1)), gdlib.Must(gdlib.WeightDecay(1e-3))},
		UpdateCallback: func(epoch, update int, loss float64, params []float64) bool {
			lastEpoch = epoch
			return loss < 0.003 // stop at the first batch this good
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stopped %v after %d updates, in epoch %d, batch loss %.4f\n",
		h.Stopped, len(h.StepLoss), lastEpoch, h.StepLoss[len(h.StepLoss)-1])
	// Output:
	// stopped true after 128 updates, in epoch 4, batch loss 0.0023
}
