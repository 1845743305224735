package gdlib

import (
	"math"
	"strings"
	"testing"
)

// The interfaces each schedule promises.
var (
	_ Schedule = (*Constant)(nil)
	_ Schedule = (*StepLR)(nil)
	_ Schedule = (*MultiStepLR)(nil)
	_ Schedule = (*ExponentialLR)(nil)
	_ Schedule = (*InverseTimeLR)(nil)
	_ Schedule = (*InverseSqrtLR)(nil)
	_ Schedule = (*PolynomialLR)(nil)
	_ Schedule = (*CosineAnnealingLR)(nil)
	_ Schedule = (*CosineWarmRestarts)(nil)
	_ Schedule = (*LinearWarmup)(nil)
	_ Schedule = (*OneCycleLR)(nil)
)

// schedExpect compares s.LR(t) with want[t] for t = 0, 1, ... to a relative tolerance.
func schedExpect(t *testing.T, name string, s Schedule, want []float64, tol float64) {
	t.Helper()
	for k, w := range want {
		if got := s.LR(k); !(got == w || math.Abs(got-w) <= tol*math.Abs(w)) {
			t.Errorf("%s: LR(%d) = %.12g, want %.12g", name, k, got, w)
		}
	}
}

func TestScheduleClosedForms(t *testing.T) {
	schedExpect(t, "Constant", Must(NewConstant(0.3)), []float64{0.3, 0.3, 0.3}, 0)
	schedExpect(t, "StepLR", Must(NewStepLR(0.1, 3, 0.5)),
		[]float64{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025}, 1e-15)
	schedExpect(t, "MultiStepLR", Must(NewMultiStepLR(1, []int{2, 5}, 0.1)),
		[]float64{1, 1, 0.1, 0.1, 0.1, 0.01, 0.01}, 1e-15)
	schedExpect(t, "ExponentialLR", Must(NewExponentialLR(2, 0.9)),
		[]float64{2, 1.8, 1.62, 1.458, 1.3122}, 1e-15)
	schedExpect(t, "InverseTimeLR", Must(NewInverseTimeLR(1, 0.5)),
		[]float64{1, 1 / 1.5, 0.5, 0.4, 1 / 3.0}, 1e-15)
	schedExpect(t, "PolynomialLR", Must(NewPolynomialLR(1, 4, 2)),
		[]float64{1, 0.5625, 0.25, 0.0625, 0, 0, 0}, 1e-15)
	// Cosine, not clamped: back up after tMax with period 2·tMax.
	schedExpect(t, "CosineAnnealingLR", Must(NewCosineAnnealingLR(1, 2, 0.1)),
		[]float64{1, 0.55, 0.1, 0.55, 1, 0.55}, 1e-15)
	if s := Must(NewCosineAnnealingLR(1, 10, 0)); math.Abs(s.LR(15)-0.5) > 1e-15 || math.Abs(s.LR(20)-1) > 1e-15 {
		t.Errorf("CosineAnnealingLR(1, 10, 0): LR(15) = %g, LR(20) = %g, want 0.5 and 1 (no clamping)", s.LR(15), s.LR(20))
	}
	// All milestones passed at the largest t (t + 1 would overflow).
	if got := Must(NewMultiStepLR(1, []int{2, 5}, 0.5)).LR(math.MaxInt); got != 0.25 {
		t.Errorf("MultiStepLR.LR(MaxInt) = %g, want 0.25 (both milestones passed)", got)
	}
	// Negative t reads as 0.
	if got := Must(NewExponentialLR(2, 0.5)).LR(-3); got != 2 {
		t.Errorf("ExponentialLR.LR(-3) = %g, want the base 2", got)
	}
}

// PyTorch steps CosineAnnealingLR with a recursive form; the closed form must agree.
func TestScheduleCosineRecursive(t *testing.T) {
	const base, etaMin, T = 0.5, 0.01, 7
	s := Must(NewCosineAnnealingLR(base, T, etaMin))
	lr := base
	for k := 1; k <= 40; k++ {
		if (k-1-T)%(2*T) == 0 {
			lr = lr + (base-etaMin)*(1-math.Cos(math.Pi/T))/2
		} else {
			lr = (1+math.Cos(math.Pi*float64(k)/T))/(1+math.Cos(math.Pi*float64(k-1)/T))*(lr-etaMin) + etaMin
		}
		if got := s.LR(k); math.Abs(got-lr) > 1e-12 {
			t.Fatalf("LR(%d) = %.15g, PyTorch's recursion %.15g", k, got, lr)
		}
	}
}

