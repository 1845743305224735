package lesson

import (
	"math"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

// geometric is a trace with x_k = (c·ρ^k, 0) and f = x², k = 0 … n.
func geometric(c, rho float64, n int) gdlib.Trace {
	var tr gdlib.Trace
	for k := 0; k <= n; k++ {
		x := c * math.Pow(rho, float64(k))
		tr.X, tr.F = append(tr.X, []float64{x, 0}), append(tr.F, x*x)
	}
	return tr
}

func TestTailRate(t *testing.T) {
	for _, c := range []struct {
		rho float64
		n   int
	}{{0.5, 1}, {0.9, 2}, {0.98, 300}, {-0.7, 40}, {1.5, 30}} {
		if got := TailRate(geometric(1, c.rho, c.n), []float64{0, 0}); math.Abs(got-math.Abs(c.rho)) > 1e-12 {
			t.Errorf("ρ = %v, %d steps: TailRate = %v", c.rho, c.n, got)
		}
	}
	// A k·ρ^k error fits slower than ρ over a finite window: the extra factor k.
	var tr gdlib.Trace
	for k := 0; k <= 200; k++ {
		tr.X = append(tr.X, []float64{float64(k+1) * math.Pow(0.9, float64(k)), 0})
	}
	if got := TailRate(tr, []float64{0, 0}); !(got > 0.9 && got < 0.91) {
		t.Errorf("k·0.9^k: TailRate = %v, want a little above 0.9", got)
	}
	// Iterates at the end of floating point are left out; so are non-finite ones.
	under := geometric(1, 0.1, 400) // below 1e-200 after step 200
	if got := TailRate(under, []float64{0, 0}); math.Abs(got-0.1) > 1e-9 {
		t.Errorf("with underflow: TailRate = %v, want 0.1", got)
	}
	if got := TailRate(geometric(1, 0.5, 0), []float64{0, 0}); !math.IsNaN(got) {
		t.Errorf("one iterate: TailRate = %v, want NaN", got)
	}
	// x* is subtracted
	shifted := geometric(1, 0.8, 50)
	for _, x := range shifted.X {
		x[1] = 3
	}
	if got := TailRate(shifted, []float64{0, 3}); math.Abs(got-0.8) > 1e-12 {
		t.Errorf("x* = (0, 3): TailRate = %v, want 0.8", got)
	}
}

func TestSettledAt(t *testing.T) {
	tr := gdlib.Trace{F: []float64{1, 0.5, 1e-11, 2, 1e-11, 1e-12}}
	if got := SettledAt(tr, 0, 1e-10); got != 4 {
		t.Errorf("SettledAt = %d, want 4 (the dip at step 2 does not count)", got)
	}
	if got := SettledAt(tr, 0, 1e-13); got != -1 {
		t.Errorf("SettledAt at tol = 1e-13 = %d, want -1 (the run ends above the tolerance)", got)
	}
	tr.Diverged = true
	if got := SettledAt(tr, 0, 1e-10); got != -1 {
		t.Errorf("SettledAt of a diverged run = %d, want -1", got)
	}
}

func TestStepsToAndRunUntil(t *testing.T) {
	s := gdlib.Quadratic(1, 1, 0) // f = ½|x|²: GD with η = 1 lands on the minimum in one step
	gd := func(lr float64) gdlib.Optimizer { return gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr})) }
	if k, tr := StepsTo(s, []float64{1, 0}, gd(1), 1e-10, 5, ""); k != 1 || len(tr.X) != 6 {
		t.Errorf("StepsTo with η = 1: %d (%d iterates), want 1 (6)", k, len(tr.X))
	}
	// η = 0.5: f_k = ½·0.25^k, below 1e-10 from k = 16 on; within 10 steps it does not settle
	if k, _ := StepsTo(s, []float64{1, 0}, gd(0.5), 1e-10, 10, ""); k != 11 {
		t.Errorf("StepsTo that does not settle = %d, want maxSteps+1 = 11", k)
	}
	if k, _ := StepsTo(s, []float64{1, 0}, gd(0.5), 1e-10, 40, ""); k != 17 {
		t.Errorf("StepsTo with η = 0.5 = %d, want 17 (½·0.25^17 < 1e-10 ≤ ½·0.25^16)", k)
	}
	// x_k = 0.5^k: below 0.1 first at k = 4
	k, tr := RunUntil(s, []float64{1, 0}, gd(0.5), gdlib.RunOptions{Steps: 100}, func(x []float64) bool { return x[0] < 0.1 })
	if k != 4 || len(tr.X) != 5 {
		t.Errorf("RunUntil = %d with %d iterates, want 4 and 5", k, len(tr.X))
	}
	if k, _ := RunUntil(s, []float64{1, 0}, gd(0.5), gdlib.RunOptions{Steps: 3}, func(x []float64) bool { return x[0] < 0.1 }); k != -1 {
		t.Errorf("RunUntil that never stops = %d, want -1", k)
	}
}

