package gdlib

import (
	"fmt"
	"math"
)

// RangeTestConfig holds the settings of LRRangeTest, with fastai's lr_find defaults.
type RangeTestConfig struct {
	MinLR      float64 // first learning rate, > 0 (default 1e-7)
	MaxLR      float64 // last learning rate, > MinLR (default 10)
	Steps      int     // number of steps, >= 2 (default 100)
	Smoothing  float64 // β of the debiased moving average of the loss, in [0, 1) (default 0.98; 0: none)
	StopFactor float64 // stop once smoothed loss > StopFactor·best smoothed loss; 0: never (default 4)
}

// DefaultRangeTestConfig returns fastai's defaults: 1e-7 to 10 over 100 steps, smoothing
// 0.98, stop at 4× the best loss.
func DefaultRangeTestConfig() RangeTestConfig {
	return RangeTestConfig{MinLR: 1e-7, MaxLR: 10, Steps: 100, Smoothing: 0.98, StopFactor: 4}
}

// RangeTest is the record of an LR range test: one entry per step taken.
type RangeTest struct {
	LR       []float64 // learning rate of each step
	Loss     []float64 // loss returned by each step
	Smoothed []float64 // debiased moving average of Loss
	// Suggested is fastai's "steep" suggestion: the LR at which the smoothed loss falls
	// fastest per unit of log LR, lr_i with i = argmin (s_{i+1} − s_i).
	Suggested float64
	// MinOver10 is fastai's "minimum" suggestion: the LR of the lowest smoothed loss, / 10.
	MinOver10 float64
	// Stopped is true when the test ended before Steps: the smoothed loss exceeded
	// StopFactor times its best, or a loss was not finite (that loss is not recorded).
	Stopped bool
}

// LRRangeTest runs Smith's learning-rate range test as fastai's lr_find: the rate grows
// exponentially from MinLR to MaxLR over Steps steps,
//
//	lr_i = MinLR · (MaxLR/MinLR)^(i/(Steps−1)),   i = 0, ..., Steps−1
//
// (both ends included), and step(lr_i) must take one optimizer step at rate lr_i and return
// the loss (a mini-batch loss, say). The loss is smoothed by a debiased moving average,
// a ← β a + (1 − β) loss, s_i = a/(1 − β^(i+1)). The test stops early when s_i exceeds
// StopFactor times the smallest s so far, or when a loss is not finite. Losses are assumed
// positive.
//
// Both suggestions are computed on the smoothed loss, skipping, as fastai does, the first
// tenth and the last 5 points when at least 2 points remain (all points otherwise).
// The result's Suggested is the steepest-descent rate. LRRangeTest returns an error for
// an invalid config, or when fewer than 2 finite losses were recorded (the result then
// holds what was recorded, with no suggestion).
func LRRangeTest(step func(lr float64) (loss float64), c RangeTestConfig) (RangeTest, error) {
	ck := &optChecker{who: "LRRangeTest"}
	ck.positive("MinLR", c.MinLR)
	ck.positive("MaxLR", c.MaxLR)
	if ck.err == nil && !(c.MaxLR > c.MinLR) {
		ck.fail("MaxLR", c.MaxLR, fmt.Sprintf("MaxLR > MinLR = %s", optFmt(c.MinLR)))
	}
	ck.atLeast("Steps", c.Steps, 2)
	ck.unit("Smoothing", c.Smoothing)
	if !(c.StopFactor == 0 || c.StopFactor >= 1 && !math.IsInf(c.StopFactor, 1)) {
		ck.fail("StopFactor", c.StopFactor, "StopFactor = 0 or 1 <= StopFactor < ∞")
	}
	if step == nil && ck.err == nil {
		ck.err = fmt.Errorf("gdlib: LRRangeTest: step = nil, want a function")
	}
	if ck.err != nil {
		return RangeTest{}, ck.err
	}
	var r RangeTest
	avg, best := 0.0, math.Inf(1)
	ratio := c.MaxLR / c.MinLR
	for i := range c.Steps {
		lr := c.MinLR * math.Pow(ratio, float64(i)/float64(c.Steps-1))
		loss := step(lr)
		if !optFinite(loss) {
			r.Stopped = true
			break
		}
		avg = c.Smoothing*avg + (1-c.Smoothing)*loss
		s := avg / (1 - math.Pow(c.Smoothing, float64(i+1)))
		r.LR, r.Loss, r.Smoothed = append(r.LR, lr), append(r.Loss, loss), append(r.Smoothed, s)
		best = min(best, s)
		if c.StopFactor > 0 && s > c.StopFactor*best && i < c.Steps-1 {
			r.Stopped = true
			break
		}
	}
	if len(r.LR) < 2 {
		return r, fmt.Errorf("gdlib: LRRangeTest: %d finite losses recorded, want at least 2 for a suggestion", len(r.LR))
	}
	lrs, s := r.LR, r.Smoothed
	if lo, hi := len(lrs)/10, len(lrs)-5; hi-lo >= 2 {
		lrs, s = lrs[lo:hi], s[lo:hi]
	}
	steep, low := 0, 0
	for i := range s {
		if i+1 < len(s) && s[i+1]-s[i] < s[steep+1]-s[steep] {
			steep = i
		}
		if s[i] < s[low] {
			low = i
		}
	}
	r.Suggested, r.MinOver10 = lrs[steep], lrs[low]/10
	return r, nil
}