// CosineWarmRestarts against PyTorch's explicit-epoch formula:
// n = ⌊log_{T_mult}(t/T_0·(T_mult − 1) + 1)⌋, T_cur = t − T_0 (T_mult^n − 1)/(T_mult − 1), T_i = T_0 T_mult^n.
func TestScheduleWarmRestarts(t *testing.T) {
	const base, etaMin = 1.0, 0.05
	for _, tc := range []struct{ t0, tMult int }{{3, 1}, {3, 2}, {2, 3}, {5, 2}} {
		s := Must(NewCosineWarmRestarts(base, tc.t0, tc.tMult, etaMin))
		for k := range 200 {
			var cur, ti float64
			if tc.tMult == 1 {
				cur, ti = float64(k%tc.t0), float64(tc.t0)
			} else {
				m := float64(tc.tMult)
				n := math.Floor(math.Log(float64(k)/float64(tc.t0)*(m-1)+1) / math.Log(m))
				// Guard the floating log at exact period boundaries, as integers.
				for float64(tc.t0)*(math.Pow(m, n+1)-1)/(m-1) <= float64(k) {
					n++
				}
				cur = float64(k) - float64(tc.t0)*(math.Pow(m, n)-1)/(m-1)
				ti = float64(tc.t0) * math.Pow(m, n)
			}
			want := etaMin + (base-etaMin)*(1+math.Cos(math.Pi*cur/ti))/2
			if got := s.LR(k); math.Abs(got-want) > 1e-12 {
				t.Fatalf("T0=%d Tmult=%d: LR(%d) = %.15g, want %.15g", tc.t0, tc.tMult, k, got, want)
			}
		}
	}
	// Restarts of T0 = 3, Tmult = 2 are at t = 3 and 9.
	s := Must(NewCosineWarmRestarts(base, 3, 2, etaMin))
	if s.LR(3) != base || s.LR(9) != base || !(s.LR(8) < s.LR(4)) {
		t.Errorf("restarts: LR(3) = %g, LR(9) = %g, LR(4) = %g, LR(8) = %g", s.LR(3), s.LR(9), s.LR(4), s.LR(8))
	}
}

// The anchors' derived oracle for LinearLR(start_factor=1/3, total_iters=5): factors
// 1/3, 7/15, 3/5, 11/15, 13/15, 1, 1.
func TestScheduleLinearWarmup(t *testing.T) {
	s := Must(NewLinearWarmup(Must(NewConstant(1)), 1.0/3, 5))
	schedExpect(t, "LinearWarmup", s, []float64{1.0 / 3, 7.0 / 15, 3.0 / 5, 11.0 / 15, 13.0 / 15, 1, 1}, 1e-15)
	// After the warm-up, the next schedule starts afresh (SequentialLR).
	cos := Must(NewCosineAnnealingLR(0.2, 10, 0))
	w := Must(NewLinearWarmup(cos, 0.1, 4))
	for k := 0; k < 20; k++ {
		want := cos.LR(k - 4)
		if k < 4 {
			want = 0.2 * (0.1 + 0.9*float64(k)/4)
		}
		if got := w.LR(k); math.Abs(got-want) > 1e-15 {
			t.Errorf("warm-up + cosine: LR(%d) = %g, want %g", k, got, want)
		}
	}
}

