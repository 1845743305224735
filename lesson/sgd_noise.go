package lesson

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// NoiseBallVar is the stationary variance of one coordinate of SGD with a constant step η on
// f(x) = ½λx² when every gradient carries independent noise of variance σ². The recurrence
// x_{k+1} = (1 − ηλ)x_k − ησξ_k (ξ_k standard normal) has at stationarity
// v = (1 − ηλ)²v + η²σ², so
//
//	v = η²σ² / (1 − (1 − ηλ)²) = ησ² / (λ(2 − ηλ)),
//
// which is ησ²/(2λ) for small ηλ: the noise ball's size in E(x − x*)² grows in proportion to
// η. It is +Inf when |1 − ηλ| ≥ 1 (no stationary state: the iterates diverge).
func NoiseBallVar(eta, lambda, sigma float64) float64 {
	if math.Abs(1-eta*lambda) >= 1 {
		return math.Inf(1)
	}
	return eta * eta * sigma * sigma / (1 - (1-eta*lambda)*(1-eta*lambda))
}

// DecayBallVar is the large-t variance of one coordinate of SGD on ½λx² with gradient noise
// of variance σ² under the step η_t = η0/(1 + t/t0) = c/(t + t0), c = η0·t0. For large t the
// variance obeys v_{t+1} ≈ (1 − 2η_tλ)v_t + η_t²σ², whose solution decays as
//
//	v_t ≈ c²σ² / ((2cλ − 1)(t + t0))   (when 2cλ > 1),
//
// like 1/t, with no floor. It is +Inf when 2cλ ≤ 1 (the decay is then slower than 1/t).
func DecayBallVar(eta0, t0, lambda, sigma float64, t int) float64 {
	c := eta0 * t0
	if 2*c*lambda <= 1 {
		return math.Inf(1)
	}
	return c * c * sigma * sigma / ((2*c*lambda - 1) * (float64(t) + t0))
}

// NoisySqDist runs SGD on s (which must list its minimiser x* in Minima[0]) from x0 for
// `steps` steps, once for each seed 0 … seeds−1, with Gaussian gradient noise of standard
// deviation sigma per coordinate (RunOptions.GradNoise) and the learning rate from sched, and
// returns for each seed the squared distance ‖x_k − x*‖² at every step k = 0 … steps. A run
// that diverges is returned short (its finite prefix).
func NoisySqDist(s gdlib.Surface, x0 []float64, sched gdlib.Schedule, sigma float64, steps, seeds int) [][]float64 {
	runs := make([][]float64, seeds)
	for sd := range runs {
		opt := gdlib.Must(gdlib.NewSGD(s.Dim, gdlib.SGDConfig{LR: sched.LR(0)}))
		tr, err := gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: steps, Schedule: sched, GradNoise: sigma, Seed: uint64(sd)})
		if err != nil {
			panic(fmt.Sprintf("lesson.NoisySqDist: %v", err))
		}
		runs[sd] = make([]float64, len(tr.X))
		for k, x := range tr.X {
			for i, xi := range x {
				runs[sd][k] += (xi - s.Minima[0][i]) * (xi - s.Minima[0][i])
			}
		}
	}
	return runs
}

// SeedTailMean averages each run over its steps k ≥ from, and returns the mean of those per-run
// averages and its standard error across runs (the runs are independent, the steps within
// one run are not, so the error is computed from the per-run averages). It is +Inf, +Inf
// when a run is shorter than from+1 steps (it diverged).
func SeedTailMean(runs [][]float64, from int) (mean, se float64) {
	avgs := make([]float64, len(runs))
	for r, y := range runs {
		if len(y) <= from {
			return math.Inf(1), math.Inf(1)
		}
		for _, v := range y[from:] {
			avgs[r] += v / float64(len(y)-from)
		}
		mean += avgs[r] / float64(len(runs))
	}
	return mean, StdErr(avgs)
}

// LogBinned averages the runs step by step (the mean over runs at each k ≥ 1) and then over
// bins of k that grow geometrically, perDecade bins to a decade, for a curve on a log step
// axis that is smooth where a single step is noisy. It returns the bins' mean step and mean
// value. Runs are cut to the shortest.
func LogBinned(runs [][]float64, perDecade int) (ks, ys []float64) {
	n := len(runs[0])
	for _, y := range runs {
		n = min(n, len(y))
	}
	ratio := math.Pow(10, 1/float64(perDecade))
	for lo := 1; lo < n; {
		hi := max(lo+1, min(n, int(math.Ceil(float64(lo)*ratio))))
		var sk, sy float64
		for k := lo; k < hi; k++ {
			sk += float64(k)
			for _, y := range runs {
				sy += y[k] / float64(len(runs))
			}
		}
		ks, ys = append(ks, sk/float64(hi-lo)), append(ys, sy/float64(hi-lo))
		lo = hi
	}
	return ks, ys
}

