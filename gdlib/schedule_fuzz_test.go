package gdlib

import (
	"math"
	"testing"
)

// FuzzSchedules: every schedule that its constructor accepts gives a finite, non-negative
// learning rate for any step count; ReduceLROnPlateau too, for any metrics.
func FuzzSchedules(f *testing.F) {
	f.Add(0.1, 0.5, 3, 2, 1000)
	f.Add(1e-9, 1.0, 1, 1, 0)
	f.Add(1e6, 1e-300, 1000, 10, -7)
	f.Add(math.NaN(), math.Inf(-1), -1, 0, math.MaxInt32)
	f.Fuzz(func(t *testing.T, base, frac float64, n, m, step int) {
		base = math.Abs(optFuzzBound(base, 1e6))
		frac = math.Abs(optFuzzBound(frac, 1)) // in [0, 1)
		n, m = n%100000, m%10
		step %= 10_000_000
		var ss []Schedule
		add := func(s Schedule, err error) {
			if err == nil {
				ss = append(ss, s)
			}
		}
		add(NewConstant(base))
		add(NewStepLR(base, n, frac))
		add(NewMultiStepLR(base, []int{n, n + m + 1}, frac))
		add(NewExponentialLR(base, frac))
		add(NewInverseTimeLR(base, frac*float64(m)))
		add(NewInverseSqrtLR(base, n))
		add(NewTransformerLR(n, m))
		add(NewPolynomialLR(base, n, frac*float64(m)))
		add(NewCosineAnnealingLR(base, n, frac*base))
		add(NewCosineWarmRestarts(base, n, m, frac*base))
		if c, err := NewCosineAnnealingLR(base, n, 0); err == nil {
			add(NewLinearWarmup(c, frac, m))
		}
		for _, three := range []bool{false, true} {
			c := DefaultOneCycleConfig(base, n)
			c.PctStart, c.ThreePhase = frac, three
			if m%2 == 1 {
				c.Anneal = AnnealLinear
			}
			add(NewOneCycleLR(c))
		}
		for _, s := range ss {
			for _, k := range []int{step, -step, 0, 1, n, n + 1, 2 * n} {
				if lr := s.LR(k); !optFinite(lr) || lr < 0 {
					t.Fatalf("%T: LR(%d) = %g", s, k, lr)
				}
			}
			if oc, ok := s.(*OneCycleLR); ok {
				if mu := oc.Momentum(step); !optFinite(mu) || mu < 0 || mu >= 1 {
					t.Fatalf("OneCycleLR: Momentum(%d) = %g", step, mu)
				}
			}
		}
		c := DefaultPlateauConfig()
		c.Patience, c.Eps = m, 0
		if p, err := NewReduceLROnPlateau(base, c); err == nil {
			for k := range 200 {
				if lr := p.Step(frac * float64((k*step)%7)); !optFinite(lr) || lr < 0 {
					t.Fatalf("ReduceLROnPlateau: lr = %g", lr)
				}
			}
		}
	})
}
