package lesson

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/descent-course/descent/gdlib"
)

// Setting is one optimiser setting (learning rate and momentum) run from several starts.
type Setting struct {
	LR, Mom float64
	// Steps holds, per start, the step from which f − f* stays below the tolerance (StepsTo):
	// maxSteps+1 when the run does not settle or diverges.
	Steps []float64
	// Gaps holds, per start, f − f* at the end of the run; +Inf when it diverged.
	Gaps   []float64
	Traces []gdlib.Trace
}

// MedianSteps and MedianGap are the medians over the starts (Median's rule).
func (s Setting) MedianSteps() float64 { return Median(s.Steps) }
func (s Setting) MedianGap() float64   { return Median(s.Gaps) }

// Summary is one line on the setting's runs: the median and range of the steps to settle
// (runs that did not settle within maxSteps count as maxSteps+1) and the median final gap.
// It writes a count above maxSteps as ">maxSteps".
func (s Setting) Summary(maxSteps int) string {
	count := func(k float64) string { return StepsWithin(int(k), maxSteps) }
	return fmt.Sprintf("steps to settle: median %-5s range %s…%s   median final gap %.1e",
		count(s.MedianSteps()), count(slices.Min(s.Steps)), count(slices.Max(s.Steps)), s.MedianGap())
}

// RunSetting runs newOpt(lr, mom) on s from each start for maxSteps steps and measures each
// run with StepsTo at the tolerance tol above s.FMin.
func RunSetting(s gdlib.Surface, starts [][]float64, newOpt func(lr, mom float64) gdlib.Optimizer,
	lr, mom, tol float64, maxSteps int) Setting {
	r := Setting{LR: lr, Mom: mom}
	for _, x0 := range starts {
		k, tr := StepsTo(s, x0, newOpt(lr, mom), tol, maxSteps, "")
		gap := math.Inf(1)
		if !tr.Diverged {
			gap = tr.F[len(tr.F)-1] - s.FMin
		}
		r.Steps, r.Gaps, r.Traces = append(r.Steps, float64(k)), append(r.Gaps, gap), append(r.Traces, tr)
	}
	return r
}

// TuneSettle runs every learning rate of lrs with every momentum of moms (RunSetting) and
// returns the best setting: the fewest median steps to settle below tol, ties broken by the
// smaller median final gap, then by the order of the grids (lrs outer, moms inner).
func TuneSettle(s gdlib.Surface, starts [][]float64, newOpt func(lr, mom float64) gdlib.Optimizer,
	lrs, moms []float64, tol float64, maxSteps int) Setting {
	var best Setting
	for _, lr := range lrs {
		for _, mom := range moms {
			r := RunSetting(s, starts, newOpt, lr, mom, tol, maxSteps)
			if best.Steps == nil || r.MedianSteps() < best.MedianSteps() ||
				(r.MedianSteps() == best.MedianSteps() && r.MedianGap() < best.MedianGap()) {
				best = r
			}
		}
	}
	return best
}

// RandomStarts draws n points uniformly from the box {xmin, xmax, ymin, ymax} with rng.
func RandomStarts(rng *rand.Rand, n int, box [4]float64) [][]float64 {
	starts := make([][]float64, n)
	for i := range starts {
		starts[i] = []float64{box[0] + (box[1]-box[0])*rng.Float64(), box[2] + (box[3]-box[2])*rng.Float64()}
	}
	return starts
}