func TestBlowUpAt(t *testing.T) {
	if got := BlowUpAt(gdlib.Trace{F: []float64{1, 10, 1e7, 1e3}}, 1e6); got != 2 {
		t.Errorf("BlowUpAt = %d, want 2", got)
	}
	if got := BlowUpAt(gdlib.Trace{F: []float64{1, 2}, Diverged: true, DivergedAt: 2}, 1e6); got != 2 {
		t.Errorf("BlowUpAt of a run that overflowed at step 2 = %d, want 2", got)
	}
	if got := BlowUpAt(gdlib.Trace{F: []float64{1, 0.5}}, 1e6); got != -1 {
		t.Errorf("BlowUpAt of a converging run = %d, want -1", got)
	}
	// a real run: GD with η = 3 on f = ½x² multiplies x by −2 per step, f by 4: 4^10 > 1e6 ≥ 4^9
	s := gdlib.Quadratic(1, 1, 0)
	tr := RunGD(s, []float64{1, 0}, 3, 30, "")
	if got := BlowUpAt(tr, 1e6); got != 10 {
		t.Errorf("BlowUpAt of GD at η = 3 = %d, want 10", got)
	}
}

func TestSmallHelpers(t *testing.T) {
	tr := gdlib.Trace{X: [][]float64{{0, 0}, {3, 4}, {3, 5}}, F: []float64{0, 1, 2}, GradNorm: []float64{0, 1, 2}, LR: []float64{1, 1}}
	if got := StepLengths(tr); !slices.Equal(got, []float64{5, 1}) {
		t.Errorf("StepLengths = %v, want [5 1]", got)
	}
	if got := FirstSteps(tr, 1); len(got.X) != 2 || len(got.F) != 2 || len(got.GradNorm) != 2 || len(got.LR) != 1 {
		t.Errorf("FirstSteps(1) kept %d, %d, %d, %d entries, want 2, 2, 2, 1", len(got.X), len(got.F), len(got.GradNorm), len(got.LR))
	}
	if got := FirstSteps(tr, 10); len(got.X) != 3 {
		t.Errorf("FirstSteps past the end kept %d iterates, want 3", len(got.X))
	}
	other := gdlib.Trace{X: [][]float64{{0, 1}, {3, 4}}}
	if got := MaxDistance(tr, other, 0, 10); got != 1 {
		t.Errorf("MaxDistance = %v, want 1 (over the two common iterates)", got)
	}
	if got := MaxDistance(tr, other, 1, 10); got != 0 {
		t.Errorf("MaxDistance from step 1 = %v, want 0", got)
	}
	if got := MaxDistance(tr, other, 5, 10); got != 0 {
		t.Errorf("MaxDistance past the end = %v, want 0", got)
	}
	if got := distance([]float64{3e-170, 4e-170}, []float64{0, 0}); math.Abs(got/5e-170-1) > 1e-15 {
		t.Errorf("distance of tiny vectors = %v, want 5e-170", got)
	}
	if got := distance([]float64{3e300, -4e300}, []float64{0, 0}); math.Abs(got/5e300-1) > 1e-15 {
		t.Errorf("distance of huge vectors = %v, want 5e300", got)
	}
	if got := StepAxis(3); !slices.Equal(got, []float64{0, 1, 2}) {
		t.Errorf("StepAxis(3) = %v", got)
	}
	for _, c := range []struct {
		xs   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 3}, {[]float64{7}, 7}} {
		if got := Median(c.xs); got != c.want {
			t.Errorf("Median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("Median(nil) is not NaN")
	}
	for _, c := range []struct {
		k, n int
		want string
	}{{12, 100, "12"}, {-1, 100, ">100"}, {101, 100, ">100"}, {100, 100, "100"}} {
		if got := StepsWithin(c.k, c.n); got != c.want {
			t.Errorf("StepsWithin(%d, %d) = %q, want %q", c.k, c.n, got, c.want)
		}
	}
}
