package lesson

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"gonum.org/v1/gonum/mat"
)

func TestCurvatureRule(t *testing.T) {
	r := CurvatureRule{Factor: 10}
	// (gᵀg, gᵀHg) at successive checkpoints, and whether the rule fires there.
	for i, c := range []struct {
		gg, gHg float64
		fires   bool
	}{
		{1, 2, false},    // first checkpoint: the reference
		{1, 1, false},    // smaller gᵀHg: the new reference
		{0.9, 20, false}, // 20× the reference, but gᵀg shrank
		{1, 9.9, false},  // not yet 10×
		{1, 10, true},    // 10× and gᵀg as large: fires; the reference is now (1, 10)
		{2, 50, false},   // 5× the new reference
		{2, 100, true},   // 10× it, gᵀg larger
	} {
		if got := r.Observe(c.gg, c.gHg); got != c.fires {
			t.Errorf("checkpoint %d (%g, %g): fires = %v, want %v", i, c.gg, c.gHg, got, c.fires)
		}
	}
}

func TestFirstImages(t *testing.T) {
	if got := FirstImages(3); len(got) != 3 || got[0] != 0 || got[2] != 2 {
		t.Errorf("FirstImages(3) = %v", got)
	}
}

func TestWatchCurvature(t *testing.T) {
	const n = 200 // 4 updates per epoch
	w := WatchCurvature(n, WatchOptions{LR: 0.5, Epochs: 3, Halve: true, Seed: 2, Every: 2})
	if w.DivergedAt != 0 || w.Updates != 12 || len(w.Update) != 6 || w.Update[5] != 10 {
		t.Fatalf("updates %d, checkpoints %v, diverged at %d; want 12 updates, checkpoints 0, 2, …, 10",
			w.Updates, w.Update, w.DivergedAt)
	}
	// The first checkpoint is at the initial weights: compare with the objective built anew.
	net, obj := NetOnMNIST(n, nn.Config{Sizes: []int{784, 32, 32, 10}, Activation: nn.ReLU,
		Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: 2})
	gg := obj.GradNormSq(net.Params(), FirstImages(n))
	if math.Abs(w.GG[0]-gg) > 1e-12*gg || math.Abs(w.Loss[0]-obj.Loss(net.Params(), nil)) > 1e-12 {
		t.Errorf("first checkpoint gᵀg %g, loss %g; want %g, %g", w.GG[0], w.Loss[0], gg, obj.Loss(net.Params(), nil))
	}
	if want := 0.5 / math.Pow(2, float64(len(w.Fired))); w.FinalLR != want {
		t.Errorf("final lr %g after %d firings, want %g", w.FinalLR, len(w.Fired), want)
	}
	if x, y := w.Marks(w.GHG); len(x) != len(w.Fired) || len(y) != len(w.Fired) {
		t.Errorf("Marks gave %d, %d points for %d firings", len(x), len(y), len(w.Fired))
	}

	d := WatchCurvature(n, WatchOptions{LR: 1e200, Epochs: 3, Seed: 2, Every: 1})
	if d.DivergedAt == 0 || !strings.HasPrefix(d.End(), "diverged at update ") {
		t.Fatalf("lr 1e200: diverged at %d, End %q; want a divergence", d.DivergedAt, d.End())
	}
	for k := range d.Update {
		for _, v := range []float64{d.Loss[k], d.GG[k], d.GHG[k]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("lr 1e200: non-finite value recorded at checkpoint %d", k)
			}
		}
	}
}

func TestEigenvalues(t *testing.T) {
	lam, rho, err := eigenvalues(mat.NewDense(2, 2, []float64{0, -2, 2, 0})) // eigenvalues ±2i
	if err != nil || math.Abs(rho-2) > 1e-12 || len(lam) != 2 || math.Abs(math.Abs(imag(lam[0]))-2) > 1e-12 {
		t.Errorf("eigenvalues %v, ρ %g, err %v; want ±2i, 2", lam, rho, err)
	}
}

func TestPowerNorms(t *testing.T) {
	// A diagonal matrix: |Wᵗv|² = Σ d_i^{2t} v_i², in closed form.
	W := mat.NewDense(3, 3, []float64{0.5, 0, 0, 0, 2, 0, 0, 0, -1})
	meas, pred, err := powerNorms(W, []float64{1, 1, 1}, 20)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k <= 20; k++ {
		want := math.Sqrt(math.Pow(0.25, float64(k)) + math.Pow(4, float64(k)) + 1)
		if math.Abs(meas[k]-want) > 1e-12*want || math.Abs(pred[k]-want) > 1e-12*want {
			t.Errorf("t=%d: measured %g, predicted %g, want %g", k, meas[k], pred[k], want)
		}
	}
	// A scaled rotation: complex eigenvalues r·e^{±iφ}, |Wᵗv| = rᵗ|v|.
	r, phi := 0.9, 0.7
	R := mat.NewDense(2, 2, []float64{r * math.Cos(phi), -r * math.Sin(phi), r * math.Sin(phi), r * math.Cos(phi)})
	_, pred, err = powerNorms(R, []float64{3, 4}, 30)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Pow(r, 30) * 5; math.Abs(pred[30]-want) > 1e-10*want {
		t.Errorf("rotation: predicted %g at t=30, want %g", pred[30], want)
	}
	// A random non-symmetric matrix: the two ways agree.
	rng := rand.New(rand.NewPCG(1, 2))
	A := mat.NewDense(6, 6, nil)
	for i := 0; i < 6; i++ {
		for j := 0; j < 6; j++ {
			A.Set(i, j, rng.NormFloat64()/3)
		}
	}
	meas, pred, err = powerNorms(A, []float64{1, -2, 0.5, 0, 1, 3}, 40)
	if err != nil {
		t.Fatal(err)
	}
	for k := range meas {
		if math.Abs(meas[k]-pred[k]) > 1e-9*meas[k] {
			t.Errorf("random: t=%d measured %g, predicted %g", k, meas[k], pred[k])
		}
	}
	if _, _, err := powerNorms(A, []float64{1}, 3); err == nil {
		t.Error("a vector of the wrong size: no error")
	}
}

func TestEndKind(t *testing.T) {
	s := gdlib.Himmelblau()
	at := func(p []float64) gdlib.Trace { return gdlib.Trace{X: [][]float64{{9, 9}, p}} }
	for _, c := range []struct {
		tr   gdlib.Trace
		err  error
		want string
	}{
		{at(s.Minima[0]), nil, "minimum"},
		{at(s.Saddles[0]), nil, "saddle"},
		{at(gdlib.HimmelblauMaximum()), nil, "maximum"},
		{at([]float64{0, 0}), nil, "nowhere"},
		{at(s.Minima[0]), errors.New("singular Hessian"), "nowhere"},
		{gdlib.Trace{X: [][]float64{{9, 9}}, Diverged: true}, nil, "diverged"},
	} {
		if got := EndKind(s, c.tr, c.err); got != c.want {
			t.Errorf("EndKind at %v (err %v) = %q, want %q", c.tr.X[len(c.tr.X)-1], c.err, got, c.want)
		}
	}
}
