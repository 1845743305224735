package gdlib

import (
	"math"
	"testing"
)

// Reference trajectories. Each optimizer is compared, for 25 steps on a separable 3-D
// problem, with a scalar implementation written here directly from the update equations
// of anchors/optimizer-rules-and-go-peers.md (Part A). The references share no code with
// the optimizers: they use math.Pow for bias corrections, the textbook order of
// operations, and one coordinate at a time. The learning rate and the momentum change
// in the second half of the run (through SetLR and SetMomentum), so the comparison also
// covers where the lr sits in each update.

// optRefStep updates one coordinate x with gradient g at learning rate lr and momentum
// (or β1) mu, and returns the new x. It keeps its own state in a closure.
type optRefStep func(x, g, lr, mu float64) float64

// optRefProblem is the gradient of f(x) = Σ ½ a_i x_i² − b_i cos(0.7k + i) x_i at step k:
// a different curvature and a drifting, sign-changing pull in each coordinate.
var (
	optRefA  = [3]float64{3, 0.5, 1e-3}
	optRefB  = [3]float64{0.1, -2, 1e-4}
	optRefX0 = [3]float64{1, -2, 0.5}
)

func optRefGrad(i, k int, x float64) float64 {
	return optRefA[i]*x - optRefB[i]*math.Cos(0.7*float64(k)+float64(i))
}

// optRefSchedule is the learning rate and momentum of step k: the configured values for
// 12 steps, then a wobbling lr and a slightly lower momentum.
func optRefSchedule(k int, lr0, mu0 float64) (lr, mu float64) {
	if k < 12 {
		return lr0, mu0
	}
	return lr0 * (0.5 + 0.3*math.Sin(float64(k))), mu0 * (0.95 + 0.03*math.Cos(float64(k)))
}

func optRefSGD(c SGDConfig) optRefStep {
	return func(x, g, lr, _ float64) float64 {
		g = g + c.WeightDecay*x
		return x - lr*g
	}
}

func optRefMomentumPyTorch(c MomentumConfig) optRefStep {
	var b float64
	t := 0
	return func(x, g, lr, mu float64) float64 {
		t++
		g = g + c.WeightDecay*x
		if t == 1 {
			b = g
		} else {
			b = mu*b + (1-c.Dampening)*g
		}
		return x - lr*b
	}
}

// optRefMomentumClassic is cs231n: v = mu*v - learning_rate*dx; x += v.
func optRefMomentumClassic(c MomentumConfig) optRefStep {
	var v float64
	return func(x, g, lr, mu float64) float64 {
		dx := g + c.WeightDecay*x
		v = mu*v - lr*dx
		return x + v
	}
}

func optRefNesterovPyTorch(c NesterovConfig) optRefStep {
	var b float64
	t := 0
	return func(x, g, lr, mu float64) float64 {
		t++
		g = g + c.WeightDecay*x
		if t == 1 {
			b = g
		} else {
			b = mu*b + g
		}
		g = g + mu*b
		return x - lr*g
	}
}

// optRefNesterovLookahead is cs231n's reformulation, verbatim.
func optRefNesterovLookahead(c NesterovConfig) optRefStep {
	var v float64
	return func(x, g, lr, mu float64) float64 {
		dx := g + c.WeightDecay*x
		vPrev := v
		v = mu*v - lr*dx
		return x + (-mu*vPrev + (1+mu)*v)
	}
}

func optRefAdaGrad(c AdaGradConfig) optRefStep {
	sum := c.InitialAccumulator
	t := 0
	return func(x, g, lr, _ float64) float64 {
		t++
		clr := lr / (1 + float64(t-1)*c.LRDecay)
		g = g + c.WeightDecay*x
		sum = sum + g*g
		if c.EpsInsideSqrt { // Keras: variable -= lr * g / sqrt(accumulator + epsilon)
			return x - clr*g/math.Sqrt(sum+c.Eps)
		}
		return x - clr*g/(math.Sqrt(sum)+c.Eps)
	}
}

func optRefRMSPropPyTorch(c RMSPropConfig) optRefStep {
	var v, gAve, b float64
	return func(x, g, lr, mu float64) float64 {
		g = g + c.WeightDecay*x
		v = c.Alpha*v + (1-c.Alpha)*g*g
		vt := v
		if c.Centered {
			gAve = c.Alpha*gAve + (1-c.Alpha)*g
			vt = vt - gAve*gAve
		}
		if mu > 0 {
			b = mu*b + g/(math.Sqrt(vt)+c.Eps)
			return x - lr*b
		}
		return x - lr*g/(math.Sqrt(vt)+c.Eps)
	}
}

