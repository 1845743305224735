package gdlib

import "fmt"

// SGDConfig holds the hyperparameters of plain gradient descent.
type SGDConfig struct {
	LR          float64 // learning rate γ > 0 (PyTorch default 1e-3)
	WeightDecay float64 // L2 coefficient λ >= 0: g ← g + λθ (default 0)
}

// DefaultSGDConfig returns PyTorch's defaults: LR 1e-3, no weight decay.
func DefaultSGDConfig() SGDConfig { return SGDConfig{LR: 1e-3} }

// SGD is plain gradient descent, PyTorch's torch.optim.SGD with momentum 0:
//
//	g ← g + λθ        (only when WeightDecay λ ≠ 0)
//	θ ← θ − γ g
//
// Keras (default LR 0.01), optax and tfjs compute the same update.
type SGD struct {
	cfg SGDConfig
	optBase
}

// NewSGD returns plain gradient descent on dim parameters.
func NewSGD(dim int, c SGDConfig) (*SGD, error) {
	ck := newOptChecker("SGD", dim, c.LR)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err != nil {
		return nil, ck.err
	}
	return &SGD{cfg: c, optBase: optBase{dim: dim, lr: c.LR}}, nil
}

// Step applies θ ← θ − γ(g + λθ).
func (o *SGD) Step(params, grad []float64) error {
	if err := optStepCheck("SGD", o.dim, params, grad, o.lr, "", 0); err != nil {
		return err
	}
	o.t++
	sgdStep(params, grad, o.lr, o.cfg.WeightDecay)
	return nil
}

func (o *SGD) Reset()       { o.t, o.lr = 0, o.cfg.LR }
func (o *SGD) Name() string { return "SGD(lr=" + optFmt(o.cfg.LR) + ")" }

// MomentumForm chooses how the momentum buffer is written.
type MomentumForm int

const (
	// MomentumPyTorch keeps a buffer b without the learning rate (PyTorch, optax, tfjs).
	MomentumPyTorch MomentumForm = iota
	// MomentumClassic keeps a velocity v with the learning rate inside (Sutskever et al.,
	// cs231n, Keras): v ← μv − γg; θ ← θ + v.
	MomentumClassic
)

func (f MomentumForm) String() string {
	if f == MomentumClassic {
		return "classic"
	}
	return "pytorch"
}

// MomentumConfig holds the hyperparameters of gradient descent with (heavy-ball) momentum.
type MomentumConfig struct {
	LR          float64      // learning rate γ > 0 (PyTorch default 1e-3)
	Momentum    float64      // μ in [0, 1) (default 0.9; PyTorch's default is 0, which is plain SGD)
	Dampening   float64      // τ in [0, 1] (default 0); PyTorch form only
	WeightDecay float64      // L2 coefficient λ >= 0: g ← g + λθ (default 0)
	Form        MomentumForm // MomentumPyTorch (default) or MomentumClassic
}

// DefaultMomentumConfig returns PyTorch's SGD defaults with momentum 0.9: LR 1e-3,
// Momentum 0.9, Dampening 0, WeightDecay 0, the PyTorch form.
func DefaultMomentumConfig() MomentumConfig { return MomentumConfig{LR: 1e-3, Momentum: 0.9} }

// Momentum is gradient descent with heavy-ball momentum, in one of two forms.
//
// PyTorch form (torch.optim.SGD with momentum μ, dampening τ; also optax's trace and tfjs):
//
//	g ← g + λθ                                  (when WeightDecay λ ≠ 0)
//	b ← g                  on the first step
//	b ← μ b + (1 − τ) g    on later steps
//	θ ← θ − γ b
//
// (when μ = 0, as PyTorch, the buffer is left alone and θ ← θ − γ g).
//
// Classic form (Sutskever et al., cs231n, Keras's SGD): v starts at 0,
//
//	g ← g + λθ;   v ← μ v − γ g;   θ ← θ + v
//
// Dampening does not exist in the classic form: a nonzero Dampening there is an error.
// Keras's weight_decay is decoupled (θ ← θ − γλθ); here it is L2 in both forms.
//
// The forms and learning-rate schedules: at a constant γ and τ = 0 the velocity is v = −γ b
// and both forms produce the same iterates. When γ changes, they part: the PyTorch buffer
// holds gradients only, so a new γ rescales the whole accumulated step at once, while the
// classic velocity keeps the steps already taken at the old γ and only new gradients get
// the new γ. Cut γ by 10x and PyTorch's next step shrinks by 10x; the classic step shrinks
// gradually, as the old velocity decays with μ.
//
// Velocity returns b (PyTorch form) or v (classic form).
type Momentum struct {
	cfg MomentumConfig
	optBase
	mu      float64
	started bool      // the PyTorch buffer holds a value
	buf     []float64 // b or v
}

