package gdlib

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The interfaces each optimizer promises.
var (
	_ Optimizer        = (*SGD)(nil)
	_ Optimizer        = (*Momentum)(nil)
	_ Optimizer        = (*Nesterov)(nil)
	_ Optimizer        = (*AdaGrad)(nil)
	_ Optimizer        = (*RMSProp)(nil)
	_ Optimizer        = (*Adadelta)(nil)
	_ Optimizer        = (*Adam)(nil)
	_ Optimizer        = (*Adamax)(nil)
	_ Optimizer        = (*NAdam)(nil)
	_ Optimizer        = (*Lion)(nil)
	_ Optimizer        = (*Newton)(nil)
	_ HessianStepper   = (*Newton)(nil)
	_ MomentumSetter   = (*Momentum)(nil)
	_ MomentumSetter   = (*Nesterov)(nil)
	_ MomentumSetter   = (*RMSProp)(nil)
	_ MomentumSetter   = (*Adam)(nil)
	_ MomentumSetter   = (*Adamax)(nil)
	_ MomentumSetter   = (*NAdam)(nil)
	_ MomentumSetter   = (*Lion)(nil)
	_ EffectiveStepper = (*AdaGrad)(nil)
	_ EffectiveStepper = (*RMSProp)(nil)
	_ EffectiveStepper = (*Adadelta)(nil)
	_ EffectiveStepper = (*Adam)(nil)
	_ EffectiveStepper = (*Adamax)(nil)
	_ EffectiveStepper = (*NAdam)(nil)
)

// optAll returns every first-order optimizer with its default config (and the main
// variants), on dim parameters.
func optAll(dim int) map[string]Optimizer {
	classic := DefaultMomentumConfig()
	classic.Form = MomentumClassic
	look := DefaultNesterovConfig()
	look.Form = NesterovLookahead
	rmsAll := DefaultRMSPropConfig()
	rmsAll.Centered, rmsAll.Momentum = true, 0.9
	ams := DefaultAdamConfig()
	ams.AMSGrad = true
	all := map[string]Optimizer{
		"SGD":              Must(NewSGD(dim, DefaultSGDConfig())),
		"Momentum":         Must(NewMomentum(dim, DefaultMomentumConfig())),
		"Momentum/classic": Must(NewMomentum(dim, classic)),
		"Nesterov":         Must(NewNesterov(dim, DefaultNesterovConfig())),
		"Nesterov/look":    Must(NewNesterov(dim, look)),
		"AdaGrad":          Must(NewAdaGrad(dim, DefaultAdaGradConfig())),
		"AdaGrad/keras":    Must(NewAdaGrad(dim, KerasAdaGradConfig())),
		"RMSProp":          Must(NewRMSProp(dim, DefaultRMSPropConfig())),
		"RMSProp/centered": Must(NewRMSProp(dim, rmsAll)),
		"RMSProp/keras":    Must(NewRMSProp(dim, KerasRMSPropConfig())),
		"Adadelta":         Must(NewAdadelta(dim, DefaultAdadeltaConfig())),
		"Adam":             Must(NewAdam(dim, DefaultAdamConfig())),
		"Adam/amsgrad":     Must(NewAdam(dim, ams)),
		"Adam/keras":       Must(NewAdam(dim, KerasAdamConfig())),
		"AdamW":            Must(NewAdamW(dim, DefaultAdamWConfig())),
		"Adamax":           Must(NewAdamax(dim, DefaultAdamaxConfig())),
		"NAdam":            Must(NewNAdam(dim, DefaultNAdamConfig())),
		"Lion":             Must(NewLion(dim, DefaultLionConfig())),
	}
	return all
}

// GD on f = ½λx² is x_k = (1 − γλ)^k x_0.
func TestOptimSGDQuadraticClosedForm(t *testing.T) {
	for _, tc := range []struct{ lr, lambda, x0 float64 }{
		{0.1, 3, 1}, {0.5, 1, -2}, {0.01, 150, 0.3}, {0.7, 2, 1}, // the last oscillates, |1 − γλ| = 0.4
	} {
		c := DefaultSGDConfig()
		c.LR = tc.lr
		opt := Must(NewSGD(1, c))
		x, g := []float64{tc.x0}, []float64{0}
		for k := 1; k <= 50; k++ {
			g[0] = tc.lambda * x[0]
			if err := opt.Step(x, g); err != nil {
				t.Fatal(err)
			}
			want := math.Pow(1-tc.lr*tc.lambda, float64(k)) * tc.x0
			if !optCloseRel(x[0], want, 1e-12) {
				t.Fatalf("lr=%g λ=%g: x_%d = %.17g, want %.17g", tc.lr, tc.lambda, k, x[0], want)
			}
		}
	}
}

