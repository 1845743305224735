package gdlib

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib/data"
	"gonum.org/v1/gonum/mat"
)

// testGD is plain gradient descent written for these tests, so that they do not depend on
// the optimizers of optim*.go.
type testGD struct{ lr float64 }

func (o *testGD) Step(p, g []float64) error {
	if len(p) != len(g) {
		return errors.New("length mismatch")
	}
	for i := range p {
		p[i] -= o.lr * g[i]
	}
	return nil
}
func (o *testGD) Reset()           {}
func (o *testGD) LR() float64      { return o.lr }
func (o *testGD) SetLR(lr float64) { o.lr = lr }
func (o *testGD) Name() string     { return fmt.Sprintf("GD(lr=%g)", o.lr) }

// testNewton takes the full Newton step x ← x − H⁻¹g and remembers the Hessian it got.
type testNewton struct {
	testGD
	lastH *mat.SymDense
}

func (o *testNewton) StepHessian(p, g []float64, h *mat.SymDense) error {
	o.lastH = mat.NewSymDense(h.SymmetricDim(), nil)
	o.lastH.CopySym(h)
	var d mat.VecDense
	if err := d.SolveVec(h, mat.NewVecDense(len(g), g)); err != nil {
		return err
	}
	for i := range p {
		p[i] -= d.AtVec(i)
	}
	return nil
}

func TestMinimizeQuadraticClosedForm(t *testing.T) {
	const l1, l2, lr = 0.5, 0.05, 0.3
	s := Quadratic(l1, l2, 0)
	x0 := []float64{1.5, -2}
	tr, err := Minimize(s, x0, &testGD{lr: lr}, RunOptions{Steps: 200})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.X) != 201 || len(tr.F) != 201 || len(tr.GradNorm) != 201 || len(tr.LR) != 200 {
		t.Fatalf("lengths X %d F %d GradNorm %d LR %d", len(tr.X), len(tr.F), len(tr.GradNorm), len(tr.LR))
	}
	for k, x := range tr.X {
		// x_k = (1 − lr λ)^k x0 in each eigen-coordinate.
		w0 := math.Pow(1-lr*l1, float64(k)) * x0[0]
		w1 := math.Pow(1-lr*l2, float64(k)) * x0[1]
		if math.Abs(x[0]-w0) > 1e-13*(1+math.Abs(w0)) || math.Abs(x[1]-w1) > 1e-13*(1+math.Abs(w1)) {
			t.Fatalf("x_%d = %v, closed form (%g, %g)", k, x, w0, w1)
		}
		wf := 0.5 * (l1*w0*w0 + l2*w1*w1)
		if math.Abs(tr.F[k]-wf) > 1e-13 {
			t.Fatalf("f_%d = %g, closed form %g", k, tr.F[k], wf)
		}
		if wg := math.Hypot(l1*w0, l2*w1); math.Abs(tr.GradNorm[k]-wg) > 1e-13 {
			t.Fatalf("|g_%d| = %g, closed form %g", k, tr.GradNorm[k], wg)
		}
	}
	if x0[0] != 1.5 || x0[1] != -2 {
		t.Error("Minimize modified x0")
	}
	if tr.Status() != "ran 200 steps" || tr.Label != "GD(lr=0.3)" {
		t.Errorf("status %q label %q", tr.Status(), tr.Label)
	}
}