// NewMomentum returns gradient descent with momentum on dim parameters.
func NewMomentum(dim int, c MomentumConfig) (*Momentum, error) {
	ck := newOptChecker("Momentum", dim, c.LR)
	ck.unit("Momentum", c.Momentum)
	ck.closedUnit("Dampening", c.Dampening)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err == nil && c.Form == MomentumClassic && c.Dampening != 0 {
		ck.err = fmt.Errorf("gdlib: Momentum: Dampening = %s, want Dampening = 0 with Form = MomentumClassic", optFmt(c.Dampening))
	}
	if ck.err == nil && c.Form != MomentumPyTorch && c.Form != MomentumClassic {
		ck.err = fmt.Errorf("gdlib: Momentum: Form = %d, want MomentumPyTorch or MomentumClassic", c.Form)
	}
	if ck.err != nil {
		return nil, ck.err
	}
	return &Momentum{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, mu: c.Momentum, buf: make([]float64, dim)}, nil
}

// Step applies one update in the configured form.
func (o *Momentum) Step(params, grad []float64) error {
	if err := optStepCheck("Momentum", o.dim, params, grad, o.lr, "Momentum", o.mu); err != nil {
		return err
	}
	o.t++
	switch {
	case o.cfg.Form == MomentumClassic:
		classicMomentumStep(params, grad, o.buf, o.lr, o.mu, o.cfg.WeightDecay)
	case o.mu == 0:
		sgdStep(params, grad, o.lr, o.cfg.WeightDecay)
	default:
		mu, d := o.mu, 1-o.cfg.Dampening
		if !o.started {
			mu, d = 0, 1 // the first buffer is g itself
		}
		pytorchMomentumStep(params, grad, o.buf, o.lr, mu, d, o.cfg.WeightDecay)
		o.started = true
	}
	return nil
}

// sgdStep is θ ← θ − γ(g + λθ).
func sgdStep(params, grad []float64, lr, wd float64) {
	grad = grad[:len(params)]
	for i, p := range params {
		params[i] = p - lr*(grad[i]+wd*p)
	}
}

// pytorchMomentumStep is b ← μb + d g; θ ← θ − γb with g ← g + λθ. The first step passes
// μ = 0 and d = 1, so that b = g.
func pytorchMomentumStep(params, grad, buf []float64, lr, mu, d, wd float64) {
	grad, buf = grad[:len(params)], buf[:len(params)]
	for i, p := range params {
		b := mu*buf[i] + d*(grad[i]+wd*p)
		buf[i] = b
		params[i] = p - lr*b
	}
}

// classicMomentumStep is v ← μv − γg; θ ← θ + v with g ← g + λθ.
func classicMomentumStep(params, grad, v []float64, lr, mu, wd float64) {
	grad, v = grad[:len(params)], v[:len(params)]
	for i, p := range params {
		vi := mu*v[i] - lr*(grad[i]+wd*p)
		v[i] = vi
		params[i] = p + vi
	}
}

func (o *Momentum) Reset() {
	o.t, o.lr, o.mu, o.started = 0, o.cfg.LR, o.cfg.Momentum, false
	clear(o.buf)
}
func (o *Momentum) Momentum() float64 { return o.mu }

// SetMomentum sets the momentum μ of the following steps; Step rejects a value outside [0, 1).
func (o *Momentum) SetMomentum(mu float64) { o.mu = mu }
func (o *Momentum) Velocity() []float64    { return o.buf } // live view: b (PyTorch form) or v (classic form)
func (o *Momentum) Name() string {
	return fmt.Sprintf("Momentum(lr=%s, mu=%s)", optFmt(o.cfg.LR), optFmt(o.cfg.Momentum))
}

// NesterovForm chooses how Nesterov's accelerated gradient is written.
type NesterovForm int

const (
	// NesterovPyTorch is torch.optim.SGD(nesterov=True), also optax and tfjs:
	// b ← μb + g (b ← g on the first step); θ ← θ − γ(g + μb).
	NesterovPyTorch NesterovForm = iota
	// NesterovLookahead is cs231n's reformulation, which stores the look-ahead point:
	// v_prev ← v; v ← μv − γg; θ ← θ − μ v_prev + (1 + μ) v.
	NesterovLookahead
)

func (f NesterovForm) String() string {
	if f == NesterovLookahead {
		return "lookahead"
	}
	return "pytorch"
}

// NesterovConfig holds the hyperparameters of Nesterov momentum. PyTorch requires
// dampening 0 for Nesterov, so there is no Dampening field.
type NesterovConfig struct {
	LR          float64      // learning rate γ > 0 (PyTorch default 1e-3)
	Momentum    float64      // μ in (0, 1) (default 0.9); PyTorch requires μ > 0
	WeightDecay float64      // L2 coefficient λ >= 0: g ← g + λθ (default 0)
	Form        NesterovForm // NesterovPyTorch (default) or NesterovLookahead
}

