package gdlib_test

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/mat"
)

// Adam on f(x, y) = (x − 3)² + 10(y + 1)². The first step moves each coordinate by about
// the learning rate, whatever the size of its gradient.
func ExampleNewAdam() {
	c := gdlib.DefaultAdamConfig()
	c.LR = 0.1
	opt, err := gdlib.NewAdam(2, c)
	if err != nil {
		panic(err)
	}
	x, g := []float64{0, 0}, make([]float64, 2)
	grad := func() { g[0], g[1] = 2*(x[0]-3), 20*(x[1]+1) }
	grad()
	_ = opt.Step(x, g)
	fmt.Printf("after 1 step:    x = [%.6f %.6f], effective step = %.4g\n", x[0], x[1], opt.EffectiveStep())
	for range 499 {
		grad()
		_ = opt.Step(x, g)
	}
	fmt.Printf("after 500 steps: x = [%.4f %.4f]\n", x[0], x[1])
	// Output:
	// after 1 step:    x = [0.100000 -0.100000], effective step = [0.01667 0.005]
	// after 500 steps: x = [3.0000 -1.0000]
}

// A wrong hyperparameter is an error that names the field.
func ExampleNewAdam_invalid() {
	c := gdlib.DefaultAdamConfig()
	c.Beta1 = 1.2
	_, err := gdlib.NewAdam(2, c)
	fmt.Println(err)
	// Output:
	// gdlib: Adam: Beta1 = 1.2, want 0 <= Beta1 < 1
}

// Must keeps notebook cells short; it panics on a constructor's error.
func ExampleMust() {
	opt := gdlib.Must(gdlib.NewSGD(1, gdlib.SGDConfig{LR: 0.1}))
	x := []float64{1}
	_ = opt.Step(x, []float64{3 * x[0]}) // f = ½·3x²: x ← (1 − 0.3) x
	fmt.Println(opt.Name(), x)
	// Output:
	// SGD(lr=0.1) [0.7]
}

// PyTorch's momentum buffer and the classic velocity agree until the learning rate changes.
func ExampleNewMomentum() {
	for _, form := range []gdlib.MomentumForm{gdlib.MomentumPyTorch, gdlib.MomentumClassic} {
		c := gdlib.DefaultMomentumConfig()
		c.LR, c.Form = 0.1, form
		opt := gdlib.Must(gdlib.NewMomentum(1, c))
		x := []float64{1}
		for k := range 3 {
			if k == 2 {
				opt.SetLR(0.05) // halve the learning rate before the third step
			}
			_ = opt.Step(x, []float64{3 * x[0]}) // f = ½·3x²
			fmt.Printf("%-8v x%d = %.4f\n", form, k+1, x[0])
		}
	}
	// Output:
	// pytorch  x1 = 0.7000
	// pytorch  x2 = 0.2200
	// pytorch  x3 = -0.0290
	// classic  x1 = 0.7000
	// classic  x2 = 0.2200
	// classic  x3 = -0.2450
}

// One Newton step reaches the minimum of a quadratic; Step alone is refused.
func ExampleNewton_StepHessian() {
	opt := gdlib.Must(gdlib.NewNewton(2, gdlib.DefaultNewtonConfig()))
	// f(x) = ½ xᵀAx − bᵀx with A = [[4, 1], [1, 3]], b = (1, 2): minimum at A⁻¹b = (1/11, 7/11).
	A := mat.NewSymDense(2, []float64{4, 1, 1, 3})
	x := []float64{5, -7}
	g := []float64{4*x[0] + x[1] - 1, x[0] + 3*x[1] - 2}
	if err := opt.StepHessian(x, g, A); err != nil {
		panic(err)
	}
	fmt.Printf("x = [%.6f %.6f], 1/11 = %.6f, 7/11 = %.6f\n", x[0], x[1], 1.0/11, 7.0/11)
	fmt.Println(opt.Step(x, g))
	// Output:
	// x = [0.090909 0.636364], 1/11 = 0.090909, 7/11 = 0.636364
	// gdlib: Newton needs the Hessian: call StepHessian(params, grad, hess), not Step
}

// PyTorch's OneCycleLR with max_lr = 1 over 10 steps, and its cycled momentum.
func ExampleNewOneCycleLR() {
	s := gdlib.Must(gdlib.NewOneCycleLR(gdlib.DefaultOneCycleConfig(1, 10)))
	for t := range 10 {
		fmt.Printf("t=%d  lr=%.6f  momentum=%.4f\n", t, s.LR(t), s.Momentum(t))
	}
	// Output:
	// t=0  lr=0.040000  momentum=0.9500
	// t=1  lr=0.520000  momentum=0.9000
	// t=2  lr=1.000000  momentum=0.8500
	// t=3  lr=0.950485  momentum=0.8550
	// t=4  lr=0.811746  momentum=0.8688
	// t=5  lr=0.611262  momentum=0.8889
	// t=6  lr=0.388742  momentum=0.9111
	// t=7  lr=0.188258  momentum=0.9312
	// t=8  lr=0.049519  momentum=0.9450
	// t=9  lr=0.000004  momentum=0.9500
}

// A linear warm-up in front of cosine annealing, as PyTorch's SequentialLR.
func ExampleNewLinearWarmup() {
	cos := gdlib.Must(gdlib.NewCosineAnnealingLR(0.1, 4, 0))
	s := gdlib.Must(gdlib.NewLinearWarmup(cos, 0.25, 3))
	for t := range 8 {
		fmt.Printf("%.4f ", s.LR(t))
	}
	fmt.Println()
	// Output:
	// 0.0250 0.0500 0.0750 0.1000 0.0854 0.0500 0.0146 0.0000
}

// ReduceLROnPlateau with patience 2 cuts the rate at the third epoch in a row without
// improvement.
func ExampleReduceLROnPlateau() {
	c := gdlib.DefaultPlateauConfig()
	c.Patience = 2
	p := gdlib.Must(gdlib.NewReduceLROnPlateau(0.1, c))
	for _, loss := range []float64{1.0, 0.8, 0.81, 0.8, 0.85, 0.79} {
		fmt.Printf("loss %.2f -> lr %.3g\n", loss, p.Step(loss))
	}
	// Output:
	// loss 1.00 -> lr 0.1
	// loss 0.80 -> lr 0.1
	// loss 0.81 -> lr 0.1
	// loss 0.80 -> lr 0.1
	// loss 0.85 -> lr 0.01
	// loss 0.79 -> lr 0.01
}

// The LR range test on gradient descent for f = ½x² with a noisy gradient (as from
// mini-batches). Gradient descent on it diverges for lr > 2; the best constant lr is 1.
func ExampleLRRangeTest() {
	x, k := 1.0, 0
	step := func(lr float64) float64 {
		loss := 0.5 * x * x
		x -= lr * (x + 0.3*math.Cos(float64(k))) // one step at this lr
		k++
		return loss
	}
	c := gdlib.DefaultRangeTestConfig()
	c.MinLR, c.MaxLR = 1e-4, 100
	r, err := gdlib.LRRangeTest(step, c)
	if err != nil {
		panic(err)
	}
	fmt.Printf("stopped early: %v, after %d of %d steps, at lr %.3g\n", r.Stopped, len(r.LR), c.Steps, r.LR[len(r.LR)-1])
	fmt.Printf("suggested lr %.3g (steepest descent), %.3g (minimum/10)\n", r.Suggested, r.MinOver10)
	// Output:
	// stopped early: true, after 84 of 100 steps, at lr 10.7
	// suggested lr 0.123 (steepest descent), 0.534 (minimum/10)
}
