package gdlib

import (
	"fmt"
	"math"
)

// AdamConfig holds the hyperparameters of Adam and AdamW.
type AdamConfig struct {
	LR          float64 // learning rate γ > 0 (PyTorch default 1e-3)
	Beta1       float64 // β1 in [0, 1) (default 0.9)
	Beta2       float64 // β2 in [0, 1) (default 0.999)
	Eps         float64 // ε > 0 (PyTorch 1e-8; Keras and tfjs 1e-7)
	WeightDecay float64 // λ >= 0 (Adam default 0; AdamW default 1e-2)
	Decoupled   bool    // false: L2, g ← g + λθ (Adam); true: θ ← θ − γλθ first (AdamW)
	AMSGrad     bool    // divide by the running maximum of v (PyTorch: max of the raw v)
	EpsHat      bool    // Keras/TF1 "ε-hat" form: ε added to the uncorrected √v
}

// DefaultAdamConfig returns PyTorch's Adam defaults: LR 1e-3, Beta1 0.9, Beta2 0.999,
// Eps 1e-8, no weight decay, no AMSGrad, ε after bias correction.
func DefaultAdamConfig() AdamConfig {
	return AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// DefaultAdamWConfig returns PyTorch's AdamW defaults: Adam's, with WeightDecay 1e-2
// decoupled. (optax's adamw uses 1e-4, Keras's AdamW 0.004.)
func DefaultAdamWConfig() AdamConfig {
	c := DefaultAdamConfig()
	c.WeightDecay, c.Decoupled = 1e-2, true
	return c
}

// KerasAdamConfig returns Keras 3's Adam defaults: LR 1e-3, betas 0.9/0.999, Eps 1e-7 in
// the ε-hat form.
func KerasAdamConfig() AdamConfig {
	return AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-7, EpsHat: true}
}

// Adam is torch.optim.Adam (Kingma & Ba, Algorithm 1), and AdamW when Decoupled is set.
// At step t = 1, 2, ...:
//
//	θ ← θ − γλθ                                  (Decoupled, AdamW; λ = WeightDecay)
//	g ← g + λθ                                   (not Decoupled, when λ ≠ 0)
//	m ← β1 m + (1 − β1) g
//	v ← β2 v + (1 − β2) g²
//	m̂ ← m/(1 − β1ᵗ);   v̂ ← v/(1 − β2ᵗ)          (AMSGrad: v̂ ← max_{s≤t} v_s /(1 − β2ᵗ))
//	θ ← θ − γ m̂/(√v̂ + ε)
//
// optax and tfjs put ε at the same place. With EpsHat, as Keras and TF1, ε is added to the
// uncorrected root: θ ← θ − γ √(1 − β2ᵗ)/(1 − β1ᵗ) · m/(√v + ε), which is the rule above
// with ε replaced by ε/√(1 − β2ᵗ). On the first step m̂ = g and v̂ = g², so the step is
// γ g/(|g| + ε): about γ in every coordinate, whatever the size of g.
//
// SetMomentum sets β1 (OneCycleLR cycles it); the bias correction uses the β1 in force,
// as PyTorch does. EffectiveStep is η = γ/(√v̂ + ε) (ε/√(1 − β2ᵗ) with EpsHat), the factor
// applied to m̂. FirstMoment returns m, SecondMoment v, MaxSecondMoment the running
// maximum of v (nil unless AMSGrad).
type Adam struct {
	cfg AdamConfig
	optBase
	name string // "Adam" or "AdamW"
	b1   float64
	m, v []float64
	vMax []float64
	eff  []float64
}

// NewAdam returns Adam on dim parameters (AdamW when c.Decoupled is set).
func NewAdam(dim int, c AdamConfig) (*Adam, error) {
	name := "Adam"
	if c.Decoupled {
		name = "AdamW"
	}
	ck := newOptChecker(name, dim, c.LR)
	ck.unit("Beta1", c.Beta1)
	ck.unit("Beta2", c.Beta2)
	ck.positive("Eps", c.Eps)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err != nil {
		return nil, ck.err
	}
	o := &Adam{cfg: c, name: name, optBase: optBase{dim: dim, lr: c.LR}, b1: c.Beta1,
		m: make([]float64, dim), v: make([]float64, dim)}
	if c.AMSGrad {
		o.vMax = make([]float64, dim)
	}
	return o, nil
}

