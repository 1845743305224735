package lesson

import (
	"math"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

// Per-example gradients of the line fit written out by hand: g_i = r_i·(x_i, 1).
func TestExampleGradients(t *testing.T) {
	obj, _ := LineFit(30, 4)
	x, y := lineData(t, 30, 4)
	theta := []float64{0.4, -1.1}
	g, diff, cosines, steps := ExampleGradients(obj, theta, 0.3, 5)
	var gw, gb float64
	var want []float64
	for i := range x {
		r := theta[0]*x[i] + theta[1] - y[i]
		gw, gb = gw+r*x[i]/30, gb+r/30
	}
	for i := range x {
		r := theta[0]*x[i] + theta[1] - y[i]
		want = append(want, (r*x[i]*gw+r*gb)/(math.Hypot(r*x[i], r)*math.Hypot(gw, gb)))
		if i < 5 && (math.Abs(steps[i][0]+0.3*r*x[i]) > 1e-12 || math.Abs(steps[i][1]+0.3*r) > 1e-12) {
			t.Errorf("step %d = %v", i, steps[i])
		}
	}
	slices.Sort(want)
	for i := range want {
		if math.Abs(cosines[i]-want[i]) > 1e-12 {
			t.Fatalf("cosine %d = %v, want %v", i, cosines[i], want[i])
		}
	}
	if math.Abs(g[0]-gw) > 1e-12 || math.Abs(g[1]-gb) > 1e-12 || diff > 1e-14 || len(steps) != 5 {
		t.Errorf("g = %v (want %v, %v), diff %v, %d steps", g, gw, gb, diff, len(steps))
	}
}

func TestCloudTableAndReachTable(t *testing.T) {
	a := gdlib.Trace{Label: "a", F: []float64{5, 4, 3, 2, 1}}
	b := gdlib.Trace{Label: "b", F: []float64{5, 4, 3, 2, 1e9}}
	cloud, ok := CloudTable([]gdlib.Trace{a, b}, []int{1, 2}, 4, 0.5)
	if ok || cloud[0] != 1 || cloud[1] != 0 { // the last 2 values 2, 1 above 0.5: mean 1
		t.Errorf("CloudTable = %v, %v", cloud, ok)
	}
	runs := []BatchRun{
		{B: 1, LR: 0.1, Updates: []float64{1, 2, 4}, Examples: []float64{1, 2, 4}, Loss: []float64{2, 0.9, 0.5}},
		{B: 4, LR: 0.2, Updates: []float64{1, 2}, Examples: []float64{4, 8}, Loss: []float64{2, 1}},
	}
	u, e := ReachTable(runs, 0.7)
	if u[0] != 4 || e[0] != 4 || !math.IsInf(u[1], 1) || !math.IsInf(e[1], 1) {
		t.Errorf("ReachTable = %v, %v", u, e)
	}
	PrintLRGrid([]int{1, 2}, []float64{0.1, 1}, [][]float64{{0.5, math.Inf(1)}, {0.7, math.NaN()}}, []int{0, 0}, 1)
}

func TestNoiseTable(t *testing.T) {
	obj, _ := LineFit(40, 3)
	p := []float64{0.2, 0.1}
	_, trSigma := GradSpread(obj, p)
	bs, m, pred, within := NoiseTable(obj, p, trSigma, []int{1, 40}, 2000, 1)
	// B = N: the batch is the whole set, no error; B = 1: trΣ, within three standard errors
	if !slices.Equal(bs, []float64{1, 40}) || math.Abs(pred[0]-trSigma) > 1e-12*trSigma || pred[1] != 0 || m[1] > 1e-20 {
		t.Errorf("NoiseTable: %v %v %v", bs, m, pred)
	}
	if _, _, _, within = NoiseTable(obj, p, trSigma, []int{1}, 2000, 1); !within {
		t.Error("B = 1 is not within three standard errors of trΣ")
	}
}

func TestSaddleAndPlateauEscapes(t *testing.T) {
	r := SaddleEscapes(0.1, 3, 2000)
	if !r.Exact || len(r.Shown) != 5 || len(r.Lines) != 6 {
		t.Errorf("SaddleEscapes: exact %v, %d traces, %d lines", r.Exact, len(r.Shown), len(r.Lines))
	}
	// exact GD on the plateau, written out: x ← x − η f'(x), f = (σ(x) − 0.9)²
	x, k := -4.0, 0
	for ; x < 0 && k < 1000; k++ {
		s := 1 / (1 + math.Exp(-x))
		x -= 1 * 2 * (s - 0.9) * s * (1 - s)
	}
	got, traces, stats := PlateauEscapes(1, -4, 2, 1000, []float64{0.01})
	if got != k || len(traces) != 2 || stats[0.01].Never != 0 {
		t.Errorf("PlateauEscapes: %d steps (want %d), %d traces, %+v", got, k, len(traces), stats)
	}
}

func TestHeldOutRuns(t *testing.T) {
	runs := HeldOutRuns([]int{200}, 0.5, 2, 1)
	r := runs[0]
	if len(r.H.EpochHeldOut) != 3 || math.Abs(r.Gap-(r.H.EpochHeldOut[2]-r.H.EpochTrain[2])) > 1e-15 || r.HeldOut != r.H.EpochHeldOut[2] {
		t.Errorf("HeldOutRuns: %+v", r)
	}
	if r.SE <= 0 || r.Acc <= 0.1 || r.Rise() < 0 {
		t.Errorf("se %v, accuracy %v, rise %v", r.SE, r.Acc, r.Rise())
	}
}