// optRefRMSPropKeras follows keras/src/optimizers/rmsprop.py update_step.
func optRefRMSPropKeras(c RMSPropConfig) optRefStep {
	var velocity, avgGrad, mom float64
	return func(x, g, lr, mu float64) float64 {
		g = g + c.WeightDecay*x
		velocity = c.Alpha*velocity + (1-c.Alpha)*g*g
		denominator := velocity + c.Eps
		if c.Centered {
			avgGrad = c.Alpha*avgGrad + (1-c.Alpha)*g
			denominator = velocity - avgGrad*avgGrad + c.Eps
		}
		increment := lr * g / math.Sqrt(denominator)
		if mu > 0 {
			mom = mu*mom + increment
			return x - mom
		}
		return x - increment
	}
}

func optRefAdadelta(c AdadeltaConfig) optRefStep {
	var v, u float64
	return func(x, g, lr, _ float64) float64 {
		g = g + c.WeightDecay*x
		v = c.Rho*v + (1-c.Rho)*g*g
		delta := math.Sqrt(u+c.Eps) / math.Sqrt(v+c.Eps) * g
		u = c.Rho*u + (1-c.Rho)*delta*delta
		return x - lr*delta
	}
}

func optRefAdam(c AdamConfig) optRefStep {
	var m, v, vMax float64
	t := 0
	return func(x, g, lr, beta1 float64) float64 {
		t++
		if c.Decoupled {
			x = x - lr*c.WeightDecay*x
		} else {
			g = g + c.WeightDecay*x
		}
		m = beta1*m + (1-beta1)*g
		v = optRefBeta2(v, c.Beta2, g)
		vUse := v
		if c.AMSGrad {
			vMax = math.Max(vMax, v)
			vUse = vMax
		}
		bc1 := 1 - math.Pow(beta1, float64(t))
		bc2 := 1 - math.Pow(c.Beta2, float64(t))
		if c.EpsHat { // Keras: alpha = lr*sqrt(1-b2^t)/(1-b1^t); x -= alpha*m/(sqrt(v)+eps)
			alpha := lr * math.Sqrt(bc2) / bc1
			return x - alpha*m/(math.Sqrt(vUse)+c.Eps)
		}
		mHat := m / bc1
		vHat := vUse / bc2
		return x - lr*mHat/(math.Sqrt(vHat)+c.Eps)
	}
}

func optRefBeta2(v, b2, g float64) float64 { return b2*v + (1-b2)*g*g }

func optRefAdamax(c AdamaxConfig) optRefStep {
	var m, u float64
	t := 0
	return func(x, g, lr, beta1 float64) float64 {
		t++
		g = g + c.WeightDecay*x
		m = beta1*m + (1-beta1)*g
		u = math.Max(c.Beta2*u, math.Abs(g)+c.Eps)
		return x - lr*m/((1-math.Pow(beta1, float64(t)))*u)
	}
}

func optRefNAdam(c NAdamConfig) optRefStep {
	var m, v float64
	prod := 1.0 // ∏ μ_i
	t := 0
	return func(x, g, lr, beta1 float64) float64 {
		t++
		if c.Decoupled {
			x = x - lr*c.WeightDecay*x
		} else {
			g = g + c.WeightDecay*x
		}
		muT := beta1 * (1 - 0.5*math.Pow(0.96, float64(t)*c.MomentumDecay))
		muNext := beta1 * (1 - 0.5*math.Pow(0.96, float64(t+1)*c.MomentumDecay))
		prod *= muT
		m = beta1*m + (1-beta1)*g
		v = c.Beta2*v + (1-c.Beta2)*g*g
		mHat := muNext*m/(1-prod*muNext) + (1-muT)*g/(1-prod)
		vHat := v / (1 - math.Pow(c.Beta2, float64(t)))
		return x - lr*mHat/(math.Sqrt(vHat)+c.Eps)
	}
}

// optRefLion follows optax: c = b1*m + (1-b1)*g; u = -lr*(sign(c) + wd*x); m = b2*m + (1-b2)*g.
func optRefLion(c LionConfig) optRefStep {
	var m float64
	return func(x, g, lr, beta1 float64) float64 {
		ct := beta1*m + (1-beta1)*g
		s := 0.0
		if ct > 0 {
			s = 1
		} else if ct < 0 {
			s = -1
		}
		x = x - lr*(s+c.WeightDecay*x)
		m = c.Beta2*m + (1-c.Beta2)*g
		return x
	}
}

