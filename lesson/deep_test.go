package lesson

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/floats"
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
	// Adam's first step, with bias correction, is η·g/(|g| + ε): about η·sign(g).
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
	// RMSProp (smoothing 0.9) from v = 0: v = 0.1 g², step η g/√v = η √10 sign(g).
	rms, _ := PaperOptimizer("RMSProp", 1, 0.01)
	y := []float64{0}
	rms.Step(y, []float64{2})
	if want := -0.01 * math.Sqrt(10); math.Abs(y[0]-want) > 1e-6 {
		t.Errorf("RMSProp's first step %g, want %g", y[0], want)
	}
	// Adadelta (ρ = 0.95, ε = 1e-6) from zero: step η √ε / √(0.05 g² + ε) · g.
	ad, _ := PaperOptimizer("Adadelta", 1, 1)
	z := []float64{0}
	ad.Step(z, []float64{2})
	if want := -math.Sqrt(1e-6) / math.Sqrt(0.05*4+1e-6) * 2; math.Abs(z[0]-want) > 1e-12 {
		t.Errorf("Adadelta's first step %g, want %g", z[0], want)
	}
	for _, m := range append(slices.Clone(PaperRegressionMethods), PaperNetMethods...) {
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
	// Fake runs: the final loss is |η − 0.3| + 0.01·seed (+0.5 on the tuning seed, whose
	// runs must be 2 epochs long), η = 1 diverges; test accuracy 0.9 − 0.01·seed.
	var seeds []uint64
	run := func(m string, eta float64, seed uint64, epochs int, _ *plots.Progress) (gdlib.History, func() float64) {
		seeds = append(seeds, seed)
		acc := func() float64 { return 0.9 - 0.01*float64(seed) }
		if eta == 1 {
			return gdlib.History{EpochTrain: []float64{2.3}, Diverged: true, DivergedAt: 3}, acc
		}
		loss := math.Abs(eta-0.3) + 0.01*float64(seed)
		if seed == 101 {
			if epochs != 2 {
				t.Errorf("a tuning run of %d epochs", epochs)
			}
			loss += 0.5
		}
		return gdlib.History{EpochTrain: []float64{2.3, loss}}, acc
	}
	got := PaperRace(PaperSpec{Methods: []string{"Adam"}, Grids: map[string][]float64{"Adam": {1, 0.1, 0.3, 0.5}},
		TuneSeed: 101, TuneEpochs: 2, Seeds: 4, Epochs: 5}, run)
	e := got[0]
	if e.Eta != 0.3 || len(e.Finals) != 4 || !math.IsInf(e.Grid[0], 1) || len(e.Runs) != 4 {
		t.Fatalf("race entry %+v", e)
	}
	if want := []uint64{101, 101, 101, 101, 1, 2, 3, 4}; !slices.Equal(seeds, want) {
		t.Errorf("seeds run %v, want %v", seeds, want)
	}
	if e.Median() != 0.03 || math.Abs(e.MedianAcc()-0.88) > 1e-12 { // finals 0.01..0.04, Median's upper middle
		t.Errorf("median %g, accuracy %g", e.Median(), e.MedianAcc())
	}
	if h := e.MedianRun(); h.EpochTrain[1] != 0.03 || h.Label != "Adam η=0.3" {
		t.Errorf("median run %+v", h)
	}
	if Entry(got, "Adam").Eta != 0.3 || Entry(got, "SGD").Method != "" {
		t.Error("Entry")
	}
	if e.Range() != "0.0100–0.0400" {
		t.Errorf("range %q", e.Range())
	}
}

