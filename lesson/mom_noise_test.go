package lesson

import (
	"math"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

// lyapunovFloor iterates the covariance of the heavy-ball error (e_k, e_{k−1}) along one
// eigenvalue, Σ ← MΣMᵀ + Q with M = [[1+μ−ηλ, −μ], [1, 0]] and Q = diag(η²σ², 0), to its
// fixed point, and returns ½λ·Var(e): a second computation of one term of
// HeavyBallNoiseFloor.
func lyapunovFloor(eta, mu, sigma, l float64) float64 {
	a := 1 + mu - eta*l
	var s11, s12, s22 float64
	for range 200000 {
		n11 := a*a*s11 - 2*a*mu*s12 + mu*mu*s22 + eta*eta*sigma*sigma
		n12 := a*s11 - mu*s12
		s11, s12, s22 = n11, n12, s11
	}
	return l * s11 / 2
}

func TestHeavyBallNoiseFloor(t *testing.T) {
	for _, c := range [][3]float64{{0.5, 0, 1}, {1, 0, 0.01}, {0.1, 0.9, 1}, {0.03, 0.9, 0.01}, {2, 0.5, 1}, {0.3, 0.7, 0.2}} {
		eta, mu, l := c[0], c[1], c[2]
		got, want := HeavyBallNoiseFloor(eta, mu, 0.1, l), lyapunovFloor(eta, mu, 0.1, l)
		if math.Abs(got/want-1) > 1e-6 {
			t.Errorf("η = %v, μ = %v, λ = %v: %v, Lyapunov iteration %v", eta, mu, l, got, want)
		}
	}
	// GD: ησ²/(2(2 − ηλ)) per direction, summed.
	if got, want := HeavyBallNoiseFloor(0.5, 0, 2, 1, 0.1), 0.5*4/(2*1.5)+0.5*4/(2*1.95); math.Abs(got-want) > 1e-12 {
		t.Errorf("GD: %v, want %v", got, want)
	}
	if !math.IsInf(HeavyBallNoiseFloor(2.5, 0, 1, 1), 1) || !math.IsInf(HeavyBallNoiseFloor(3.9, 0.9, 1, 1), 1) {
		t.Error("past the edge 2(1+μ)/λ: want +Inf")
	}
}

func TestNoisyRuns(t *testing.T) {
	s, x0 := Valley(10)
	// σ = 0 gives the deterministic runs.
	for i, m := range NoisyMethods {
		tr := NoisyRuns(s, x0, m, 0.5, 0.6, 0, 50, []uint64{1})[0]
		want := []gdlib.Trace{RunGD(s, x0, 0.5, 50, ""), RunHeavyBall(s, x0, 0.5, 0.6, 50, ""), RunNesterov(s, x0, 0.5, 0.6, 50, "")}[i]
		if MaxDistance(tr, want, 0, 50) != 0 {
			t.Errorf("%s with σ = 0 differs from the deterministic run", m)
		}
	}
	// Seeds give different runs, the same seed the same run.
	a, b := NoisyRuns(s, x0, "GD", 0.5, 0, 0.1, 20, []uint64{1, 2}), NoisyRuns(s, x0, "GD", 0.5, 0, 0.1, 20, []uint64{1})
	if MaxDistance(a[0], b[0], 0, 20) != 0 || MaxDistance(a[0], a[1], 0, 20) == 0 {
		t.Error("seeding")
	}
	// The measured floors agree with the theory (10 seeds, 8000 steps: within 15%).
	s, x0 = Valley(100)
	for _, c := range []struct {
		method  string
		eta, mu float64
	}{{"GD", 0.5, 0}, {"heavy ball", 0.05, 0.9}} {
		trs := NoisyRuns(s, x0, c.method, c.eta, c.mu, 0.01, 8000, SeedRange(1, 10))
		got, want := LateMeanF(trs, 0), HeavyBallNoiseFloor(c.eta, c.mu, 0.01, 0.01, 1)
		if math.Abs(got/want-1) > 0.15 {
			t.Errorf("%s: measured floor %v, theory %v", c.method, got, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("unknown method: want a panic")
		}
	}()
	NoisyRuns(s, x0, "Adam", 0.1, 0, 0, 1, []uint64{1})
}

func TestNoisyAverages(t *testing.T) {
	trs := []gdlib.Trace{{F: []float64{1, 2, 3, 4}}, {F: []float64{3, 4, 5}}}
	if got := MeanOfF(trs); !slices.Equal(got, []float64{2, 3, 4}) {
		t.Errorf("MeanOfF = %v", got)
	}
	if got := LateMeanF(trs, 1); math.Abs(got-(2+3+3+4)/4.0) > 1e-12 { // second halves: {3, 4} and {4, 5}
		t.Errorf("LateMeanF = %v", got)
	}
	if got := LateMeanF([]gdlib.Trace{{F: []float64{1}, Diverged: true}}, 0); !math.IsInf(got, 1) {
		t.Errorf("diverged: %v", got)
	}
	if got := TrailingMean([]float64{1, 2, 3, 4, 5}, 2); !slices.Equal(got, []float64{1, 1.5, 2.5, 3.5, 4.5}) {
		t.Errorf("TrailingMean = %v", got)
	}
	if got := SeedRange(5, 3); !slices.Equal(got, []uint64{5, 6, 7}) {
		t.Errorf("SeedRange = %v", got)
	}
}

func TestTuneNoisy(t *testing.T) {
	s, x0 := Valley(100)
	// Without noise GD's best step is the one nearest 2/(λmin+λmax), and its settling step
	// is where the mean (trailing 50) of f falls below the target for good.
	r := TuneNoisy(s, x0, "GD", []float64{0.5, 1, 1.9}, []float64{0.9}, 0, 1e-4, 2000, []uint64{1})
	if r.LR != 1.9 || r.Mom != 0 || r.EffectiveLR() != 1.9 {
		t.Errorf("GD tuned to η = %v, μ = %v", r.LR, r.Mom)
	}
	tr := RunGD(s, x0, 1.9, 2000, "")
	if want := SettledAt(gdlib.Trace{F: TrailingMean(tr.F, noisyWindow)}, 0, 1e-4); r.Steps != float64(want) {
		t.Errorf("steps %v, want %v", r.Steps, want)
	}
	// Heavy ball's effective step: η = ηeff(1 − μ).
	h := TuneNoisy(s, x0, "heavy ball", []float64{5}, []float64{0.5}, 0, 1e-4, 2000, []uint64{1})
	if h.LR != 2.5 || h.EffectiveLR() != 5 || !(h.Steps < r.Steps) {
		t.Errorf("heavy ball: η = %v, steps %v (GD %v)", h.LR, h.Steps, r.Steps)
	}
	// A target never reached counts steps+1.
	if n := TuneNoisy(s, x0, "GD", []float64{1}, nil, 0, 1e-300, 100, []uint64{1}); n.Steps != 101 {
		t.Errorf("unreached target: %v", n.Steps)
	}
	race := RaceNoisy(s, x0, []float64{0, 0.02}, []float64{0.1, 1, 5}, []float64{0.5, 0.9}, 1e-4, 1500, []uint64{1, 2}, []uint64{3, 4})
	if len(race.Tuned) != 2 || race.SpeedUp(0, 0) != 1 || !(race.SpeedUp(0, 1) > 2) {
		t.Errorf("race: %+v", race.Tuned)
	}
	if race.Figure() == nil {
		t.Error("Figure: nil")
	}
	rows := NoiseFloors(s, x0, 100, []float64{0.5}, 0.9, 0.01, 1000, []uint64{1})
	if len(rows) != 1 || rows[0].TheoryGD != HeavyBallNoiseFloor(0.5, 0, 0.01, 0.01, 1) || FloorFigure(rows[0], 0.01) == nil {
		t.Errorf("NoiseFloors: %+v", rows)
	}
}