// Adam's first step is γ g/(|g| + ε); with Keras's ε-hat it is γ g/(|g| + ε/√(1 − β2)).
func TestOptimAdamFirstStep(t *testing.T) {
	g := []float64{3, -1e-3, 1e-9, -2e-8, 0}
	for _, epsHat := range []bool{false, true} {
		c := DefaultAdamConfig()
		c.LR, c.EpsHat = 0.01, epsHat
		opt := Must(NewAdam(len(g), c))
		x := make([]float64, len(g))
		if err := opt.Step(x, g); err != nil {
			t.Fatal(err)
		}
		eps := c.Eps
		if epsHat {
			eps /= math.Sqrt(1 - c.Beta2)
		}
		for i := range g {
			want := -c.LR * g[i] / (math.Abs(g[i]) + eps)
			if !optCloseRel(x[i], want, 1e-12) {
				t.Errorf("EpsHat=%v: g=%g: step %.17g, want %.17g", epsHat, g[i], x[i], want)
			}
			if eff := opt.EffectiveStep()[i]; !optCloseRel(eff, c.LR/(math.Abs(g[i])+eps), 1e-12) {
				t.Errorf("EpsHat=%v: g=%g: EffectiveStep %.17g, want %.17g", epsHat, g[i], eff, c.LR/(math.Abs(g[i])+eps))
			}
		}
	}
}

// Heavy ball on f = ½λx²: x_{k+1} = x_k − γλ x_k + μ(x_k − x_{k−1}), x_{−1} = x_0, in both
// forms at a constant learning rate.
func TestOptimHeavyBallRecurrence(t *testing.T) {
	const lr, mu, lambda = 0.05, 0.8, 4.0
	for _, form := range []MomentumForm{MomentumPyTorch, MomentumClassic} {
		c := DefaultMomentumConfig()
		c.LR, c.Momentum, c.Form = lr, mu, form
		opt := Must(NewMomentum(1, c))
		x, g := []float64{1.5}, []float64{0}
		prev, cur := 1.5, 1.5
		for k := 1; k <= 60; k++ {
			g[0] = lambda * x[0]
			if err := opt.Step(x, g); err != nil {
				t.Fatal(err)
			}
			prev, cur = cur, cur-lr*lambda*cur+mu*(cur-prev)
			if !optCloseRel(x[0], cur, 1e-10) && math.Abs(x[0]-cur) > 1e-14 {
				t.Fatalf("%v: x_%d = %.17g, recurrence %.17g", form, k, x[0], cur)
			}
		}
	}
}

// PyTorch's buffer and the classic velocity agree at a constant learning rate and part
// after it changes. On f = ½·3x², x0 = 1, μ = 0.9, γ = 0.1 for two steps:
//
//	PyTorch: b1 = 3,    x1 = 0.7;   b2 = 0.9·3 + 2.1 = 4.8,          x2 = 0.7 − 0.48 = 0.22
//	classic: v1 = −0.3, x1 = 0.7;   v2 = 0.9·(−0.3) − 0.1·2.1 = −0.48, x2 = 0.22
//
// Third step at γ = 0.1 (the anchors' −0.278), or after SetLR(0.05), with g2 = 0.66:
//
//	PyTorch: b3 = 0.9·4.8 + 0.66 = 4.98;  γ=0.1: x3 = 0.22 − 0.498 = −0.278;  γ=0.05: x3 = 0.22 − 0.249 = −0.029
//	classic: v3 = 0.9·(−0.48) − γ·0.66;   γ=0.1: x3 = −0.278;                  γ=0.05: v3 = −0.465, x3 = −0.245
func TestOptimMomentumFormsAndLRChange(t *testing.T) {
	for _, tc := range []struct {
		form   MomentumForm
		lr3    float64
		x3Want float64
	}{
		{MomentumPyTorch, 0.1, -0.278},
		{MomentumClassic, 0.1, -0.278},
		{MomentumPyTorch, 0.05, -0.029},
		{MomentumClassic, 0.05, -0.245},
	} {
		c := DefaultMomentumConfig()
		c.LR, c.Form = 0.1, tc.form
		opt := Must(NewMomentum(1, c))
		x, g := []float64{1}, []float64{0}
		for k, want := range []float64{0.7, 0.22, tc.x3Want} {
			if k == 2 {
				opt.SetLR(tc.lr3)
			}
			g[0] = 3 * x[0]
			if err := opt.Step(x, g); err != nil {
				t.Fatal(err)
			}
			if math.Abs(x[0]-want) > 1e-15 {
				t.Errorf("%v, γ3=%g: x%d = %.17g, want %g", tc.form, tc.lr3, k+1, x[0], want)
			}
		}
	}
}