// NewAdamW returns AdamW on dim parameters: NewAdam with c.Decoupled set.
// Start from DefaultAdamWConfig for PyTorch's AdamW defaults.
func NewAdamW(dim int, c AdamConfig) (*Adam, error) {
	c.Decoupled = true
	return NewAdam(dim, c)
}

// Step applies one Adam update.
func (o *Adam) Step(params, grad []float64) error {
	if err := optStepCheck(o.name, o.dim, params, grad, o.lr, "Beta1", o.b1); err != nil {
		return err
	}
	o.t++
	o.lastLR = o.lr
	keep, l2 := 1.0, o.cfg.WeightDecay
	if o.cfg.Decoupled {
		keep, l2 = 1-o.lr*o.cfg.WeightDecay, 0
	}
	bc1 := 1 - math.Pow(o.b1, float64(o.t))
	bc2 := 1 - math.Pow(o.cfg.Beta2, float64(o.t))
	// θ ← θ − step · m/(√v · a + ε): the bias corrections, hoisted out of the loop.
	step, a := o.lr/bc1, 1/math.Sqrt(bc2)
	if o.cfg.EpsHat {
		step, a = o.lr*math.Sqrt(bc2)/bc1, 1
	}
	if o.cfg.AMSGrad {
		amsgradStep(params, grad, o.m, o.v, o.vMax, o.b1, o.cfg.Beta2, step, a, o.cfg.Eps, keep, l2)
	} else {
		adamStepKernel(params, grad, o.m, o.v, o.b1, o.cfg.Beta2, step, a, o.cfg.Eps, keep, l2)
	}
	return nil
}

// adamStep is m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← keep·θ − step·m/(a√v + ε),
// with g ← g + l2·θ. It is the reference: Step calls adamStepKernel, which on amd64 with
// AVX2 runs an exact copy of this loop in assembly (adam_amd64.s), four elements at a
// time with the same operations in the same order and no FMA, so bit-identical and faster.
func adamStep(params, grad, m, v []float64, b1, b2, step, a, eps, keep, l2 float64) {
	grad, m, v = grad[:len(params)], m[:len(params)], v[:len(params)]
	c1, c2 := 1-b1, 1-b2
	for i, p := range params {
		g := grad[i] + l2*p
		mi := b1*m[i] + c1*g
		vi := b2*v[i] + c2*g*g
		m[i], v[i] = mi, vi
		params[i] = keep*p - step*mi/(a*math.Sqrt(vi)+eps)
	}
}

// amsgradStep is adamStep dividing by the running maximum vMax of v.
func amsgradStep(params, grad, m, v, vMax []float64, b1, b2, step, a, eps, keep, l2 float64) {
	grad, m, v, vMax = grad[:len(params)], m[:len(params)], v[:len(params)], vMax[:len(params)]
	c1, c2 := 1-b1, 1-b2
	for i, p := range params {
		g := grad[i] + l2*p
		mi := b1*m[i] + c1*g
		vi := b2*v[i] + c2*g*g
		m[i], v[i] = mi, vi
		vMax[i] = max(vMax[i], vi)
		params[i] = keep*p - step*mi/(a*math.Sqrt(vMax[i])+eps)
	}
}

// EffectiveStep returns η = γ/(√v̂ + ε) per parameter for the last step (see Adam), all
// zeros before the first step. It is computed on each call into a buffer that the next
// call overwrites.
func (o *Adam) EffectiveStep() []float64 {
	o.eff = optBuffer(o.eff, o.dim)
	if o.t == 0 {
		return o.eff
	}
	bc2 := 1 - math.Pow(o.cfg.Beta2, float64(o.t))
	eps := o.cfg.Eps
	if o.cfg.EpsHat {
		eps /= math.Sqrt(bc2)
	}
	v := o.v
	if o.cfg.AMSGrad {
		v = o.vMax
	}
	for i, vi := range v {
		o.eff[i] = o.lastLR / (math.Sqrt(vi/bc2) + eps)
	}
	return o.eff
}

