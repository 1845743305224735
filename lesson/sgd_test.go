package lesson

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/plots"
)

// lineData is the data of LineFit(n, seed), for references computed here by hand.
func lineData(t *testing.T, n int, seed uint64) (x, y []float64) {
	ds, _, err := data.NoisyLinear(n, 1, 0.5, seed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		x, y = append(x, ds.X.At(i, 0)), append(y, ds.Y[i])
	}
	return x, y
}

func TestLineFit(t *testing.T) {
	obj, s := LineFit(200, 3)
	x, y := lineData(t, 200, 3)
	// simple linear regression: ŵ = cov(x, y)/var(x), b̂ = ȳ − ŵ x̄
	var mx, my, sxy, sxx float64
	for i := range x {
		mx, my = mx+x[i]/200, my+y[i]/200
	}
	for i := range x {
		sxy, sxx = sxy+(x[i]-mx)*(y[i]-my), sxx+(x[i]-mx)*(x[i]-mx)
	}
	w := sxy / sxx
	b := my - w*mx
	if best := s.Minima[0]; math.Abs(best[0]-w) > 1e-12 || math.Abs(best[1]-b) > 1e-12 {
		t.Errorf("minimiser %v, want (%v, %v)", best, w, b)
	}
	var loss float64
	for i := range x {
		r := w*x[i] + b - y[i]
		loss += 0.5 * r * r / 200
	}
	if math.Abs(s.FMin-loss) > 1e-14 || math.Abs(s.F([]float64{w, b})-loss) > 1e-14 || obj.N() != 200 {
		t.Errorf("FMin = %v, F(best) = %v, want %v", s.FMin, s.F([]float64{w, b}), loss)
	}
	if win := s.Window; !(win[0] < w-2.5 && w-2.5 < win[1] && win[2] < b+2 && b+2 < win[3]) {
		t.Errorf("window %v does not hold the start (ŵ − 2.5, b̂ + 2)", win)
	}
}

func TestMNISTSoftmax(t *testing.T) {
	train, held := MNISTSoftmax(100, 50, 1e-3)
	if train.N() != 100 || train.Dim() != 7850 || held.N() != 50 || train.L2 != 1e-3 || held.L2 != 1e-3 {
		t.Errorf("N = %d, Dim = %d, held-out N = %d, L2 %g and %g", train.N(), train.Dim(), held.N(), train.L2, held.L2)
	}
	// at θ = 0 every class has probability 1/10: the loss is ln 10 (the L2 term is 0)
	if l := train.Loss(make([]float64, 7850), nil); math.Abs(l-math.Log(10)) > 1e-12 {
		t.Errorf("loss at 0 = %v, want ln 10", l)
	}
	if _, h := MNISTSoftmax(10, 0, 0); h != nil {
		t.Error("nTest = 0 gave a held-out objective")
	}
}

func TestAddSteps(t *testing.T) {
	p := plots.NewPlot("", "", "")
	AddSteps(p, []float64{0, 0}, [][]float64{{1, 0}, {0, 1}, {math.NaN(), 0}}, 1, 1, "steps")
	if got := p.Entries(); len(got) != 1 || got[0] != "steps" {
		t.Errorf("legend entries %v, want one", got)
	}
}

