package gdlib

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib/data"
	"gonum.org/v1/gonum/mat"
)

func TestClipNorm(t *testing.T) {
	for _, tc := range []struct {
		c       float64
		g, want []float64
	}{
		{1, []float64{3, 4}, []float64{0.6, 0.8}},           // ‖g‖ = 5: g·1/5
		{2, []float64{3e200, -4e200}, []float64{1.2, -1.6}}, // the sum of squares would overflow
		{5, []float64{3, 4}, []float64{3, 4}},               // ‖g‖ = c: unchanged
		{10, []float64{3, 4}, []float64{3, 4}},
		{1, []float64{0, 0}, []float64{0, 0}}, // no 0/0
	} {
		tr := Must(ClipNorm(tc.c))
		g := append([]float64(nil), tc.g...)
		if err := tr.Apply(g, []float64{7, 7}, 0.1); err != nil {
			t.Fatal(err)
		}
		for i := range g {
			if math.Abs(g[i]-tc.want[i]) > 1e-15 {
				t.Errorf("ClipNorm(%g) of %v = %v, want %v", tc.c, tc.g, g, tc.want)
				break
			}
		}
	}
}

func TestClipValue(t *testing.T) {
	tr := Must(ClipValue(1))
	g, x := []float64{-3, 0.5, 2, -0.1, 1}, []float64{1, 2, 3, 4, 5}
	if err := tr.Apply(g, x, 0.1); err != nil {
		t.Fatal(err)
	}
	want := []float64{-1, 0.5, 1, -0.1, 1}
	for i := range g {
		if g[i] != want[i] || x[i] != float64(i+1) {
			t.Fatalf("ClipValue(1): g = %v, want %v; x = %v unchanged", g, want, x)
		}
	}
}

func TestGradNoiseTransform(t *testing.T) {
	const sigma, seed = 0.3, 7
	tr := Must(GradNoise(sigma, seed))
	ref := rand.New(rand.NewPCG(seed, 0))
	draw := func() []float64 {
		g := []float64{1, 2, 3}
		if err := tr.Apply(g, make([]float64, 3), 0.1); err != nil {
			t.Fatal(err)
		}
		return g
	}
	var first []float64
	for step := range 3 {
		g := draw()
		for i, v := range g {
			if want := float64(i+1) + sigma*ref.NormFloat64(); v != want {
				t.Fatalf("step %d: g[%d] = %v, want %v", step, i, v, want)
			}
		}
		if step == 0 {
			first = g
		}
	}
	tr.Reset()
	if g := draw(); g[0] != first[0] || g[2] != first[2] {
		t.Errorf("after Reset: %v, first draw %v", g, first)
	}
	zero := Must(GradNoise(0, seed))
	g := []float64{1, -2}
	if zero.Apply(g, g, 0); g[0] != 1 || g[1] != -2 {
		t.Errorf("GradNoise(0) changed g to %v", g)
	}
}

func TestWeightDecayTransform(t *testing.T) {
	tr := Must(WeightDecay(0.5))
	g, x := []float64{5, 6}, []float64{2, -4}
	if err := tr.Apply(g, x, 0.1); err != nil { // x ← (1 − 0.1·0.5) x = 0.95 x
		t.Fatal(err)
	}
	if math.Abs(x[0]-1.9) > 1e-15 || math.Abs(x[1]+3.8) > 1e-15 || g[0] != 5 || g[1] != 6 {
		t.Errorf("WeightDecay(0.5) at lr 0.1: x = %v, want [1.9 -3.8]; g = %v, want unchanged", x, g)
	}
	for _, lr := range []float64{-1, math.NaN(), math.Inf(1)} {
		x := []float64{2, -4}
		err := tr.Apply(g, x, lr)
		if err == nil || !strings.HasPrefix(err.Error(), "gdlib: WeightDecay:") || x[0] != 2 || x[1] != -4 {
			t.Errorf("lr %g: err %v, x = %v", lr, err, x)
		}
	}
}