// The anchors' Transformer numbers for d_model = 512, warmup 4000 (paper steps 1, 100,
// 4000, 16000 are t = 0, 99, 3999, 15999), and the formula itself.
func TestScheduleTransformer(t *testing.T) {
	s := Must(NewTransformerLR(512, 4000))
	for _, tc := range []struct {
		step int
		want float64
	}{{1, 1.7469e-7}, {100, 1.7469e-5}, {4000, 6.9877e-4}, {16000, 3.4939e-4}} {
		if got := s.LR(tc.step - 1); math.Abs(got-tc.want) > 1e-4*tc.want {
			t.Errorf("Transformer LR at step %d = %.5g, want %.5g", tc.step, got, tc.want)
		}
	}
	for step := 1; step < 20000; step += 37 {
		want := math.Pow(512, -0.5) * math.Min(math.Pow(float64(step), -0.5), float64(step)*math.Pow(4000, -1.5))
		if got := s.LR(step - 1); !optCloseRel(got, want, 1e-12) {
			t.Fatalf("Transformer LR at step %d = %.17g, want %.17g", step, got, want)
		}
	}
	// The peak variant: peak at t + 1 = warmup, peak/√(s/w) after; warmup 1 is plain 1/√s.
	p := Must(NewInverseSqrtLR(0.01, 10))
	schedExpect(t, "InverseSqrtLR", p, []float64{0.001, 0.002}, 1e-15)
	if p.LR(9) != 0.01 || math.Abs(p.LR(39)-0.005) > 1e-16 {
		t.Errorf("InverseSqrtLR(0.01, 10): LR(9) = %g, LR(39) = %g, want 0.01 and 0.005", p.LR(9), p.LR(39))
	}
	if q := Must(NewInverseSqrtLR(1, 1)); math.Abs(q.LR(3)-0.5) > 1e-16 {
		t.Errorf("InverseSqrtLR(1, 1).LR(3) = %g, want 1/√4", q.LR(3))
	}
}

// The anchors' derived OneCycleLR oracle: max_lr = 1, total_steps = 10, defaults.
func TestScheduleOneCycle(t *testing.T) {
	s := Must(NewOneCycleLR(DefaultOneCycleConfig(1, 10)))
	schedExpect(t, "OneCycleLR", s, []float64{0.04, 0.52, 1.0, 0.950484632, 0.8117456539,
		0.6112620219, 0.3887419781, 0.1882583461, 0.049519368, 4e-06}, 1e-9)
	for k, want := range map[int]float64{0: 0.95, 1: 0.90, 2: 0.85, 9: 0.95} {
		if got := s.Momentum(k); math.Abs(got-want) > 1e-15 {
			t.Errorf("Momentum(%d) = %.17g, want %g", k, got, want)
		}
	}
	for k := 3; k < 10; k++ {
		if !(s.Momentum(k) > s.Momentum(k-1)) {
			t.Errorf("Momentum does not rise from %d to %d: %g, %g", k-1, k, s.Momentum(k-1), s.Momentum(k))
		}
	}
	// Past the end: the final values. Before the start: the initial ones.
	if s.LR(10) != s.LR(9) || s.LR(1000) != s.LR(9) || s.Momentum(50) != 0.95 || s.LR(-1) != s.LR(0) {
		t.Errorf("LR(10) = %g, LR(1000) = %g, Momentum(50) = %g, LR(-1) = %g", s.LR(10), s.LR(1000), s.Momentum(50), s.LR(-1))
	}

	// Linear annealing: straight lines between 0.04 at t=0, 1 at t=2 and 4e-6 at t=9.
	c := DefaultOneCycleConfig(1, 10)
	c.Anneal = AnnealLinear
	lin := Must(NewOneCycleLR(c))
	schedExpect(t, "OneCycleLR/linear", lin, []float64{0.04, 0.52, 1, 1 + (4e-6-1)/7, 1 + 2*(4e-6-1)/7}, 1e-14)

	// Three phases, T = 10: 0.04 → 1 by t = 2, back to 0.04 by t = 4, → 4e-6 by t = 9;
	// momentum 0.95 → 0.85 → 0.95 and then stays there.
	c = DefaultOneCycleConfig(1, 10)
	c.ThreePhase = true
	three := Must(NewOneCycleLR(c))
	cosTo := func(a, b, pct float64) float64 { return b + (a-b)/2*(math.Cos(math.Pi*pct)+1) }
	want := []float64{0.04, 0.52, 1, 0.52, 0.04}
	for k := 5; k <= 9; k++ {
		want = append(want, cosTo(0.04, 4e-6, float64(k-4)/5))
	}
	schedExpect(t, "OneCycleLR/three-phase", three, want, 1e-14)
	for k, w := range map[int]float64{2: 0.85, 3: 0.9, 4: 0.95, 7: 0.95, 9: 0.95} {
		if got := three.Momentum(k); math.Abs(got-w) > 1e-15 {
			t.Errorf("three-phase Momentum(%d) = %g, want %g", k, got, w)
		}
	}
}

