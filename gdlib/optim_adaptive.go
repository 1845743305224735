package gdlib

import (
	"fmt"
	"math"
)

// AdaGradConfig holds the hyperparameters of AdaGrad.
type AdaGradConfig struct {
	LR                 float64 // learning rate γ > 0 (PyTorch default 1e-2)
	LRDecay            float64 // η >= 0: step t uses γ/(1 + (t−1)η) (default 0; only PyTorch has it)
	WeightDecay        float64 // L2 coefficient λ >= 0: g ← g + λθ (default 0)
	InitialAccumulator float64 // s_0 >= 0 (PyTorch 0; Keras, TF, optax 0.1)
	Eps                float64 // ε > 0 (PyTorch 1e-10; Keras 1e-7)
	EpsInsideSqrt      bool    // false: g/(√s + ε) as PyTorch; true: g/√(s + ε) as Keras and TF
}

// DefaultAdaGradConfig returns PyTorch's defaults: LR 1e-2, LRDecay 0, WeightDecay 0,
// InitialAccumulator 0, Eps 1e-10 outside the square root.
func DefaultAdaGradConfig() AdaGradConfig { return AdaGradConfig{LR: 1e-2, Eps: 1e-10} }

// KerasAdaGradConfig returns Keras 3's defaults: LR 1e-3, InitialAccumulator 0.1,
// Eps 1e-7 inside the square root. (tfjs uses the same rule; optax too, except that it
// gives a zero update where s = 0.)
func KerasAdaGradConfig() AdaGradConfig {
	return AdaGradConfig{LR: 1e-3, InitialAccumulator: 0.1, Eps: 1e-7, EpsInsideSqrt: true}
}

// AdaGrad divides each coordinate's step by the root of its summed squared gradients,
// as torch.optim.Adagrad:
//
//	γ_t ← γ / (1 + (t − 1) η)
//	g ← g + λθ                                   (when WeightDecay λ ≠ 0)
//	s ← s + g²                                   (s starts at InitialAccumulator)
//	θ ← θ − γ_t g / (√s + ε)                     (EpsInsideSqrt: θ ← θ − γ_t g / √(s + ε))
//
// EffectiveStep is γ_t/(√s + ε) (or γ_t/√(s + ε)), the factor the last step applied to g.
// SumSquares returns s.
type AdaGrad struct {
	cfg AdaGradConfig
	optBase
	s   []float64
	eff []float64 // EffectiveStep's buffer, made on first use
}

// NewAdaGrad returns AdaGrad on dim parameters.
func NewAdaGrad(dim int, c AdaGradConfig) (*AdaGrad, error) {
	ck := newOptChecker("AdaGrad", dim, c.LR)
	ck.nonNegative("LRDecay", c.LRDecay)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	ck.nonNegative("InitialAccumulator", c.InitialAccumulator)
	ck.positive("Eps", c.Eps)
	if ck.err != nil {
		return nil, ck.err
	}
	o := &AdaGrad{cfg: c, optBase: optBase{dim: dim}, s: make([]float64, dim)}
	o.Reset()
	return o, nil
}

// Step applies one AdaGrad update.
func (o *AdaGrad) Step(params, grad []float64) error {
	if err := optStepCheck("AdaGrad", o.dim, params, grad, o.lr, "", 0); err != nil {
		return err
	}
	o.t++
	o.lastLR = o.lr / (1 + float64(o.t-1)*o.cfg.LRDecay)
	adagradStep(params, grad, o.s, o.lastLR, o.cfg.Eps, o.cfg.WeightDecay, o.cfg.EpsInsideSqrt)
	return nil
}

// adagradStep is s ← s + g²; θ ← θ − γ g/(√s + ε) (or g/√(s + ε)) with g ← g + λθ.
func adagradStep(params, grad, s []float64, lr, eps, wd float64, inside bool) {
	grad, s = grad[:len(params)], s[:len(params)]
	for i, p := range params {
		g := grad[i] + wd*p
		si := s[i] + g*g
		s[i] = si
		params[i] = p - lr*g/rootDenom(si, eps, inside)
	}
}

