package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
)

// OptimizerNames are the names OptimizerByName knows, in the order notebook 05 introduces them.
var OptimizerNames = []string{"SGD", "Momentum", "AdaGrad", "RMSProp", "Adam", "AdamW", "Adamax", "NAdam", "Lion", "AMSGrad", "Adadelta"}

// OptimizerByName returns the named optimizer on dim parameters with learning rate lr and
// PyTorch's defaults for everything else (gdlib's Default…Config): SGD; Momentum with μ = 0.9;
// AdaGrad; RMSProp with α = 0.99; Adam; AMSGrad (Adam dividing by the running maximum of v);
// AdamW with decoupled weight decay 0.01; Adamax; NAdam; Lion; Adadelta with ρ = 0.9 and
// ε = 1e-6 (its own learning rate η multiplies the step, PyTorch's default 1). It returns gdlib's error for an
// invalid lr or dim, and an error naming the known optimizers for an unknown name.
func OptimizerByName(name string, dim int, lr float64) (gdlib.Optimizer, error) {
	switch name {
	case "SGD":
		return gdlib.NewSGD(dim, gdlib.SGDConfig{LR: lr})
	case "Momentum":
		c := gdlib.DefaultMomentumConfig()
		c.LR = lr
		return gdlib.NewMomentum(dim, c)
	case "AdaGrad":
		c := gdlib.DefaultAdaGradConfig()
		c.LR = lr
		return gdlib.NewAdaGrad(dim, c)
	case "RMSProp":
		c := gdlib.DefaultRMSPropConfig()
		c.LR = lr
		return gdlib.NewRMSProp(dim, c)
	case "Adam", "AMSGrad":
		c := gdlib.DefaultAdamConfig()
		c.LR, c.AMSGrad = lr, name == "AMSGrad"
		return gdlib.NewAdam(dim, c)
	case "AdamW":
		c := gdlib.DefaultAdamWConfig()
		c.LR = lr
		return gdlib.NewAdamW(dim, c)
	case "Adamax":
		c := gdlib.DefaultAdamaxConfig()
		c.LR = lr
		return gdlib.NewAdamax(dim, c)
	case "NAdam":
		c := gdlib.DefaultNAdamConfig()
		c.LR = lr
		return gdlib.NewNAdam(dim, c)
	case "Lion":
		c := gdlib.DefaultLionConfig()
		c.LR = lr
		return gdlib.NewLion(dim, c)
	case "Adadelta":
		c := gdlib.DefaultAdadeltaConfig()
		c.LR = lr
		return gdlib.NewAdadelta(dim, c)
	}
	return nil, fmt.Errorf("lesson: no optimizer named %q (known: %v)", name, OptimizerNames)
}

func adaFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
