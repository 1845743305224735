package lesson

import (
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
)

// RMSPropByHand is RMSProp written as the NumPy source of notebook 05 writes it, one
// coordinate at a time, with ε = 1e-7 outside the root:
//
//	cache = decay·cache + (1 − decay)·dx²          (correct)
//	cache += decay·cache + (1 − decay)·dx²         (the source's line, with sourceBug)
//	x += −lr·dx/(√cache + 1e-7)
//
// The source's line means cache ← (1 + decay)·cache + (1 − decay)·dx²: the cache grows by the
// factor 1 + decay per step instead of averaging. It returns the iterates x_0 … x_T and the
// cache of the first coordinate after each step.
func RMSPropByHand(s gdlib.Surface, x0 []float64, lr, decay float64, steps int, sourceBug bool) (xs [][]float64, cacheX []float64) {
	x, cache, dx := slices.Clone(x0), make([]float64, len(x0)), make([]float64, len(x0))
	xs = append(xs, slices.Clone(x))
	for t := 1; t <= steps; t++ {
		s.Grad(dx, x)
		for i := range x {
			if sourceBug {
				cache[i] += decay*cache[i] + (1-decay)*dx[i]*dx[i] // the source's line
			} else {
				cache[i] = decay*cache[i] + (1-decay)*dx[i]*dx[i]
			}
			x[i] += -lr * dx[i] / (math.Sqrt(cache[i]) + 1e-7)
		}
		xs, cacheX = append(xs, slices.Clone(x)), append(cacheX, cache[0])
	}
	return xs, cacheX
}

// AdamByHand is Adam written as the NumPy source of notebook 05 writes it (ε = 1e-7):
//
//	m = β1·m + (1 − β1)·dx;  v = β2·v + (1 − β2)·dx²
//	m̂ = m/(1 − β1ᵗ);  v̂ = v/(1 − β2ᵗ);  x += −lr·m̂/(√v̂ + 1e-7)      (correct)
//	m /= 1 − β1ᵗ;  v /= 1 − β2ᵗ;  x += −lr·m/(√v + 1e-7)              (the source's, sourceBug)
//
// In the source's form the corrections are written back into m and v and so applied again,
// on top of each other, at every later step. It returns the iterates x_0 … x_T and the stored
// v of the first coordinate after each step.
func AdamByHand(s gdlib.Surface, x0 []float64, lr, beta1, beta2 float64, steps int, sourceBug bool) (xs [][]float64, vX []float64) {
	x, m, v, dx := slices.Clone(x0), make([]float64, len(x0)), make([]float64, len(x0)), make([]float64, len(x0))
	xs = append(xs, slices.Clone(x))
	for t := 1; t <= steps; t++ {
		s.Grad(dx, x)
		c1, c2 := 1-math.Pow(beta1, float64(t)), 1-math.Pow(beta2, float64(t))
		for i := range x {
			m[i] = beta1*m[i] + (1-beta1)*dx[i]
			v[i] = beta2*v[i] + (1-beta2)*dx[i]*dx[i]
			if sourceBug {
				m[i] /= c1 // the source's lines: the running averages are overwritten
				v[i] /= c2
				x[i] += -lr * m[i] / (math.Sqrt(v[i]) + 1e-7)
			} else {
				mHat, vHat := m[i]/c1, v[i]/c2
				x[i] += -lr * mHat / (math.Sqrt(vHat) + 1e-7)
			}
		}
		xs, vX = append(xs, slices.Clone(x)), append(vX, v[0])
	}
	return xs, vX
}

// GeometricFrom returns first·q^k for k = 0 … n−1: the source's RMSProp cache once the
// gradient term is negligible, cache_t ≈ cache₁·(1 + α)^(t−1).
func GeometricFrom(first, q float64, n int) []float64 {
	out := make([]float64, n)
	for k := range out {
		out[k] = first * math.Pow(q, float64(k))
	}
	return out
}

// AdamFirstSteps feeds the constant gradient g to gdlib.Adam (ε = 1e-8, bias-corrected) and
// to Adam without bias correction (m and v used as they are, ε = 1e-8) for T steps from θ = 0.
// It returns each step's length divided by lr, the formula for the uncorrected one,
// (1 − β1ᵗ)/√(1 − β2ᵗ) (with a constant g, m_t = (1 − β1ᵗ)g and v_t = (1 − β2ᵗ)g²), and the
// distance each travelled.
func AdamFirstSteps(lr, beta1, beta2, g float64, T int) (corrected, uncorrected, theory []float64, distC, distNC float64) {
	adam := gdlib.Must(gdlib.NewAdam(1, gdlib.AdamConfig{LR: lr, Beta1: beta1, Beta2: beta2, Eps: 1e-8}))
	theta, grad := []float64{0}, []float64{g}
	var m, v float64
	for t := 1; t <= T; t++ {
		before := theta[0]
		adam.Step(theta, grad) // an error only for a wrong length
		corrected = append(corrected, math.Abs(theta[0]-before)/lr)
		m = beta1*m + (1-beta1)*g
		v = beta2*v + (1-beta2)*g*g
		step := lr * m / (math.Sqrt(v) + 1e-8)
		distNC += step
		uncorrected = append(uncorrected, step/lr)
		theory = append(theory, AdamUncorrectedStep(beta1, beta2, float64(t)))
	}
	return corrected, uncorrected, theory, math.Abs(theta[0]), math.Abs(distNC)
}

// AdamUncorrectedStep is (1 − β1ᵗ)/√(1 − β2ᵗ): the length, in units of the learning rate, of
// step t of Adam without bias correction under a constant gradient (ε neglected).
func AdamUncorrectedStep(beta1, beta2, t float64) float64 {
	return (1 - math.Pow(beta1, t)) / math.Sqrt(1-math.Pow(beta2, t))
}

// NoisyEffectiveStep returns, for t = 1 … steps, the predicted effective step on a bowl whose
// gradient is dominated by noise of standard deviation σ: AdaGrad's sum grows like tσ², so
// η̃_t = η/(σ√t); RMSProp's average is (1 − αᵗ)σ², so η̃_t = η/(σ√(1 − αᵗ)).
func NoisyEffectiveStep(method string, lr, sigma, alpha float64, steps int) []float64 {
	out := make([]float64, steps)
	for k := range out {
		t := float64(k + 1)
		if method == "AdaGrad" {
			out[k] = lr / (sigma * math.Sqrt(t))
		} else {
			out[k] = lr / (sigma * math.Sqrt(1-math.Pow(alpha, t)))
		}
	}
	return out
}
