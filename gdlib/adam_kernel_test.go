package gdlib

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAdamStepKernel checks that adamStepKernel (the AVX2 kernel on amd64) gives
// bit-identical params, m and v to the reference loop adamStep, tails included.
func TestAdamStepKernel(t *testing.T) {
	type hyper struct {
		name                           string
		b1, b2, step, a, eps, keep, l2 float64
	}
	hypers := []hyper{
		{"Adam", 0.9, 0.999, 1e-3 / (1 - 0.9), 1 / math.Sqrt(1-0.999), 1e-8, 1, 0},
		{"Adam/L2", 0.9, 0.999, 1e-3 / (1 - 0.81), 1 / math.Sqrt(1-0.998001), 1e-8, 1, 0.03},
		{"AdamW", 0.85, 0.99, 2e-3 / (1 - 0.85), 1 / math.Sqrt(1-0.99), 1e-8, 1 - 2e-3*1e-2, 0},
		{"EpsHat", 0.9, 0.999, 1e-3 * math.Sqrt(1-0.999) / (1 - 0.9), 1, 1e-7, 1, 0},
		{"EpsHat/L2/keep", 0.7, 0.95, 0.37, 1, 1e-3, 0.993, 0.11},
	}
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 1000, 4099} {
		for seed := range uint64(4) {
			for _, h := range hypers {
				r := rand.New(rand.NewPCG(seed, uint64(n)))
				params, grad, m, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
				for i := range n {
					params[i] = r.NormFloat64() * math.Exp(2*r.NormFloat64())
					grad[i] = r.NormFloat64() * math.Exp(3*r.NormFloat64())
					m[i] = r.NormFloat64() * math.Exp(2*r.NormFloat64())
					v[i] = r.ExpFloat64() * math.Exp(4*r.NormFloat64())
					switch r.IntN(16) { // exact zeros: first step, zero gradient
					case 0:
						m[i], v[i] = 0, 0
					case 1:
						grad[i] = 0
					}
				}
				// Several steps, so m and v also come from the kernel.
				wp, wm, wv := slices.Clone(params), slices.Clone(m), slices.Clone(v)
				gp, gm, gv := slices.Clone(params), slices.Clone(m), slices.Clone(v)
				for step := range 3 {
					adamStep(wp, grad, wm, wv, h.b1, h.b2, h.step, h.a, h.eps, h.keep, h.l2)
					adamStepKernel(gp, grad, gm, gv, h.b1, h.b2, h.step, h.a, h.eps, h.keep, h.l2)
					for _, c := range []struct {
						what      string
						want, got []float64
					}{{"params", wp, gp}, {"m", wm, gm}, {"v", wv, gv}} {
						for i := range n {
							if math.Float64bits(c.got[i]) != math.Float64bits(c.want[i]) {
								t.Fatalf("n=%d seed=%d %s step %d: %s[%d] = %v (%#x), want %v (%#x)",
									n, seed, h.name, step, c.what, i, c.got[i], math.Float64bits(c.got[i]),
									c.want[i], math.Float64bits(c.want[i]))
							}
						}
					}
				}
			}
		}
	}
}