func TestGradTransformBadInput(t *testing.T) {
	for name, f := range map[string]func(float64) (GradTransform, error){
		"ClipNorm":    ClipNorm,
		"ClipValue":   ClipValue,
		"GradNoise":   func(s float64) (GradTransform, error) { return GradNoise(s, 1) },
		"WeightDecay": WeightDecay,
	} {
		bad := []float64{-1, math.NaN(), math.Inf(1), math.Inf(-1)}
		if strings.HasPrefix(name, "Clip") {
			bad = append(bad, 0)
		}
		for _, v := range bad {
			tr, err := f(v)
			if err == nil || tr != nil || !strings.HasPrefix(err.Error(), "gdlib: "+name+":") {
				t.Errorf("%s(%g): %v, %v", name, v, tr, err)
			}
		}
	}
	// Runners: a nil transform, and a weight decay meeting a learning rate it cannot use.
	wd := Must(WeightDecay(0.1))
	if _, err := Minimize(Saddle(), []float64{1, 1}, &testGD{lr: 0.1}, RunOptions{Steps: 3, Transforms: []GradTransform{wd, nil}}); err == nil {
		t.Error("Minimize with a nil transform: no error")
	}
	tr, err := Minimize(Saddle(), []float64{1, 1}, &testGD{lr: 0.1}, RunOptions{Steps: 3, Transforms: []GradTransform{wd},
		Schedule: testSchedule(func(k int) float64 { return []float64{0.1, math.NaN()}[min(k, 1)] })})
	if err == nil || len(tr.X) != 2 || len(tr.LR) != 1 {
		t.Errorf("Minimize, NaN rate at step 1 with WeightDecay: err %v, %d iterates, %d rates", err, len(tr.X), len(tr.LR))
	}
	ds, _, _ := data.NoisyLinear(20, 2, 0.1, 3)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := FullBatch(20)
	if _, err := Train(obj, make([]float64, 3), &testGD{lr: 0.1}, b, TrainOptions{Epochs: 1, Transforms: []GradTransform{nil}}); err == nil {
		t.Error("Train with a nil transform: no error")
	}
	params := []float64{1, 2, 3}
	if _, err := Train(obj, params, &testGD{lr: -1}, b, TrainOptions{Epochs: 1, Transforms: []GradTransform{wd}}); err == nil ||
		params[0] != 1 || params[1] != 2 || params[2] != 3 {
		t.Errorf("Train with lr −1 and WeightDecay: err %v, params %v", err, params)
	}
}

// TestMinimizeGradNoiseUnchanged re-implements the noisy gradient descent that Minimize did
// before transforms existed (g_i += σ·NormFloat64() from PCG(seed, 0), then x ← x − ηg) and
// wants the same iterates, bit for bit, from RunOptions.GradNoise and from the transform.
func TestMinimizeGradNoiseUnchanged(t *testing.T) {
	const sigma, seed, lr, steps = 0.05, 3, 1e-3, 40
	s := Rosenbrock()
	x0 := []float64{-1, 1.5}
	reference := func(clip float64) [][]float64 {
		rng := rand.New(rand.NewPCG(seed, 0))
		x, g := append([]float64(nil), x0...), make([]float64, 2)
		xs := [][]float64{append([]float64(nil), x...)}
		for range steps {
			s.Grad(g, x)
			for i := range g {
				g[i] += sigma * rng.NormFloat64()
			}
			if n := math.Hypot(g[0], g[1]); clip > 0 && n > clip {
				g[0], g[1] = g[0]*(clip/n), g[1]*(clip/n)
			}
			for i := range x {
				x[i] -= lr * g[i]
			}
			xs = append(xs, append([]float64(nil), x...))
		}
		return xs
	}
	check := func(name string, tr Trace, err error, want [][]float64, tol float64) {
		t.Helper()
		if err != nil || len(tr.X) != len(want) {
			t.Fatalf("%s: err %v, %d iterates", name, err, len(tr.X))
		}
		for k := range want {
			for i := range want[k] {
				if d := math.Abs(tr.X[k][i] - want[k][i]); d > tol || (tol == 0 && tr.X[k][i] != want[k][i]) {
					t.Fatalf("%s: x_%d = %v, reference %v", name, k, tr.X[k], want[k])
				}
			}
		}
	}
	want := reference(0)
	tr, err := Minimize(s, x0, &testGD{lr: lr}, RunOptions{Steps: steps, GradNoise: sigma, Seed: seed})
	check("RunOptions.GradNoise", tr, err, want, 0)
	noise := Must(GradNoise(sigma, seed))
	for run := range 2 { // the second run starts the noise over (Reset)
		tr, err = Minimize(s, x0, &testGD{lr: lr}, RunOptions{Steps: steps, Transforms: []GradTransform{noise}})
		check(fmt.Sprintf("Transforms{GradNoise}, run %d", run+1), tr, err, want, 0)
	}
	// RunOptions.GradNoise comes before Transforms: noise, then clipping.
	clip := Must(ClipNorm(1))
	tr, err = Minimize(s, x0, &testGD{lr: lr}, RunOptions{Steps: steps, GradNoise: sigma, Seed: seed, Transforms: []GradTransform{clip}})
	check("GradNoise then ClipNorm", tr, err, reference(1), 1e-14)
}

