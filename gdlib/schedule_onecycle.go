package gdlib

import (
	"fmt"
	"math"
)

// Anneal is the shape of a OneCycleLR phase.
type Anneal int

const (
	AnnealCos    Anneal = iota // end + (start − end)/2 · (cos(π pct) + 1)
	AnnealLinear               // start + (end − start) · pct
)

// OneCycleConfig holds the hyperparameters of OneCycleLR, with PyTorch's names and defaults.
type OneCycleConfig struct {
	MaxLR          float64 // peak learning rate > 0 (required)
	TotalSteps     int     // number of optimizer steps in the cycle (required)
	PctStart       float64 // fraction of the steps spent rising, in (0, 1) (default 0.3)
	Anneal         Anneal  // AnnealCos (default) or AnnealLinear
	BaseMomentum   float64 // lowest momentum, at the peak of the LR, in [0, 1) (default 0.85)
	MaxMomentum    float64 // highest momentum, at the ends, in [0, 1) (default 0.95)
	DivFactor      float64 // initial LR = MaxLR/DivFactor (default 25)
	FinalDivFactor float64 // final LR = initial LR/FinalDivFactor (default 1e4)
	ThreePhase     bool    // rise, fall back to the initial LR, then anneal to the final LR
}

// DefaultOneCycleConfig returns PyTorch's defaults for the required maxLR and totalSteps.
func DefaultOneCycleConfig(maxLR float64, totalSteps int) OneCycleConfig {
	return OneCycleConfig{MaxLR: maxLR, TotalSteps: totalSteps, PctStart: 0.3,
		BaseMomentum: 0.85, MaxMomentum: 0.95, DivFactor: 25, FinalDivFactor: 1e4}
}

// OneCycleLR is PyTorch's OneCycleLR (Smith's 1cycle policy), with its exact phase
// boundaries. With T = TotalSteps, p = PctStart, initial = MaxLR/DivFactor and
// final = initial/FinalDivFactor, the phases end at these (fractional) steps:
//
//	two-phase:   initial → MaxLR at pT − 1,  MaxLR → final at T − 1
//	three-phase: initial → MaxLR at pT − 1,  MaxLR → initial at 2pT − 2,  initial → final at T − 1
//
// Within a phase running from step a to step b, pct = (t − a)/(b − a) and the value is
// annealed from the phase's start to its end (AnnealCos or AnnealLinear). Momentum(t) runs
// the other way, MaxMomentum → BaseMomentum → MaxMomentum (three-phase: then stays at
// MaxMomentum); a runner gives it to an optimizer implementing MomentumSetter (β1 for the
// Adam family), as PyTorch's cycle_momentum does.
//
// PyTorch raises an error for t > T and, at t = T, extrapolates the last phase. Here, for
// t >= T, LR and Momentum return their values at t = T − 1 (the final LR and MaxMomentum),
// and t < 0 is read as 0. The constructor requires pT > 1 (and 2pT < T + 1 for three
// phases) so that every phase has positive length; PyTorch divides by zero at pT = 1.
// optax's cosine_onecycle_schedule puts the boundaries at ⌊pT⌋ and T and does not match
// step for step.
type OneCycleLR struct {
	cfg    OneCycleConfig
	phases []oneCyclePhase
}

// oneCyclePhase anneals lr and momentum from their start values to their end values,
// ending at step end.
type oneCyclePhase struct {
	end              float64
	lr0, lr1, m0, m1 float64
}

// NewOneCycleLR returns the 1cycle schedule of c.
func NewOneCycleLR(c OneCycleConfig) (*OneCycleLR, error) {
	ck := &optChecker{who: "OneCycleLR"}
	ck.positive("MaxLR", c.MaxLR)
	ck.atLeast("TotalSteps", c.TotalSteps, 2)
	if !(c.PctStart > 0 && c.PctStart < 1) {
		ck.fail("PctStart", c.PctStart, "0 < PctStart < 1")
	}
	ck.unit("BaseMomentum", c.BaseMomentum)
	ck.unit("MaxMomentum", c.MaxMomentum)
	ck.positive("DivFactor", c.DivFactor)
	ck.positive("FinalDivFactor", c.FinalDivFactor)
	if ck.err == nil && c.Anneal != AnnealCos && c.Anneal != AnnealLinear {
		ck.err = fmt.Errorf("gdlib: OneCycleLR: Anneal = %d, want AnnealCos or AnnealLinear", c.Anneal)
	}
	T := float64(c.TotalSteps)
	up := c.PctStart*T - 1 // end of the rising phase
	if ck.err == nil && !(up > 0) {
		ck.fail("PctStart", c.PctStart, fmt.Sprintf("PctStart·TotalSteps > 1 (TotalSteps = %d), so that the rising phase has a length", c.TotalSteps))
	}
	if ck.err == nil && c.ThreePhase && !(2*up < T-1) {
		ck.fail("PctStart", c.PctStart, fmt.Sprintf("2·PctStart·TotalSteps < TotalSteps + 1 (TotalSteps = %d) with ThreePhase, so that the last phase has a length", c.TotalSteps))
	}
	if ck.err != nil {
		return nil, ck.err
	}
	initial := c.MaxLR / c.DivFactor
	final := initial / c.FinalDivFactor
	lo, hi := c.BaseMomentum, c.MaxMomentum
	phases := []oneCyclePhase{
		{end: up, lr0: initial, lr1: c.MaxLR, m0: hi, m1: lo},
		{end: T - 1, lr0: c.MaxLR, lr1: final, m0: lo, m1: hi},
	}
	if c.ThreePhase {
		phases = []oneCyclePhase{
			{end: up, lr0: initial, lr1: c.MaxLR, m0: hi, m1: lo},
			{end: 2 * up, lr0: c.MaxLR, lr1: initial, m0: lo, m1: hi},
			{end: T - 1, lr0: initial, lr1: final, m0: hi, m1: hi},
		}
	}
	return &OneCycleLR{cfg: c, phases: phases}, nil
}

// LR returns the learning rate at step t.
func (s *OneCycleLR) LR(t int) float64 {
	ph, pct := s.phase(t)
	return s.anneal(ph.lr0, ph.lr1, pct)
}

// Momentum returns the cycled momentum (or β1) at step t.
func (s *OneCycleLR) Momentum(t int) float64 {
	ph, pct := s.phase(t)
	return s.anneal(ph.m0, ph.m1, pct)
}

// phase finds the phase holding step t and the fraction pct of it already done, as
// PyTorch's get_lr: the first phase whose end is >= t, else the last one.
func (s *OneCycleLR) phase(t int) (oneCyclePhase, float64) {
	step := float64(min(schedT(t), s.cfg.TotalSteps-1))
	start, last := 0.0, len(s.phases)-1
	for _, ph := range s.phases[:last] {
		if step <= ph.end {
			return ph, (step - start) / (ph.end - start)
		}
		start = ph.end
	}
	ph := s.phases[last]
	return ph, (step - start) / (ph.end - start)
}

// anneal goes from start (pct = 0) to end (pct = 1).
func (s *OneCycleLR) anneal(start, end, pct float64) float64 {
	if s.cfg.Anneal == AnnealLinear {
		return (end-start)*pct + start
	}
	return end + (start-end)/2*(math.Cos(math.Pi*pct)+1)
}