// The anchors' Nesterov oracle on f = ½·3x², x0 = 1, γ = 0.1, μ = 0.9: PyTorch's form,
// cs231n's look-ahead form and Keras's form (written here) give the same iterates.
func TestOptimNesterovOracle(t *testing.T) {
	want := []float64{0.43, -0.0581, -0.348173, -0.42646709, -0.3478522397, -0.193969212101}
	const lr, mu = 0.1, 0.9
	// Keras 3 SGD(nesterov=True): m ← μm − γg; θ ← θ + μm − γg.
	keras := make([]float64, len(want))
	x, m := 1.0, 0.0
	for k := range keras {
		g := 3 * x
		m = mu*m - lr*g
		x = x + mu*m - lr*g
		keras[k] = x
	}
	for _, form := range []NesterovForm{NesterovPyTorch, NesterovLookahead} {
		c := DefaultNesterovConfig()
		c.LR, c.Momentum, c.Form = lr, mu, form
		opt := Must(NewNesterov(1, c))
		x, g := []float64{1}, []float64{0}
		for k := range want {
			g[0] = 3 * x[0]
			if err := opt.Step(x, g); err != nil {
				t.Fatal(err)
			}
			if math.Abs(x[0]-want[k]) > 1e-12 || math.Abs(x[0]-keras[k]) > 1e-14 {
				t.Errorf("%v: x%d = %.15g, want %.15g (Keras form %.15g)", form, k+1, x[0], want[k], keras[k])
			}
		}
	}
}

// Every Lion update moves each coordinate by exactly γ when there is no weight decay.
func TestOptimLionStepMagnitude(t *testing.T) {
	c := DefaultLionConfig()
	c.LR, c.WeightDecay = 0.01, 0
	opt := Must(NewLion(3, c))
	x := []float64{1, -2, 3}
	for k := range 20 {
		before := append([]float64(nil), x...)
		g := []float64{math.Sin(float64(k) + 0.5), -2 + math.Cos(float64(k)), 1e-12}
		if err := opt.Step(x, g); err != nil {
			t.Fatal(err)
		}
		for i := range x {
			if d := math.Abs(x[i] - before[i]); math.Abs(d-c.LR) > 1e-15 {
				t.Fatalf("step %d: |Δθ_%d| = %g, want %g", k, i, d, c.LR)
			}
		}
	}
}

// EffectiveStep is the factor applied to the update direction: Δθ = −η·g for AdaGrad,
// RMSProp without momentum and Adadelta; Δθ = −η·m̂ for Adam and Adamax.
func TestOptimEffectiveStep(t *testing.T) {
	c := DefaultRMSPropConfig()
	c.Centered = true
	opts := map[string]Optimizer{
		"AdaGrad":          Must(NewAdaGrad(3, DefaultAdaGradConfig())),
		"AdaGrad/keras":    Must(NewAdaGrad(3, KerasAdaGradConfig())),
		"RMSProp":          Must(NewRMSProp(3, DefaultRMSPropConfig())),
		"RMSProp/centered": Must(NewRMSProp(3, c)),
		"RMSProp/keras":    Must(NewRMSProp(3, KerasRMSPropConfig())),
		"Adadelta":         Must(NewAdadelta(3, DefaultAdadeltaConfig())),
		"Adam":             Must(NewAdam(3, DefaultAdamConfig())),
		"Adam/keras":       Must(NewAdam(3, KerasAdamConfig())),
		"Adamax":           Must(NewAdamax(3, DefaultAdamaxConfig())),
	}
	for name, opt := range opts {
		es := opt.(EffectiveStepper)
		for _, e := range es.EffectiveStep() {
			if e != 0 {
				t.Fatalf("%s: EffectiveStep before the first step = %v, want zeros", name, es.EffectiveStep())
			}
		}
		x := []float64{1, -2, 0.5}
		for k := range 10 {
			g := []float64{3 * x[0], 0.1 * x[1], math.Cos(float64(k))}
			before := append([]float64(nil), x...)
			if err := opt.Step(x, g); err != nil {
				t.Fatal(err)
			}
			dir := g
			switch o := opt.(type) {
			case *Adam:
				dir = optScaled(o.FirstMoment(), 1/(1-math.Pow(0.9, float64(k+1))))
			case *Adamax:
				dir = optScaled(o.FirstMoment(), 1/(1-math.Pow(0.9, float64(k+1))))
			}
			eff := es.EffectiveStep()
			for i := range x {
				// Relative to θ: the difference of two iterates loses digits to cancellation.
				if d := before[i] - x[i]; math.Abs(d-eff[i]*dir[i]) > 1e-14*math.Max(math.Abs(before[i]), math.Abs(d)) {
					t.Fatalf("%s step %d: −Δθ_%d = %.17g, η·d = %.17g", name, k, i, d, eff[i]*dir[i])
				}
			}
		}
	}
	// NAdam's η is γ/(√v̂ + ε).
	opt := Must(NewNAdam(1, DefaultNAdamConfig()))
	if err := opt.Step([]float64{1}, []float64{-4}); err != nil {
		t.Fatal(err)
	}
	if got, want := opt.EffectiveStep()[0], 2e-3/(4+1e-8); !optCloseRel(got, want, 1e-12) {
		t.Errorf("NAdam: EffectiveStep = %g, want %g", got, want)
	}
}

