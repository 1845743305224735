package lesson

import (
	"math"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

func TestByHandLoops(t *testing.T) {
	s, x0 := gdlib.IllConditioned(10), []float64{-2, 0.6}
	// The correct loops against gdlib's optimizers (independent code, the same rule).
	xs, _ := RMSPropByHand(s, x0, 0.05, 0.99, 50, false)
	tr := gdlib.Must(gdlib.Minimize(s, x0, gdlib.Must(gdlib.NewRMSProp(2, gdlib.RMSPropConfig{LR: 0.05, Alpha: 0.99, Eps: 1e-7})), gdlib.RunOptions{Steps: 50}))
	if d := MaxAbsDiff(xs, tr.X); d > 1e-12 {
		t.Errorf("RMSProp by hand vs gdlib: %g", d)
	}
	xs, _ = AdamByHand(s, x0, 0.05, 0.9, 0.999, 50, false)
	tr = gdlib.Must(gdlib.Minimize(s, x0, gdlib.Must(gdlib.NewAdam(2, gdlib.AdamConfig{LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-7})), gdlib.RunOptions{Steps: 50}))
	if d := MaxAbsDiff(xs, tr.X); d > 1e-12 {
		t.Errorf("Adam by hand vs gdlib: %g", d)
	}
	// The source's RMSProp cache: c₁ = (1−α)g₁², c₂ = (1+α)c₁ + (1−α)g₂², by hand.
	s1 := gdlib.Quadratic(1, 1, 0)
	xs, c := RMSPropByHand(s1, []float64{1, 1}, 0.1, 0.9, 2, true)
	g1 := 1.0
	c1 := 0.1 * g1 * g1
	x1 := 1 - 0.1*g1/(math.Sqrt(c1)+1e-7)
	c2 := 1.9*c1 + 0.1*x1*x1
	if math.Abs(c[0]-c1) > 1e-15 || math.Abs(c[1]-c2) > 1e-15 || math.Abs(xs[1][0]-x1) > 1e-15 {
		t.Errorf("source's cache %v, want %g, %g", c, c1, c2)
	}
	// The source's Adam: v₁ = (1−β2)g²/(1−β2) = g², v₂ = (β2 g² + (1−β2)g₂²)/(1−β2²).
	_, v := AdamByHand(gdlib.Quadratic(0, 0, 0), []float64{1, 1}, 0.1, 0.9, 0.999, 2, true)
	if math.Abs(v[0]) > 1e-15 || math.Abs(v[1]) > 1e-15 {
		t.Errorf("zero gradient: v %v", v)
	}
	if g := GeometricFrom(2, 3, 3); g[0] != 2 || g[2] != 18 {
		t.Errorf("GeometricFrom %v", g)
	}
}

func TestAdamFirstSteps(t *testing.T) {
	c, u, th, dc, dn := AdamFirstSteps(0.01, 0.9, 0.999, 3, 20)
	// t = 1 by hand: corrected step = lr·g/(|g| + ε); uncorrected (1−β1)/√(1−β2) = 0.1/√0.001.
	if math.Abs(c[0]-3/(3+1e-8)) > 1e-12 || math.Abs(u[0]-0.1/math.Sqrt(0.001)) > 1e-6 || math.Abs(th[0]-math.Sqrt(10)) > 1e-12 {
		t.Errorf("first step: %g, %g, %g", c[0], u[0], th[0])
	}
	if math.Abs(dc-0.2) > 1e-6 || dn < 1 {
		t.Errorf("distances %g, %g", dc, dn)
	}
	ada := NoisyEffectiveStep("AdaGrad", 0.1, 2, 0, 4)
	rms := NoisyEffectiveStep("RMSProp", 0.1, 2, 0.99, 1)
	if math.Abs(ada[3]-0.1/(2*2)) > 1e-15 || math.Abs(rms[0]-0.1/(2*0.1)) > 1e-12 {
		t.Errorf("noisy η̃: %v %v", ada, rms)
	}
}