// rootDenom is √s + ε (PyTorch), or √(s + ε) when inside (Keras, TF).
func rootDenom(s, eps float64, inside bool) float64 {
	if inside {
		return math.Sqrt(s + eps)
	}
	return math.Sqrt(s) + eps
}

// EffectiveStep returns γ_t/(√s + ε) per parameter (γ_t/√(s + ε) with EpsInsideSqrt) for
// the last step, all zeros before the first step. It is computed on each call into a
// buffer that the next call overwrites.
func (o *AdaGrad) EffectiveStep() []float64 {
	o.eff = optBuffer(o.eff, o.dim)
	if o.t == 0 {
		return o.eff
	}
	for i, s := range o.s {
		o.eff[i] = o.lastLR / rootDenom(s, o.cfg.Eps, o.cfg.EpsInsideSqrt)
	}
	return o.eff
}

func (o *AdaGrad) Reset() {
	o.t, o.lr, o.lastLR = 0, o.cfg.LR, 0
	for i := range o.s {
		o.s[i] = o.cfg.InitialAccumulator
	}
}
func (o *AdaGrad) SumSquares() []float64 { return o.s } // live view of s
func (o *AdaGrad) Name() string          { return "AdaGrad(lr=" + optFmt(o.cfg.LR) + ")" }

// optBuffer returns buf, made with length n if it is nil, and zeroed.
func optBuffer(buf []float64, n int) []float64 {
	if buf == nil {
		return make([]float64, n)
	}
	clear(buf)
	return buf
}

// RMSPropConfig holds the hyperparameters of RMSProp.
type RMSPropConfig struct {
	LR          float64 // learning rate γ > 0 (PyTorch default 1e-2)
	Alpha       float64 // smoothing α in [0, 1) (PyTorch 0.99; Keras, tfjs, optax 0.9)
	Eps         float64 // ε > 0 (PyTorch 1e-8; Keras 1e-7)
	WeightDecay float64 // L2 coefficient λ >= 0: g ← g + λθ (default 0)
	Momentum    float64 // μ in [0, 1) (default 0: no momentum buffer)
	Centered    bool    // divide by the root of the variance v − ḡ² instead of v
	Keras       bool    // Keras/TF convention: ε inside the square root and γ inside the momentum buffer
}

// DefaultRMSPropConfig returns PyTorch's defaults: LR 1e-2, Alpha 0.99, Eps 1e-8, no weight
// decay, no momentum, not centered.
func DefaultRMSPropConfig() RMSPropConfig { return RMSPropConfig{LR: 1e-2, Alpha: 0.99, Eps: 1e-8} }

// KerasRMSPropConfig returns Keras 3's defaults: LR 1e-3, rho 0.9, Eps 1e-7, Keras convention.
func KerasRMSPropConfig() RMSPropConfig {
	return RMSPropConfig{LR: 1e-3, Alpha: 0.9, Eps: 1e-7, Keras: true}
}

// RMSProp divides each step by the root of an exponential average of squared gradients,
// as torch.optim.RMSprop:
//
//	g ← g + λθ                                   (when WeightDecay λ ≠ 0)
//	v ← α v + (1 − α) g²
//	s ← v;  if Centered: ḡ ← α ḡ + (1 − α) g;  s ← v − ḡ²
//	D ← √s + ε
//	μ > 0:  b ← μ b + g/D;  θ ← θ − γ b
//	μ = 0:  θ ← θ − γ g/D
//
// With Keras set (Keras, tfjs; optax puts ε inside by default too), D ← √(s + ε) and the
// learning rate goes inside the buffer: b ← μ b + γ g/D; θ ← θ − b. As with Momentum, the
// two differ once γ changes. In the centered form, s is clamped at 0 so that rounding
// cannot make its root NaN (mathematically v ≥ ḡ²).
//
// EffectiveStep is γ/D, the factor the last step applied to g before the momentum buffer.
// SecondMoment returns v, MeanGrad ḡ (zeros unless Centered), Velocity b (zeros when μ = 0).
type RMSProp struct {
	cfg RMSPropConfig
	optBase
	mu      float64
	v, gAvg []float64
	buf     []float64
	eff     []float64
}