func optScaled(s []float64, f float64) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = v * f
	}
	return out
}

// State accessors are live views of the optimizer's state.
func TestOptimStateViews(t *testing.T) {
	c := DefaultMomentumConfig()
	c.LR = 0.1
	opt := Must(NewMomentum(2, c))
	v := opt.Velocity()
	x := []float64{1, 2}
	if err := opt.Step(x, []float64{3, -4}); err != nil {
		t.Fatal(err)
	}
	if v[0] != 3 || v[1] != -4 {
		t.Errorf("Velocity after the first PyTorch step = %v, want the gradient [3 -4]", v)
	}
	a := Must(NewAdam(2, DefaultAdamConfig()))
	m, s := a.FirstMoment(), a.SecondMoment()
	if err := a.Step(x, []float64{1, -2}); err != nil {
		t.Fatal(err)
	}
	if !optCloseRel(m[1], -0.2, 1e-15) || !optCloseRel(s[1], 0.004, 1e-15) || a.MaxSecondMoment() != nil {
		t.Errorf("Adam state after one step: m = %v, v = %v, vmax = %v", m, s, a.MaxSecondMoment())
	}
	n := Must(NewNAdam(1, DefaultNAdamConfig()))
	if err := n.Step([]float64{0}, []float64{1}); err != nil {
		t.Fatal(err)
	}
	if want := 0.9 * (1 - 0.5*math.Pow(0.96, 0.004)); !optCloseRel(n.MuProduct(), want, 1e-15) {
		t.Errorf("NAdam MuProduct after one step = %.17g, want μ_1 = %.17g", n.MuProduct(), want)
	}
}

func TestOptimLengthMismatch(t *testing.T) {
	for name, opt := range optAll(3) {
		for _, tc := range []struct{ p, g []float64 }{
			{make([]float64, 2), make([]float64, 3)},
			{make([]float64, 3), make([]float64, 4)},
			{nil, nil},
		} {
			err := opt.Step(tc.p, tc.g)
			if err == nil || !strings.Contains(err.Error(), "want both = dim = 3") {
				t.Errorf("%s: Step(len %d, len %d) error = %v, want a length error", name, len(tc.p), len(tc.g), err)
			}
		}
	}
	nt := Must(NewNewton(2, DefaultNewtonConfig()))
	if err := nt.StepHessian(make([]float64, 3), make([]float64, 2), mat.NewSymDense(2, nil)); err == nil {
		t.Error("Newton: StepHessian with len(params) = 3 on dim 2 returned no error")
	}
	if err := nt.StepHessian(make([]float64, 2), make([]float64, 2), mat.NewSymDense(3, nil)); err == nil ||
		!strings.Contains(err.Error(), "Hessian is 3×3, want 2×2") {
		t.Errorf("Newton: 3×3 Hessian on dim 2: error = %v", err)
	}
	if err := nt.StepHessian(make([]float64, 2), make([]float64, 2), nil); err == nil {
		t.Error("Newton: nil Hessian returned no error")
	}
}