// optRefCase is one optimizer configuration and its reference.
type optRefCase struct {
	name     string
	lr0, mu0 float64 // the config's learning rate and momentum (or β1; 0 if none)
	make     func() (Optimizer, error)
	ref      func() optRefStep
}

func optRefCases() []optRefCase {
	var cs []optRefCase
	add := func(name string, lr0, mu0 float64, mk func() (Optimizer, error), ref func() optRefStep) {
		cs = append(cs, optRefCase{name, lr0, mu0, mk, ref})
	}
	for _, wd := range []float64{0, 0.3} {
		c := DefaultSGDConfig()
		c.LR, c.WeightDecay = 0.1, wd
		add("SGD/wd="+optFmt(wd), c.LR, 0, func() (Optimizer, error) { return NewSGD(3, c) },
			func() optRefStep { return optRefSGD(c) })
	}
	for _, v := range []struct {
		name string
		edit func(*MomentumConfig)
	}{
		{"pytorch", func(c *MomentumConfig) {}},
		{"pytorch/damp+wd", func(c *MomentumConfig) { c.Dampening, c.WeightDecay = 0.3, 0.05 }},
		{"classic", func(c *MomentumConfig) { c.Form = MomentumClassic }},
		{"classic/wd", func(c *MomentumConfig) { c.Form, c.WeightDecay = MomentumClassic, 0.05 }},
	} {
		c := DefaultMomentumConfig()
		c.LR = 0.05
		v.edit(&c)
		ref := func() optRefStep { return optRefMomentumPyTorch(c) }
		if c.Form == MomentumClassic {
			ref = func() optRefStep { return optRefMomentumClassic(c) }
		}
		add("Momentum/"+v.name, c.LR, c.Momentum, func() (Optimizer, error) { return NewMomentum(3, c) }, ref)
	}
	for _, form := range []NesterovForm{NesterovPyTorch, NesterovLookahead} {
		for _, wd := range []float64{0, 0.05} {
			c := DefaultNesterovConfig()
			c.LR, c.Form, c.WeightDecay = 0.05, form, wd
			ref := func() optRefStep { return optRefNesterovPyTorch(c) }
			if form == NesterovLookahead {
				ref = func() optRefStep { return optRefNesterovLookahead(c) }
			}
			add("Nesterov/"+form.String()+"/wd="+optFmt(wd), c.LR, c.Momentum,
				func() (Optimizer, error) { return NewNesterov(3, c) }, ref)
		}
	}
	for _, v := range []struct {
		name string
		c    AdaGradConfig
	}{
		{"default", func() AdaGradConfig { c := DefaultAdaGradConfig(); c.LR = 0.1; return c }()},
		{"decay+wd+init", AdaGradConfig{LR: 0.1, LRDecay: 0.05, WeightDecay: 0.1, InitialAccumulator: 0.2, Eps: 1e-10}},
		{"keras", func() AdaGradConfig { c := KerasAdaGradConfig(); c.LR = 0.1; return c }()},
	} {
		c := v.c
		add("AdaGrad/"+v.name, c.LR, 0, func() (Optimizer, error) { return NewAdaGrad(3, c) },
			func() optRefStep { return optRefAdaGrad(c) })
	}
	for _, v := range []struct {
		name string
		edit func(*RMSPropConfig)
	}{
		{"plain", func(c *RMSPropConfig) {}},
		{"centered", func(c *RMSPropConfig) { c.Centered = true }},
		{"momentum", func(c *RMSPropConfig) { c.Momentum = 0.9 }},
		{"centered+momentum+wd", func(c *RMSPropConfig) { c.Centered, c.Momentum, c.WeightDecay = true, 0.5, 0.1 }},
		{"keras", func(c *RMSPropConfig) { *c = KerasRMSPropConfig() }},
		{"keras/momentum", func(c *RMSPropConfig) { *c = KerasRMSPropConfig(); c.Momentum = 0.9 }},
		{"keras/centered+momentum", func(c *RMSPropConfig) { *c = KerasRMSPropConfig(); c.Centered, c.Momentum = true, 0.8 }},
	} {
		c := DefaultRMSPropConfig()
		v.edit(&c)
		c.LR = 0.01
		ref := func() optRefStep { return optRefRMSPropPyTorch(c) }
		if c.Keras {
			ref = func() optRefStep { return optRefRMSPropKeras(c) }
		}
		add("RMSProp/"+v.name, c.LR, c.Momentum, func() (Optimizer, error) { return NewRMSProp(3, c) }, ref)
	}
	for _, wd := range []float64{0, 0.1} {
		c := DefaultAdadeltaConfig()
		c.WeightDecay = wd
		add("Adadelta/wd="+optFmt(wd), c.LR, 0, func() (Optimizer, error) { return NewAdadelta(3, c) },
			func() optRefStep { return optRefAdadelta(c) })
	}
	for _, v := range []struct {
		name string
		edit func(*AdamConfig)
	}{
		{"default", func(c *AdamConfig) {}},
		{"amsgrad", func(c *AdamConfig) { c.AMSGrad = true }},
		{"epshat", func(c *AdamConfig) { c.EpsHat, c.Eps = true, 1e-3 }},
		{"epshat+amsgrad", func(c *AdamConfig) { c.EpsHat, c.AMSGrad, c.Eps = true, true, 1e-3 }},
		{"l2", func(c *AdamConfig) { c.WeightDecay = 0.1 }},
		{"adamw", func(c *AdamConfig) { *c = DefaultAdamWConfig(); c.WeightDecay = 0.1 }},
		{"adamw+amsgrad", func(c *AdamConfig) { *c = DefaultAdamWConfig(); c.AMSGrad = true }},
		{"bigeps", func(c *AdamConfig) { c.Eps = 0.1 }},
	} {
		c := DefaultAdamConfig()
		v.edit(&c)
		c.LR = 0.05
		add("Adam/"+v.name, c.LR, c.Beta1, func() (Optimizer, error) { return NewAdam(3, c) },
			func() optRefStep { return optRefAdam(c) })
	}
	for _, wd := range []float64{0, 0.1} {
		c := DefaultAdamaxConfig()
		c.LR, c.WeightDecay = 0.05, wd
		add("Adamax/wd="+optFmt(wd), c.LR, c.Beta1, func() (Optimizer, error) { return NewAdamax(3, c) },
			func() optRefStep { return optRefAdamax(c) })
	}
	for _, v := range []struct {
		name string
		edit func(*NAdamConfig)
	}{
		{"default", func(c *NAdamConfig) {}},
		{"l2", func(c *NAdamConfig) { c.WeightDecay = 0.1 }},
		{"decoupled", func(c *NAdamConfig) { c.WeightDecay, c.Decoupled = 0.1, true }},
		{"psi=0.5", func(c *NAdamConfig) { c.MomentumDecay = 0.5 }},
	} {
		c := DefaultNAdamConfig()
		v.edit(&c)
		c.LR = 0.05
		add("NAdam/"+v.name, c.LR, c.Beta1, func() (Optimizer, error) { return NewNAdam(3, c) },
			func() optRefStep { return optRefNAdam(c) })
	}
	for _, wd := range []float64{0, 0.1} {
		c := DefaultLionConfig()
		c.LR, c.WeightDecay = 0.02, wd
		add("Lion/wd="+optFmt(wd), c.LR, c.Beta1, func() (Optimizer, error) { return NewLion(3, c) },
			func() optRefStep { return optRefLion(c) })
	}
	return cs
}

