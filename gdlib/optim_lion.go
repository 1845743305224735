package gdlib

import "fmt"

// LionConfig holds the hyperparameters of Lion.
type LionConfig struct {
	LR          float64 // learning rate γ > 0 (default 1e-3, Keras's; optax has none)
	Beta1       float64 // β1 in [0, 1) (default 0.9)
	Beta2       float64 // β2 in [0, 1) (default 0.99)
	WeightDecay float64 // decoupled λ >= 0 (default 1e-3, optax's; Keras's is none)
}

// DefaultLionConfig returns LR 1e-3, Beta1 0.9, Beta2 0.99, WeightDecay 1e-3. Lion is not
// in torch.optim: the betas and weight decay are optax's defaults, the LR Keras's.
func DefaultLionConfig() LionConfig {
	return LionConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.99, WeightDecay: 1e-3}
}

// Lion (Chen et al. 2023) steps by the sign of an interpolated momentum, as optax.lion:
//
//	c ← β1 m + (1 − β1) g
//	θ ← θ − γ (sign(c) + λθ)                     (sign(0) = 0)
//	m ← β2 m + (1 − β2) g                        (m updated after c, with β2)
//
// Every coordinate moves by exactly γ (plus decay) unless c = 0. Keras's Lion computes
// the same rule, with its decoupled weight decay θ ← θ − γλθ applied first (the same to
// rounding). FirstMoment returns m; SetMomentum sets β1.
type Lion struct {
	cfg LionConfig
	optBase
	b1 float64
	m  []float64
}

// NewLion returns Lion on dim parameters.
func NewLion(dim int, c LionConfig) (*Lion, error) {
	ck := newOptChecker("Lion", dim, c.LR)
	ck.unit("Beta1", c.Beta1)
	ck.unit("Beta2", c.Beta2)
	ck.nonNegative("WeightDecay", c.WeightDecay)
	if ck.err != nil {
		return nil, ck.err
	}
	return &Lion{cfg: c, optBase: optBase{dim: dim, lr: c.LR}, b1: c.Beta1, m: make([]float64, dim)}, nil
}

// Step applies one Lion update.
func (o *Lion) Step(params, grad []float64) error {
	if err := optStepCheck("Lion", o.dim, params, grad, o.lr, "Beta1", o.b1); err != nil {
		return err
	}
	o.t++
	lionStep(params, grad, o.m, o.lr, o.b1, o.cfg.Beta2, o.cfg.WeightDecay)
	return nil
}

// lionStep is c ← β1 m + (1−β1) g; θ ← θ − γ(sign(c) + λθ); m ← β2 m + (1−β2) g.
func lionStep(params, grad, m []float64, lr, b1, b2, wd float64) {
	grad, m = grad[:len(params)], m[:len(params)]
	for i, p := range params {
		g := grad[i]
		c := b1*m[i] + (1-b1)*g
		params[i] = p - lr*(optSign(c)+wd*p)
		m[i] = b2*m[i] + (1-b2)*g
	}
}

func (o *Lion) Reset() {
	o.t, o.lr, o.b1 = 0, o.cfg.LR, o.cfg.Beta1
	clear(o.m)
}
func (o *Lion) Momentum() float64 { return o.b1 }

// SetMomentum sets β1, the interpolation weight of c, for the following steps;
// Step rejects a value outside [0, 1).
func (o *Lion) SetMomentum(beta1 float64) { o.b1 = beta1 }
func (o *Lion) FirstMoment() []float64    { return o.m } // live view of m
func (o *Lion) Name() string              { return fmt.Sprintf("Lion(lr=%s)", optFmt(o.cfg.LR)) }