func TestSchedulePlateau(t *testing.T) {
	type scenario struct {
		name    string
		edit    func(*PlateauConfig)
		metrics []float64
		lrs     []float64 // LR returned by each Step, starting from 1
	}
	nan := math.NaN()
	for _, sc := range []scenario{
		// PyTorch docs: with no patience the first epoch sets the baseline, a worse second
		// epoch is intolerable and cuts; every later worse epoch cuts again.
		{"patience 0", func(c *PlateauConfig) { c.Patience = 0 },
			[]float64{1, 2, 2, 0.5, 0.6}, []float64{1, 0.1, 0.01, 0.01, 0.001}},
		// Patience 2: the cut comes at the 3rd bad epoch in a row, and the count restarts.
		{"patience 2", func(c *PlateauConfig) { c.Patience = 2 },
			[]float64{1, 1, 1, 1, 1, 1, 1, 1}, []float64{1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01}},
		{"patience 2, improvement resets", func(c *PlateauConfig) { c.Patience = 2 },
			[]float64{1, 1, 1, 0.5, 1, 1, 1}, []float64{1, 1, 1, 1, 1, 1, 0.1}},
		// Cooldown 2: the two epochs after a cut are not counted as bad.
		{"cooldown", func(c *PlateauConfig) { c.Patience, c.Cooldown = 0, 2 },
			[]float64{1, 2, 2, 2, 2, 2}, []float64{1, 0.1, 0.1, 0.1, 0.01, 0.01}},
		// Relative threshold 0.1: 0.95 is not better than 1·(1 − 0.1); absolute 0.01: it is.
		{"threshold rel", func(c *PlateauConfig) { c.Patience, c.Threshold = 0, 0.1 },
			[]float64{1, 0.95}, []float64{1, 0.1}},
		{"threshold abs", func(c *PlateauConfig) { c.Patience, c.Threshold, c.ThresholdMode = 0, 0.01, ThresholdAbs },
			[]float64{1, 0.95}, []float64{1, 1}},
		{"threshold abs, too small a gain", func(c *PlateauConfig) { c.Patience, c.Threshold, c.ThresholdMode = 0, 0.1, ThresholdAbs },
			[]float64{1, 0.95}, []float64{1, 0.1}},
		// Relative is relative: at 100, 99.5 is not 1% better; it is 0.1 better.
		{"threshold rel at 100", func(c *PlateauConfig) { c.Patience, c.Threshold = 0, 0.01 },
			[]float64{100, 99.5}, []float64{1, 0.1}},
		{"threshold abs at 100", func(c *PlateauConfig) { c.Patience, c.Threshold, c.ThresholdMode = 0, 0.1, ThresholdAbs },
			[]float64{100, 99.5}, []float64{1, 1}},
		// MinLR: cuts stop at 0.05.
		{"min_lr", func(c *PlateauConfig) { c.Patience, c.MinLR = 0, 0.05 },
			[]float64{1, 2, 2, 2}, []float64{1, 0.1, 0.05, 0.05}},
		// Max mode: lower is worse.
		{"max", func(c *PlateauConfig) { c.Patience, c.Mode = 0, PlateauMax },
			[]float64{1, 2, 1.5}, []float64{1, 1, 0.1}},
		{"NaN is bad", func(c *PlateauConfig) { c.Patience = 1 },
			[]float64{1, nan, nan}, []float64{1, 1, 0.1}},
		{"default patience 10", func(c *PlateauConfig) {},
			[]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1}},
	} {
		c := DefaultPlateauConfig()
		sc.edit(&c)
		p := Must(NewReduceLROnPlateau(1, c))
		for k, m := range sc.metrics {
			if got := p.Step(m); math.Abs(got-sc.lrs[k]) > 1e-15 {
				t.Errorf("%s: after metric %d (%g): lr = %g, want %g", sc.name, k+1, m, got, sc.lrs[k])
				break
			}
		}
	}
	// Eps: a cut smaller than Eps is skipped.
	c := DefaultPlateauConfig()
	c.Patience, c.Factor = 0, 0.5
	p := Must(NewReduceLROnPlateau(1e-8, c))
	p.Step(1)
	if got := p.Step(2); got != 1e-8 {
		t.Errorf("a cut of 5e-9 < Eps: lr = %g, want 1e-8 unchanged", got)
	}
	// Reset restores the start.
	p.Reset()
	if p.LR() != 1e-8 || p.BadEpochs() != 0 || !math.IsInf(p.Best(), 1) || p.Epochs() != 0 {
		t.Errorf("after Reset: lr %g, bad %d, best %g, epochs %d", p.LR(), p.BadEpochs(), p.Best(), p.Epochs())
	}
}