// TestMinimizeClipNormClosedForm: on f = ½|x|² (g = x), gradient descent with ClipNorm(c)
// moves |x| down by ηc per step while |x| > c, keeping the direction; below c it halves
// |x| (η = ½). From |x_0| = 5 with η = ½, c = 1: |x_k| = 5 − k/2 up to k = 8, then 2^−(k−8).
func TestMinimizeClipNormClosedForm(t *testing.T) {
	clip := Must(ClipNorm(1))
	tr, err := Minimize(Quadratic(1, 1, 0), []float64{3, 4}, &testGD{lr: 0.5}, RunOptions{Steps: 20, Transforms: []GradTransform{clip}})
	if err != nil || len(tr.X) != 21 {
		t.Fatalf("err %v, %d iterates", err, len(tr.X))
	}
	for k, x := range tr.X {
		r := 5 - 0.5*float64(k)
		if k > 8 {
			r = math.Pow(0.5, float64(k-8))
		}
		if math.Abs(x[0]-0.6*r) > 1e-14 || math.Abs(x[1]-0.8*r) > 1e-14 {
			t.Errorf("x_%d = %v, want %v·(0.6, 0.8)", k, x, r)
		}
		if math.Abs(tr.GradNorm[k]-r) > 1e-14 { // the trace keeps the unclipped |∇f|
			t.Errorf("GradNorm[%d] = %g, want %g", k, tr.GradNorm[k], r)
		}
	}
}

// TestMinimizeWeightDecayClosedForm: on f = ½(a x² + b y²), gradient descent with decoupled
// weight decay λ and rate η_k multiplies each coordinate by (1 − η_k λ − η_k a_i) per step.
func TestMinimizeWeightDecayClosedForm(t *testing.T) {
	const a, b, lambda = 0.5, 2, 0.3
	eta := func(k int) float64 { return 0.1 / float64(k+1) }
	wd := Must(WeightDecay(lambda))
	tr, err := Minimize(Quadratic(a, b, 0), []float64{1, -1}, &testGD{lr: 9}, RunOptions{Steps: 30,
		Schedule: testSchedule(eta), Transforms: []GradTransform{wd}})
	if err != nil {
		t.Fatal(err)
	}
	x, y := 1.0, -1.0
	for k := 1; k < len(tr.X); k++ {
		x *= 1 - eta(k-1)*(lambda+a)
		y *= 1 - eta(k-1)*(lambda+b)
		if math.Abs(tr.X[k][0]-x) > 1e-15 || math.Abs(tr.X[k][1]-y) > 1e-15 {
			t.Fatalf("x_%d = %v, closed form (%g, %g)", k, tr.X[k], x, y)
		}
	}
}