// StepSums returns Σ η_t and Σ η_t² over t = 0 … T−1 for the schedule: the two series of the
// Robbins-Monro conditions (the first must diverge as T → ∞, the second converge).
func StepSums(sched gdlib.Schedule, T int) (sum, sumSq float64) {
	for t := range T {
		eta := sched.LR(t)
		sum, sumSq = sum+eta, sumSq+eta*eta
	}
	return sum, sumSq
}

// WithReplacement is a gdlib.Batcher that samples with replacement: every batch is `size`
// indices drawn independently and uniformly from 0 … n−1, so an "epoch" of ⌈n/size⌉ batches
// sees some examples twice and misses others (a fraction (1 − 1/n)^n ≈ 1/e of them, for
// batches of one). Epoch e draws from a PCG seeded with (seed, e) only, as gdlib's shuffling
// batcher does, so that the two samplers differ in nothing but the replacement.
type WithReplacement struct {
	n, size, pos int
	seed         uint64
	batch        []int
	pcg          *rand.PCG
	rng          *rand.Rand
}

// NewWithReplacement returns a with-replacement batcher over n examples, 1 ≤ size ≤ n.
func NewWithReplacement(n, size int, seed uint64) *WithReplacement {
	if n < 1 || size < 1 || size > n {
		panic(fmt.Sprintf("lesson.NewWithReplacement: need 1 ≤ size ≤ n, got size %d, n %d", size, n))
	}
	pcg := rand.NewPCG(seed, 0)
	return &WithReplacement{n: n, size: size, seed: seed, batch: make([]int, size), pcg: pcg, rng: rand.New(pcg), pos: -1}
}

// N is the number of examples.
func (b *WithReplacement) N() int { return b.n }

// Batches is ⌈n/size⌉, as for the batcher without replacement.
func (b *WithReplacement) Batches() int { return (b.n + b.size - 1) / b.size }

// Epoch starts epoch e.
func (b *WithReplacement) Epoch(e int) { b.pcg.Seed(b.seed, uint64(e)); b.pos = 0 }

// Next draws the next batch, or reports false after Batches() batches.
func (b *WithReplacement) Next() ([]int, bool) {
	if b.pos < 0 || b.pos >= b.Batches() {
		return nil, false
	}
	b.pos++
	for i := range b.batch {
		b.batch[i] = b.rng.IntN(b.n)
	}
	return b.batch, true
}

// QuadBall is the stationary E‖x − x*‖² of constant-step SGD on the quadratic with the
// curvatures lambdas and gradient noise σ per coordinate: exact, Σ_i NoiseBallVar(η, λ_i, σ),
// and its small-step approximation ησ²·Σ_i 1/(2λ_i).
func QuadBall(eta float64, lambdas []float64, sigma float64) (exact, approx float64) {
	for _, l := range lambdas {
		exact += NoiseBallVar(eta, l, sigma)
		approx += eta * sigma * sigma / (2 * l)
	}
	return exact, approx
}

// DecayTail is the 1/t prediction Σ_i DecayBallVar(η0, t0, λ_i, σ, t) of E‖x_t − x*‖² under
// η_t = η0/(1 + t/t0), at 40 steps t spaced evenly on a log axis from t0 to T (where the
// large-t form applies), as a curve's x and y. It is nil, nil when the prediction is
// infinite (some 2cλ_i ≤ 1: the error then decays more slowly than 1/t).
func DecayTail(eta0, t0 float64, lambdas []float64, sigma float64, T int) (ts, ys []float64) {
	for i := range 40 {
		t := t0 * math.Pow(float64(T)/t0, float64(i)/39)
		y := DecayBallSum(eta0, t0, lambdas, sigma, int(t))
		if math.IsInf(y, 1) || t0 >= float64(T) {
			return nil, nil
		}
		ts, ys = append(ts, t), append(ys, y)
	}
	return ts, ys
}

// DecayBallSum is the 1/t prediction of E‖x_t − x*‖² on the quadratic with the curvatures
// lambdas: Σ_i DecayBallVar(η0, t0, λ_i, σ, t).
func DecayBallSum(eta0, t0 float64, lambdas []float64, sigma float64, t int) (v float64) {
	for _, l := range lambdas {
		v += DecayBallVar(eta0, t0, l, sigma, t)
	}
	return v
}

