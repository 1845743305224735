package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// NoisyMethods are the methods that NoisyRuns knows.
var NoisyMethods = []string{"GD", "heavy ball", "Nesterov"}

// NoisyRuns runs method (one of NoisyMethods: gradient descent, heavy ball in gdlib's
// Momentum, Nesterov in gdlib's Nesterov) with step size η and momentum μ (ignored by GD) on
// s from x0 for steps steps, once per seed, with stochastic gradients: each gradient
// component gets independent Gaussian noise of standard deviation σ (gdlib's GradNoise,
// seeded by the seed), so that E[g] = ∇f and Cov[g] = σ²I. The traces record the exact f.
func NoisyRuns(s gdlib.Surface, x0 []float64, method string, lr, mu, sigma float64, steps int, seeds []uint64) []gdlib.Trace {
	trs := make([]gdlib.Trace, len(seeds))
	for i, seed := range seeds {
		var opt gdlib.Optimizer
		switch method {
		case "GD":
			opt = gdlib.Must(gdlib.NewSGD(s.Dim, gdlib.SGDConfig{LR: lr}))
		case "heavy ball":
			opt = gdlib.Must(gdlib.NewMomentum(s.Dim, gdlib.MomentumConfig{LR: lr, Momentum: mu}))
		case "Nesterov":
			opt = gdlib.Must(gdlib.NewNesterov(s.Dim, gdlib.NesterovConfig{LR: lr, Momentum: mu}))
		default:
			panic(fmt.Sprintf("NoisyRuns: unknown method %q (want one of %v)", method, NoisyMethods))
		}
		trs[i] = gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps, GradNoise: sigma, Seed: seed, Label: method}))
	}
	return trs
}

// MeanOfF is the per-step mean over the traces of f(x_k): an estimate of the expected loss
// E[f(x_k)] over the gradient noise. It is as long as the shortest trace (a diverged run's
// missing steps end it).
func MeanOfF(trs []gdlib.Trace) []float64 {
	n := math.MaxInt
	for _, tr := range trs {
		n = min(n, len(tr.F))
	}
	mean := make([]float64, max(n, 0))
	for k := range mean {
		for _, tr := range trs {
			mean[k] += tr.F[k] / float64(len(trs))
		}
	}
	return mean
}

// LateMeanF is the measured stationary loss of noisy runs: the mean over the second half of
// the run of f(x_k) − fstar, averaged over the traces; +Inf when a run diverged.
func LateMeanF(trs []gdlib.Trace, fstar float64) float64 {
	var sum float64
	var n int
	for _, tr := range trs {
		if tr.Diverged {
			return math.Inf(1)
		}
		for _, f := range tr.F[len(tr.F)/2:] {
			sum, n = sum+f-fstar, n+1
		}
	}
	return sum / float64(n)
}

// HeavyBallNoiseFloor is the stationary E[f] − f* of heavy ball with step η and momentum μ
// (μ = 0: gradient descent) on f = ½xᵀAx with the eigenvalues lambdas, when each gradient
// component carries independent noise of variance σ². Along an eigenvector the error follows
// the AR(2) recursion e_{k+1} = (1+μ−ηλ)e_k − μe_{k−1} − ησξ_k, whose stationary variance is
// (1+μ)η²σ² / ((1−μ)·ηλ·(2(1+μ) − ηλ)); E[f] adds ½λ times it over the eigenvalues:
//
//	E[f] − f* = Σ_λ (1+μ)ησ² / (2(1−μ)(2(1+μ) − ηλ)).
//
// At μ = 0 each term is ησ²/(2(2 − ηλ)). Written with the effective step ηeff = η/(1−μ) a term
// is ηeff·σ²/(2(2 − ηeff·λ(1−μ)/(1+μ))): for ηeff·λ small, ηeff·σ²/4 whatever μ is. +Inf
// outside the stability region 0 < ηλ < 2(1+μ).
func HeavyBallNoiseFloor(eta, mu, sigma float64, lambdas ...float64) float64 {
	var sum float64
	for _, l := range lambdas {
		if !(eta*l > 0 && eta*l < 2*(1+mu)) {
			return math.Inf(1)
		}
		sum += (1 + mu) * eta * sigma * sigma / (2 * (1 - mu) * (2*(1+mu) - eta*l))
	}
	return sum
}

// NoisySetting is one method's setting and its runs' measure (TuneNoisy).
type NoisySetting struct {
	Method  string
	LR, Mom float64
	Steps   float64 // the step from which the mean over the seeds of f − f* stays below the target (steps+1: never)
	Traces  []gdlib.Trace
}

// EffectiveLR is η/(1 − μ), the step a constant gradient is taken with once the velocity has
// built up (η for GD).
func (n NoisySetting) EffectiveLR() float64 { return n.LR / (1 - n.Mom) }