func TestOptimReferenceTrajectories(t *testing.T) {
	const steps = 25
	for _, tc := range optRefCases() {
		t.Run(tc.name, func(t *testing.T) {
			opt, err := tc.make()
			if err != nil {
				t.Fatal(err)
			}
			ms, hasMu := opt.(MomentumSetter)
			refs := [3]optRefStep{tc.ref(), tc.ref(), tc.ref()}
			want := optRefX0
			x := append([]float64(nil), optRefX0[:]...)
			grad := make([]float64, 3)
			for k := range steps {
				lr, mu := optRefSchedule(k, tc.lr0, tc.mu0)
				opt.SetLR(lr)
				if hasMu {
					ms.SetMomentum(mu)
				}
				for i := range 3 {
					grad[i] = optRefGrad(i, k, x[i])
					want[i] = refs[i](want[i], optRefGrad(i, k, want[i]), lr, mu)
				}
				if err := opt.Step(x, grad); err != nil {
					t.Fatalf("step %d: %v", k, err)
				}
				for i := range 3 {
					if !optCloseRel(x[i], want[i], 1e-12) {
						t.Fatalf("step %d, x[%d] = %.17g, reference %.17g (rel. diff %.2g)",
							k+1, i, x[i], want[i], math.Abs(x[i]-want[i])/math.Abs(want[i]))
					}
				}
			}
		})
	}
}

// optCloseRel reports whether a and b agree to a relative tolerance tol.
func optCloseRel(a, b, tol float64) bool {
	return a == b || math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}
