package lesson

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

func TestQuartic(t *testing.T) {
	x := QuarticMin
	if r := x*x*x + 2*x - 2; math.Abs(r) > 1e-15 {
		t.Errorf("QuarticMin is not a root of x³ + 2x − 2: residual %g", r)
	}
	s, g := Quartic(), []float64{0}
	for _, x := range []float64{-2, -0.3, 0, QuarticMin, 1.7} {
		s.Grad(g, []float64{x})
		h := 1e-5 // central difference of the closed form, independent of Grad
		fd := (s.F([]float64{x + h}) - s.F([]float64{x - h})) / (2 * h)
		if math.Abs(g[0]-fd) > 1e-8*(1+math.Abs(fd)) {
			t.Errorf("Quartic'(%g) = %g, central difference %g", x, g[0], fd)
		}
	}
	if f := s.F([]float64{QuarticMin}); math.Abs(f-s.FMin) > 0 || f > s.F([]float64{QuarticMin + 1e-4}) {
		t.Errorf("FMin %g, f(x*) %g", s.FMin, f)
	}
}

func TestOutcome(t *testing.T) {
	s := gdlib.Quadratic(1, 10, 0.3) // stable for lr < 0.2
	run := func(lr float64, steps int) gdlib.Trace {
		opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr}))
		return gdlib.Must(gdlib.Minimize(s, []float64{1, 1}, opt, gdlib.RunOptions{Steps: steps}))
	}
	for _, c := range []struct {
		lr    float64
		steps int
		want  string
	}{
		{0.1, 30, "ran 30 steps"},
		{0.25, 30, "diverging: f rose from"}, // |1 − 0.25·10| = 1.5: grows, still finite
		{0.25, 3000, "diverged at step"},     // 1.5^3000 overflows
		{0.1, 0, "ran 0 steps"},              // nothing to compare
	} {
		if got := Outcome(run(c.lr, c.steps)); !strings.HasPrefix(got, c.want) {
			t.Errorf("lr %g, %d steps: %q, want it to start with %q", c.lr, c.steps, got, c.want)
		}
	}
}

func TestGradientChecks(t *testing.T) {
	// f(w) = Σ c_i w_i² + w_0 w_1 has gradient 2 c_i w_i + (w_1, w_0, 0): central differences
	// are exact for a quadratic up to rounding, forward ones are off by c_i h.
	c := []float64{1, 2, 3}
	loss := func(w []float64) float64 { return c[0]*w[0]*w[0] + c[1]*w[1]*w[1] + c[2]*w[2]*w[2] + w[0]*w[1] }
	w := []float64{0.5, -1, 2}
	exact := []float64{2*c[0]*w[0] + w[1], 2*c[1]*w[1] + w[0], 2 * c[2] * w[2]}
	gc, calls := CentralGrad(loss, w, 1e-4)
	if calls != 6 || RelErr(gc, exact) > 1e-10 {
		t.Errorf("central: %v in %d calls, want %v in 6", gc, calls, exact)
	}
	gf, calls := ForwardGrad(loss, w, 1e-4)
	for i := range gf {
		if want := exact[i] + c[i]*1e-4; math.Abs(gf[i]-want) > 1e-9 || calls != 4 {
			t.Errorf("forward[%d] = %g in %d calls, want %g in 4", i, gf[i], calls, want)
		}
	}
	if w[0] != 0.5 || w[1] != -1 || w[2] != 2 {
		t.Errorf("w modified: %v", w)
	}
	for _, r := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2}, []float64{1, 2}, 0},
		{[]float64{1, 2}, []float64{-1, -2}, 1},
		{[]float64{0, 0}, []float64{0, 0}, 0},
		{[]float64{3, 0}, []float64{0, 4}, 5.0 / 7},
	} {
		if got := RelErr(r.a, r.b); math.Abs(got-r.want) > 1e-15 {
			t.Errorf("RelErr(%v, %v) = %g, want %g", r.a, r.b, got, r.want)
		}
	}
	obj, w0 := LogisticProblem(400, 30, 1)
	if obj.N() != 400 || obj.Dim() != 31 || len(w0) != 31 {
		t.Fatalf("LogisticProblem: N %d, Dim %d, len(w) %d", obj.N(), obj.Dim(), len(w0))
	}
	ga := make([]float64, obj.Dim())
	obj.LossGrad(ga, w0, nil)
	gn, _ := CentralGrad(func(x []float64) float64 { return obj.Loss(x, nil) }, w0, 1e-5)
	if e := RelErr(ga, gn); e > 1e-8 {
		t.Errorf("logistic gradient check: relative error %g", e)
	}
}