func (o *Adam) Reset() {
	o.t, o.lr, o.b1, o.lastLR = 0, o.cfg.LR, o.cfg.Beta1, 0
	clear(o.m)
	clear(o.v)
	clear(o.vMax)
}
func (o *Adam) Momentum() float64 { return o.b1 } // β1 in force

// SetMomentum sets β1 (the momentum of the Adam family) of the following steps;
// Step rejects a value outside [0, 1).
func (o *Adam) SetMomentum(beta1 float64)  { o.b1 = beta1 }
func (o *Adam) FirstMoment() []float64     { return o.m }    // live view of m
func (o *Adam) SecondMoment() []float64    { return o.v }    // live view of v
func (o *Adam) MaxSecondMoment() []float64 { return o.vMax } // live view of max v (AMSGrad), else nil
func (o *Adam) Name() string               { return o.name + "(lr=" + optFmt(o.cfg.LR) + ")" }

// AdamaxConfig holds the hyperparameters of Adamax.
type AdamaxConfig struct {
	LR          float64 // learning rate γ > 0 (PyTorch default 2e-3)
	Beta1       float64 // β1 in [0, 1) (default 0.9)
	Beta2       float64 // β2 in [0, 1) (default 0.999)
	Eps         float64 // ε > 0 (default 1e-8)
	WeightDecay float64 // L2 coefficient λ >= 0: g ← g + λθ (default 0)
}

