package gdlib

import (
	"fmt"
	"math"
)

// PlateauMode says whether the monitored metric should go down (a loss) or up (an accuracy).
type PlateauMode int

const (
	PlateauMin PlateauMode = iota // lower is better (default)
	PlateauMax                    // higher is better
)

// ThresholdMode says how much better a metric must be to count as an improvement.
type ThresholdMode int

const (
	ThresholdRel ThresholdMode = iota // better than best·(1 ∓ Threshold) (default)
	ThresholdAbs                      // better than best ∓ Threshold
)

// PlateauConfig holds the hyperparameters of ReduceLROnPlateau, with PyTorch's names.
type PlateauConfig struct {
	Mode          PlateauMode   // PlateauMin (default) or PlateauMax
	Factor        float64       // new LR = Factor · old LR, in (0, 1) (default 0.1)
	Patience      int           // bad epochs tolerated before a cut, >= 0 (default 10)
	Threshold     float64       // improvement margin, >= 0 (default 1e-4; below 1 when relative)
	ThresholdMode ThresholdMode // ThresholdRel (default) or ThresholdAbs
	Cooldown      int           // epochs after a cut during which bad epochs are not counted, >= 0 (default 0)
	MinLR         float64       // lower bound on the LR, >= 0 (default 0)
	Eps           float64       // cuts smaller than Eps are skipped, >= 0 (default 1e-8)
}

// DefaultPlateauConfig returns PyTorch's defaults: min mode, Factor 0.1, Patience 10,
// Threshold 1e-4 relative, Cooldown 0, MinLR 0, Eps 1e-8.
func DefaultPlateauConfig() PlateauConfig {
	return PlateauConfig{Factor: 0.1, Patience: 10, Threshold: 1e-4, Eps: 1e-8}
}

// ReduceLROnPlateau is PyTorch's ReduceLROnPlateau: it cuts the learning rate when a
// metric has stopped improving. It is stateful, not a Schedule: call Step once per epoch
// with the epoch's metric, and give the rate it returns to the optimizer. Each Step does
//
//	if better(metric, best): best ← metric; bad ← 0   else: bad ← bad + 1
//	if cooldown > 0:         cooldown ← cooldown − 1; bad ← 0      (bad epochs ignored)
//	if bad > Patience:                                              (strictly greater)
//	    new ← max(lr·Factor, MinLR); if lr − new > Eps: lr ← new
//	    cooldown ← Cooldown; bad ← 0
//
// where, in min mode, better(a, best) is a < best·(1 − Threshold) (relative) or
// a < best − Threshold (absolute); in max mode a > best·(1 + Threshold) or
// a > best + Threshold. best starts at +∞ (min) or −∞ (max), so the first metric sets it.
// With Patience 10 the cut comes on the 11th bad epoch in a row. A NaN metric counts as
// a bad epoch.
//
// Keras's ReduceLROnPlateau differs: an absolute margin (min_delta), a cut when
// wait >= patience (one epoch earlier), and only while lr > min_lr.
type ReduceLROnPlateau struct {
	cfg      PlateauConfig
	lr0, lr  float64
	best     float64
	bad      int
	cooldown int
	epochs   int
}

// NewReduceLROnPlateau starts at learning rate lr > 0.
func NewReduceLROnPlateau(lr float64, c PlateauConfig) (*ReduceLROnPlateau, error) {
	ck := &optChecker{who: "ReduceLROnPlateau"}
	ck.positive("lr", lr)
	if !(c.Factor > 0 && c.Factor < 1) {
		ck.fail("Factor", c.Factor, "0 < Factor < 1")
	}
	ck.atLeast("Patience", c.Patience, 0)
	ck.nonNegative("Threshold", c.Threshold)
	if c.ThresholdMode == ThresholdRel && c.Threshold >= 1 {
		ck.fail("Threshold", c.Threshold, "Threshold < 1 with ThresholdRel")
	}
	ck.atLeast("Cooldown", c.Cooldown, 0)
	ck.nonNegative("MinLR", c.MinLR)
	ck.nonNegative("Eps", c.Eps)
	if ck.err == nil && c.Mode != PlateauMin && c.Mode != PlateauMax {
		ck.err = fmt.Errorf("gdlib: ReduceLROnPlateau: Mode = %d, want PlateauMin or PlateauMax", c.Mode)
	}
	if ck.err == nil && c.ThresholdMode != ThresholdRel && c.ThresholdMode != ThresholdAbs {
		ck.err = fmt.Errorf("gdlib: ReduceLROnPlateau: ThresholdMode = %d, want ThresholdRel or ThresholdAbs", c.ThresholdMode)
	}
	if ck.err != nil {
		return nil, ck.err
	}
	s := &ReduceLROnPlateau{cfg: c, lr0: lr}
	s.Reset()
	return s, nil
}

// Step records the metric of one epoch and returns the learning rate for the next one.
func (s *ReduceLROnPlateau) Step(metric float64) float64 {
	s.epochs++
	if s.better(metric) {
		s.best, s.bad = metric, 0
	} else {
		s.bad++
	}
	if s.cooldown > 0 {
		s.cooldown--
		s.bad = 0
	}
	if s.bad > s.cfg.Patience {
		if next := max(s.lr*s.cfg.Factor, s.cfg.MinLR); s.lr-next > s.cfg.Eps {
			s.lr = next
		}
		s.cooldown, s.bad = s.cfg.Cooldown, 0
	}
	return s.lr
}

// better reports whether a improves on the best metric so far by the threshold.
func (s *ReduceLROnPlateau) better(a float64) bool {
	c := s.cfg
	switch {
	case c.Mode == PlateauMin && c.ThresholdMode == ThresholdRel:
		return a < s.best*(1-c.Threshold)
	case c.Mode == PlateauMin:
		return a < s.best-c.Threshold
	case c.ThresholdMode == ThresholdRel:
		return a > s.best*(1+c.Threshold)
	default:
		return a > s.best+c.Threshold
	}
}

// Reset returns to the state after construction.
func (s *ReduceLROnPlateau) Reset() {
	s.lr, s.bad, s.cooldown, s.epochs = s.lr0, 0, 0, 0
	s.best = math.Inf(1)
	if s.cfg.Mode == PlateauMax {
		s.best = math.Inf(-1)
	}
}

func (s *ReduceLROnPlateau) LR() float64      { return s.lr }           // learning rate in force
func (s *ReduceLROnPlateau) Best() float64    { return s.best }         // best metric so far
func (s *ReduceLROnPlateau) BadEpochs() int   { return s.bad }          // bad epochs in a row, as counted
func (s *ReduceLROnPlateau) InCooldown() bool { return s.cooldown > 0 } // the next Step is in cooldown
func (s *ReduceLROnPlateau) Epochs() int      { return s.epochs }       // Step calls since construction or Reset