// TestTransformsKeepMomentumSetter: with transforms in the chain, a OneCycleLR schedule still
// reaches the optimizer's SetMomentum, in Minimize and in Train. The iterates of Minimize
// are checked against heavy-ball momentum (PyTorch form) written out here, with the cycled
// rate and momentum and with the clipping and weight decay applied first.
func TestTransformsKeepMomentumSetter(t *testing.T) {
	const steps, lambda, c = 20, 0.01, 0.5
	sched, err := NewOneCycleLR(DefaultOneCycleConfig(0.1, steps))
	if err != nil {
		t.Fatal(err)
	}
	opt, _ := NewMomentum(2, MomentumConfig{LR: 0.01, Momentum: 0.5})
	ts := []GradTransform{Must(ClipValue(c)), Must(WeightDecay(lambda))}
	s := Quadratic(3, 0.2, 0.5)
	tr, err := Minimize(s, []float64{2, 1}, opt, RunOptions{Steps: steps, Schedule: sched, Transforms: ts,
		Callback: func(k int, x []float64) bool {
			if k > 0 && (opt.Momentum() != sched.Momentum(k-1) || opt.LR() != sched.LR(k-1)) {
				t.Errorf("Minimize, before step %d: momentum %g lr %g, schedule gave %g and %g",
					k, opt.Momentum(), opt.LR(), sched.Momentum(k-1), sched.LR(k-1))
			}
			return false
		}})
	if err != nil {
		t.Fatal(err)
	}
	x, g, buf := []float64{2, 1}, make([]float64, 2), make([]float64, 2)
	for k := range steps {
		eta, mu := sched.LR(k), sched.Momentum(k)
		s.Grad(g, x)
		for i := range x {
			gi := max(-c, min(c, g[i]))
			x[i] *= 1 - eta*lambda
			if k == 0 {
				buf[i] = gi
			} else {
				buf[i] = mu*buf[i] + gi
			}
			x[i] -= eta * buf[i]
		}
		if math.Abs(tr.X[k+1][0]-x[0]) > 1e-14 || math.Abs(tr.X[k+1][1]-x[1]) > 1e-14 {
			t.Fatalf("x_%d = %v, heavy ball with the cycled momentum %v", k+1, tr.X[k+1], x)
		}
	}

	ds, _, _ := data.NoisyLinear(60, 2, 0.1, 4)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := MiniBatch(60, 10, 2)
	tsched, _ := NewOneCycleLR(DefaultOneCycleConfig(0.1, 3*6))
	topt, _ := NewMomentum(3, MomentumConfig{LR: 0.01, Momentum: 0.5})
	calls := 0
	_, err = Train(obj, make([]float64, 3), topt, b, TrainOptions{Epochs: 3, Schedule: tsched, ScheduleEvery: PerUpdate,
		Transforms: []GradTransform{Must(ClipNorm(0.1))},
		UpdateCallback: func(epoch, u int, loss float64, params []float64) bool {
			calls++
			if topt.Momentum() != tsched.Momentum(u-1) {
				t.Errorf("Train, update %d: momentum %g, schedule gave %g", u, topt.Momentum(), tsched.Momentum(u-1))
			}
			return false
		}})
	if err != nil || calls != 18 {
		t.Errorf("Train: err %v, %d updates", err, calls)
	}
}

// quartic is f = (x⁴ + y⁴)/4: ∇f = (x³, y³), ∇²f = diag(3x², 3y²), written out here.
func quartic() Surface {
	return Surface{Name: "quartic", Dim: 2,
		F:    func(x []float64) float64 { return (math.Pow(x[0], 4) + math.Pow(x[1], 4)) / 4 },
		Grad: func(g, x []float64) { g[0], g[1] = x[0]*x[0]*x[0], x[1]*x[1]*x[1] },
		Hess: func(h *mat.SymDense, x []float64) {
			h.SetSym(0, 0, 3*x[0]*x[0])
			h.SetSym(0, 1, 0)
			h.SetSym(1, 1, 3*x[1]*x[1])
		},
	}
}

// TestTransformsKeepHessianStepper: Newton's method (the package's, whose Step refuses to
// run without the Hessian) still gets StepHessian when transforms are in use.
func TestTransformsKeepHessianStepper(t *testing.T) {
	// On f = ½(3x² + ½y²) the Newton direction of the clipped gradient s·g is s·x, with
	// s = min(1, c/‖g‖): x_{k+1} = (1 − s_k) x_k.
	const c = 1
	newton, _ := NewNewton(2, DefaultNewtonConfig())
	tr, err := Minimize(Quadratic(3, 0.5, 0), []float64{2, -1}, newton, RunOptions{Steps: 6,
		Transforms: []GradTransform{Must(ClipNorm(c))}})
	if err != nil || len(tr.X) != 7 {
		t.Fatalf("Newton with ClipNorm: err %v, %d iterates", err, len(tr.X))
	}
	x, y := 2.0, -1.0
	for k := 1; k < len(tr.X); k++ {
		s := min(1, c/math.Hypot(3*x, 0.5*y))
		x, y = (1-s)*x, (1-s)*y
		if math.Abs(tr.X[k][0]-x) > 1e-14 || math.Abs(tr.X[k][1]-y) > 1e-14 {
			t.Fatalf("Newton with ClipNorm: x_%d = %v, want (%g, %g)", k, tr.X[k], x, y)
		}
	}
	// On the quartic the Newton step from x is x/3 per coordinate. With weight decay λ and
	// the Hessian taken at x_k (before the decay): x_{k+1} = (1 − λ)x_k − x_k/3. A Hessian
	// taken at the decayed point would give (1 − λ − 1/(3(1 − λ)²)) x_k instead.
	const lambda = 0.2
	newton.Reset()
	tr, err = Minimize(quartic(), []float64{1, -2}, newton, RunOptions{Steps: 5,
		Transforms: []GradTransform{Must(WeightDecay(lambda))}})
	if err != nil || len(tr.X) != 6 {
		t.Fatalf("Newton with WeightDecay: err %v, %d iterates", err, len(tr.X))
	}
	for k, xk := range tr.X {
		r := math.Pow(2.0/3-lambda, float64(k))
		if math.Abs(xk[0]-r) > 1e-14 || math.Abs(xk[1]+2*r) > 1e-14 {
			t.Errorf("Newton with WeightDecay: x_%d = %v, want %g·(1, −2)", k, xk, r)
		}
	}
}