func TestBasins(t *testing.T) {
	s := gdlib.Himmelblau() // 2/λmax at its four minima: 0.0243, 0.0248, 0.0149, 0.0190
	b := RunBasins(s, 40, 0.01, 3)
	total := 0
	for j, m := range s.Minima {
		total += b.Count(j)
		_ = m
	}
	if total != 40 || b.Count(EndedElsewhere)+b.Count(EndedDiverged) != 0 {
		t.Errorf("lr 0.01: %d of 40 runs reached a minimum, %d elsewhere, %d diverged", total,
			b.Count(EndedElsewhere), b.Count(EndedDiverged))
	}
	for i, x0 := range b.Starts {
		if x0[0] < -5 || x0[0] > 5 || x0[1] < -5 || x0[1] > 5 {
			t.Errorf("start %d = %v outside the window", i, x0)
		}
	}
	// Above 2/λmax at every minimum no run can settle at any of them.
	b = RunBasins(s, 40, 0.03, 3)
	if n := b.Count(EndedElsewhere) + b.Count(EndedDiverged); n != 40 {
		t.Errorf("lr 0.03: %d of 40 runs settled at a minimum", 40-n)
	}
	if p := b.Plot("test"); p.Err() != nil {
		t.Error(p.Err())
	}
}

func TestEscapeSaddle(t *testing.T) {
	// On x² − y², y_k = δ(1 + 2η)^k exactly and x_k = (1 − 2η)^k, so f ≤ −1 first holds at the
	// first k with δ²(1+2η)^{2k} ≥ 1 + (1−2η)^{2k}.
	for _, c := range []struct{ delta, lr float64 }{{1e-3, 0.1}, {1e-6, 0.05}, {1e-8, 0.3}} {
		want := 0
		for y, x := c.delta, 1.0; x*x-y*y > -1; want++ {
			y, x = y*(1+2*c.lr), x*(1-2*c.lr)
		}
		e := EscapeSaddle(gdlib.Saddle(), c.delta, c.lr)
		if !e.Escaped || e.Steps != want {
			t.Errorf("δ %g lr %g: escaped %v after %d steps, want %d", c.delta, c.lr, e.Escaped, e.Steps, want)
		}
	}
	if e := EscapeSaddle(gdlib.MonkeySaddle(), 1e-4, 0.1); !e.Escaped || e.Near == 0 || e.Near >= e.Steps {
		t.Errorf("monkey saddle: %+v", e)
	}
}

func TestFullBatchRuns(t *testing.T) {
	hs := FullBatchRuns([]int{200, 800}, 10, 0.5, 1)
	for i, h := range hs {
		if len(h.StepLoss) != 10 || h.StepExamples[0] != []int{200, 800}[i] || h.Diverged {
			t.Fatalf("run %d: %d updates, %d examples per update", i, len(h.StepLoss), h.StepExamples[0])
		}
		for k, gap := range h.StepLoss {
			if gap < -1e-12 || (k > 0 && gap > h.StepLoss[k-1]) {
				t.Errorf("run %d: gap %g at update %d (before: %v)", i, gap, k+1, h.StepLoss[:k])
			}
		}
		if k := UpdatesToShrink(h, 1e-3); k < 1 || h.StepLoss[k-1] > 1e-3*h.StepLoss[0] || (k > 1 && h.StepLoss[k-2] <= 1e-3*h.StepLoss[0]) {
			t.Errorf("run %d: UpdatesToShrink = %d for %v", i, k, h.StepLoss)
		}
	}
	if k := UpdatesToShrink(hs[0], 0); k != -1 {
		t.Errorf("UpdatesToShrink to 0 = %d, want -1", k)
	}
	if hs := FullBatchRuns([]int{200}, 30, 3, 1); !hs[0].Diverged && hs[0].StepLoss[29] < hs[0].StepLoss[0] {
		t.Errorf("lr 3 (past 2/λmax ≈ 1.7) neither diverged nor grew: %v", hs[0].StepLoss)
	}
	h := gdlib.History{StepSeconds: []float64{1, 2, 3.5, 100, 101}} // updates of 1, 1, 1.5, 96.5, 1 s
	if m := MedianUpdateSeconds(h); m != 1 {
		t.Errorf("MedianUpdateSeconds = %g, want 1", m)
	}
}

