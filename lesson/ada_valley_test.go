package lesson

import (
	"math"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

func TestRotatedValleyAndKappa(t *testing.T) {
	s0, x0 := RotatedValley(100, 0)
	if x0[0] != -2 || x0[1] != 0.6 {
		t.Errorf("start at 0°: %v, want (−2, 0.6)", x0)
	}
	s45, x45 := RotatedValley(100, 45)
	// The same problem in turned axes: equal f at the two starts, equal distance from 0.
	if math.Abs(s0.F(x0)-s45.F(x45)) > 1e-14 || math.Abs(math.Hypot(x45[0], x45[1])-math.Hypot(-2, 0.6)) > 1e-14 {
		t.Errorf("f(x0) %g against %g", s0.F(x0), s45.F(x45))
	}
	// Closed forms: no preconditioning leaves κ = 100; Jacobi makes the aligned valley κ = 1;
	// at 45° A₁₁ = A₂₂, so the best diagonal step is a multiple of I and κ stays 100.
	for _, c := range []struct {
		s    gdlib.Surface
		p    []float64
		want float64
	}{{s0, []float64{1, 1}, 100}, {s0, []float64{100, 1}, 1}, {s0, []float64{10, 1}, 10}, {s45, []float64{1, 1}, 100}} {
		if got := PreconditionedKappa(c.s, c.p); math.Abs(got/c.want-1) > 1e-9 {
			t.Errorf("%s, p %v: κ %g, want %g", c.s.Name, c.p, got, c.want)
		}
	}
	if got := BestDiagonalKappa(s0); math.Abs(got-1) > 1e-9 {
		t.Errorf("best diagonal κ, aligned: %g, want 1", got)
	}
	if got := BestDiagonalKappa(s45); math.Abs(got/100-1) > 1e-9 {
		t.Errorf("best diagonal κ, 45°: %g, want 100", got)
	}
	// A second computation: scan p₁/p₂ over six decades and take the eigenvalues from gonum.
	s30, _ := RotatedValley(100, 30)
	best := math.Inf(1)
	for e := -3.0; e <= 3; e += 0.0005 {
		best = min(best, PreconditionedKappa(s30, []float64{math.Pow(10, e), 1}))
	}
	if got := BestDiagonalKappa(s30); got > best*(1+1e-6) || got < best*(1-1e-3) {
		t.Errorf("best diagonal κ at 30°: %g, scan %g", got, best)
	}
	if got := PreconditionedKappa(gdlib.Saddle(), []float64{1, 1}); !math.IsInf(got, 1) {
		t.Errorf("saddle: κ %g, want +Inf", got)
	}
}

func TestValleyRace(t *testing.T) {
	lrs := []float64{0.01, 0.1, 1}
	s0, x0 := RotatedValley(10, 0)
	s45, x45 := RotatedValley(10, 45)
	ms := []string{"SGD", "AdaGrad", "Adadelta"}
	a, r := ValleyRace(s0, x0, ms, lrs, 1e-4, 500), ValleyRace(s45, x45, ms, lrs, 1e-4, 500)
	// Gradient descent turns with the axes: the same count on both, at the rate (1 − η/κ)
	// along the floor; with η = 1 and κ = 10, f shrinks by 0.81 per step along x and y dies
	// at once, so it settles below 1e-4·f(x0) after about ln(1e-4·f0/fx)/ln 0.81 steps.
	if a[0].Steps != r[0].Steps || a[0].LR != 1 || a[0].Ratio != 1 || math.Abs(a[0].Kappa-10) > 1e-9 {
		t.Errorf("SGD: %+v against %+v", a[0], r[0])
	}
	fx, f0 := 0.5*0.1*4, s0.F(x0)
	if want := math.Log(1e-4*f0/fx) / math.Log(0.81); math.Abs(float64(a[0].Steps)-want) > 1.5 {
		t.Errorf("SGD settles at %d, want about %.1f", a[0].Steps, want)
	}
	if a[2].LR != 1 {
		t.Errorf("Adadelta tuned to %g, want 1 always", a[2].LR)
	}
	if !(a[1].Steps < a[0].Steps && r[1].Kappa > 9) {
		t.Errorf("AdaGrad aligned %d steps (GD %d), rotated κ seen %g", a[1].Steps, a[0].Steps, r[1].Kappa)
	}
	if got := RunByName(a, "AdaGrad"); got.Method != "AdaGrad" || RunByName(a, "Lion").Method != "" {
		t.Error("RunByName")
	}
	if got, want := SpeedUp(a, "AdaGrad"), float64(a[0].Steps)/float64(a[1].Steps); got != want {
		t.Errorf("SpeedUp %g, want %g", got, want)
	}
	if tr := ValleyTraces(a, 3); len(tr[0].X) != 4 {
		t.Errorf("ValleyTraces: %d iterates, want 4", len(tr[0].X))
	}
}

func TestEscape(t *testing.T) {
	// Gradient descent on x² − y² from (1, δ): y grows by (1 + 2η) per step and x shrinks by
	// (1 − 2η), so f < −1 first when δ²(1+2η)^{2k} − (1−2η)^{2k} > 1.
	eta, delta := 0.1, 1e-3
	want := 0
	for k := 0; ; k++ {
		y, x := delta*math.Pow(1+2*eta, float64(k)), math.Pow(1-2*eta, float64(k))
		if x*x-y*y < -1 {
			want = k
			break
		}
	}
	tab := SaddleEscapeTable(gdlib.Saddle(), [][]float64{{1, delta}, {1, 0}, {1, delta}}, []string{"SGD"}, eta, -1, 200)
	if tab[0][0] != want || tab[0][1] != 201 || tab[0][2] != want {
		t.Errorf("escape steps %v, want [%d 201 same] (exactly on the axis it never escapes)", tab[0], want)
	}
	trs := SaddleTraces(gdlib.Saddle(), []float64{1, delta}, []string{"SGD", "Adadelta"}, eta, -1, 200)
	if len(trs[0].X) != want+1 || gdlib.Saddle().F(trs[0].X[want]) >= -1 || trs[1].Label != "Adadelta, η=1" {
		t.Errorf("SaddleTraces: %d iterates, want %d; label %q", len(trs[0].X), want+1, trs[1].Label)
	}
	med := PrintSaddleEscapes([]string{"SGD"}, []string{"a", "b", "c"}, tab, 200)
	if med[0] != float64(want) {
		t.Errorf("median %g", med[0])
	}
}

func TestTurnedCostAndStarts(t *testing.T) {
	a := []ValleyRun{{Method: "SGD", Steps: 100}, {Method: "AdaGrad", Steps: 10, Kappa: 1}, {Method: "Adam", Steps: 50, Kappa: 5}}
	r := []ValleyRun{{Method: "SGD", Steps: 100}, {Method: "AdaGrad", Steps: 80, Kappa: 90}, {Method: "Adam", Steps: 40, Kappa: 95}}
	if ok, k := TurnedCost(a, r, []string{"AdaGrad", "Adam"}); ok || k != 90 {
		t.Errorf("TurnedCost %v %g, want false (Adam sped up) and 90", ok, k)
	}
	if ok, _ := TurnedCost(a, r, []string{"AdaGrad"}); !ok {
		t.Error("TurnedCost: AdaGrad's speed-up fell from 10× to 1.25×")
	}
	s, m := SaddleStarts([]float64{0.1, 1e-3})
	if s[1][0] != 1 || s[1][1] != 1e-3 || math.Abs(math.Hypot(m[0][0], m[0][1])-0.1) > 1e-15 || m[0][0] >= 0 {
		t.Errorf("starts %v %v", s, m)
	}
	if !WithinFactor(2, []int{10, 19}, []int{5}) || WithinFactor(2, []int{10, 20}) {
		t.Error("WithinFactor")
	}
}