// NumOrDiverged formats x with format, or says "diverged" when x is not finite (a run that
// blew up, whose mean or gap is +Inf).
func NumOrDiverged(x float64, format string) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return "diverged"
	}
	return fmt.Sprintf(format, x)
}

// TailText prints the 1/t prediction of DecayBallSum, or says that there is none (some
// 2cλ ≤ 1: the error then decays more slowly than 1/t).
func TailText(v float64) string {
	if math.IsInf(v, 1) {
		return "none: 2cλ ≤ 1, slower than 1/t"
	}
	return fmt.Sprintf("%.3g", v)
}

// NoiseBallTable measures the noise ball of constant-step SGD on the quadratic s (whose
// curvatures are lambdas, minimum at 0) for each learning rate η of etas: NoisySqDist from
// x* = 0 with gradient noise σ, `steps` steps and `seeds` seeds, averaged over the last three
// quarters of each run (SeedTailMean). It prints the measurement with its standard error
// beside the exact stationary value Σ η²σ²/(1 − (1 − ηλ)²) and the small-step approximation
// ησ²Σ 1/(2λ), and returns the measured ball per η and whether every measurement was within
// three standard errors of the exact value.
func NoiseBallTable(s gdlib.Surface, lambdas, etas []float64, sigma float64, steps, seeds int) (ball map[float64]float64, agree bool) {
	fmt.Printf("%6s %18s %10s %14s %11s\n", "η", "measured E‖x−x*‖²", "exact", "≈ ησ²Σ1/(2λ)", "(m − p)/se")
	ball, agree = map[float64]float64{}, true
	for _, eta := range etas {
		runs := NoisySqDist(s, make([]float64, s.Dim), gdlib.Must(gdlib.NewConstant(eta)), sigma, steps, seeds)
		m, se := SeedTailMean(runs, steps/4)
		exact, approx := QuadBall(eta, lambdas, sigma)
		ball[eta], agree = m, agree && math.Abs(m-exact) < 3*se
		fmt.Printf("%6g %10s ± %-6.2g %10.4g %14.4g %11.1f\n", eta, NumOrDiverged(m, "%.4g"), se, exact, approx, (m-exact)/se)
	}
	return ball, agree
}

// DecayRace runs constant-step SGD (η0) and SGD with η_t = η0/(1 + t/t0) on the quadratic s
// (curvatures lambdas, minimum at 0) from x0 with gradient noise σ = 1, `steps` steps and
// `seeds` seeds each, and returns the figure's curves (the seed-mean ‖x_t − x*‖² of both,
// LogBinned, each with its prediction dashed: the noise ball, QuadBall, and the 1/t tail,
// DecayTail), the decaying run's mean over its last tenth with its standard error, and the
// constant step's ball.
func DecayRace(s gdlib.Surface, lambdas, x0 []float64, eta0, t0 float64, steps, seeds int) (curves []plots.Curve, end, se, floor float64) {
	kc, yc := LogBinned(NoisySqDist(s, x0, gdlib.Must(gdlib.NewConstant(eta0)), 1, steps, seeds), 10)
	runs := NoisySqDist(s, x0, gdlib.Must(gdlib.NewInverseTimeLR(eta0, 1/t0)), 1, steps, seeds)
	kd, yd := LogBinned(runs, 10)
	floor, _ = QuadBall(eta0, lambdas, 1)
	tt, ty := DecayTail(eta0, t0, lambdas, 1, steps)
	curves = []plots.Curve{
		{Label: fmt.Sprintf("constant η = %g", eta0), X: kc, Y: yc, Color: plots.Color(0)},
		{Label: "its noise ball Σ η²σ²/(1 − (1 − ηλ)²)", X: []float64{1, float64(steps)}, Y: []float64{floor, floor}, Dashed: true, Color: plots.Color(0)},
		{Label: fmt.Sprintf("η_t = %g/(1 + t/%g)", eta0, t0), X: kd, Y: yd, Color: plots.Color(1)},
	}
	if tt != nil {
		curves = append(curves, plots.Curve{Label: "Σ c²σ²/((2cλ − 1)(t + t0))", X: tt, Y: ty, Dashed: true, Color: plots.Color(1)})
	}
	end, se = SeedTailMean(runs, steps*9/10)
	return curves, end, se, floor
}
