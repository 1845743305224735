package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// This file holds the loops of notebook 02's cells: the same experiment over several rates η,
// with a printed line per rate.

// RateRuns are gradient-descent runs of one surface from one start at rates Etas, increasing.
type RateRuns struct {
	Etas   []float64
	Traces []gdlib.Trace
}

// RunRates runs plain gradient descent, x_{k+1} = x_k − η ∇f(x_k), on s from x0 for the given
// steps at each rate of etas (sorted increasing), labelled "η = …", and prints one line per
// run: its outcome, the last f and where it ended.
func RunRates(s gdlib.Surface, x0, etas []float64, steps int) RateRuns {
	r := RateRuns{Etas: slices.Sorted(slices.Values(etas))}
	for _, eta := range r.Etas {
		opt := gdlib.Must(gdlib.NewSGD(s.Dim, gdlib.SGDConfig{LR: eta}))
		tr := gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps}))
		tr.Label = fmt.Sprintf("η = %g", eta)
		last := tr.X[len(tr.X)-1]
		fmt.Printf("η = %-6g  %-44s  last f = %9.3g at (%.3g, %.3g)\n", eta, Outcome(tr), tr.F[len(tr.F)-1], last[0], last[1])
		r.Traces = append(r.Traces, tr)
	}
	return r
}

// LastF is the last f of run i.
func (r RateRuns) LastF(i int) float64 { f := r.Traces[i].F; return f[len(f)-1] }

// OrderedBelow reports whether, among the rates below limit, each larger rate ends at a lower
// (or equal) f than the one before.
func (r RateRuns) OrderedBelow(limit float64) bool {
	prev := math.Inf(1)
	for i, eta := range r.Etas {
		if eta < limit {
			if r.LastF(i) > prev {
				return false
			}
			prev = r.LastF(i)
		}
	}
	return true
}

// SettledAbove counts the runs at rates >= limit that ended, without diverging, within 1e-6
// of xstar.
func (r RateRuns) SettledAbove(limit float64, xstar []float64) int {
	n := 0
	for i, eta := range r.Etas {
		tr := r.Traces[i]
		if eta >= limit && !tr.Diverged && distance(tr.X[len(tr.X)-1], xstar) < 1e-6 {
			n++
		}
	}
	return n
}

// ContractionSweep measures gradient descent on gdlib.Quadratic(λmin, λmax, 0.3) from (1.5, 1)
// at η = f·2/λmax for each fraction f: the contraction per step over steps 100 to 150
// (Contraction) beside the prediction ρ(η) = max(|1 − ηλmin|, |1 − ηλmax|), one printed line
// per rate with the long run's outcome. It returns the rates, the measured and the predicted
// factors.
func ContractionSweep(lmin, lmax float64, fracs []float64) (etas, measured, predicted []float64) {
	s := gdlib.Quadratic(lmin, lmax, 0.3)
	fmt.Println("       η    η/limit  measured/step  predicted |1−ηλ|  long run")
	for _, f := range fracs {
		eta := f * 2 / lmax
		m, tr := Contraction(s, []float64{1.5, 1}, eta, 100, 150)
		rho := max(math.Abs(1-eta*lmin), math.Abs(1-eta*lmax))
		fmt.Printf("%8.4g  %9.2f  %13.5f  %16.5f  %s\n", eta, f, m, rho, Outcome(tr))
		etas, measured, predicted = append(etas, eta), append(measured, m), append(predicted, rho)
	}
	return etas, measured, predicted
}

// AgreeWithin reports whether |a_i − b_i| < tol for every i (false where a value is NaN).
func AgreeWithin(a, b []float64, tol float64) bool {
	for i := range a {
		if !(math.Abs(a[i]-b[i]) < tol) {
			return false
		}
	}
	return true
}

// BelowOneExactlyWhen reports whether v_i < 1 exactly when f_i < 1, for every i.
func BelowOneExactlyWhen(v, f []float64) bool {
	for i := range v {
		if (v[i] < 1) != (f[i] < 1) {
			return false
		}
	}
	return true
}

// Sweep is the result of RateSweep: per rate, the medians over the seeds of the final
// training and held-out losses, the spread (max − min) of the training losses, the number
// of seeds that diverged, and seed 1's run.
type Sweep struct {
	Etas                   []float64
	Train, HeldOut, Spread []float64
	Diverged               []int
	Shown                  []gdlib.History
}

// RateSweep trains obj from zero weights with plain SGD (TrainSeeds, seeds 1 … seeds) at each
// rate of etas for the given epochs and prints one line per rate.
func RateSweep(obj, heldOut gdlib.Objective, etas []float64, epochs, seeds int) Sweep {
	sw := Sweep{Etas: etas}
	fmt.Printf("      η  median final train loss  held-out loss  (%d seeds: range of train loss)  diverged\n", seeds)
	for _, eta := range etas {
		runs := TrainSeeds(obj, heldOut, eta, epochs, seeds, gdlib.TrainOptions{Label: fmt.Sprintf("η = %.3g", eta)})
		t := runs.Train()
		sw.Train, sw.HeldOut = append(sw.Train, Median(t)), append(sw.HeldOut, Median(runs.HeldOut()))
		sw.Spread, sw.Diverged = append(sw.Spread, slices.Max(t)-slices.Min(t)), append(sw.Diverged, runs.Diverged())
		sw.Shown = append(sw.Shown, runs[0])
		fmt.Printf("%7.3g  %23s  %13s  (%s – %s)  %d of %d\n", eta, LossOrDiverged(Median(t)), LossOrDiverged(Median(runs.HeldOut())),
			LossOrDiverged(slices.Min(t)), LossOrDiverged(slices.Max(t)), runs.Diverged(), seeds)
	}
	return sw
}

// ScheduleDecay prints, for each schedule over the given epochs (t = 0 … epochs−1), its peak
// rate, its last rate and their ratio, and returns the ratios.
func ScheduleDecay(ss []plots.NamedSchedule, epochs int) []float64 {
	fmt.Printf("after %d epochs (t = 0 … %d):\n", epochs, epochs-1)
	var ratios []float64
	for _, ns := range ss {
		peak, last := PeakAndLast(ns.Schedule, epochs)
		fmt.Printf("  %-22s peak %-7.3g last %-9.3g  %8.1f× below the peak\n", ns.Label, peak, last, peak/last)
		ratios = append(ratios, peak/last)
	}
	return ratios
}

// BlockTable prints, per block of 5 epochs, step decay's rate (η0 halved every 5 epochs) and
// the mean mini-batch losses of the step-decay run a and the constant run b (BlockMeans).
func BlockTable(eta0 float64, a, b []float64, epochs int) {
	fmt.Println("epochs   η (step decay)  mean mini-batch loss: step decay  constant")
	for i := range a {
		fmt.Printf("%2d–%-2d   %14.4g  %30.3f  %8.3f\n", 5*i+1, min(5*i+5, epochs), eta0*math.Pow(0.5, float64(i)), a[i], b[i])
	}
}

// Falling reports whether each value is below the one before.
func Falling(v []float64) bool {
	for i := 1; i < len(v); i++ {
		if !(v[i] < v[i-1]) {
			return false
		}
	}
	return true
}