// SetLR stores any value; Step refuses a negative or non-finite one and changes nothing.
// LR 0 is accepted (schedules reach it).
func TestOptimSetLR(t *testing.T) {
	for name, opt := range optAll(2) {
		x := []float64{1, -1}
		g := []float64{0.5, 2}
		for _, bad := range []float64{-0.1, math.NaN(), math.Inf(1)} {
			opt.SetLR(bad)
			if err := opt.Step(x, g); err == nil || !strings.Contains(err.Error(), "set by SetLR") {
				t.Errorf("%s: Step after SetLR(%g): error = %v", name, bad, err)
			}
			if x[0] != 1 || x[1] != -1 {
				t.Errorf("%s: Step after SetLR(%g) changed params to %v", name, bad, x)
			}
		}
		opt.SetLR(0)
		if err := opt.Step(x, g); err != nil || x[0] != 1 || x[1] != -1 {
			t.Errorf("%s: Step at LR 0: err = %v, params %v, want no error and no change", name, err, x)
		}
		opt.SetLR(0.25)
		if opt.LR() != 0.25 {
			t.Errorf("%s: LR() = %g after SetLR(0.25)", name, opt.LR())
		}
		if ms, ok := opt.(MomentumSetter); ok {
			ms.SetMomentum(1)
			if err := opt.Step(x, g); err == nil || !strings.Contains(err.Error(), "set by SetMomentum") {
				t.Errorf("%s: Step after SetMomentum(1): error = %v", name, err)
			}
		}
	}
}

// Reset gives back a newly constructed optimizer: same trajectory, config LR and momentum.
func TestOptimReset(t *testing.T) {
	run := func(opt Optimizer) []float64 {
		x := []float64{1, -2}
		for k := range 7 {
			g := []float64{3*x[0] + math.Sin(float64(k)), 0.5 * x[1]}
			if err := opt.Step(x, g); err != nil {
				t.Fatal(err)
			}
		}
		return x
	}
	for name, opt := range optAll(2) {
		lr := opt.LR()
		first := run(opt)
		opt.SetLR(lr * 3)
		if ms, ok := opt.(MomentumSetter); ok {
			ms.SetMomentum(0.5)
		}
		run(opt)
		opt.Reset()
		if opt.LR() != lr {
			t.Errorf("%s: LR after Reset = %g, want %g", name, opt.LR(), lr)
		}
		if again := run(opt); again[0] != first[0] || again[1] != first[1] {
			t.Errorf("%s: after Reset the run gives %v, want %v", name, again, first)
		}
	}
}

func TestOptimStepAllocs(t *testing.T) {
	for name, opt := range optAll(100) {
		x, g := make([]float64, 100), make([]float64, 100)
		for i := range g {
			g[i] = float64(i%7) - 3
		}
		if n := testing.AllocsPerRun(50, func() { _ = opt.Step(x, g) }); n != 0 {
			t.Errorf("%s: %g allocations per Step, want 0", name, n)
		}
	}
	nt := Must(NewNewton(3, DefaultNewtonConfig()))
	h := mat.NewSymDense(3, []float64{4, 1, 0, 1, 3, 1, 0, 1, 2})
	x, g := []float64{1, 2, 3}, []float64{1, -1, 2}
	if n := testing.AllocsPerRun(50, func() { _ = nt.StepHessian(x, g, h) }); n != 0 {
		t.Errorf("Newton: %g allocations per StepHessian, want 0", n)
	}
}

func TestOptimNames(t *testing.T) {
	for _, tc := range []struct {
		opt  Optimizer
		want string
	}{
		{Must(NewAdam(1, DefaultAdamConfig())), "Adam(lr=0.001)"},
		{Must(NewAdamW(1, DefaultAdamConfig())), "AdamW(lr=0.001)"},
		{Must(NewMomentum(1, DefaultMomentumConfig())), "Momentum(lr=0.001, mu=0.9)"},
		{Must(NewNewton(1, NewtonConfig{LR: 1, Damping: 0.1})), "Newton(lr=1, damping=0.1)"},
	} {
		if got := tc.opt.Name(); got != tc.want {
			t.Errorf("Name() = %q, want %q", got, tc.want)
		}
	}
}