// TuneNoisy runs method (NoisyRuns) at every effective step ηeff of effs with every momentum
// μ of moms (GD takes moms as {0}), with η = ηeff(1 − μ), and returns the setting whose
// expected loss reaches the target first: the fewest steps from which the mean over the
// seeds of f(x_k) − f*, averaged over the last 50 steps (TrailingMean), stays below target
// for good (SettledAt; steps+1 when it never does), ties broken by the smaller final value,
// then by the order of the grids. The averages keep single noisy spikes from deciding: the
// measure is of the expected loss, not of its fluctuations.
func TuneNoisy(s gdlib.Surface, x0 []float64, method string, effs, moms []float64, sigma, target float64, steps int, seeds []uint64) NoisySetting {
	if method == "GD" {
		moms = []float64{0}
	}
	var best NoisySetting
	bestEnd := math.Inf(1)
	for _, eff := range effs {
		for _, mu := range moms {
			trs := NoisyRuns(s, x0, method, eff*(1-mu), mu, sigma, steps, seeds)
			mean := TrailingMean(MeanOfF(trs), noisyWindow)
			r := NoisySetting{Method: method, LR: eff * (1 - mu), Mom: mu, Steps: float64(steps + 1), Traces: trs}
			if k := SettledAt(gdlib.Trace{F: mean}, s.FMin, target); k >= 0 && len(mean) == steps+1 {
				r.Steps = float64(k)
			}
			end := math.Inf(1)
			if len(mean) == steps+1 {
				end = mean[steps]
			}
			if best.Traces == nil || r.Steps < best.Steps || (r.Steps == best.Steps && end < bestEnd) {
				best, bestEnd = r, end
			}
		}
	}
	return best
}

// noisyWindow is the length of the trailing average with which TuneNoisy smooths the mean loss.
const noisyWindow = 50

// TrailingMean returns the average of the last w values up to each index: out[k] is the mean
// of v[max(0, k−w+1)] … v[k].
func TrailingMean(v []float64, w int) []float64 {
	out := make([]float64, len(v))
	var sum float64
	for k := range v {
		sum += v[k]
		if k >= w {
			sum -= v[k-w]
		}
		out[k] = sum / float64(min(k+1, w))
	}
	return out
}

// SeedRange returns the n seeds first, first+1, …
func SeedRange(first uint64, n int) []uint64 {
	s := make([]uint64, n)
	for i := range s {
		s[i] = first + uint64(i)
	}
	return slices.Clip(s)
}

// FloorRow is one effective step of NoiseFloors: per method of NoisyMethods, the measured
// floor (LateMeanF), the per-step mean curve of f (MeanOfF), and the theory of
// HeavyBallNoiseFloor for GD (μ = 0) and heavy ball (Nesterov has no closed form here).
type FloorRow struct {
	Eff, Mom           float64
	Measured           [3]float64
	TheoryGD, TheoryHB float64
	Mean               [3][]float64
}

// NoiseFloors runs the three NoisyMethods at the same effective step ηeff = η/(1 − μ) for
// each ηeff of effs (GD at η = ηeff, heavy ball and Nesterov at η = ηeff(1 − μ)), with
// gradient noise σ, from x0 on s for steps steps and the given seeds, and measures the
// floor each settles at. s must be the quadratic Valley (its eigenvalues 1/κ and 1 give the
// theory; kappa is its κ).
func NoiseFloors(s gdlib.Surface, x0 []float64, kappa float64, effs []float64, mu, sigma float64, steps int, seeds []uint64) []FloorRow {
	var rows []FloorRow
	for _, eff := range effs {
		r := FloorRow{Eff: eff, Mom: mu, TheoryGD: HeavyBallNoiseFloor(eff, 0, sigma, 1/kappa, 1),
			TheoryHB: HeavyBallNoiseFloor(eff*(1-mu), mu, sigma, 1/kappa, 1)}
		for i, m := range NoisyMethods {
			lr := eff * (1 - mu)
			if m == "GD" {
				lr = eff
			}
			trs := NoisyRuns(s, x0, m, lr, mu, sigma, steps, seeds)
			r.Measured[i], r.Mean[i] = LateMeanF(trs, s.FMin), MeanOfF(trs)
		}
		rows = append(rows, r)
	}
	return rows
}

// FloorsAgree reports whether every measured floor of GD and heavy ball in rows is within the
// relative tolerance tol of its theory.
func FloorsAgree(rows []FloorRow, tol float64) bool {
	for _, r := range rows {
		if !(math.Abs(r.Measured[0]/r.TheoryGD-1) < tol && math.Abs(r.Measured[1]/r.TheoryHB-1) < tol) {
			return false
		}
	}
	return true
}

// PrintFloors prints NoiseFloors' rows as a table: measured floor (theory) per method.
func PrintFloors(rows []FloorRow) {
	fmt.Printf("%6s | %-22s | %-22s | %s\n", "ηeff", "GD: floor (theory)", "heavy ball (theory)", "Nesterov")
	for _, r := range rows {
		fmt.Printf("%6g | %.2e (%.2e)    | %.2e (%.2e)    | %.2e\n", r.Eff, r.Measured[0], r.TheoryGD, r.Measured[1], r.TheoryHB, r.Measured[2])
	}
}