// NewRMSProp returns RMSProp on dim parameters.
func NewRMSProp(dim int, c RMSPropConfig) (*RMSProp, error) {
	ck := newOptChecker("RMSProp", dim, c.LR)
	ck.unit("Alpha", c.Alpha)
	ck.positive("Eps", c.Eps)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	ck.unit("Momentum", c.Momentum)
	if ck.err != nil {
		return nil, ck.err
	}
	return &RMSProp{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, mu: c.Momentum,
		v: make([]float64, dim), gAvg: make([]float64, dim), buf: make([]float64, dim)}, nil
}

// Step applies one RMSProp update.
func (o *RMSProp) Step(params, grad []float64) error {
	if err := optStepCheck("RMSProp", o.dim, params, grad, o.lr, "Momentum", o.mu); err != nil {
		return err
	}
	o.t++
	o.lastLR = o.lr
	rmspropStep(params, grad, o.v, o.gAvg, o.buf, o.lr, o.mu, &o.cfg)
	return nil
}

// rmspropStep applies the update of RMSProp's doc comment. In the momentum branch, PyTorch
// scales g/D by 1 going in and b by γ going out; Keras the other way round.
func rmspropStep(params, grad, v, gAvg, buf []float64, lr, mu float64, c *RMSPropConfig) {
	in, out := 1.0, lr
	if c.Keras {
		in, out = lr, 1
	}
	a, wd, eps := c.Alpha, c.WeightDecay, c.Eps
	grad, v, gAvg, buf = grad[:len(params)], v[:len(params)], gAvg[:len(params)], buf[:len(params)]
	for i, p := range params {
		g := grad[i] + wd*p
		v[i] = a*v[i] + (1-a)*g*g
		s := v[i]
		if c.Centered {
			gAvg[i] = a*gAvg[i] + (1-a)*g
			s = max(s-gAvg[i]*gAvg[i], 0)
		}
		u := g / rootDenom(s, eps, c.Keras)
		if mu > 0 {
			buf[i] = mu*buf[i] + in*u
			params[i] = p - out*buf[i]
		} else {
			params[i] = p - lr*u
		}
	}
}

// EffectiveStep returns γ/D per parameter for the last step (see RMSProp), all zeros before
// the first step. It is computed on each call into a buffer that the next call overwrites.
func (o *RMSProp) EffectiveStep() []float64 {
	o.eff = optBuffer(o.eff, o.dim)
	if o.t == 0 {
		return o.eff
	}
	for i, s := range o.v {
		if o.cfg.Centered {
			s = max(s-o.gAvg[i]*o.gAvg[i], 0)
		}
		o.eff[i] = o.lastLR / rootDenom(s, o.cfg.Eps, o.cfg.Keras)
	}
	return o.eff
}

func (o *RMSProp) Reset() {
	o.t, o.lr, o.mu, o.lastLR = 0, o.cfg.LR, o.cfg.Momentum, 0
	clear(o.v)
	clear(o.gAvg)
	clear(o.buf)
}
func (o *RMSProp) Momentum() float64 { return o.mu }

// SetMomentum sets the momentum μ of the following steps; Step rejects a value outside [0, 1).
func (o *RMSProp) SetMomentum(mu float64)  { o.mu = mu }
func (o *RMSProp) SecondMoment() []float64 { return o.v }    // live view of v
func (o *RMSProp) MeanGrad() []float64     { return o.gAvg } // live view of ḡ
func (o *RMSProp) Velocity() []float64     { return o.buf }  // live view of b
func (o *RMSProp) Name() string            { return "RMSProp(lr=" + optFmt(o.cfg.LR) + ")" }

