package lesson

import (
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"gonum.org/v1/gonum/mat"
)

func TestFiniteDiffGradient(t *testing.T) {
	theta := []float64{1, -2, 0.5}
	cube := func(x []float64) float64 { return x[0]*x[0]*x[0] + x[1]*x[1]*x[1] + x[2]*x[2]*x[2] }
	g := FiniteDiffGradient(cube, theta, 1e-4)
	for i, x := range []float64{1, -2, 0.5} {
		// central differences of x³ are exact up to h²: (3x²h·2 + 2h³)/2h = 3x² + h².
		if want := 3*x*x + 1e-8; math.Abs(g[i]-want) > 1e-9 {
			t.Errorf("coordinate %d: %g, want %g", i, g[i], want)
		}
		if theta[i] != x {
			t.Errorf("theta[%d] changed to %g", i, theta[i])
		}
	}
}

func TestRunEnd(t *testing.T) {
	if loss, text := RunEnd(gdlib.History{EpochTrain: []float64{2.3, 0.5, 0.25}}); loss != 0.25 || text != "0.2500" {
		t.Errorf("RunEnd = %g, %q", loss, text)
	}
	if loss, text := RunEnd(gdlib.History{EpochTrain: []float64{2.3}, Diverged: true, DivergedAt: 7}); !math.IsInf(loss, 1) || text != "diverged at update 7" {
		t.Errorf("RunEnd of a diverged run = %g, %q", loss, text)
	}
}

func TestPaperOptimizer(t *testing.T) {
	// Adam's first step, with bias correction, is α·g/(|g| + ε): about α·sign(g).
	adam, err := PaperOptimizer("Adam", 2, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{1, 1}
	if err := adam.Step(x, []float64{3, -0.02}); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]-0.9) > 1e-6 || math.Abs(x[1]-1.1) > 1e-6 {
		t.Errorf("Adam's first step gave %v, want about [0.9 1.1]", x)
	}
	for _, m := range PaperMethods {
		opt, err := PaperOptimizer(m, 3, 0.25)
		if err != nil || opt.LR() != 0.25 {
			t.Errorf("%s: lr %v, err %v", m, opt, err)
		}
	}
	if _, err := PaperOptimizer("Lion", 3, 0.1); err == nil {
		t.Error("an unknown method: no error")
	}
}

func TestPaperRace(t *testing.T) {
	// Fake runs: the final loss is |α − 0.3| + 0.01·seed, and α = 1 diverges.
	run := func(m string, alpha float64, seed uint64) gdlib.History {
		if alpha == 1 {
			return gdlib.History{EpochTrain: []float64{2.3}, Diverged: true, DivergedAt: 3}
		}
		return gdlib.History{EpochTrain: []float64{2.3, math.Abs(alpha-0.3) + 0.01*float64(seed)}}
	}
	got := PaperRace([]string{"Adam"}, map[string][]float64{"Adam": {1, 0.1, 0.3, 0.5}}, 4, run)
	e := got[0]
	if e.Alpha != 0.3 || len(e.Finals) != 4 || !math.IsInf(e.Grid[0], 1) || e.Best.Label != "Adam α=0.3" {
		t.Fatalf("race entry %+v", e)
	}
	if want := (0.02 + 0.03) / 2; math.Abs(e.Median()-want) > 1e-12 { // finals 0.01, 0.02, 0.03, 0.04
		t.Errorf("median %g, want %g", e.Median(), want)
	}
	if odd := (RaceEntry{Finals: []float64{1, 2, 5}}); odd.Median() != 2 {
		t.Errorf("median of 1, 2, 5 = %g", odd.Median())
	}
}

func TestLayerGradNorms(t *testing.T) {
	net, obj := NetOnMNIST(50, nn.Config{Sizes: []int{784, 8, 6, 10}, Activation: nn.Tanh,
		Init: nn.XavierNormal, Loss: nn.SoftmaxCrossEntropy, Seed: 3})
	g := make([]float64, net.Dim())
	obj.LossGrad(g, net.Params(), nil)
	norms := LayerGradNorms(obj, net.Params())
	if len(norms) != 3 {
		t.Fatalf("%d norms for 3 layers", len(norms))
	}
	for l := range norms {
		want := mat.Norm(net.Layer(g, l).W, 2) // Frobenius norm of the weight gradient
		if math.Abs(norms[l]-want) > 1e-12*want {
			t.Errorf("layer %d: %g, want %g", l+1, norms[l], want)
		}
	}
}

func TestDeadRuns(t *testing.T) {
	runs := [][]DeadRun{
		{{LR: 0.1, Dead: []float64{0, 0.2, 0.3}}, {LR: 1, Dead: []float64{0, 0.5}, DivergedAt: 9}},
		{{LR: 0.1, Dead: []float64{0, 0.1, 0.05}}, {LR: 1, Dead: []float64{0, 0.4, 0.6}}},
	}
	if r := runs[0][0]; r.Final() != 0.3 || len(r.Epochs()) != 3 || r.Epochs()[2] != 2 {
		t.Errorf("Final %g, Epochs %v", r.Final(), r.Epochs())
	}
	c := DeadAtEnd([]nn.Activation{nn.ReLU, nn.LeakyReLU(0.1)}, runs)
	if len(c) != 2 || len(c[0].X) != 1 || c[0].Y[0] != 0.3 || len(c[1].X) != 2 || c[1].Y[1] != 0.6 {
		t.Errorf("curves %+v", c)
	}
}

func TestDeadSweep(t *testing.T) {
	acts := []nn.Activation{nn.ReLU}
	runs := DeadSweep(100, acts, []float64{0.1, 1e200}, 2, 1, nil)
	ok, blown := runs[0][0], runs[0][1]
	if ok.DivergedAt != 0 || len(ok.Dead) != 3 || math.IsInf(ok.Loss, 0) {
		t.Errorf("lr 0.1: %+v", ok)
	}
	if blown.DivergedAt == 0 || !math.IsInf(blown.Loss, 1) {
		t.Errorf("lr 1e200 did not diverge: %+v", blown)
	}
	// The initial dead fraction is the one Inspect reports on the fresh network.
	net, obj := NetOnMNIST(100, nn.Config{Sizes: []int{784, 64, 64, 64, 10}, Activation: nn.ReLU,
		Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: 1})
	st, _ := obj.Inspect(net.Params(), nil)
	if want := (st[0].Dead + st[1].Dead + st[2].Dead) / 3; ok.Dead[0] != want {
		t.Errorf("initial dead fraction %g, want %g", ok.Dead[0], want)
	}
}

func TestRatioText(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want string
	}{{1, 4, "0.25"}, {0, 0, "no gradient"}, {3, 0, "infinite"}, {1.5e-4, 1, "0.00015"}} {
		if got := RatioText(c.a, c.b); got != c.want {
			t.Errorf("RatioText(%g, %g) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestPreActivationHistograms(t *testing.T) {
	st := []nn.LayerStats{{Pre: []float64{1, 2, 3}}, {Pre: []float64{0, 0.5}}, {Pre: []float64{-1, 1}}}
	p := PreActivationHistograms("test", st, 1, 3)
	if p.Err() != nil {
		t.Fatal(p.Err())
	}
	if e := p.Entries(); len(e) != 2 || !strings.HasPrefix(e[0], "layer 1") || !strings.HasPrefix(e[1], "layer 3") {
		t.Errorf("legend entries %q", e)
	}
}