// TestTrainWeightDecayMatchesAdamW: Adam (no weight decay of its own) after the WeightDecay
// transform is AdamW, the package's second implementation of the same rule (tested
// against PyTorch's numbers in optim_ref_test.go), under a per-update schedule.
func TestTrainWeightDecayMatchesAdamW(t *testing.T) {
	ds, _, _ := data.NoisyLinear(200, 3, 0.1, 5)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := MiniBatch(200, 20, 1)
	sched := testSchedule(func(u int) float64 { return 0.05 / (1 + 0.1*float64(u)) })
	run := func(opt Optimizer, ts []GradTransform) ([]float64, History) {
		params := []float64{1, -1, 0.5, 2}
		h, err := Train(obj, params, opt, b, TrainOptions{Epochs: 5, Schedule: sched, ScheduleEvery: PerUpdate, Transforms: ts})
		if err != nil {
			t.Fatal(err)
		}
		return params, h
	}
	adam, _ := NewAdam(4, DefaultAdamConfig())
	cfg := DefaultAdamWConfig()
	cfg.WeightDecay = 0.1
	adamw, _ := NewAdamW(4, cfg)
	got, hGot := run(adam, []GradTransform{Must(WeightDecay(0.1))})
	want, hWant := run(adamw, nil)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-14*(1+math.Abs(want[i])) {
			t.Errorf("params[%d] = %.17g, AdamW %.17g", i, got[i], want[i])
		}
	}
	if len(hGot.StepLoss) != 50 || math.Abs(hGot.StepLoss[49]-hWant.StepLoss[49]) > 1e-14 {
		t.Errorf("%d updates, last loss %g, AdamW %g", len(hGot.StepLoss), hGot.StepLoss[49], hWant.StepLoss[49])
	}
}

func TestTransformsAllocations(t *testing.T) {
	ts := []GradTransform{Must(GradNoise(0.01, 1)), Must(ClipNorm(1)),
		Must(ClipValue(0.5)), Must(WeightDecay(0.01))}
	s := Rosenbrock()
	minimize := func(steps int) float64 {
		return testing.AllocsPerRun(5, func() {
			Minimize(s, []float64{-1, 1}, &testGD{lr: 1e-4}, RunOptions{Steps: steps, GradNoise: 0.1, Transforms: ts})
		})
	}
	if a, b := minimize(10), minimize(2000); a != b {
		t.Errorf("Minimize with transforms allocates %v times for 10 steps and %v for 2000", a, b)
	}
	ds, _, _ := data.NoisyLinear(100, 3, 0.1, 3)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := MiniBatch(100, 10, 1)
	hook := func(epoch, u int, loss float64, params []float64) bool { return false }
	train := func(epochs int) float64 {
		return testing.AllocsPerRun(5, func() {
			Train(obj, make([]float64, 4), &testGD{lr: 0.01}, b, TrainOptions{Epochs: epochs, Transforms: ts, UpdateCallback: hook})
		})
	}
	if a, b := train(2), train(40); a != b {
		t.Errorf("Train with transforms allocates %v times for 2 epochs and %v for 40", a, b)
	}
}
