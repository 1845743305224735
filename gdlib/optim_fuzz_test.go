package gdlib

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// optFuzzBound maps any float to a finite value of magnitude below bound.
func optFuzzBound(v, bound float64) float64 {
	if !optFinite(v) {
		return 0
	}
	return math.Mod(v, bound)
}

// FuzzOptimizers: with a learning rate in [1e-6, 10], finite gradients and parameters of
// magnitude below 1e6, no optimizer panics or produces a non-finite parameter or
// effective step in 30 steps. Newton may refuse a singular Hessian, with an error.
func FuzzOptimizers(f *testing.F) {
	f.Add(0.5, 1.0, -2.0, 3.0, 0.1, 0.0)
	f.Add(0.99, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(0.0, 1e300, -1e-300, 5e-324, math.Inf(1), math.NaN())
	f.Add(0.123, -999999.0, 999999.0, 1e-9, -1e5, 7.0)
	f.Fuzz(func(t *testing.T, lrIn, g0, g1, g2, x0, x1 float64) {
		lr := math.Pow(10, -6+7*math.Abs(optFuzzBound(lrIn, 1)))
		g := []float64{optFuzzBound(g0, 1e6), optFuzzBound(g1, 1e6), optFuzzBound(g2, 1e6)}
		start := []float64{optFuzzBound(x0, 1e6), optFuzzBound(x1, 1e6), optFuzzBound(g0-x1, 1e6)}
		grad := make([]float64, 3)
		for name, opt := range optAll(3) {
			opt.SetLR(lr)
			x := append([]float64(nil), start...)
			for k := range 30 {
				s := math.Cos(float64(k)) // gradients that change size and sign
				for i := range grad {
					grad[i] = g[i] * s
				}
				if err := opt.Step(x, grad); err != nil {
					t.Fatalf("%s: step %d: %v", name, k, err)
				}
				for i, v := range x {
					if !optFinite(v) {
						t.Fatalf("%s (lr %g, g %v, x0 %v): step %d: x[%d] = %g", name, lr, g, start, k, i, v)
					}
				}
				if es, ok := opt.(EffectiveStepper); ok {
					for i, v := range es.EffectiveStep() {
						if !optFinite(v) {
							t.Fatalf("%s: step %d: EffectiveStep[%d] = %g", name, k, i, v)
						}
					}
				}
			}
		}
		nt := Must(NewNewton(3, NewtonConfig{LR: lr, Damping: math.Abs(optFuzzBound(x1, 10))}))
		h := mat.NewSymDense(3, []float64{g[0], g[1], 0, g[1], g[2], x0, 0, x0, 1})
		x := append([]float64(nil), start...)
		for range 5 {
			if err := nt.StepHessian(x, g, h); err != nil {
				continue // singular or ill-conditioned: refused, x unchanged
			}
			for i, v := range x {
				if !optFinite(v) {
					t.Fatalf("Newton: x[%d] = %g", i, v)
				}
			}
		}
	})
}
