package lesson

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

func TestTuneSettle(t *testing.T) {
	s := gdlib.Quadratic(1, 1, 0) // f = ½|x|²
	hb := func(lr, mu float64) gdlib.Optimizer {
		return gdlib.Must(gdlib.NewMomentum(2, gdlib.MomentumConfig{LR: lr, Momentum: mu}))
	}
	starts := [][]float64{{1, 0}, {0, 2}, {-1, 1}}
	// η = 1, μ = 0 lands on the minimum in one step from every start: nothing beats it.
	best := TuneSettle(s, starts, hb, []float64{0.3, 0.5, 1, 1.5}, []float64{0, 0.5}, 1e-10, 100)
	if best.LR != 1 || best.Mom != 0 || best.MedianSteps() != 1 || len(best.Traces) != 3 {
		t.Errorf("best = η %v, μ %v, median %v steps, %d traces; want η 1, μ 0, 1 step, 3 traces", best.LR, best.Mom, best.MedianSteps(), len(best.Traces))
	}
	// A tolerance above every f(x0) makes every setting settle at step 0: the smaller median
	// final gap decides, although η = 1 comes later in the grid.
	best = TuneSettle(s, [][]float64{{1, 0}}, hb, []float64{0.5, 1}, []float64{0}, 1, 3)
	if best.LR != 1 || best.Steps[0] != 0 || best.Gaps[0] != 0 {
		t.Errorf("tie on steps: best η = %v (steps %v, gaps %v), want η = 1 with gap 0", best.LR, best.Steps, best.Gaps)
	}
	// A run that diverges counts as maxSteps+1 steps with an infinite gap.
	r := RunSetting(s, [][]float64{{1, 0}}, hb, 3, 0, 1e-10, 2000)
	if r.Steps[0] != 2001 || !math.IsInf(r.Gaps[0], 1) {
		t.Errorf("diverging setting: steps %v, gaps %v, want 2001 and +Inf", r.Steps, r.Gaps)
	}
	if got := r.Summary(2000); !strings.Contains(got, "median >2000") || !strings.Contains(got, "range >2000…>2000") {
		t.Errorf("Summary = %q", got)
	}
	if got := best.Summary(3); !strings.Contains(got, "median 0 ") || !strings.Contains(got, "final gap 0.0e+00") {
		t.Errorf("Summary = %q", got)
	}
}

func TestRandomStarts(t *testing.T) {
	box := [4]float64{-2, 2, 10, 11}
	starts := RandomStarts(rand.New(rand.NewPCG(7, 0)), 50, box)
	rng := rand.New(rand.NewPCG(7, 0))
	for i, x := range starts {
		if x[0] < -2 || x[0] > 2 || x[1] < 10 || x[1] > 11 {
			t.Errorf("start %d = %v is outside the box", i, x)
		}
		if wx, wy := -2+4*rng.Float64(), 10+rng.Float64(); x[0] != wx || x[1] != wy {
			t.Errorf("start %d = %v, want (%v, %v): x then y from the generator", i, x, wx, wy)
		}
	}
}