func TestMinimizeDivergence(t *testing.T) {
	// f = ½ x² on the first axis (λ = 1) with lr = 2.5 > 2/λ: x_k = (−1.5)^k. f(x_k) = ½ x_k²
	// overflows when ½·|x|·|x| > MaxFloat64 (F computes (a11·x)·x), that is
	// |x| > sqrt(MaxFloat64): at k* = ceil(log(sqrt(MaxFloat64)) / log 1.5).
	s := Quadratic(1, 1, 0)
	limit := math.Log(math.Sqrt(math.MaxFloat64)) / math.Log(1.5)
	if frac := limit - math.Floor(limit); frac < 1e-6 || frac > 1-1e-6 {
		t.Fatal("test setup too close to the boundary")
	}
	want := int(math.Ceil(limit))
	tr, err := Minimize(s, []float64{1, 0}, &testGD{lr: 2.5}, RunOptions{Steps: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Diverged || tr.DivergedAt != want {
		t.Fatalf("Diverged %v at %d, want step %d", tr.Diverged, tr.DivergedAt, want)
	}
	if len(tr.X) != want || len(tr.F) != want || len(tr.LR) != want-1 {
		t.Errorf("finite prefix lengths X %d F %d LR %d, want %d, %d, %d", len(tr.X), len(tr.F), len(tr.LR), want, want, want-1)
	}
	for k, f := range tr.F {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			t.Fatalf("F[%d] = %g kept", k, f)
		}
	}
	if got := tr.Status(); got != fmt.Sprintf("diverged at step %d", want) {
		t.Errorf("Status %q", got)
	}
	// At exactly lr = 2/λ the iterates oscillate forever without diverging.
	tr, _ = Minimize(s, []float64{1, 0}, &testGD{lr: 2}, RunOptions{Steps: 1000})
	if tr.Diverged || tr.X[1000][0] != 1 {
		t.Errorf("lr = 2/λ: diverged %v, x_1000 = %v", tr.Diverged, tr.X[1000])
	}
	// A start where f is not finite diverges at step 0 with an empty trace.
	bad := Surface{Name: "bad", Dim: 1, F: func(x []float64) float64 { return math.Inf(1) }, Grad: func(g, x []float64) { g[0] = 0 }}
	tr, err = Minimize(bad, []float64{0}, &testGD{lr: 1}, RunOptions{Steps: 3})
	if err != nil || !tr.Diverged || tr.DivergedAt != 0 || len(tr.X) != 0 {
		t.Errorf("non-finite f(x0): err %v diverged %v at %d len %d", err, tr.Diverged, tr.DivergedAt, len(tr.X))
	}
}

func TestMinimizeStopping(t *testing.T) {
	s := Quadratic(1, 1, 0)
	// |∇f(x_k)| = 0.5^k·|x0| with lr = 0.5, λ = 1, x0 = (1, 0): below 1e-6 first at k = 20.
	tr, _ := Minimize(s, []float64{1, 0}, &testGD{lr: 0.5}, RunOptions{Steps: 100, Tol: 1e-6})
	if !tr.Converged || len(tr.X) != 21 || tr.Status() != "converged at step 20 (|∇f| < 1e-06)" {
		t.Errorf("converged %v, %d iterates, status %q", tr.Converged, len(tr.X), tr.Status())
	}
	tr, _ = Minimize(s, []float64{1, 0}, &testGD{lr: 0.5}, RunOptions{Steps: 100, Callback: func(k int, x []float64) bool { return k == 7 }})
	if !tr.Stopped || len(tr.X) != 8 || len(tr.LR) != 7 || tr.Status() != "stopped by callback at step 7" {
		t.Errorf("stopped %v, %d iterates, status %q", tr.Stopped, len(tr.X), tr.Status())
	}
	tr, _ = Minimize(s, []float64{1, 0}, &testGD{lr: 0.5}, RunOptions{Steps: 0})
	if len(tr.X) != 1 || len(tr.LR) != 0 || tr.Status() != "ran 0 steps" {
		t.Errorf("Steps 0: %d iterates, status %q", len(tr.X), tr.Status())
	}
}

type testSchedule func(t int) float64

func (s testSchedule) LR(t int) float64 { return s(t) }

func TestMinimizeScheduleAndNoise(t *testing.T) {
	s := Quadratic(1, 1, 0)
	sched := testSchedule(func(k int) float64 { return 0.5 / float64(k+1) })
	tr, _ := Minimize(s, []float64{1, 1}, &testGD{lr: 9}, RunOptions{Steps: 5, Schedule: sched})
	x := 1.0
	for k, lr := range tr.LR {
		if lr != 0.5/float64(k+1) {
			t.Errorf("LR[%d] = %g", k, lr)
		}
		x *= 1 - lr
		if math.Abs(tr.X[k+1][0]-x) > 1e-15 {
			t.Errorf("x_%d = %g, want %g", k+1, tr.X[k+1][0], x)
		}
	}
	// Noise: reproducible from the seed, different for another seed; the trace records the
	// exact gradient norm.
	run := func(seed uint64) Trace {
		tr, _ := Minimize(Saddle(), []float64{1, 0}, &testGD{lr: 0.1}, RunOptions{Steps: 50, GradNoise: 0.01, Seed: seed})
		return tr
	}
	a, b, c := run(1), run(1), run(2)
	if a.X[50][1] != b.X[50][1] || a.X[50][1] == c.X[50][1] {
		t.Errorf("noise: seed 1 gives %g and %g, seed 2 gives %g", a.X[50][1], b.X[50][1], c.X[50][1])
	}
	if a.X[50][1] == 0 {
		t.Error("noise did not push the iterate off the saddle's stable axis")
	}
	for k, x := range a.X {
		if math.Abs(a.GradNorm[k]-2*math.Hypot(x[0], x[1])) > 1e-15*a.GradNorm[k] {
			t.Fatalf("GradNorm[%d] = %g, exact %g", k, a.GradNorm[k], 2*math.Hypot(x[0], x[1]))
		}
	}
	// Without noise GD from (1, 0) stays on the x-axis and converges to the saddle.
	tr, _ = Minimize(Saddle(), []float64{1, 0}, &testGD{lr: 0.1}, RunOptions{Steps: 50})
	if tr.X[50][1] != 0 || math.Abs(tr.X[50][0]-math.Pow(0.8, 50)) > 1e-15 {
		t.Errorf("exact gradients from (1, 0): x_50 = %v", tr.X[50])
	}
}

func TestMinimizeHessianStepper(t *testing.T) {
	s := Quadratic(3, 0.5, 0.4)
	opt := &testNewton{}
	tr, err := Minimize(s, []float64{2, -1}, opt, RunOptions{Steps: 3, Tol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.X) != 2 || !tr.Converged {
		t.Errorf("Newton on a quadratic: %d iterates, status %s", len(tr.X), tr.Status())
	}
	want := mat.NewSymDense(2, nil)
	s.Hess(want, []float64{2, -1})
	if opt.lastH == nil || !mat.Equal(opt.lastH, want) {
		t.Error("StepHessian did not get the exact Hessian")
	}
	var _ HessianStepper = opt // the runner's local interface matches optim.go's
}

func TestMinimizeErrors(t *testing.T) {
	s := Rosenbrock()
	for _, tc := range []struct {
		x0 []float64
		o  RunOptions
	}{
		{[]float64{1}, RunOptions{Steps: 1}},
		{[]float64{1, 2}, RunOptions{Steps: -1}},
		{[]float64{math.NaN(), 2}, RunOptions{Steps: 1}},
		{[]float64{1, 2}, RunOptions{Steps: 1, GradNoise: -1}},
	} {
		if _, err := Minimize(s, tc.x0, &testGD{lr: 0.1}, tc.o); err == nil {
			t.Errorf("Minimize(x0=%v, %+v): no error", tc.x0, tc.o)
		}
	}
	if _, err := Minimize(s, []float64{1, 2}, nil, RunOptions{}); err == nil {
		t.Error("nil optimizer: no error")
	}
}

func TestMinimizeAllocations(t *testing.T) {
	s := Rosenbrock()
	count := func(steps int) float64 {
		return testing.AllocsPerRun(5, func() {
			Minimize(s, []float64{-1, 1}, &testGD{lr: 1e-4}, RunOptions{Steps: steps})
		})
	}
	if a, b := count(10), count(2000); a != b {
		t.Errorf("Minimize allocates %v times for 10 steps and %v for 2000: the loop allocates", a, b)
	}
}

// recordingObjective wraps an objective and counts how often each example is used.
type recordingObjective struct {
	Objective
	counts []int
}

func (r *recordingObjective) LossGrad(g, p []float64, batch []int) float64 {
	for _, i := range batch {
		r.counts[i]++
	}
	return r.Objective.LossGrad(g, p, batch)
}

func TestTrainLinearRegression(t *testing.T) {
	ds, _, err := data.NoisyLinear(500, 4, 0.3, 1)
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	want := normalEquations(ds.X, ds.Y, 0)
	params := make([]float64, obj.Dim())
	b, _ := FullBatch(obj.N())
	h, err := Train(obj, params, &testGD{lr: 0.5}, b, TrainOptions{Epochs: 300})
	if err != nil {
		t.Fatal(err)
	}
	for j := range want {
		if math.Abs(params[j]-want[j]) > 1e-10 {
			t.Errorf("full-batch GD: p[%d] = %.12g, normal equations %.12g", j, params[j], want[j])
		}
	}
	if len(h.StepLoss) != 300 || len(h.EpochTrain) != 301 || h.EpochHeldOut != nil || h.StepExamples[299] != 300*500 {
		t.Errorf("history lengths %d %d, examples %d", len(h.StepLoss), len(h.EpochTrain), h.StepExamples[299])
	}
	// Mini-batch SGD with a decaying rate gets close to the same solution.
	params = make([]float64, obj.Dim())
	mb, _ := MiniBatch(obj.N(), 10, 3)
	sched := testSchedule(func(e int) float64 { return 0.1 / (1 + 0.2*float64(e)) })
	if _, err := Train(obj, params, &testGD{}, mb, TrainOptions{Epochs: 100, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	for j := range want {
		if math.Abs(params[j]-want[j]) > 0.01 {
			t.Errorf("mini-batch SGD: p[%d] = %g, normal equations %g", j, params[j], want[j])
		}
	}
}

func TestTrainBookkeeping(t *testing.T) {
	ds, _, _ := data.NoisyLinear(103, 2, 0.1, 2)
	train, held, _ := ds.Split(0.7, 1)
	inner, _ := NewLeastSquares(train.X, train.Y, 0)
	heldObj, _ := NewLeastSquares(held.X, held.Y, 0)
	obj := &recordingObjective{Objective: inner, counts: make([]int, inner.N())}
	n := inner.N() // 72
	b, _ := MiniBatch(n, 10, 4)
	var epochsSeen []int
	sched := testSchedule(func(u int) float64 { return 0.01 * float64(u+1) })
	h, err := Train(obj, make([]float64, 3), &testGD{}, b, TrainOptions{
		Epochs: 4, Schedule: sched, ScheduleEvery: PerUpdate, HeldOut: heldObj,
		Callback: func(e int, h *History) bool {
			epochsSeen = append(epochsSeen, e)
			for i, c := range obj.counts {
				if c != e {
					t.Errorf("after epoch %d example %d was used %d times", e, i, c)
				}
			}
			return false
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	updates := 4 * 8 // ceil(72/10) = 8 batches per epoch
	if len(h.StepLoss) != updates || len(h.StepLR) != updates || len(h.StepSeconds) != updates || len(h.StepExamples) != updates {
		t.Fatalf("per-update records: %d %d %d %d, want %d", len(h.StepLoss), len(h.StepLR), len(h.StepSeconds), len(h.StepExamples), updates)
	}
	for u := 0; u < updates; u++ {
		if h.StepLR[u] != 0.01*float64(u+1) {
			t.Errorf("StepLR[%d] = %g", u, h.StepLR[u])
		}
		want := (u/8)*n + min((u%8+1)*10, n)
		if h.StepExamples[u] != want {
			t.Errorf("StepExamples[%d] = %d, want %d", u, h.StepExamples[u], want)
		}
		if u > 0 && h.StepSeconds[u] < h.StepSeconds[u-1] {
			t.Errorf("StepSeconds decreases at %d", u)
		}
	}
	if len(h.EpochTrain) != 5 || len(h.EpochHeldOut) != 5 || fmt.Sprint(epochsSeen) != "[1 2 3 4]" {
		t.Errorf("epoch records %d %d, callbacks %v", len(h.EpochTrain), len(h.EpochHeldOut), epochsSeen)
	}
	// Per-epoch schedule: LR constant within an epoch.
	h, _ = Train(inner, make([]float64, 3), &testGD{}, b, TrainOptions{Epochs: 3, Schedule: sched})
	for u, lr := range h.StepLR {
		if lr != 0.01*float64(u/8+1) {
			t.Errorf("per-epoch StepLR[%d] = %g", u, lr)
		}
	}
	// Callback stops training.
	h, _ = Train(inner, make([]float64, 3), &testGD{lr: 0.01}, b, TrainOptions{Epochs: 10, Callback: func(e int, h *History) bool { return e == 2 }})
	if len(h.EpochTrain) != 3 || len(h.StepLoss) != 16 {
		t.Errorf("stopped after epoch 2: %d epoch records, %d updates", len(h.EpochTrain), len(h.StepLoss))
	}
}

func TestTrainPlateau(t *testing.T) {
	ds, _, _ := data.NoisyLinear(50, 2, 0.1, 2)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := FullBatch(50)
	cfg := DefaultPlateauConfig()
	cfg.Patience = 0
	cfg.Eps = 0
	// With lr = 1e-9 the loss improves by far less than the relative threshold 1e-4: after
	// the first epoch sets best, each bad epoch (Patience 0) cuts the rate by 10.
	p, err := NewReduceLROnPlateau(1e-9, cfg)
	if err != nil {
		t.Fatal(err)
	}
	opt := &testGD{lr: 1e-9}
	params := make([]float64, 3)
	if _, err := Train(obj, params, opt, b, TrainOptions{Epochs: 3, Plateau: p}); err != nil {
		t.Fatal(err)
	}
	if math.Abs(opt.lr-1e-11) > 1e-24 {
		t.Errorf("after one good and two bad epochs lr = %g, want 1e-11", opt.lr)
	}
	if _, err := Train(obj, make([]float64, 3), opt, b, TrainOptions{Epochs: 1, Plateau: p, Schedule: testSchedule(func(int) float64 { return 1 })}); err == nil {
		t.Error("Plateau and Schedule together: no error")
	}
}

func TestTrainDivergence(t *testing.T) {
	ds, _, _ := data.NoisyLinear(100, 3, 0.1, 3)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := MiniBatch(100, 10, 1)
	h, err := Train(obj, make([]float64, 4), &testGD{lr: 50}, b, TrainOptions{Epochs: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Diverged || h.DivergedAt < 1 {
		t.Fatalf("lr 50: diverged %v at %d", h.Diverged, h.DivergedAt)
	}
	if len(h.StepLoss) < h.DivergedAt-1 || len(h.StepLoss) > h.DivergedAt {
		t.Errorf("DivergedAt %d with %d recorded losses", h.DivergedAt, len(h.StepLoss))
	}
	for u, l := range h.StepLoss {
		if math.IsInf(l, 0) || math.IsNaN(l) {
			t.Fatalf("StepLoss[%d] = %g kept", u, l)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	ds, _, _ := data.NoisyLinear(20, 2, 0.1, 3)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := FullBatch(20)
	b2, _ := FullBatch(21)
	for name, f := range map[string]func() error{
		"params length": func() error {
			_, err := Train(obj, make([]float64, 2), &testGD{lr: 1}, b, TrainOptions{Epochs: 1})
			return err
		},
		"batcher size": func() error {
			_, err := Train(obj, make([]float64, 3), &testGD{lr: 1}, b2, TrainOptions{Epochs: 1})
			return err
		},
		"epochs": func() error {
			_, err := Train(obj, make([]float64, 3), &testGD{lr: 1}, b, TrainOptions{Epochs: -1})
			return err
		},
		"nil optimizer": func() error { _, err := Train(obj, make([]float64, 3), nil, b, TrainOptions{Epochs: 1}); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "gdlib: Train:") {
			t.Errorf("%s: error %q", name, err)
		}
	}
}

// TestTrainUpdateCallback follows mini-batch gradient descent under a per-update schedule,
// written out here with the same batcher, and checks what UpdateCallback receives and when
// it runs relative to the schedule and the epoch-end Callback.
func TestTrainUpdateCallback(t *testing.T) {
	ds, _, _ := data.NoisyLinear(72, 2, 0.1, 2)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := MiniBatch(72, 10, 4) // 8 batches per epoch
	sched := testSchedule(func(u int) float64 { return 0.05 * float64(1+u%3) })
	type record struct {
		epoch, update int
		loss, lr      float64
		params        []float64
	}
	var recs []record
	var events []string
	opt := &testGD{}
	h, err := Train(obj, []float64{1, -1, 0}, opt, b, TrainOptions{Epochs: 3, Schedule: sched, ScheduleEvery: PerUpdate,
		UpdateCallback: func(epoch, update int, loss float64, params []float64) bool {
			recs = append(recs, record{epoch, update, loss, opt.LR(), append([]float64(nil), params...)})
			events = append(events, "u")
			return false
		},
		Callback: func(epoch int, h *History) bool {
			events = append(events, fmt.Sprint("E", epoch))
			return false
		}})
	if err != nil || h.Stopped || len(recs) != 24 {
		t.Fatalf("err %v, stopped %v, %d calls", err, h.Stopped, len(recs))
	}
	if got, want := strings.Join(events, ""), strings.Repeat("u", 8)+"E1"+strings.Repeat("u", 8)+"E2"+strings.Repeat("u", 8)+"E3"; got != want {
		t.Errorf("call order %s, want %s", got, want)
	}
	p, g, u := []float64{1, -1, 0}, make([]float64, 3), 0
	for e := range 3 {
		b.Epoch(e)
		for batch, ok := b.Next(); ok; batch, ok = b.Next() {
			lr := sched(u)
			loss := obj.LossGrad(g, p, batch)
			for i := range p {
				p[i] -= lr * g[i]
			}
			r := recs[u]
			u++
			if r.epoch != e+1 || r.update != u || r.loss != loss || r.loss != h.StepLoss[u-1] || r.lr != lr || r.lr != h.StepLR[u-1] {
				t.Fatalf("call %d: epoch %d update %d loss %g lr %g, want %d, %d, %g, %g", u, r.epoch, r.update, r.loss, r.lr, e+1, u, loss, lr)
			}
			for i := range p {
				if r.params[i] != p[i] {
					t.Fatalf("update %d: params %v, gradient descent gives %v", u, r.params, p)
				}
			}
		}
	}
}

func TestTrainUpdateCallbackStops(t *testing.T) {
	ds, _, _ := data.NoisyLinear(72, 2, 0.1, 2)
	obj, _ := NewLeastSquares(ds.X, ds.Y, 0)
	b, _ := MiniBatch(72, 10, 4)
	var at11 []float64
	epochs := 0
	params := make([]float64, 3)
	h, err := Train(obj, params, &testGD{lr: 0.05}, b, TrainOptions{Epochs: 5,
		UpdateCallback: func(epoch, u int, loss float64, p []float64) bool {
			if u == 11 { // in epoch 2
				at11 = append([]float64(nil), p...)
			}
			return u == 11
		},
		Callback: func(int, *History) bool { epochs++; return false }})
	if err != nil || !h.Stopped || len(h.StepLoss) != 11 || len(h.StepLR) != 11 || len(h.StepSeconds) != 11 ||
		len(h.EpochTrain) != 2 || epochs != 1 {
		t.Errorf("stop at update 11: err %v, stopped %v, %d updates, %d seconds, %d epoch records, %d epoch callbacks",
			err, h.Stopped, len(h.StepLoss), len(h.StepSeconds), len(h.EpochTrain), epochs)
	}
	for i := range params {
		if params[i] != at11[i] {
			t.Errorf("params %v after the stop, %v at update 11", params, at11)
		}
	}
	// The epoch callback's stop is recorded as well.
	h, _ = Train(obj, make([]float64, 3), &testGD{lr: 0.05}, b, TrainOptions{Epochs: 5, Callback: func(e int, _ *History) bool { return e == 2 }})
	if !h.Stopped || len(h.EpochTrain) != 3 {
		t.Errorf("epoch callback stop: stopped %v, %d epoch records", h.Stopped, len(h.EpochTrain))
	}
	// A diverging run: the hook never sees non-finite parameters.
	calls := 0
	h, _ = Train(obj, make([]float64, 3), &testGD{lr: 50}, b, TrainOptions{Epochs: 100,
		UpdateCallback: func(epoch, u int, loss float64, p []float64) bool {
			calls++
			if !allFinite(p) || math.IsInf(loss, 0) || math.IsNaN(loss) {
				t.Errorf("update %d: loss %g, params %v", u, loss, p)
			}
			return false
		}})
	if !h.Diverged || calls > h.DivergedAt || calls < h.DivergedAt-1 {
		t.Errorf("diverged %v at %d after %d calls", h.Diverged, h.DivergedAt, calls)
	}
}