func TestScheduleRangeTest(t *testing.T) {
	// A scripted loss curve, no smoothing: flat, a drop steepest from point 11 to 12,
	// minimum at point 17, then a climb.
	losses := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.5, 0.3, 0.2, 0.15, 0.12, 0.1, 0.2, 0.5,
		1, 1.5, 2, 2.5, 3, 3.5, 3.6, 3.7, 3.8, 3.9}
	c := RangeTestConfig{MinLR: 1e-5, MaxLR: 1, Steps: len(losses)}
	k := 0
	r, err := LRRangeTest(func(lr float64) float64 { k++; return losses[k-1] }, c)
	if err != nil {
		t.Fatal(err)
	}
	ratio := math.Pow(1e5, 1.0/29)
	for i, lr := range r.LR {
		if want := 1e-5 * math.Pow(ratio, float64(i)); !optCloseRel(lr, want, 1e-12) {
			t.Errorf("LR[%d] = %g, want %g", i, lr, want)
		}
	}
	if r.LR[29] != 1 && !optCloseRel(r.LR[29], 1, 1e-15) || r.Stopped || len(r.Loss) != 30 {
		t.Errorf("last LR %g, Stopped %v, %d points", r.LR[29], r.Stopped, len(r.Loss))
	}
	if r.Suggested != r.LR[11] || r.MinOver10 != r.LR[17]/10 {
		t.Errorf("Suggested = %g (want LR[11] = %g), MinOver10 = %g (want LR[17]/10 = %g)",
			r.Suggested, r.LR[11], r.MinOver10, r.LR[17]/10)
	}

	// Smoothing: β = 0.5 on losses 4, 2 gives the debiased 4, 8/3.
	k = 0
	r, _ = LRRangeTest(func(lr float64) float64 { k++; return []float64{4, 2, 2}[k-1] }, RangeTestConfig{MinLR: 1, MaxLR: 2, Steps: 3, Smoothing: 0.5})
	if r.Smoothed[0] != 4 || !optCloseRel(r.Smoothed[1], 8.0/3, 1e-15) {
		t.Errorf("smoothed = %v, want 4, 8/3, ...", r.Smoothed)
	}

	// Early stop: the loss jumps above 4× the best; a NaN stops without being recorded.
	k = 0
	r, err = LRRangeTest(func(lr float64) float64 { k++; return []float64{1, 0.5, 2.5, 1}[k-1] }, RangeTestConfig{MinLR: 1, MaxLR: 2, Steps: 4, StopFactor: 4})
	if err != nil || !r.Stopped || len(r.Loss) != 3 || k != 3 {
		t.Errorf("stop at 4×: err %v, Stopped %v, recorded %v, %d calls", err, r.Stopped, r.Loss, k)
	}
	k = 0
	r, err = LRRangeTest(func(lr float64) float64 { k++; return []float64{1, 0.5, math.NaN(), 1}[k-1] }, RangeTestConfig{MinLR: 1, MaxLR: 2, Steps: 4})
	if err != nil || !r.Stopped || len(r.Loss) != 2 {
		t.Errorf("NaN: err %v, Stopped %v, recorded %v", err, r.Stopped, r.Loss)
	}
	if _, err := LRRangeTest(func(lr float64) float64 { return math.Inf(1) }, DefaultRangeTestConfig()); err == nil {
		t.Error("no finite loss: no error")
	}

	// A real run: SGD on f = ½x² diverges for lr > 2; the test stops there and suggests
	// a rate below it.
	x := 1.0
	r, err = LRRangeTest(func(lr float64) float64 {
		loss := 0.5 * x * x
		x -= lr * x
		return loss
	}, RangeTestConfig{MinLR: 1e-3, MaxLR: 100, Steps: 100, Smoothing: 0.9, StopFactor: 4})
	if err != nil || !r.Stopped || !(r.Suggested < 2) || !(r.MinOver10 < 2) {
		t.Errorf("SGD on ½x²: err %v, Stopped %v, Suggested %g, MinOver10 %g", err, r.Stopped, r.Suggested, r.MinOver10)
	}
}

