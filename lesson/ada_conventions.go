package lesson

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/descent-course/descent/gdlib"
)

// conventionVariant is one framework's form of an adaptive optimizer on one parameter.
type conventionVariant struct {
	name string
	opt  func() (gdlib.Optimizer, error)
}

func conventionVariants() []conventionVariant {
	rms09 := gdlib.DefaultRMSPropConfig()
	rms09.Alpha = 0.9
	return []conventionVariant{
		{"AdaGrad  PyTorch (s₀=0, ε=1e-10 outside)", func() (gdlib.Optimizer, error) { return gdlib.NewAdaGrad(1, gdlib.DefaultAdaGradConfig()) }},
		{"AdaGrad  Keras   (s₀=0.1, ε=1e-7 inside)", func() (gdlib.Optimizer, error) { return gdlib.NewAdaGrad(1, gdlib.KerasAdaGradConfig()) }},
		{"RMSProp  PyTorch (α=0.99, ε=1e-8 outside)", func() (gdlib.Optimizer, error) { return gdlib.NewRMSProp(1, gdlib.DefaultRMSPropConfig()) }},
		{"RMSProp  PyTorch form with α=0.9", func() (gdlib.Optimizer, error) { return gdlib.NewRMSProp(1, rms09) }},
		{"RMSProp  Keras   (ρ=0.9, ε=1e-7 inside)", func() (gdlib.Optimizer, error) { return gdlib.NewRMSProp(1, gdlib.KerasRMSPropConfig()) }},
		{"Adam     PyTorch (ε=1e-8 on √v̂)", func() (gdlib.Optimizer, error) { return gdlib.NewAdam(1, gdlib.DefaultAdamConfig()) }},
		{"Adam     Keras   (ε=1e-7 on √v, ε-hat)", func() (gdlib.Optimizer, error) { return gdlib.NewAdam(1, gdlib.KerasAdamConfig()) }},
	}
}

// PrintConventions gives seven framework variants of AdaGrad, RMSProp and Adam (PyTorch's and
// Keras's defaults, and PyTorch's RMSProp with α = 0.9) the same learning rate lr, and prints
// for each its first step divided by lr at the gradients grads (FirstStep: on f = θ²/2 from
// θ₀ = g the gradient is g) and θ after 10 steps of f = θ²/2 from θ₀ = 1 (HalfSquareRun). It
// returns first[variant][gradient], in the printed order.
func PrintConventions(lr float64, grads []float64) (first [][]float64) {
	vs := conventionVariants()
	fmt.Printf("%-42s %26s   %s\n", "", "first step / η at gradient", "θ after 10 steps")
	fmt.Printf("%-42s %8g %8g %8g   %s\n", "variant", grads[0], grads[1], grads[2], "from θ₀ = 1")
	first = make([][]float64, len(vs))
	for i, vr := range vs {
		for _, g0 := range grads {
			opt := gdlib.Must(vr.opt())
			opt.SetLR(lr)
			first[i] = append(first[i], FirstStep(opt, g0)/lr)
		}
		opt := gdlib.Must(vr.opt())
		opt.SetLR(lr)
		fmt.Printf("%-42s %8.4g %8.4g %8.4g   %.6f\n", vr.name, first[i][0], first[i][1], first[i][2], HalfSquareRun(opt, 1, 10))
	}
	return first
}

// LionStepGap takes one Lion step (no weight decay, learning rate lr) on n coordinates with
// standard normal parameters and gradients spread log-uniformly over 0.01 … 100 (random signs),
// and returns the largest gap between a coordinate's |Δθ_i| and lr: Lion moves every
// coordinate by exactly lr, so the gap is rounding.
func LionStepGap(n int, lr float64) float64 {
	lion := gdlib.Must(gdlib.NewLion(n, gdlib.LionConfig{LR: lr, Beta1: 0.9, Beta2: 0.99}))
	rng := rand.New(rand.NewPCG(1, 2))
	theta, g := make([]float64, n), make([]float64, n)
	for i := range g {
		theta[i], g[i] = rng.NormFloat64(), rng.NormFloat64()*math.Pow(10, 4*rng.Float64()-2)
	}
	before := slices.Clone(theta)
	lion.Step(theta, g) // an error only for a wrong length
	dev := 0.0
	for i := range theta {
		dev = max(dev, math.Abs(math.Abs(theta[i]-before[i])-lr))
	}
	return dev
}