// FloorFigure draws a row's mean f curves of the three methods, each averaged over a trailing
// window of 100 steps (TrailingMean) so that the levels can be told apart, on a log axis, with
// the two theoretical floors dashed.
func FloorFigure(r FloorRow, sigma float64) *plots.Plot {
	var curves []plots.Curve
	for i, m := range NoisyMethods {
		curves = append(curves, plots.Curve{Label: m, X: StepAxis(len(r.Mean[i])), Y: TrailingMean(r.Mean[i], 100), Color: plots.Color(i)})
	}
	n := float64(len(r.Mean[0]))
	curves = append(curves, plots.Curve{Label: "theory: GD's floor", X: []float64{0, n}, Y: []float64{r.TheoryGD, r.TheoryGD}, Dashed: true, Color: plots.Color(0)},
		plots.Curve{Label: "theory: heavy ball's floor", X: []float64{0, n}, Y: []float64{r.TheoryHB, r.TheoryHB}, Dashed: true, Color: plots.Color(1)})
	return plots.Lines(plots.LinesOptions{Title: fmt.Sprintf("ηeff = %g, σ = %g: mean f over the seeds", r.Eff, sigma),
		XLabel: "step k", YLabel: "mean f, last 100 steps", LogY: true, Curves: curves})
}

// NoisyRace is the tuned comparison of the three NoisyMethods at several noise levels.
type NoisyRace struct {
	Sigmas []float64
	Target float64
	Steps  int
	Tuned  [][3]NoisySetting // per σ, per method: tuned on the tuning seeds, measured on the others
}

// RaceNoisy tunes each method of NoisyMethods at each σ of sigmas (TuneNoisy over the effective
// steps effs and momenta moms, on the seeds tune) and reruns the tuned setting on the seeds
// report, which the tuning never saw; Steps of each setting is then measured on report.
func RaceNoisy(s gdlib.Surface, x0 []float64, sigmas, effs, moms []float64, target float64, steps int, tune, report []uint64) NoisyRace {
	race := NoisyRace{Sigmas: sigmas, Target: target, Steps: steps}
	for _, sigma := range sigmas {
		var row [3]NoisySetting
		for i, m := range NoisyMethods {
			t := TuneNoisy(s, x0, m, effs, moms, sigma, target, steps, tune)
			row[i] = TuneNoisy(s, x0, m, []float64{t.EffectiveLR()}, []float64{t.Mom}, sigma, target, steps, report)
		}
		race.Tuned = append(race.Tuned, row)
	}
	return race
}

// SpeedUp is GD's steps to the target over method i's at the j-th σ.
func (r NoisyRace) SpeedUp(j, i int) float64 { return r.Tuned[j][0].Steps / r.Tuned[j][i].Steps }

// Print prints the race: per σ and method, the tuned η, μ and ηeff, the steps to settle
// below the target (of the mean f), and the speed-up over GD.
func (r NoisyRace) Print() {
	fmt.Printf("steps until f stays below %g (mean f over the reported seeds; >%d: never):\n", r.Target, r.Steps)
	fmt.Printf("%6s | %-26s | %-38s | %s\n", "σ", "GD", "heavy ball", "Nesterov")
	for j, sigma := range r.Sigmas {
		gd, hb, nag := r.Tuned[j][0], r.Tuned[j][1], r.Tuned[j][2]
		cell := func(n NoisySetting, i int) string {
			return fmt.Sprintf("η=%-5.3g μ=%-4g ηeff=%-4.3g %5s (%.1f×)", n.LR, n.Mom, n.EffectiveLR(), StepsWithin(int(n.Steps), r.Steps), r.SpeedUp(j, i))
		}
		fmt.Printf("%6g | η=%-5.3g %17s | %-38s | %s\n", sigma, gd.LR, StepsWithin(int(gd.Steps), r.Steps), cell(hb, 1), cell(nag, 2))
	}
}

// Figure draws each tuned method's steps to the target against σ (log axis).
func (r NoisyRace) Figure() *plots.Plot {
	var curves []plots.Curve
	for i, m := range NoisyMethods {
		ks := make([]float64, len(r.Sigmas))
		for j := range r.Sigmas {
			ks[j] = r.Tuned[j][i].Steps
		}
		curves = append(curves, plots.Curve{Label: m + ", tuned", X: r.Sigmas, Y: ks, Points: true, Color: plots.Color(i)})
	}
	return plots.Lines(plots.LinesOptions{Title: fmt.Sprintf("Tuned for speed: steps until f < %g for good", r.Target),
		XLabel: "gradient noise σ", YLabel: "steps", LogY: true, Curves: curves})
}

// LargestWithoutNoise reports whether method i's speed-up over GD is larger without noise
// (the first σ, which should be 0) than at every other σ.
func (r NoisyRace) LargestWithoutNoise(i int) bool {
	for j := 1; j < len(r.Sigmas); j++ {
		if !(r.SpeedUp(j, i) < r.SpeedUp(0, i)) {
			return false
		}
	}
	return true
}