// AdadeltaConfig holds the hyperparameters of Adadelta.
type AdadeltaConfig struct {
	LR          float64 // learning rate γ > 0 (PyTorch default 1.0; Keras and tfjs 1e-3)
	Rho         float64 // ρ in [0, 1) (PyTorch 0.9; Keras and tfjs 0.95)
	Eps         float64 // ε > 0 (PyTorch 1e-6; Keras 1e-7)
	WeightDecay float64 // L2 coefficient λ >= 0: g ← g + λθ (default 0)
}

// DefaultAdadeltaConfig returns PyTorch's defaults: LR 1.0, Rho 0.9, Eps 1e-6, no weight decay.
func DefaultAdadeltaConfig() AdadeltaConfig { return AdadeltaConfig{LR: 1, Rho: 0.9, Eps: 1e-6} }

// Adadelta scales each step by the ratio of two running roots, as torch.optim.Adadelta
// (Keras and optax compute the same rule; Keras with other defaults):
//
//	g ← g + λθ                                   (when WeightDecay λ ≠ 0)
//	v ← ρ v + (1 − ρ) g²
//	Δ ← √(u + ε) / √(v + ε) · g                  (new v, old u)
//	u ← ρ u + (1 − ρ) Δ²
//	θ ← θ − γ Δ
//
// EffectiveStep is γ √(u_old + ε)/√(v + ε), the factor the last step applied to g; it is
// written by Step (it needs the old u). SecondMoment returns v, SquaredUpdates u.
type Adadelta struct {
	cfg AdadeltaConfig
	optBase
	v, u []float64
	eff  []float64
}

// NewAdadelta returns Adadelta on dim parameters.
func NewAdadelta(dim int, c AdadeltaConfig) (*Adadelta, error) {
	ck := newOptChecker("Adadelta", dim, c.LR)
	ck.unit("Rho", c.Rho)
	ck.positive("Eps", c.Eps)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err != nil {
		return nil, ck.err
	}
	return &Adadelta{cfg: c, optBase: optBase{dim: dim, lr: c.LR},
		v: make([]float64, dim), u: make([]float64, dim), eff: make([]float64, dim)}, nil
}

// Step applies one Adadelta update.
func (o *Adadelta) Step(params, grad []float64) error {
	if err := optStepCheck("Adadelta", o.dim, params, grad, o.lr, "", 0); err != nil {
		return err
	}
	o.t++
	adadeltaStep(params, grad, o.v, o.u, o.eff, o.lr, o.cfg.Rho, o.cfg.Eps, o.cfg.WeightDecay)
	return nil
}

// adadeltaStep applies the update of Adadelta's doc comment and writes γ·√(u+ε)/√(v+ε) to eff.
func adadeltaStep(params, grad, v, u, eff []float64, lr, rho, eps, wd float64) {
	grad, v, u, eff = grad[:len(params)], v[:len(params)], u[:len(params)], eff[:len(params)]
	for i, p := range params {
		g := grad[i] + wd*p
		v[i] = rho*v[i] + (1-rho)*g*g
		scale := math.Sqrt(u[i]+eps) / math.Sqrt(v[i]+eps)
		delta := scale * g
		u[i] = rho*u[i] + (1-rho)*delta*delta
		eff[i] = lr * scale
		params[i] = p - lr*delta
	}
}

// EffectiveStep returns γ √(u_old + ε)/√(v + ε) of the last step (zeros before the first):
// a live view that Step overwrites.
func (o *Adadelta) EffectiveStep() []float64 { return o.eff }

func (o *Adadelta) Reset() {
	o.t, o.lr = 0, o.cfg.LR
	clear(o.v)
	clear(o.u)
	clear(o.eff)
}
func (o *Adadelta) SecondMoment() []float64   { return o.v } // live view of v
func (o *Adadelta) SquaredUpdates() []float64 { return o.u } // live view of u
func (o *Adadelta) Name() string              { return fmt.Sprintf("Adadelta(lr=%s)", optFmt(o.cfg.LR)) }
