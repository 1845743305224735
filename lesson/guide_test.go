package lesson

import (
	"math"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
)

func TestGuideGrid(t *testing.T) {
	g := GuideGrid(0.01, 1, 3)
	for i, w := range []float64{0.01, 0.1, 1} {
		if math.Abs(g[i]-w) > 1e-12 {
			t.Fatalf("GuideGrid(0.01, 1, 3)[%d] = %g, want %g", i, g[i], w)
		}
	}
	if g := GuideGrid(0.01, 1, 1); math.Abs(g[0]-0.1) > 1e-12 {
		t.Fatalf("GuideGrid(.., 1) = %v, want [0.1]", g)
	}
}

func TestGuideRank(t *testing.T) {
	w, r, m := guideRank([]float64{30, 10, math.Inf(1), 20})
	if w != 1 || r != 3 || m != 2 {
		t.Fatalf("guideRank = %d, %d, %g; want 1, 3, 2", w, r, m)
	}
	if _, _, m := guideRank([]float64{5, math.Inf(1)}); !math.IsInf(m, 1) {
		t.Fatalf("margin over a runner-up that never arrived = %g, want +Inf", m)
	}
	if _, _, m := guideRank([]float64{math.Inf(1), math.Inf(1)}); !math.IsNaN(m) {
		t.Fatalf("margin when no one arrived = %g, want NaN", m)
	}
}

// GD on f = ½λx² gives f_k = f_0 (1 − ηλ)^(2k): f_k ≤ tol·f_0 first (and for good) at
// k = ⌈ln tol / (2 ln|1 − ηλ|)⌉.
func TestGuideStepsBelowClosedForm(t *testing.T) {
	s := gdlib.Quadratic(0.5, 0.5, 0) // f = ¼(x² + y²): λ = 0.5 in both directions
	for _, eta := range []float64{0.3, 1, 3} {
		opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: eta}))
		got := GuideStepsBelow(s, []float64{1, 0.5}, opt, 1e-6, 1000)
		want := math.Ceil(math.Log(1e-6) / (2 * math.Log(math.Abs(1-eta*0.5))))
		if got != want {
			t.Fatalf("η = %g: %g steps, want %g", eta, got, want)
		}
	}
	opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: 5})) // |1 − 2.5| > 1: diverges
	if got := GuideStepsBelow(s, []float64{1, 0.5}, opt, 1e-6, 1000); !math.IsInf(got, 1) {
		t.Fatalf("diverging run: %g steps, want +Inf", got)
	}
}

// GD on x² − y² from (1, δ): x_k = (1 − 2η)^k, y_k = δ(1 + 2η)^k.
func TestGuideEscapeClosedForm(t *testing.T) {
	for _, eta := range []float64{0.1, 0.4} {
		delta := 1e-6
		want := 0
		for ; math.Pow(1-2*eta, 2*float64(want))-delta*delta*math.Pow(1+2*eta, 2*float64(want)) >= -1; want++ {
		}
		got := GuideEscape(gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: eta})), delta, 3000)
		if got != float64(want) {
			t.Fatalf("η = %g: escape after %g steps, want %d", eta, got, want)
		}
	}
}

func TestGuideNewtonSaddle(t *testing.T) {
	if x := GuideNewtonSaddle(0.3); math.Abs(x[0])+math.Abs(x[1]) > 1e-12 {
		t.Fatalf("Newton from (1, 0.3) lands at %v, want the saddle (0, 0)", x)
	}
}

func TestGuideSchedule(t *testing.T) {
	cases := []struct {
		kind string
		t    int
		want float64
	}{{"constant", 50, 1}, {"step", 39, 1}, {"step", 40, 0.1}, {"cosine", 0, 1}, {"cosine", 30, 0.5}, {"cosine", 60, 0}}
	for _, c := range cases {
		if got := guideSchedule(c.kind, 1, c.t, 60); math.Abs(got-c.want) > 1e-12 {
			t.Fatalf("%s at t = %d: %g, want %g", c.kind, c.t, got, c.want)
		}
	}
}

func TestGuideWithin(t *testing.T) {
	if n := GuideWithin([]float64{10, 15, 21, math.Inf(1)}, 2); n != 2 {
		t.Fatalf("GuideWithin = %d, want 2", n)
	}
}

// Each ReLU layer back multiplies the gradient by about σ_w·√(n/2); for N(0, 0.01²) and
// n = 100 that is 0.0707, so over 9 layers between the first and the last hidden layer the
// ratio is about 0.0707^9 ≈ 4e-11; for He, σ_w·√(n/2) = 1.
func TestGuideInitRatio(t *testing.T) {
	naive := GuideInitRatio(nn.Normal(0.01), 10, 1)
	if l := math.Log10(naive); l < -12 || l > -9 {
		t.Fatalf("naive ratio %g, want about 4e-11", naive)
	}
	if he := GuideInitRatio(nn.He, 10, 1); he < 0.2 || he > 5 {
		t.Fatalf("He ratio %g, want about 1", he)
	}
}

func TestGuideVerdictAndX(t *testing.T) {
	for _, c := range []struct {
		r    float64
		want string
	}{{2, "supported: x ×2"}, {0.5, "not supported: x ×0.5"}, {1.05, "it depends: x ×1.05, within 10%"},
		{math.Inf(1), "supported: x ×∞"}, {0, "not supported: x ×0"}} {
		if got := guideVerdict(c.r, "x"); got != c.want {
			t.Fatalf("guideVerdict(%g) = %q, want %q", c.r, got, c.want)
		}
	}
	if got := guideNum(math.Inf(1)); got != "never arrived" {
		t.Fatalf("guideNum(+Inf) = %q", got)
	}
}

// The network row: every contender, at its tuned η, ends below the loss its network starts
// from (computed here from the same seed's initial weights), and the row names its three.
func TestGuideNetwork(t *testing.T) {
	r := GuideNetwork(3, 1)
	train, _ := MNISTSoftmax(1000, 0, 0) // the same 1000 digits
	net := gdlib.Must(nn.New(nn.Config{Sizes: []int{784, 32, 10}, Activation: nn.ReLU, Init: nn.He,
		Loss: nn.SoftmaxCrossEntropy, Seed: 1001})) // the reported seed
	start := gdlib.Must(nn.NewObjective(net, train.X, train.Labels)).Loss(net.Params(), nil)
	if len(r.Names) != 3 || r.Index("Adam") < 0 || r.Index("SGD") < 0 || r.Index("heavy ball") < 0 {
		t.Fatalf("contenders %v", r.Names)
	}
	for i, s := range r.Score {
		if !(s < start) {
			t.Errorf("%s at η = %g ends at %g, not below the start %g", r.Names[i], r.Eta[i], s, start)
		}
	}
}
