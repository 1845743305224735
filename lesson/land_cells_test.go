package lesson

import (
	"math"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/floats"
)

func TestMeasureSteps(t *testing.T) {
	net, obj := WarmedNet(1, 0) // the initial weights
	batch := FirstImages(100)
	theta := slices.Clone(net.Params()) // the objective may load the last parameters it evaluated into the net
	st := MeasureSteps(obj, theta, batch, []float64{1e-3, 1})
	if math.Abs(st.Best-st.GG/st.GHG) > 1e-15*st.Best || st.GG <= 0 || st.GHG <= 0 {
		t.Fatalf("gᵀg %g, gᵀHg %g, η* %g", st.GG, st.GHG, st.Best)
	}
	// gᵀg from the objective's own gradient norm, computed apart.
	if gg := obj.GradNormSq(theta, batch); math.Abs(gg-st.GG) > 1e-12*gg {
		t.Errorf("gᵀg %g, GradNormSq %g", st.GG, gg)
	}
	for i, r := range st.Ratios {
		eta := r * st.Best
		if want := 0.5*eta*eta*st.GHG - eta*st.GG; math.Abs(st.Model[i]-want) > 1e-15*math.Abs(want) {
			t.Errorf("model at %gη*: %g, want %g", r, st.Model[i], want)
		}
		if want := 0.5*eta*st.GHG - eta*st.GG; math.Abs(st.SeedSays[i]-want) > 1e-15*math.Abs(want) {
			t.Errorf("seed's formula at %gη*: %g, want %g", r, st.SeedSays[i], want)
		}
	}
	// For a tiny step Taylor's first-order term dominates: ΔL ≈ −η gᵀg to within 1%.
	if eta := 1e-3 * st.Best; math.Abs(st.Measured[0]/(-eta*st.GG)-1) > 0.01 {
		t.Errorf("tiny step: measured %g, first-order %g", st.Measured[0], -eta*st.GG)
	}
}

func TestPermuteHiddenAndSegment(t *testing.T) {
	net, obj := NetOnMNIST(200, nn.Config{Sizes: []int{784, 6, 5, 10}, Activation: nn.Tanh,
		Init: nn.XavierNormal, Loss: nn.SoftmaxCrossEntropy, Seed: 3})
	a := slices.Clone(net.Params())
	b := PermuteHidden(net, 3)
	if la, lb := obj.Loss(a, nil), obj.Loss(b, nil); math.Abs(la-lb) > 1e-12 || floats.Distance(a, b, 2) == 0 {
		t.Errorf("losses %g and %g, distance %g: want equal losses, different parameters", la, lb, floats.Distance(a, b, 2))
	}
	s, loss := LossOnSegment(obj, a, b, 5)
	if len(s) != 5 || s[0] != 0 || s[4] != 1 || loss[0] != obj.Loss(a, nil) || loss[4] != obj.Loss(b, nil) {
		t.Errorf("segment %v, losses %v", s, loss)
	}
}

func TestEndCountsAndNearSaddles(t *testing.T) {
	s := gdlib.Himmelblau()
	counts := EndCounts(s, 3, 0.01)
	for _, m := range []string{"Newton", "GD"} {
		n := 0
		for _, c := range counts[m] {
			n += c
		}
		if n != 9 {
			t.Errorf("%s: %d ends counted, want 9", m, n)
		}
	}
	if counts["GD"]["minimum"] != 9 {
		t.Errorf("GD at η = 0.01 (below every minimum's 2/λmax): %v, want 9 minima", counts["GD"])
	}
	if traces, pulled := NearSaddles(s, 0.01); len(traces) != 8 || pulled != 4 {
		t.Errorf("%d traces, %d pulled; want 8, 4", len(traces), pulled)
	}
}

func TestWidthRuns(t *testing.T) {
	sp := WidthRuns(3, 3, 1, plots.NewProgress())
	if len(sp.Final) != 3 || !slices.IsSorted(sp.Sorted) || sp.Best() > sp.Worst() || sp.Name != "784-3-10" {
		t.Errorf("%+v", sp)
	}
	if f := WidthFigure(sp); f.Err() != nil {
		t.Error(f.Err())
	}
}