func TestStabilityLimit(t *testing.T) {
	// Booth's Hessian is [[10, 8], [8, 10]] everywhere: eigenvalues 18 and 2.
	if got := StabilityLimit(gdlib.Booth(), []float64{0, 0}); math.Abs(got-2.0/18) > 1e-15 {
		t.Errorf("Booth: %g, want 2/18", got)
	}
	// Himmelblau at (3, 2): Hessian [[74, 20], [20, 34]], λmax = 54 + √(20² + 20²) = 54 + 20√2.
	if got, want := StabilityLimit(gdlib.Himmelblau(), []float64{3, 2}), 2/(54+20*math.Sqrt2); math.Abs(got-want) > 1e-15 {
		t.Errorf("Himmelblau at (3, 2): %g, want %g", got, want)
	}
	if got := StabilityLimit(Quartic(), []float64{0}); !math.IsNaN(got) {
		t.Errorf("a surface without Hessian: %g, want NaN", got)
	}
}

func TestTrainOutcome(t *testing.T) {
	for _, c := range []struct {
		h    gdlib.History
		want string
	}{
		{gdlib.History{StepLoss: []float64{3, 2, 1}}, "ran 3 updates"},
		{gdlib.History{StepLoss: []float64{1, 2, 3}}, "diverging: loss rose from 1 to 3 in 3 updates"},
		{gdlib.History{StepLoss: []float64{1, 2}, Diverged: true, DivergedAt: 3}, "diverged at update 3"},
	} {
		if got := TrainOutcome(c.h); got != c.want {
			t.Errorf("%v: %q, want %q", c.h.StepLoss, got, c.want)
		}
	}
}

func TestEscapeSaddles(t *testing.T) {
	es, steps := EscapeSaddles(gdlib.Saddle(), []float64{1e-2, 1e-4}, 0.1)
	for i, e := range es {
		if float64(e.Steps) != steps[i] || e.String() != fmt.Sprint(e.Steps) {
			t.Errorf("run %d: %d steps, listed %g, shown %q", i, e.Steps, steps[i], e)
		}
	}
	if steps[1] <= steps[0] {
		t.Errorf("closer to the saddle escaped sooner: %v", steps)
	}
	slow := EscapeSaddle(gdlib.MonkeySaddle(), 1e-8, 0.001) // needs about 3.4 million steps
	if slow.Escaped || slow.String() != fmt.Sprintf("> %d", MaxEscapeSteps) {
		t.Errorf("a run cut at MaxEscapeSteps: escaped %v, shown %q", slow.Escaped, slow)
	}
}

func TestGDFigures(t *testing.T) {
	for name, p := range map[string]*plots.Plot{
		"grad check": GradCheckFigure([]float64{1e-1, 1e-2}, []float64{1e-3, 1e-5}, []float64{1e-2, 1e-3}),
		"escape":     EscapeFigure([]float64{1e-1, 1e-2}, []float64{13, 26}, []float64{12.6, 25.3}, []float64{8, 26}),
	} {
		if p.Err() != nil || len(p.Entries()) < 2 {
			t.Errorf("%s: error %v, legend %v", name, p.Err(), p.Entries())
		}
	}
}