func TestTunedInside(t *testing.T) {
	s := PaperSpec{Grids: map[string][]float64{"A": {0.3, 0.1, 1}, "B": {1, 3, 10}}}
	for _, c := range []struct {
		a, b float64
		want bool
	}{{0.3, 3, true}, {0.1, 3, false}, {0.3, 10, false}, {1, 1, false}} {
		race := []RaceEntry{{Method: "A", Eta: c.a}, {Method: "B", Eta: c.b}}
		if got := TunedInside(race, s); got != c.want {
			t.Errorf("η = %g and %g: inside %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if TunedInside([]RaceEntry{{Method: "C", Eta: 1}}, s) {
		t.Error("a method without a grid counts as inside")
	}
}

func TestRaceEntryOverlaps(t *testing.T) {
	a := RaceEntry{Finals: []float64{0.2, 0.3}}
	for _, c := range []struct {
		finals []float64
		want   bool
	}{
		{[]float64{0.1, 0.15, 0.19}, false}, // wholly below
		{[]float64{0.1, 0.2}, true},         // touching
		{[]float64{0.25}, true},             // inside
		{[]float64{0.1, 0.4}, true},         // around
		{[]float64{0.31, math.Inf(1)}, false},
	} {
		b := RaceEntry{Finals: c.finals}
		if a.Overlaps(b) != c.want || b.Overlaps(a) != c.want {
			t.Errorf("%v and %v: overlap %v, want %v", a.Finals, c.finals, a.Overlaps(b), c.want)
		}
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
	runs := DeadSweep(100, acts, []float64{0.1, 1e200}, 2, 1)
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
	for e := range ok.Dead {
		mean := (ok.Layers[0][e] + ok.Layers[1][e] + ok.Layers[2][e]) / 3
		if math.Abs(mean-ok.Dead[e]) > 1e-15 {
			t.Errorf("epoch %d: layers %v do not average to %g", e, ok.Layers, ok.Dead[e])
		}
	}
	// A dead unit of the first layer never revives (its input is fixed, its weights get no gradient).
	if ok.Revived[0] != 0 || blown.Revived[0] != 0 {
		t.Errorf("first-layer units revived: %v %v", ok.Revived, blown.Revived)
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

func TestSmallSignalGain(t *testing.T) {
	for _, c := range []struct {
		f    nn.Activation
		want float64
	}{{nn.ReLU, 0.5}, {nn.LeakyReLU(0.2), (1 + 0.04) / 2}, {nn.Tanh, 1}, {nn.Sigmoid, 1.0 / 16}, {nn.Identity, 1}} {
		if g := SmallSignalGain(c.f); math.Abs(g-c.want) > 1e-9 {
			t.Errorf("%v: %g, want %g", c.f, g, c.want)
		}
	}
	for _, c := range []struct {
		in   nn.Init
		want float64
	}{{nn.Normal(0.01), 0.01}, {nn.XavierNormal, math.Sqrt(2.0 / 96)}, {nn.He, math.Sqrt(2.0 / 64)}} {
		if s := InitStd(c.in, 64, 32); math.Abs(s-c.want) > 1e-15 {
			t.Errorf("%v: std %g, want %g", c.in, s, c.want)
		}
	}
}

// Backprop's weight gradients xᵀδ and pre-activations are nn's (a second implementation).
func TestBackprop(t *testing.T) {
	for _, f := range []nn.Activation{nn.Tanh, nn.LeakyReLU(0.1)} {
		net, obj := NetOnMNIST(40, nn.Config{Sizes: []int{784, 8, 6, 10}, Activation: f, Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: 2})
		train, _, _ := data.MNISTSubset(40, 0)
		pre, delta := Backprop(net, train.X, train.Labels)
		g := make([]float64, net.Dim())
		obj.LossGrad(g, net.Params(), nil)
		st, _ := obj.Inspect(net.Params(), nil)
		x := mat.DenseCopyOf(train.X)
		for l := range 3 {
			var gw mat.Dense
			gw.Mul(x.T(), delta[l])
			var diff mat.Dense
			diff.Sub(&gw, net.Layer(g, l).W)
			if e := mat.Norm(&diff, 2) / mat.Norm(&gw, 2); e > 1e-12 {
				t.Errorf("%v layer %d: weight gradients differ by %g", f, l, e)
			}
			if e := floats.Distance(pre[l].RawMatrix().Data, st[l].Pre, math.Inf(1)); e > 1e-12 {
				t.Errorf("%v layer %d: pre-activations differ by %g", f, l, e)
			}
			x = mat.DenseCopyOf(pre[l])
			x.Apply(func(_, _ int, v float64) float64 { return f.F(v) }, x)
		}
	}
}

func TestDeadUnits(t *testing.T) {
	// 3 examples × 2 units: unit 0 is positive once, unit 1 never.
	if got := DeadUnits([]float64{-1, 0, 2, -3, -1, -2}, 2); got[0] || !got[1] {
		t.Errorf("DeadUnits = %v, want [false true]", got)
	}
}

func TestBlockErrors(t *testing.T) {
	net, _ := nn.New(nn.Config{Sizes: []int{2, 2, 1}, Activation: nn.Tanh, Init: nn.He, Loss: nn.MSE, Seed: 1})
	a := []float64{1, 0, 0, 0, 1, 1, 3, 4, 2} // W0 2×2, b0, W1 2×1, b1
	b := slices.Clone(a)
	b[8] = 0 // only b1 differs: |a − b| = 2, |a| = √32, |b| = √28
	if got, want := BlockErrors(net, a, b), 2/(math.Sqrt(32)+math.Sqrt(28)); math.Abs(got-want) > 1e-15 {
		t.Errorf("BlockErrors = %g, want %g", got, want)
	}
}

func TestPlateauCrawl(t *testing.T) {
	// From x0 = −8 the crawl takes about (e⁸ − e²)/(1.8η) steps (the closed form of the text).
	took, traces := PlateauCrawl(1, 3000, -8, -30)
	if pred := (math.Exp(8) - math.Exp(2)) / 1.8; math.Abs(float64(took[0])/pred-1) > 0.05 {
		t.Errorf("took %d steps, predicted %.0f", took[0], pred)
	}
	if took[1] != -1 || len(traces) != 2 {
		t.Errorf("from −30: took %d", took[1])
	}
}

func TestCalmAndDepth(t *testing.T) {
	runs := [][]DeadRun{
		{{Dead: []float64{0, 0.1}, Loss: 1}, {Dead: []float64{0, 0.5}, Loss: 3}},
		{{Dead: []float64{0, 0.1}, Loss: 1.2}, {Dead: []float64{0, 0.1}, Loss: 1}},
	}
	if !CalmUpTo([]float64{0.1, 1}, runs, 0.5, 0.15) || CalmUpTo([]float64{0.1, 1}, runs, 1, 0.15) {
		t.Error("CalmUpTo")
	}
	r := DepthRun{Before: []float64{1e-4, 2, 1, 4, 1, 1, 1, 1}}
	if r.Ratio() != 1e-4 || r.Spread() != 4 {
		t.Errorf("ratio %g spread %g", r.Ratio(), r.Spread())
	}
	if p := ActivationFigure(nn.ReLU, nn.Tanh); p.Err() != nil || len(p.Entries()) != 4 {
		t.Errorf("activation figure: %v %v", p.Err(), p.Entries())
	}
}

func TestSlopeHelpers(t *testing.T) {
	runs := []SlopeRun{
		{Label: "leakyrelu(0.01)", Slopes: [][]float64{{0.01, 0.01}, {0.01, 0.01}, {0.01, 0.01}}, Acc: 0.8},
		{Label: "prelu", Slopes: [][]float64{{0.25, 0.3}, {0.25, 0.5}, {0.25, 0.7}}, Acc: 0.85},
	}
	if a := runs[1].FinalSlopes(); !slices.Equal(a, []float64{0.3, 0.5, 0.7}) {
		t.Errorf("FinalSlopes = %v", a)
	}
	if lo, hi := AccRange(runs); lo != 0.8 || hi != 0.85 {
		t.Errorf("AccRange = %g, %g", lo, hi)
	}
	if p := SlopeFigure(runs); p.Err() != nil || len(p.Entries()) != 4 {
		t.Errorf("slope figure: %v %v", p.Err(), p.Entries())
	}
	d := DeadRun{Dead: []float64{0, 0.1}, Layers: [][]float64{{0, 0.1}, {0, 0.2}, {0, 0}}}
	if p := DeadLayersFigure("t", []nn.Activation{nn.ReLU, nn.LeakyReLU(0.1)}, d, d); p.Err() != nil || len(p.Entries()) != 6 {
		t.Errorf("dead-layers figure: %v %v", p.Err(), p.Entries())
	}
}

// InitSignal's prediction is s·√(64·g): for He and ReLU, √(2/64)·√(64/2) = 1; for Xavier and
// tanh, √(1/64)·√64 = 1; for the naive start and leaky ReLU (a = 0.5), 0.01·√(64·0.625) = √0.004.
func TestInitSignalPrediction(t *testing.T) {
	for _, c := range []struct {
		f    nn.Activation
		in   nn.Init
		want float64
	}{{nn.ReLU, nn.He, 1}, {nn.Tanh, nn.XavierNormal, 1}, {nn.LeakyReLU(0.5), nn.Normal(0.01), math.Sqrt(0.004)}} {
		rows := InitSignal(50, c.f, []nn.Init{c.in}, 1)
		if r := rows[0]; math.Abs(r.Predicted-c.want) > 1e-12 || len(r.Forward) != 7 || len(r.Backward) != 7 {
			t.Errorf("%v, %v: predicted %g, want %g", c.f, c.in, r.Predicted, c.want)
		}
	}
	rows := InitSignal(50, nn.ReLU, []nn.Init{nn.He}, 1)
	if p := SignalFigure(rows, true); p.Err() != nil {
		t.Error(p.Err())
	}
}