// TestSGDPath compares SGDPath with mini-batch SGD written out here.
func TestSGDPath(t *testing.T) {
	obj, s := LineFit(50, 2)
	x, y := lineData(t, 50, 2)
	x0 := []float64{s.Minima[0][0] - 2.5, s.Minima[0][1] + 2}
	for _, B := range []int{1, 7, 50} {
		tr := SGDPath(obj, B, 0.1, 23, x0, 5, "run")
		b := gdlib.Must(gdlib.MiniBatch(50, B, 5))
		p := slices.Clone(x0)
		k, epoch := 0, 0
		b.Epoch(0)
		for k < 23 {
			batch, ok := b.Next()
			if !ok {
				epoch++
				b.Epoch(epoch)
				continue
			}
			var gw, gb float64
			for _, i := range batch {
				r := p[0]*x[i] + p[1] - y[i]
				gw, gb = gw+r*x[i]/float64(len(batch)), gb+r/float64(len(batch))
			}
			p[0], p[1] = p[0]-0.1*gw, p[1]-0.1*gb
			k++
			if math.Abs(tr.X[k][0]-p[0]) > 1e-12 || math.Abs(tr.X[k][1]-p[1]) > 1e-12 || math.Abs(tr.F[k]-obj.Loss(p, nil)) > 1e-12 {
				t.Fatalf("B = %d, update %d: %v (f %v), want %v (f %v)", B, k, tr.X[k], tr.F[k], p, obj.Loss(p, nil))
			}
		}
		if len(tr.X) != 24 || tr.Label != "run" || tr.Diverged {
			t.Errorf("B = %d: %d iterates, label %q, diverged %v", B, len(tr.X), tr.Label, tr.Diverged)
		}
	}
	tr := SGDPath(obj, 50, 100, 1000, x0, 1, "")
	if !tr.Diverged || tr.DivergedAt > 200 || !strings.HasPrefix(tr.Status(), "diverged at step") {
		t.Errorf("η = 100: diverged %v at %d (%s), want a divergence", tr.Diverged, tr.DivergedAt, tr.Status())
	}
}

func TestBatchRace(t *testing.T) {
	obj, _ := LineFit(200, 1)
	runs := BatchRace(obj, []int{10, 200}, []float64{0.1}, 1, 4)
	if got := runs[0].Updates; !slices.Equal(got, []float64{1, 2, 3, 5, 8, 12, 18, 20}) {
		t.Errorf("checkpoints %v, want 1 2 3 5 8 12 18 20 (growing by half, and the epoch's end)", got)
	}
	if got := runs[0].Examples; got[len(got)-1] != 200 || got[0] != 10 {
		t.Errorf("examples %v", got)
	}
	path := SGDPath(obj, 10, 0.1, 20, make([]float64, 2), 4, "")
	if math.Abs(runs[0].Final()-path.F[20]) > 1e-15 || runs[0].LR != 0.1 || runs[1].LR != 0.1 {
		t.Errorf("final loss %v, want SGDPath's %v; rates %v, %v", runs[0].Final(), path.F[20], runs[0].LR, runs[1].LR)
	}
	if runs[1].Updates[len(runs[1].Updates)-1] != 1 || !strings.Contains(runs[1].Status(), "after 1 update") {
		t.Errorf("B = N: %v, %q", runs[1].Updates, runs[1].Status())
	}
	if j := runs[0].Reached(runs[0].Loss[3]); j != 4 && runs[0].Loss[4] < runs[0].Loss[3] {
		t.Errorf("Reached = %d", j)
	}
	bad := BatchRace(obj, []int{200}, []float64{100}, 400, 1)[0] // overflows within 400 steps
	if !bad.Diverged || !math.IsInf(bad.Final(), 1) || !math.IsInf(bad.Peak(), 1) || !strings.HasPrefix(bad.Status(), "diverged at update") {
		t.Errorf("η = 100: %+v", bad.Status())
	}
	if RateFor([]float64{1, 2, 3}, 1) != 2 || RateFor([]float64{1, 2, 3}, 4) != 3 {
		t.Error("RateFor")
	}
}

func TestBatchLRGrid(t *testing.T) {
	obj, _ := LineFit(100, 1)
	// with B = N and one epoch each run is one GD step from 0: L(−η·g(0))
	g := make([]float64, 2)
	obj.LossGrad(g, []float64{0, 0}, nil)
	grid := []float64{0.3, 1, 2, 4, 8, 16}
	loss, best := BatchLRGrid(obj, []int{100}, grid, 1, 1)
	bestJ, skipping := 0, false
	for j, lr := range grid {
		want := obj.Loss([]float64{-lr * g[0], -lr * g[1]}, nil)
		switch {
		case skipping && !math.IsNaN(loss[0][j]):
			t.Errorf("η = %v was tried after a loss above twice the best", lr)
		case !skipping && math.Abs(loss[0][j]-want) > 1e-12*want:
			t.Errorf("η = %v: loss %v, want %v", lr, loss[0][j], want)
		}
		if !skipping && want < loss[0][bestJ] {
			bestJ = j
		}
		skipping = skipping || want > 2*loss[0][bestJ]
	}
	if best[0] != bestJ || !skipping {
		t.Errorf("best %d, want %d (skipping reached: %v)", best[0], bestJ, skipping)
	}
}