func TestScheduleValidation(t *testing.T) {
	nan := math.NaN()
	e := func(_ any, err error) error { return err }
	oc := func(edit func(*OneCycleConfig)) error {
		c := DefaultOneCycleConfig(1, 100)
		edit(&c)
		return e(NewOneCycleLR(c))
	}
	pl := func(edit func(*PlateauConfig)) error {
		c := DefaultPlateauConfig()
		edit(&c)
		return e(NewReduceLROnPlateau(0.1, c))
	}
	rt := func(edit func(*RangeTestConfig)) error {
		c := DefaultRangeTestConfig()
		edit(&c)
		return e(LRRangeTest(func(float64) float64 { return 1 }, c))
	}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Constant/lr", e(NewConstant(0)), "gdlib: Constant: lr = 0, want lr > 0 and finite"},
		{"StepLR/base", e(NewStepLR(-1, 1, 0.1)), "gdlib: StepLR: base = -1"},
		{"StepLR/stepSize", e(NewStepLR(1, 0, 0.1)), "gdlib: StepLR: stepSize = 0, want stepSize >= 1"},
		{"StepLR/gamma", e(NewStepLR(1, 1, 1.5)), "gdlib: StepLR: gamma = 1.5, want 0 < gamma <= 1"},
		{"MultiStepLR/base", e(NewMultiStepLR(nan, []int{1}, 0.1)), "base = NaN"},
		{"MultiStepLR/gamma", e(NewMultiStepLR(1, []int{1}, 0)), "gamma = 0"},
		{"MultiStepLR/milestones", e(NewMultiStepLR(1, []int{3, 3}, 0.1)), "milestones = [3 3], want positive and strictly increasing"},
		{"MultiStepLR/milestones<1", e(NewMultiStepLR(1, []int{0, 3}, 0.1)), "milestones = [0 3]"},
		{"ExponentialLR/base", e(NewExponentialLR(0, 0.9)), "ExponentialLR: base = 0"},
		{"ExponentialLR/gamma", e(NewExponentialLR(1, -0.9)), "gamma = -0.9"},
		{"InverseTimeLR/base", e(NewInverseTimeLR(-1, 1)), "InverseTimeLR: base = -1"},
		{"InverseTimeLR/k", e(NewInverseTimeLR(1, -1)), "k = -1, want k >= 0 and finite"},
		{"InverseSqrtLR/peak", e(NewInverseSqrtLR(0, 10)), "InverseSqrtLR: peak = 0"},
		{"InverseSqrtLR/warmup", e(NewInverseSqrtLR(1, 0)), "warmup = 0, want warmup >= 1"},
		{"TransformerLR/dModel", e(NewTransformerLR(0, 10)), "TransformerLR: dModel = 0"},
		{"TransformerLR/warmup", e(NewTransformerLR(512, -1)), "warmup = -1"},
		{"PolynomialLR/base", e(NewPolynomialLR(0, 5, 1)), "PolynomialLR: base = 0"},
		{"PolynomialLR/total", e(NewPolynomialLR(1, 0, 1)), "total = 0"},
		{"PolynomialLR/power", e(NewPolynomialLR(1, 5, 0)), "power = 0"},
		{"CosineAnnealingLR/base", e(NewCosineAnnealingLR(0, 5, 0)), "CosineAnnealingLR: base = 0"},
		{"CosineAnnealingLR/tMax", e(NewCosineAnnealingLR(1, 0, 0)), "tMax = 0"},
		{"CosineAnnealingLR/etaMin", e(NewCosineAnnealingLR(1, 5, -1)), "etaMin = -1"},
		{"CosineWarmRestarts/base", e(NewCosineWarmRestarts(-1, 5, 1, 0)), "CosineWarmRestarts: base = -1"},
		{"CosineWarmRestarts/t0", e(NewCosineWarmRestarts(1, 0, 1, 0)), "t0 = 0"},
		{"CosineWarmRestarts/tMult", e(NewCosineWarmRestarts(1, 5, 0, 0)), "tMult = 0"},
		{"CosineWarmRestarts/etaMin", e(NewCosineWarmRestarts(1, 5, 1, nan)), "etaMin = NaN"},
		{"LinearWarmup/after", e(NewLinearWarmup(nil, 0.5, 5)), "after = nil"},
		{"LinearWarmup/startFactor", e(NewLinearWarmup(Must(NewConstant(1)), 0, 5)), "startFactor = 0, want 0 < startFactor <= 1"},
		{"LinearWarmup/warmup", e(NewLinearWarmup(Must(NewConstant(1)), 0.5, 0)), "warmup = 0"},
		{"OneCycle/MaxLR", oc(func(c *OneCycleConfig) { c.MaxLR = 0 }), "gdlib: OneCycleLR: MaxLR = 0"},
		{"OneCycle/TotalSteps", oc(func(c *OneCycleConfig) { c.TotalSteps = 1 }), "TotalSteps = 1, want TotalSteps >= 2"},
		{"OneCycle/PctStart", oc(func(c *OneCycleConfig) { c.PctStart = 1 }), "PctStart = 1, want 0 < PctStart < 1"},
		{"OneCycle/PctStart·T", oc(func(c *OneCycleConfig) { c.TotalSteps, c.PctStart = 10, 0.1 }), "PctStart = 0.1, want PctStart·TotalSteps > 1"},
		{"OneCycle/three-phase", oc(func(c *OneCycleConfig) { c.TotalSteps, c.PctStart, c.ThreePhase = 10, 0.55, true }), "2·PctStart·TotalSteps < TotalSteps + 1"},
		{"OneCycle/BaseMomentum", oc(func(c *OneCycleConfig) { c.BaseMomentum = 1 }), "BaseMomentum = 1"},
		{"OneCycle/MaxMomentum", oc(func(c *OneCycleConfig) { c.MaxMomentum = -1 }), "MaxMomentum = -1"},
		{"OneCycle/DivFactor", oc(func(c *OneCycleConfig) { c.DivFactor = 0 }), "DivFactor = 0"},
		{"OneCycle/FinalDivFactor", oc(func(c *OneCycleConfig) { c.FinalDivFactor = -1 }), "FinalDivFactor = -1"},
		{"OneCycle/Anneal", oc(func(c *OneCycleConfig) { c.Anneal = 5 }), "Anneal = 5"},
		{"Plateau/lr", e(NewReduceLROnPlateau(0, DefaultPlateauConfig())), "ReduceLROnPlateau: lr = 0"},
		{"Plateau/Factor", pl(func(c *PlateauConfig) { c.Factor = 1 }), "gdlib: ReduceLROnPlateau: Factor = 1, want 0 < Factor < 1"},
		{"Plateau/Patience", pl(func(c *PlateauConfig) { c.Patience = -1 }), "Patience = -1, want Patience >= 0"},
		{"Plateau/Threshold", pl(func(c *PlateauConfig) { c.Threshold = -1 }), "Threshold = -1"},
		{"Plateau/Threshold rel", pl(func(c *PlateauConfig) { c.Threshold = 1 }), "Threshold = 1, want Threshold < 1 with ThresholdRel"},
		{"Plateau/Cooldown", pl(func(c *PlateauConfig) { c.Cooldown = -2 }), "Cooldown = -2"},
		{"Plateau/MinLR", pl(func(c *PlateauConfig) { c.MinLR = -1 }), "MinLR = -1"},
		{"Plateau/Eps", pl(func(c *PlateauConfig) { c.Eps = nan }), "Eps = NaN"},
		{"Plateau/Mode", pl(func(c *PlateauConfig) { c.Mode = 3 }), "Mode = 3"},
		{"Plateau/ThresholdMode", pl(func(c *PlateauConfig) { c.ThresholdMode = 3 }), "ThresholdMode = 3"},
		{"RangeTest/MinLR", rt(func(c *RangeTestConfig) { c.MinLR = 0 }), "LRRangeTest: MinLR = 0"},
		{"RangeTest/MaxLR", rt(func(c *RangeTestConfig) { c.MaxLR = 1e-8 }), "MaxLR = 1e-08, want MaxLR > MinLR = 1e-07"},
		{"RangeTest/Steps", rt(func(c *RangeTestConfig) { c.Steps = 1 }), "Steps = 1, want Steps >= 2"},
		{"RangeTest/Smoothing", rt(func(c *RangeTestConfig) { c.Smoothing = 1 }), "Smoothing = 1"},
		{"RangeTest/StopFactor", rt(func(c *RangeTestConfig) { c.StopFactor = 0.5 }), "StopFactor = 0.5"},
		{"RangeTest/step", e(LRRangeTest(nil, DefaultRangeTestConfig())), "step = nil"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tc.name, tc.err, tc.want)
		}
	}
}
