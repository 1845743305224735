package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
)

// MomentumEscape is section 4's measurement for one momentum μ at step size η: the steps heavy ball
// needs to cross the sigmoid plateau from x0 = −8 (to x ≥ 0) and to leave the saddle
// x² − y² from (1, 10⁻⁸) (to f < −1), −1 for "not within the budget", and the saddle's root
// formula: y grows by the larger root r of z² − (1 + μ + 2η)z + μ = 0 per step, so it takes
// ln(10⁸)/ln r steps to grow from 10⁻⁸ to about 1.
type MomentumEscape struct {
	Mu                          float64
	Plateau, Saddle             int
	SaddleTheory                float64
	BudgetPlateau, BudgetSaddle int
	Trace                       gdlib.Trace // the plateau run
}

// RunEscapes runs heavy ball (gdlib's Momentum) at step size η for each momentum of mus on
// the plateau (up to 4000/η steps) and at the saddle (up to max(200/η, 200) steps).
func RunEscapes(lr float64, mus []float64) []MomentumEscape {
	plateau, saddle := gdlib.SigmoidPlateau(), gdlib.Saddle()
	budgetP, budgetS := int(4000/lr), max(int(200/lr), 200)
	var es []MomentumEscape
	for _, mu := range mus {
		newOpt := func(dim int) gdlib.Optimizer {
			return gdlib.Must(gdlib.NewMomentum(dim, gdlib.MomentumConfig{LR: lr, Momentum: mu}))
		}
		kp, tr := RunUntil(plateau, []float64{-8}, newOpt(1), gdlib.RunOptions{Steps: budgetP, Label: fmt.Sprintf("momentum μ = %g", mu)},
			func(x []float64) bool { return x[0] >= 0 })
		ks, _ := RunUntil(saddle, []float64{1, 1e-8}, newOpt(2), gdlib.RunOptions{Steps: budgetS},
			func(x []float64) bool { return saddle.F(x) < -1 })
		b := 1 + mu + 2*lr
		theory := math.Log(1e8) / math.Log((b+math.Sqrt(b*b-4*mu))/2)
		es = append(es, MomentumEscape{Mu: mu, Plateau: kp, Saddle: ks, SaddleTheory: theory, BudgetPlateau: budgetP, BudgetSaddle: budgetS, Trace: tr})
	}
	return es
}

// PrintEscapes prints one line per momentum: the plateau crossing and the saddle escape with
// its root formula in brackets.
func PrintEscapes(es []MomentumEscape) {
	fmt.Printf("%-20s %24s %32s\n", "", "plateau: steps to x ≥ 0", "saddle: steps to f < −1 (theory)")
	for _, e := range es {
		fmt.Printf("%-20s %24s %24s (%4.0f)\n", e.Trace.Label, StepsWithin(e.Plateau, e.BudgetPlateau), StepsWithin(e.Saddle, e.BudgetSaddle), e.SaddleTheory)
	}
}

// EscapeTraces returns the plateau runs' traces.
func EscapeTraces(es []MomentumEscape) []gdlib.Trace {
	var trs []gdlib.Trace
	for _, e := range es {
		trs = append(trs, e.Trace)
	}
	return trs
}

// EscapesFound reports whether every run crossed the plateau and left the saddle in budget.
func EscapesFound(es []MomentumEscape) bool {
	for _, e := range es {
		if e.Plateau < 0 || e.Saddle < 0 {
			return false
		}
	}
	return true
}