func TestOptimNewton(t *testing.T) {
	// f(x) = ½ xᵀAx − bᵀx: one full Newton step from anywhere lands on A⁻¹b.
	A := mat.NewSymDense(2, []float64{4, 1, 1, 3})
	b := []float64{1, 2}
	grad := func(g, x []float64) {
		g[0] = 4*x[0] + x[1] - b[0]
		g[1] = x[0] + 3*x[1] - b[1]
	}
	opt := Must(NewNewton(2, DefaultNewtonConfig()))
	x, g := []float64{5, -7}, make([]float64, 2)
	grad(g, x)
	if err := opt.StepHessian(x, g, A); err != nil {
		t.Fatal(err)
	}
	// A⁻¹b by Cramer's rule: det = 11, x = (3·1 − 1·2, 4·2 − 1·1)/11.
	if want := []float64{1.0 / 11, 7.0 / 11}; !optCloseRel(x[0], want[0], 1e-14) || !optCloseRel(x[1], want[1], 1e-14) {
		t.Errorf("one Newton step: x = %v, want %v", x, want)
	}

	// Damped, half step: Δ = −γ (A + δI)⁻¹ g, solved here by Cramer's rule.
	const lr, delta = 0.5, 2.0
	opt = Must(NewNewton(2, NewtonConfig{LR: lr, Damping: delta}))
	x = []float64{5, -7}
	grad(g, x)
	a, bb, d := 4+delta, 1.0, 3+delta
	det := a*d - bb*bb
	want := []float64{5 - lr*(d*g[0]-bb*g[1])/det, -7 - lr*(a*g[1]-bb*g[0])/det}
	if err := opt.StepHessian(x, g, A); err != nil {
		t.Fatal(err)
	}
	if !optCloseRel(x[0], want[0], 1e-14) || !optCloseRel(x[1], want[1], 1e-14) {
		t.Errorf("damped Newton step: x = %v, want %v", x, want)
	}

	// Indefinite H: f = x² − y² has a saddle at 0, and Newton jumps straight onto it.
	opt = Must(NewNewton(2, DefaultNewtonConfig()))
	x = []float64{0.3, -0.4}
	if err := opt.StepHessian(x, []float64{0.6, 0.8}, mat.NewSymDense(2, []float64{2, 0, 0, -2})); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]) > 1e-16 || math.Abs(x[1]) > 1e-16 {
		t.Errorf("Newton on x² − y² from (0.3, −0.4): x = %v, want the saddle (0, 0)", x)
	}

	// A singular Hessian is an error and leaves params alone.
	x = []float64{1, 1}
	if err := opt.StepHessian(x, []float64{1, 1}, mat.NewSymDense(2, []float64{1, 1, 1, 1})); err == nil || x[0] != 1 || x[1] != 1 {
		t.Errorf("singular Hessian: err = %v, x = %v", err, x)
	}
	// Step says to use StepHessian.
	if err := opt.Step(x, []float64{1, 1}); !errors.Is(err, ErrNeedsHessian) {
		t.Errorf("Newton.Step: error = %v, want ErrNeedsHessian", err)
	}
	if opt.Steps() != 1 {
		t.Errorf("Newton.Steps() = %d, want 1 (failed steps do not count)", opt.Steps())
	}
}

func TestOptimMustPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "Beta1 = 1.2") {
			t.Errorf("Must panicked with %v, want the constructor's error", r)
		}
	}()
	c := DefaultAdamConfig()
	c.Beta1 = 1.2
	Must(NewAdam(2, c))
}