// DefaultAdamaxConfig returns PyTorch's defaults: LR 2e-3, betas 0.9/0.999, Eps 1e-8.
func DefaultAdamaxConfig() AdamaxConfig {
	return AdamaxConfig{LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// Adamax is Adam with the infinity norm in place of v, as torch.optim.Adamax and optax:
//
//	g ← g + λθ                                   (when WeightDecay λ ≠ 0)
//	m ← β1 m + (1 − β1) g
//	u ← max(β2 u, |g| + ε)                       (ε inside the max)
//	θ ← θ − γ m / ((1 − β1ᵗ) u)
//
// Keras and tfjs put ε after the max instead: u ← max(β2 u, |g|); θ ← θ − γ m̂/(u + ε).
// EffectiveStep is η = γ/u, the factor applied to m̂ = m/(1 − β1ᵗ). FirstMoment returns m,
// InfNorm u. SetMomentum sets β1.
type Adamax struct {
	cfg AdamaxConfig
	optBase
	b1   float64
	m, u []float64
	eff  []float64
}

// NewAdamax returns Adamax on dim parameters.
func NewAdamax(dim int, c AdamaxConfig) (*Adamax, error) {
	ck := newOptChecker("Adamax", dim, c.LR)
	ck.unit("Beta1", c.Beta1)
	ck.unit("Beta2", c.Beta2)
	ck.positive("Eps", c.Eps)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err != nil {
		return nil, ck.err
	}
	return &Adamax{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, b1: c.Beta1,
		m: make([]float64, dim), u: make([]float64, dim)}, nil
}

// Step applies one Adamax update.
func (o *Adamax) Step(params, grad []float64) error {
	if err := optStepCheck("Adamax", o.dim, params, grad, o.lr, "Beta1", o.b1); err != nil {
		return err
	}
	o.t++
	o.lastLR = o.lr
	step := o.lr / (1 - math.Pow(o.b1, float64(o.t)))
	adamaxStep(params, grad, o.m, o.u, o.b1, o.cfg.Beta2, step, o.cfg.Eps, o.cfg.WeightDecay)
	return nil
}

// adamaxStep is m ← β1 m + (1−β1) g; u ← max(β2 u, |g| + ε); θ ← θ − step·m/u with g ← g + λθ.
func adamaxStep(params, grad, m, u []float64, b1, b2, step, eps, wd float64) {
	grad, m, u = grad[:len(params)], m[:len(params)], u[:len(params)]
	for i, p := range params {
		g := grad[i] + wd*p
		m[i] = b1*m[i] + (1-b1)*g
		u[i] = max(b2*u[i], math.Abs(g)+eps)
		params[i] = p - step*m[i]/u[i]
	}
}

// EffectiveStep returns η = γ/u per parameter for the last step, all zeros before the
// first step. It is computed on each call into a buffer that the next call overwrites.
func (o *Adamax) EffectiveStep() []float64 {
	o.eff = optBuffer(o.eff, o.dim)
	if o.t == 0 {
		return o.eff
	}
	for i, u := range o.u {
		o.eff[i] = o.lastLR / u
	}
	return o.eff
}

func (o *Adamax) Reset() {
	o.t, o.lr, o.b1, o.lastLR = 0, o.cfg.LR, o.cfg.Beta1, 0
	clear(o.m)
	clear(o.u)
}
func (o *Adamax) Momentum() float64 { return o.b1 }

// SetMomentum sets β1 (the momentum of the Adam family) of the following steps;
// Step rejects a value outside [0, 1).
func (o *Adamax) SetMomentum(beta1 float64) { o.b1 = beta1 }
func (o *Adamax) FirstMoment() []float64    { return o.m } // live view of m
func (o *Adamax) InfNorm() []float64        { return o.u } // live view of u
func (o *Adamax) Name() string              { return "Adamax(lr=" + optFmt(o.cfg.LR) + ")" }

// NAdamConfig holds the hyperparameters of NAdam.
type NAdamConfig struct {
	LR            float64 // learning rate γ > 0 (PyTorch default 2e-3)
	Beta1         float64 // β1 in [0, 1) (default 0.9)
	Beta2         float64 // β2 in [0, 1) (default 0.999)
	Eps           float64 // ε > 0 (default 1e-8)
	WeightDecay   float64 // λ >= 0 (default 0)
	Decoupled     bool    // false: L2, g ← g + λθ; true: θ ← θ − γλθ first
	MomentumDecay float64 // ψ >= 0 of the μ schedule (default 4e-3)
}

// DefaultNAdamConfig returns PyTorch's defaults: LR 2e-3, betas 0.9/0.999, Eps 1e-8,
// no weight decay, MomentumDecay 4e-3.
func DefaultNAdamConfig() NAdamConfig {
	return NAdamConfig{LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, MomentumDecay: 4e-3}
}

// NAdam is Adam with Nesterov momentum and Dozat's momentum schedule, as torch.optim.NAdam:
//
//	θ ← θ − γλθ  (Decoupled)  or  g ← g + λθ  (otherwise; when λ ≠ 0)
//	μ_t ← β1 (1 − ½·0.96^(tψ));   μ_{t+1} ← β1 (1 − ½·0.96^((t+1)ψ))
//	P_t ← P_{t−1} μ_t                             (P_0 = 1; MuProduct returns P_t)
//	m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²
//	m̂ ← μ_{t+1} m/(1 − P_t μ_{t+1}) + (1 − μ_t) g/(1 − P_t)
//	v̂ ← v/(1 − β2ᵗ)
//	θ ← θ − γ m̂/(√v̂ + ε)
//
// Keras's Nadam uses μ_t = β1(1 − ½·0.96ᵗ) (no ψ, so the schedule saturates within ~100
// steps) and optax's nadam has no μ schedule: neither matches PyTorch numerically.
// EffectiveStep is η = γ/(√v̂ + ε), the factor applied to m̂. FirstMoment returns m,
// SecondMoment v. SetMomentum sets β1 (used by the μ schedule from the next step on).
type NAdam struct {
	cfg NAdamConfig
	optBase
	b1     float64
	muProd float64
	m, v   []float64
	eff    []float64
}

// NewNAdam returns NAdam on dim parameters.
func NewNAdam(dim int, c NAdamConfig) (*NAdam, error) {
	ck := newOptChecker("NAdam", dim, c.LR)
	ck.unit("Beta1", c.Beta1)
	ck.unit("Beta2", c.Beta2)
	ck.positive("Eps", c.Eps)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	ck.nonNegative("MomentumDecay", c.MomentumDecay)
	if ck.err != nil {
		return nil, ck.err
	}
	return &NAdam{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, b1: c.Beta1, muProd: 1,
		m: make([]float64, dim), v: make([]float64, dim)}, nil
}

// Step applies one NAdam update.
func (o *NAdam) Step(params, grad []float64) error {
	if err := optStepCheck("NAdam", o.dim, params, grad, o.lr, "Beta1", o.b1); err != nil {
		return err
	}
	o.t++
	o.lastLR = o.lr
	t, psi := float64(o.t), o.cfg.MomentumDecay
	mu := o.b1 * (1 - 0.5*math.Pow(0.96, t*psi))
	muNext := o.b1 * (1 - 0.5*math.Pow(0.96, (t+1)*psi))
	o.muProd *= mu
	cg := o.lr * (1 - mu) / (1 - o.muProd)
	cm := o.lr * muNext / (1 - o.muProd*muNext)
	keep, l2 := 1.0, o.cfg.WeightDecay
	if o.cfg.Decoupled {
		keep, l2 = 1-o.lr*o.cfg.WeightDecay, 0
	}
	bc2 := 1 - math.Pow(o.cfg.Beta2, t)
	nadamStep(params, grad, o.m, o.v, o.b1, o.cfg.Beta2, cg, cm, 1/math.Sqrt(bc2), o.cfg.Eps, keep, l2)
	return nil
}

// nadamStep is m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← keep·θ − (cg·g + cm·m)/(a√v + ε)
// with g ← g + l2·θ; cg and cm hold γ and the μ-schedule factors, a = 1/√(1 − β2ᵗ).
func nadamStep(params, grad, m, v []float64, b1, b2, cg, cm, a, eps, keep, l2 float64) {
	grad, m, v = grad[:len(params)], m[:len(params)], v[:len(params)]
	for i, p := range params {
		g := grad[i] + l2*p
		m[i] = b1*m[i] + (1-b1)*g
		v[i] = b2*v[i] + (1-b2)*g*g
		params[i] = keep*p - (cg*g+cm*m[i])/(a*math.Sqrt(v[i])+eps)
	}
}

// EffectiveStep returns η = γ/(√v̂ + ε) per parameter for the last step, all zeros before
// the first step. It is computed on each call into a buffer that the next call overwrites.
func (o *NAdam) EffectiveStep() []float64 {
	o.eff = optBuffer(o.eff, o.dim)
	if o.t == 0 {
		return o.eff
	}
	bc2 := 1 - math.Pow(o.cfg.Beta2, float64(o.t))
	for i, v := range o.v {
		o.eff[i] = o.lastLR / (math.Sqrt(v/bc2) + o.cfg.Eps)
	}
	return o.eff
}

func (o *NAdam) Reset() {
	o.t, o.lr, o.b1, o.lastLR, o.muProd = 0, o.cfg.LR, o.cfg.Beta1, 0, 1
	clear(o.m)
	clear(o.v)
}
func (o *NAdam) Momentum() float64 { return o.b1 }

// SetMomentum sets β1 (the momentum of the Adam family) of the following steps;
// Step rejects a value outside [0, 1).
func (o *NAdam) SetMomentum(beta1 float64) { o.b1 = beta1 }
func (o *NAdam) MuProduct() float64        { return o.muProd } // P_t = μ_1 ⋯ μ_t
func (o *NAdam) FirstMoment() []float64    { return o.m }      // live view of m
func (o *NAdam) SecondMoment() []float64   { return o.v }      // live view of v
func (o *NAdam) Name() string              { return fmt.Sprintf("NAdam(lr=%s)", optFmt(o.cfg.LR)) }
