package lesson

import (
	"math"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

// The stationary variance, against the variance recurrence iterated to its fixed point.
func TestNoiseBallVar(t *testing.T) {
	for _, c := range []struct{ eta, lambda, sigma float64 }{{0.1, 1, 1}, {0.8, 1, 2}, {0.05, 0.25, 0.3}, {1.9, 1, 1}} {
		v := 0.0
		for range 200000 {
			v = (1-c.eta*c.lambda)*(1-c.eta*c.lambda)*v + c.eta*c.eta*c.sigma*c.sigma
		}
		if got := NoiseBallVar(c.eta, c.lambda, c.sigma); math.Abs(got-v) > 1e-9*v {
			t.Errorf("NoiseBallVar(%v) = %v, want %v", c, got, v)
		}
	}
	if !math.IsInf(NoiseBallVar(2, 1, 1), 1) || !math.IsInf(NoiseBallVar(3, 1, 1), 1) {
		t.Error("ηλ ≥ 2 should have no stationary variance")
	}
	exact, approx := QuadBall(0.1, []float64{1, 0.25}, 2)
	if math.Abs(exact-(NoiseBallVar(0.1, 1, 2)+NoiseBallVar(0.1, 0.25, 2))) > 1e-15 || math.Abs(approx-0.1*4*(0.5+2)) > 1e-12 {
		t.Errorf("QuadBall = %v, %v", exact, approx)
	}
}

// The 1/t law, against the exact variance recurrence v_{t+1} = (1 − η_tλ)²v_t + η_t²σ².
func TestDecayBallVar(t *testing.T) {
	eta0, t0, lambda, sigma := 0.2, 100.0, 0.25, 1.5
	v, T := 0.0, 400000
	for s := range T {
		eta := eta0 / (1 + float64(s)/t0)
		v = (1-eta*lambda)*(1-eta*lambda)*v + eta*eta*sigma*sigma
	}
	if got := DecayBallVar(eta0, t0, lambda, sigma, T); math.Abs(got/v-1) > 0.01 {
		t.Errorf("DecayBallVar = %v, recurrence %v", got, v)
	}
	if !math.IsInf(DecayBallVar(0.01, 10, 1, 1, 100), 1) {
		t.Error("2cλ ≤ 1 should give +Inf")
	}
	if got := DecayBallSum(eta0, t0, []float64{1, lambda}, sigma, 1000); got != DecayBallVar(eta0, t0, 1, sigma, 1000)+DecayBallVar(eta0, t0, lambda, sigma, 1000) {
		t.Errorf("DecayBallSum = %v", got)
	}
	ts, ys := DecayTail(eta0, t0, []float64{1, lambda}, sigma, 20000)
	if len(ts) != 40 || ts[0] != t0 || math.Abs(ts[39]-20000) > 1e-9 || ys[39] != DecayBallSum(eta0, t0, []float64{1, lambda}, sigma, int(ts[39])) {
		t.Errorf("DecayTail: %d points from %v to %v", len(ts), ts[0], ts[len(ts)-1])
	}
	if ts, _ := DecayTail(0.01, 10, []float64{1}, 1, 1000); ts != nil {
		t.Error("DecayTail with 2cλ ≤ 1 should be empty")
	}
}

func TestNoisySqDist(t *testing.T) {
	s := gdlib.Quadratic(1, 0.25, 0)
	// without noise: x_k = (1 − ηλ)^k x_0 per coordinate
	runs := NoisySqDist(s, []float64{2, 1}, gdlib.Must(gdlib.NewConstant(0.1)), 0, 50, 2)
	for k, d := range runs[1] {
		want := 4*math.Pow(0.9, 2*float64(k)) + math.Pow(0.975, 2*float64(k))
		if math.Abs(d-want) > 1e-12 {
			t.Fatalf("step %d: %v, want %v", k, d, want)
		}
	}
	// with noise, at stationarity: the ball of NoiseBallVar, within four standard errors
	runs = NoisySqDist(s, []float64{0, 0}, gdlib.Must(gdlib.NewConstant(0.2)), 1, 3000, 30)
	m, se := SeedTailMean(runs, 500)
	if want, _ := QuadBall(0.2, []float64{1, 0.25}, 1); math.Abs(m-want) > 4*se {
		t.Errorf("measured ball %v ± %v, want %v", m, se, want)
	}
}

func TestSeedTailMeanLogBinnedStepSums(t *testing.T) {
	m, se := SeedTailMean([][]float64{{9, 1, 3}, {9, 3, 5}}, 1)
	if m != 3 || math.Abs(se-math.Sqrt(0.5)) > 1e-15 { // per-run means 2 and 4: population variance 1, over n = 2
		t.Errorf("SeedTailMean = %v ± %v, want 3 ± √½", m, se)
	}
	if m, _ := SeedTailMean([][]float64{{1, 2}, {1}}, 1); !math.IsInf(m, 1) {
		t.Error("a short run should give +Inf")
	}
	y := make([]float64, 101)
	for k := range y {
		y[k] = float64(k)
	}
	ks, ys := LogBinned([][]float64{y, y}, 1) // bins [1, 10), [10, 100), [100, 101)
	if !slices.Equal(ks, []float64{5, 54.5, 100}) || !slices.Equal(ys, ks) {
		t.Errorf("LogBinned = %v, %v", ks, ys)
	}
	sum, sumSq := StepSums(gdlib.Must(gdlib.NewConstant(0.5)), 10)
	if sum != 5 || sumSq != 2.5 {
		t.Errorf("StepSums(constant 0.5, 10) = %v, %v", sum, sumSq)
	}
	// η_t = 1/(1 + t): the harmonic numbers H_T and Σ 1/k²
	sum, sumSq = StepSums(gdlib.Must(gdlib.NewInverseTimeLR(1, 1)), 4)
	if math.Abs(sum-(1+0.5+1.0/3+0.25)) > 1e-15 || math.Abs(sumSq-(1+0.25+1.0/9+1.0/16)) > 1e-15 {
		t.Errorf("StepSums(1/(1+t), 4) = %v, %v", sum, sumSq)
	}
}

func TestWithReplacement(t *testing.T) {
	b := NewWithReplacement(50, 7, 3)
	if b.N() != 50 || b.Batches() != 8 {
		t.Fatalf("N %d, Batches %d", b.N(), b.Batches())
	}
	if _, ok := b.Next(); ok {
		t.Error("Next before Epoch")
	}
	epoch := func(e int) (all []int) {
		b.Epoch(e)
		for {
			batch, ok := b.Next()
			if !ok {
				return all
			}
			all = append(all, batch...)
		}
	}
	first := epoch(4)
	epoch(5)
	if again := epoch(4); len(first) != 56 || !slices.Equal(first, again) {
		t.Errorf("epoch 4 gave %d indices and then a different draw", len(first))
	}
	// batches of one over n = 100 examples: an epoch misses a fraction (1 − 1/n)^n of them
	one := NewWithReplacement(100, 1, 1)
	var distinct float64
	for e := range 400 {
		one.Epoch(e)
		seen := map[int]bool{}
		for {
			batch, ok := one.Next()
			if !ok {
				break
			}
			if batch[0] < 0 || batch[0] >= 100 {
				t.Fatalf("index %d", batch[0])
			}
			seen[batch[0]] = true
		}
		distinct += float64(len(seen)) / 400
	}
	if want := 100 * (1 - math.Pow(0.99, 100)); math.Abs(distinct-want) > 0.5 { // se ≈ 0.1
		t.Errorf("distinct examples per epoch %v, want %v", distinct, want)
	}
}

func TestNoiseBallTableAndDecayRace(t *testing.T) {
	s := gdlib.Quadratic(1, 0.25, 0)
	ball, agree := NoiseBallTable(s, []float64{1, 0.25}, []float64{0.2}, 1, 3000, 20)
	if want, _ := QuadBall(0.2, []float64{1, 0.25}, 1); !agree || math.Abs(ball[0.2]/want-1) > 0.15 {
		t.Errorf("ball %v, want about %v (agree %v)", ball[0.2], want, agree)
	}
	curves, end, se, floor := DecayRace(s, []float64{1, 0.25}, []float64{2, 2}, 0.2, 100, 5000, 10)
	if len(curves) != 4 || !(end < floor/10) || se <= 0 {
		t.Errorf("DecayRace: %d curves, end %v ± %v, floor %v", len(curves), end, se, floor)
	}
	if curves, _, _, _ := DecayRace(s, []float64{1, 0.25}, []float64{2, 2}, 0.2, 1, 1000, 2); len(curves) != 3 {
		t.Errorf("with 2cλ ≤ 1 there is no tail curve: %d curves", len(curves))
	}
	if NumOrDiverged(math.Inf(1), "%.1f") != "diverged" || NumOrDiverged(0.25, "%.1f") != "0.2" || TailText(math.Inf(1)) == "+Inf" || TailText(0.5) != "0.5" {
		t.Error("NumOrDiverged / TailText")
	}
}