func TestStepsStats(t *testing.T) {
	for _, c := range []struct {
		ks                    []int
		median, lo, hi, never int
		summary               string
	}{
		{[]int{5, 3, 9}, 5, 3, 9, 0, "median 5, range 3…9"},
		{[]int{5, -1, 3, -1, 9}, 9, 3, 9, 2, "median 9, range 3…9 (2 of 5 never)"},
		{[]int{5, -1, -1, 3}, -1, 3, 5, 2, "median never, range 3…5 (2 of 4 never)"},
		{[]int{-1}, -1, -1, -1, 1, "never (0 of 1)"},
	} {
		m, lo, hi, never := StepsStats(c.ks)
		if m != c.median || lo != c.lo || hi != c.hi || never != c.never {
			t.Errorf("StepsStats(%v) = %d %d %d %d, want %d %d %d %d", c.ks, m, lo, hi, never, c.median, c.lo, c.hi, c.never)
		}
		if got := StepsSummary(c.ks); got != c.summary {
			t.Errorf("StepsSummary(%v) = %q, want %q", c.ks, got, c.summary)
		}
	}
}

func TestStdErrAndAbsCoord(t *testing.T) {
	if got := StdErr([]float64{1, 2, 3, 4}); math.Abs(got-math.Sqrt(1.25/4)) > 1e-15 {
		t.Errorf("StdErr = %v, want √(1.25/4)", got)
	}
	tr := gdlib.Trace{X: [][]float64{{0, -2}, {0, 0}, {0, 1e-3}}}
	if got := AbsCoord(tr, 1, 1e-16); !slices.Equal(got, []float64{2, 1e-16, 1e-3}) {
		t.Errorf("AbsCoord = %v", got)
	}
}

func TestGradNoise(t *testing.T) {
	obj, _ := LineFit(20, 6)
	x, y := lineData(t, 20, 6)
	p := []float64{0.3, -0.2}
	// per-example gradients by hand: g_i = r_i·(x_i, 1), r_i = w x_i + b − y_i
	var gw, gb, meanSq float64
	for i := range x {
		r := p[0]*x[i] + p[1] - y[i]
		gw, gb, meanSq = gw+r*x[i]/20, gb+r/20, meanSq+r*r*(x[i]*x[i]+1)/20
	}
	gg, trSigma := GradSpread(obj, p)
	if math.Abs(gg-(gw*gw+gb*gb)) > 1e-12 || math.Abs(trSigma-(meanSq-gw*gw-gb*gb)) > 1e-12 {
		t.Errorf("GradSpread = %v, %v, want %v, %v", gg, trSigma, gw*gw+gb*gb, meanSq-gw*gw-gb*gb)
	}
	if mse, se := BatchNoise(obj, p, 20, 10, 1); mse > 1e-24 || se > 1e-12 {
		t.Errorf("B = N: mse %v ± %v, want 0", mse, se)
	}
	// B = 1: E|g_1 − g|² = trΣ; B = 5 of 20: trΣ/5·15/19
	for _, c := range []struct {
		B    int
		want float64
	}{{1, trSigma}, {5, trSigma / 5 * 15 / 19}} {
		mse, se := BatchNoise(obj, p, c.B, 4000, 2)
		if math.Abs(mse-c.want) > 4*se {
			t.Errorf("B = %d: %v ± %v, want %v", c.B, mse, se, c.want)
		}
	}
}