// DefaultNesterovConfig returns LR 1e-3 (PyTorch), Momentum 0.9, no weight decay, PyTorch form.
func DefaultNesterovConfig() NesterovConfig { return NesterovConfig{LR: 1e-3, Momentum: 0.9} }

// Nesterov is gradient descent with Nesterov momentum, in one of two forms.
//
// PyTorch form (torch.optim.SGD with nesterov=True; optax's trace(nesterov=True), tfjs):
//
//	g ← g + λθ                     (when WeightDecay λ ≠ 0)
//	b ← g on the first step, b ← μ b + g later
//	θ ← θ − γ (g + μ b)
//
// Look-ahead form (cs231n): the stored θ is the look-ahead point x + μv; v starts at 0,
//
//	g ← g + λθ;   v_prev ← v;   v ← μ v − γ g;   θ ← θ − μ v_prev + (1 + μ) v
//
// Keras's SGD(nesterov=True) writes the same update as m ← μm − γg; θ ← θ + μm − γg.
// At a constant γ the two forms give the same iterates (with v = −γb); they differ after
// a change of γ, for the reason given in Momentum's doc. Velocity returns b or v.
type Nesterov struct {
	cfg NesterovConfig
	optBase
	mu      float64
	started bool
	buf     []float64
}

// NewNesterov returns gradient descent with Nesterov momentum on dim parameters.
func NewNesterov(dim int, c NesterovConfig) (*Nesterov, error) {
	ck := newOptChecker("Nesterov", dim, c.LR)
	if !(c.Momentum > 0 && c.Momentum < 1) {
		ck.fail("Momentum", c.Momentum, "0 < Momentum < 1 (Nesterov needs momentum)")
	}
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err == nil && c.Form != NesterovPyTorch && c.Form != NesterovLookahead {
		ck.err = fmt.Errorf("gdlib: Nesterov: Form = %d, want NesterovPyTorch or NesterovLookahead", c.Form)
	}
	if ck.err != nil {
		return nil, ck.err
	}
	return &Nesterov{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, mu: c.Momentum, buf: make([]float64, dim)}, nil
}

// Step applies one update in the configured form.
func (o *Nesterov) Step(params, grad []float64) error {
	if err := optStepCheck("Nesterov", o.dim, params, grad, o.lr, "Momentum", o.mu); err != nil {
		return err
	}
	o.t++
	switch {
	case o.cfg.Form == NesterovLookahead:
		lookaheadNesterovStep(params, grad, o.buf, o.lr, o.mu, o.cfg.WeightDecay)
	case o.mu == 0:
		sgdStep(params, grad, o.lr, o.cfg.WeightDecay)
	default:
		muB := o.mu
		if !o.started {
			muB = 0 // the first buffer is g itself
		}
		pytorchNesterovStep(params, grad, o.buf, o.lr, o.mu, muB, o.cfg.WeightDecay)
		o.started = true
	}
	return nil
}

// pytorchNesterovStep is b ← μ_b b + g; θ ← θ − γ(g + μb) with g ← g + λθ. The first step
// passes μ_b = 0, so that b = g.
func pytorchNesterovStep(params, grad, buf []float64, lr, mu, muB, wd float64) {
	grad, buf = grad[:len(params)], buf[:len(params)]
	for i, p := range params {
		g := grad[i] + wd*p
		b := muB*buf[i] + g
		buf[i] = b
		params[i] = p - lr*(g+mu*b)
	}
}

// lookaheadNesterovStep is v_prev ← v; v ← μv − γg; θ ← θ − μ v_prev + (1+μ)v with g ← g + λθ.
func lookaheadNesterovStep(params, grad, v []float64, lr, mu, wd float64) {
	grad, v = grad[:len(params)], v[:len(params)]
	for i, p := range params {
		vPrev := v[i]
		vi := mu*vPrev - lr*(grad[i]+wd*p)
		v[i] = vi
		params[i] = p - mu*vPrev + (1+mu)*vi
	}
}

func (o *Nesterov) Reset() {
	o.t, o.lr, o.mu, o.started = 0, o.cfg.LR, o.cfg.Momentum, false
	clear(o.buf)
}
func (o *Nesterov) Momentum() float64 { return o.mu }

// SetMomentum sets the momentum μ of the following steps; Step rejects a value outside [0, 1).
func (o *Nesterov) SetMomentum(mu float64) { o.mu = mu }
func (o *Nesterov) Velocity() []float64    { return o.buf } // live view: b (PyTorch form) or v (look-ahead form)
func (o *Nesterov) Name() string {
	return fmt.Sprintf("Nesterov(lr=%s, mu=%s)", optFmt(o.cfg.LR), optFmt(o.cfg.Momentum))
}