// Every hyperparameter is validated, and the error names the field and the value.
func TestOptimValidation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	type tc struct {
		name string
		err  error
		want string
	}
	var cases []tc
	add := func(name string, err error, want string) { cases = append(cases, tc{name, err, want}) }
	secondErr := func(_ any, err error) error { return err }

	for _, lr := range []float64{0, -1, nan, inf} {
		c := DefaultSGDConfig()
		c.LR = lr
		add("SGD/LR", secondErr(NewSGD(1, c)), "gdlib: SGD: LR = "+optFmt(lr)+", want LR > 0 and finite")
	}
	add("SGD/dim", secondErr(NewSGD(0, DefaultSGDConfig())), "gdlib: SGD: dim = 0, want dim >= 1")
	for _, wd := range []float64{-1, inf, nan} {
		c := DefaultSGDConfig()
		c.WeightDecay = wd
		add("SGD/WeightDecay", secondErr(NewSGD(1, c)), "gdlib: SGD: WeightDecay = "+optFmt(wd)+", want WeightDecay >= 0 and finite")
	}

	mom := func(edit func(*MomentumConfig)) error {
		c := DefaultMomentumConfig()
		edit(&c)
		return secondErr(NewMomentum(2, c))
	}
	add("Momentum/LR", mom(func(c *MomentumConfig) { c.LR = -1 }), "Momentum: LR = -1")
	add("Momentum/Momentum", mom(func(c *MomentumConfig) { c.Momentum = 1 }), "gdlib: Momentum: Momentum = 1, want 0 <= Momentum < 1")
	add("Momentum/Momentum<0", mom(func(c *MomentumConfig) { c.Momentum = -0.1 }), "Momentum = -0.1")
	add("Momentum/Dampening", mom(func(c *MomentumConfig) { c.Dampening = 1.5 }), "gdlib: Momentum: Dampening = 1.5, want 0 <= Dampening <= 1")
	add("Momentum/WeightDecay", mom(func(c *MomentumConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")
	add("Momentum/classic+Dampening", mom(func(c *MomentumConfig) { c.Form, c.Dampening = MomentumClassic, 0.5 }),
		"gdlib: Momentum: Dampening = 0.5, want Dampening = 0 with Form = MomentumClassic")
	add("Momentum/Form", mom(func(c *MomentumConfig) { c.Form = 7 }), "Form = 7")

	nes := func(edit func(*NesterovConfig)) error {
		c := DefaultNesterovConfig()
		edit(&c)
		return secondErr(NewNesterov(2, c))
	}
	add("Nesterov/LR", nes(func(c *NesterovConfig) { c.LR = nan }), "Nesterov: LR = NaN")
	add("Nesterov/Momentum=0", nes(func(c *NesterovConfig) { c.Momentum = 0 }), "gdlib: Nesterov: Momentum = 0, want 0 < Momentum < 1 (Nesterov needs momentum)")
	add("Nesterov/Momentum=1", nes(func(c *NesterovConfig) { c.Momentum = 1 }), "Momentum = 1")
	add("Nesterov/WeightDecay", nes(func(c *NesterovConfig) { c.WeightDecay = -2 }), "WeightDecay = -2")
	add("Nesterov/Form", nes(func(c *NesterovConfig) { c.Form = -1 }), "Form = -1")

	ada := func(edit func(*AdaGradConfig)) error {
		c := DefaultAdaGradConfig()
		edit(&c)
		return secondErr(NewAdaGrad(2, c))
	}
	add("AdaGrad/LR", ada(func(c *AdaGradConfig) { c.LR = 0 }), "AdaGrad: LR = 0")
	add("AdaGrad/LRDecay", ada(func(c *AdaGradConfig) { c.LRDecay = -1 }), "gdlib: AdaGrad: LRDecay = -1, want LRDecay >= 0 and finite")
	add("AdaGrad/WeightDecay", ada(func(c *AdaGradConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")
	add("AdaGrad/InitialAccumulator", ada(func(c *AdaGradConfig) { c.InitialAccumulator = -0.1 }), "InitialAccumulator = -0.1")
	add("AdaGrad/Eps", ada(func(c *AdaGradConfig) { c.Eps = 0 }), "gdlib: AdaGrad: Eps = 0, want Eps > 0 and finite")
	add("AdaGrad/dim", secondErr(NewAdaGrad(-1, DefaultAdaGradConfig())), "dim = -1")

	rms := func(edit func(*RMSPropConfig)) error {
		c := DefaultRMSPropConfig()
		edit(&c)
		return secondErr(NewRMSProp(2, c))
	}
	add("RMSProp/LR", rms(func(c *RMSPropConfig) { c.LR = inf }), "RMSProp: LR = +Inf")
	add("RMSProp/Alpha", rms(func(c *RMSPropConfig) { c.Alpha = 1 }), "gdlib: RMSProp: Alpha = 1, want 0 <= Alpha < 1")
	add("RMSProp/Eps", rms(func(c *RMSPropConfig) { c.Eps = -1e-8 }), "Eps = -1e-08")
	add("RMSProp/WeightDecay", rms(func(c *RMSPropConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")
	add("RMSProp/Momentum", rms(func(c *RMSPropConfig) { c.Momentum = 1.5 }), "Momentum = 1.5")

	dl := func(edit func(*AdadeltaConfig)) error {
		c := DefaultAdadeltaConfig()
		edit(&c)
		return secondErr(NewAdadelta(2, c))
	}
	add("Adadelta/LR", dl(func(c *AdadeltaConfig) { c.LR = -1 }), "Adadelta: LR = -1")
	add("Adadelta/Rho", dl(func(c *AdadeltaConfig) { c.Rho = 1 }), "gdlib: Adadelta: Rho = 1, want 0 <= Rho < 1")
	add("Adadelta/Eps", dl(func(c *AdadeltaConfig) { c.Eps = 0 }), "Eps = 0")
	add("Adadelta/WeightDecay", dl(func(c *AdadeltaConfig) { c.WeightDecay = nan }), "WeightDecay = NaN")

	adam := func(edit func(*AdamConfig)) error {
		c := DefaultAdamConfig()
		edit(&c)
		return secondErr(NewAdam(2, c))
	}
	add("Adam/LR", adam(func(c *AdamConfig) { c.LR = -1 }), "Adam: LR = -1")
	add("Adam/Beta1", adam(func(c *AdamConfig) { c.Beta1 = 1.2 }), "gdlib: Adam: Beta1 = 1.2, want 0 <= Beta1 < 1")
	add("Adam/Beta2", adam(func(c *AdamConfig) { c.Beta2 = 1 }), "gdlib: Adam: Beta2 = 1, want 0 <= Beta2 < 1")
	add("Adam/Eps", adam(func(c *AdamConfig) { c.Eps = 0 }), "Eps = 0")
	add("Adam/WeightDecay", adam(func(c *AdamConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")
	c := DefaultAdamWConfig()
	c.WeightDecay = -1
	add("AdamW/WeightDecay", secondErr(NewAdamW(2, c)), "gdlib: AdamW: WeightDecay = -1, want WeightDecay >= 0 and finite")

	amax := func(edit func(*AdamaxConfig)) error {
		c := DefaultAdamaxConfig()
		edit(&c)
		return secondErr(NewAdamax(2, c))
	}
	add("Adamax/LR", amax(func(c *AdamaxConfig) { c.LR = 0 }), "Adamax: LR = 0")
	add("Adamax/Beta1", amax(func(c *AdamaxConfig) { c.Beta1 = -0.5 }), "Beta1 = -0.5")
	add("Adamax/Beta2", amax(func(c *AdamaxConfig) { c.Beta2 = 2 }), "Beta2 = 2")
	add("Adamax/Eps", amax(func(c *AdamaxConfig) { c.Eps = nan }), "Eps = NaN")
	add("Adamax/WeightDecay", amax(func(c *AdamaxConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")

	nad := func(edit func(*NAdamConfig)) error {
		c := DefaultNAdamConfig()
		edit(&c)
		return secondErr(NewNAdam(2, c))
	}
	add("NAdam/LR", nad(func(c *NAdamConfig) { c.LR = -3 }), "NAdam: LR = -3")
	add("NAdam/Beta1", nad(func(c *NAdamConfig) { c.Beta1 = 1 }), "Beta1 = 1")
	add("NAdam/Beta2", nad(func(c *NAdamConfig) { c.Beta2 = 1.1 }), "Beta2 = 1.1")
	add("NAdam/Eps", nad(func(c *NAdamConfig) { c.Eps = -1 }), "Eps = -1")
	add("NAdam/WeightDecay", nad(func(c *NAdamConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")
	add("NAdam/MomentumDecay", nad(func(c *NAdamConfig) { c.MomentumDecay = -4e-3 }), "gdlib: NAdam: MomentumDecay = -0.004, want MomentumDecay >= 0 and finite")

	lion := func(edit func(*LionConfig)) error {
		c := DefaultLionConfig()
		edit(&c)
		return secondErr(NewLion(2, c))
	}
	add("Lion/LR", lion(func(c *LionConfig) { c.LR = 0 }), "Lion: LR = 0")
	add("Lion/Beta1", lion(func(c *LionConfig) { c.Beta1 = 1 }), "Beta1 = 1")
	add("Lion/Beta2", lion(func(c *LionConfig) { c.Beta2 = -1 }), "Beta2 = -1")
	add("Lion/WeightDecay", lion(func(c *LionConfig) { c.WeightDecay = -1 }), "WeightDecay = -1")

	add("Newton/LR", secondErr(NewNewton(2, NewtonConfig{LR: 0})), "Newton: LR = 0")
	add("Newton/Damping", secondErr(NewNewton(2, NewtonConfig{LR: 1, Damping: -1})), "gdlib: Newton: Damping = -1, want Damping >= 0 and finite")
	add("Newton/dim", secondErr(NewNewton(0, DefaultNewtonConfig())), "gdlib: Newton: dim = 0, want dim >= 1")

	for _, tc := range cases {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tc.name, tc.err, tc.want)
		}
	}
}
