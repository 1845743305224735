package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib/nn"
	"gonum.org/v1/gonum/mat"
)

// The mean-field prediction against its closed forms: the identity and ReLU (with He's
// gain 2s²) multiply the variance by s² per layer, exactly.
func TestMeanFieldClosedForms(t *testing.T) {
	for _, s := range []float64{0.25, 0.7, 1, 2, 4} {
		act, grad := meanField(nn.Identity, s*s, 1, 10)
		for l := range 10 {
			if want := math.Pow(s, float64(l+1)); math.Abs(act[l]-want) > 1e-12*want {
				t.Errorf("identity, s=%g: activation std at layer %d = %g, want s^l = %g", s, l+1, act[l], want)
			}
			if want := math.Pow(s, float64(10-l)); math.Abs(grad[l]-want) > 1e-12*want {
				t.Errorf("identity, s=%g: gradient std at layer %d = %g, want s^(11−l) = %g", s, l+1, grad[l], want)
			}
		}
		act, grad = meanField(nn.ReLU, 2*s*s, 1, 10)
		// q_1 = 2s², q_{l+1} = 2s²·q_l/2: q_l = 2s^{2l}, and the std of max(0, z) is
		// √(q(1/2 − 1/(2π))).
		for l := range 10 {
			q := 2 * math.Pow(s, 2*float64(l+1))
			if want := math.Sqrt(q * (0.5 - 1/(2*math.Pi))); math.Abs(act[l]-want) > 1e-12*want {
				t.Errorf("ReLU, s=%g: activation std at layer %d = %g, want %g", s, l+1, act[l], want)
			}
			if want := math.Sqrt2 * math.Pow(s, float64(10-l)); math.Abs(grad[l]-want) > 1e-12*want {
				t.Errorf("ReLU, s=%g: gradient std at layer %d = %g, want √2·s^(11−l) = %g", s, l+1, grad[l], want)
			}
		}
		// Linearised tanh is the identity; linearised ReLU is not used.
		la, lg := linearRegime(nn.Tanh, s*s, 1, 10)
		ia, ig := meanField(nn.Identity, s*s, 1, 10)
		for l := range 10 {
			if math.Abs(la[l]-ia[l]) > 1e-12*ia[l] || math.Abs(lg[l]-ig[l]) > 1e-12*ig[l] {
				t.Fatalf("linearised tanh differs from the identity at layer %d", l+1)
			}
		}
	}
}

// The quadrature against closed Gaussian moments, and tanh's mean field against its linear
// regime for small variances.
func TestGaussMean(t *testing.T) {
	for _, q := range []float64{1e-4, 0.3, 1, 7, 1e4} {
		for _, c := range []struct {
			name string
			h    func(float64) float64
			want float64
		}{
			{"z²", func(z float64) float64 { return z * z }, q},
			{"relu", func(z float64) float64 { return max(z, 0) }, math.Sqrt(q / (2 * math.Pi))},
			{"relu²", func(z float64) float64 { return max(z, 0) * max(z, 0) }, q / 2},
			{"z⁴", func(z float64) float64 { return z * z * z * z }, 3 * q * q},
			{"e^z", math.Exp, math.Exp(q / 2)},
		} {
			if q == 1e4 && c.name == "e^z" {
				continue
			}
			if got := gaussMean(c.h, q); math.Abs(got-c.want) > 1e-9*c.want {
				t.Errorf("E[%s] at q = %g: %.15g, want %.15g", c.name, q, got, c.want)
			}
		}
	}
	act, _ := meanField(nn.Tanh, 0.01, 1, 3) // q = 0.01, 1e-4, 1e-6: tanh z ≈ z
	for l, a := range act {
		if want := math.Pow(0.1, float64(l+1)); math.Abs(a/want-1) > 0.02 {
			t.Errorf("tanh in its linear regime: std %g at layer %d, want about %g", a, l+1, want)
		}
	}
}

// Measured on linear networks. With the weights s·W, every layer multiplies the variance of
// the activations and of the gradients by exactly s² against s = 1 (the same W, seeded). At
// s = 1, the expected variance ratio over layers is 1: E|xW|² = nσ_w²|x|² for Gaussian W
// with nσ_w² = 1, layer after layer.
func TestInitScaleLinearNetwork(t *testing.T) {
	const seeds = 16
	var meanAct, meanGrad float64
	for seed := range uint64(seeds) {
		x, err := newInitExplorer(InitScaleOptions{Activations: []nn.Activation{nn.Identity}, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		ref, _, _, _, err := x.measure(nn.Identity, 1)
		if err != nil {
			t.Fatal(err)
		}
		meanAct += math.Pow(ref.act[9]/ref.act[0], 2) / seeds
		meanGrad += math.Pow(ref.grad[0]/ref.grad[9], 2) / seeds
		if seed > 1 {
			continue
		}
		for _, s := range []float64{0.25, 0.5, 2, 4} {
			st, _, _, _, err := x.measure(nn.Identity, s)
			if err != nil {
				t.Fatal(err)
			}
			for l := range 10 {
				// x_l = s^l·x_l(1), ∂L/∂x_l = s^{11−l}·∂L/∂x_l(1): variance ratios s² a layer.
				if want := math.Pow(s, float64(l+1)) * ref.act[l]; math.Abs(st.act[l]-want) > 1e-12*want {
					t.Errorf("identity, s=%g: activation std %g at layer %d, want s^l times that at s = 1, %g", s, st.act[l], l+1, want)
				}
				if want := math.Pow(s, float64(10-l)) * ref.grad[l]; math.Abs(st.grad[l]-want) > 1e-12*want {
					t.Errorf("identity, s=%g: gradient std %g at layer %d, want s^(11−l) times that at s = 1, %g", s, st.grad[l], l+1, want)
				}
			}
		}
	}
	// The variance ratio over 9 layers of 64 units scatters by about 18% from network to
	// network (measured), so the mean of 16 is within 3·18%/√16 ≈ 14% of 1.
	if math.Abs(meanAct-1) > 0.14 || math.Abs(meanGrad-1) > 0.14 {
		t.Errorf("linear networks at s = 1: mean variance ratio over 9 layers %.3f (activations), %.3f (gradients), want 1", meanAct, meanGrad)
	}
}

// The gradients back-propagated in the explorer imply weight gradients dW_l = X_lᵀ dZ_l;
// with targets T = Z − B·G, nn's own backpropagation starts from the same dZ = G, and its
// per-layer gradient norms must agree.
func TestInitScaleBackpropAgreesWithNN(t *testing.T) {
	x, err := newInitExplorer(InitScaleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []nn.Activation{nn.Tanh, nn.Sigmoid, nn.ReLU} {
		_, net, ls, dz, err := x.measure(a, 1.41)
		if err != nil {
			t.Fatal(err)
		}
		z := mat.NewDense(x.o.Batch, x.o.Width, append([]float64(nil), ls[len(ls)-1].Pre...))
		var tgt mat.Dense
		tgt.Scale(-float64(x.o.Batch), x.gout)
		tgt.Add(z, &tgt)
		obj, err := nn.NewRegressionObjective(net, x.in, &tgt)
		if err != nil {
			t.Fatal(err)
		}
		ls2, _ := obj.Inspect(net.Params(), nil)
		for l := range net.NumLayers() {
			in := x.in
			if l > 0 {
				in = mat.NewDense(x.o.Batch, x.o.Width, ls[l-1].Act)
			}
			var dw mat.Dense
			dw.Mul(in.T(), dz[l])
			if got, want := mat.Norm(&dw, 2), ls2[l].GradNorm; math.Abs(got-want) > 1e-9*want {
				t.Errorf("%v: |dW_%d| = %.12g from the explorer's gradients, %.12g from nn", a, l, got, want)
			}
		}
	}
}

// A multiplier of 1 on nn.Normal is Xavier's (or He's) initialisation itself.
func TestInitScaleIsAMultiplier(t *testing.T) {
	x, err := newInitExplorer(InitScaleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sizes := make([]int, x.o.Depth+2)
	for i := range sizes {
		sizes[i] = x.o.Width
	}
	for _, c := range []struct {
		a    nn.Activation
		init nn.Init
	}{{nn.Tanh, nn.XavierNormal}, {nn.ReLU, nn.He}} {
		ref, err := nn.New(nn.Config{Sizes: sizes, Activation: c.a, Init: c.init, Loss: nn.MSE, Seed: x.o.Seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []float64{1, 2.5} {
			net, err := x.network(c.a, s)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range net.Params() {
				if want := s * ref.Params()[i]; math.Abs(w-want) > 1e-15*math.Abs(want) {
					t.Fatalf("%v, s=%g: parameter %d is %g, want s × %v's %g", c.a, s, i, w, c.init, want)
				}
			}
		}
	}
}

func TestInitScaleExplorerHTML(t *testing.T) {
	e := InitScaleExplorer(InitScaleOptions{})
	h, p := explorerHTML(t, e)
	if len(h) > ExplorerBudget {
		t.Errorf("%d KB, over the budget of %d KB", len(h)>>10, ExplorerBudget>>10)
	}
	writeExplorerFrames(t, "init", e, 0, 1, 2, 12, 13, 14, 24, 25, 26)
	if len(p.data.Params) != 2 || len(p.data.Index) != 27 ||
		strings.Join(p.data.Params[1].Labels, ", ") != "tanh, Xavier, sigmoid, Xavier, relu, He" ||
		p.data.Params[0].Labels[0] != "0.25" || p.data.Params[0].Labels[8] != "4" {
		t.Fatalf("sliders %+v", p.data.Params)
	}
	bg := p.background()
	wellFormed(t, "background", bg)
	for _, s := range []string{"(a) std of activations x_l", "(b) std of gradients ∂L/∂x_l", "theory (mean field)", "f linearised at 0"} {
		if !hasText(bg, s) {
			t.Errorf("the background lacks %q", s)
		}
	}
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		wellFormed(t, "frame", svg)
		if strings.Count(svg, "- - theory ×") != 2 || !strings.Contains(svg, "per layer back") {
			t.Errorf("frame %d lacks the factors per layer", f)
		}
	}
}

func TestInitScaleExplorerOptions(t *testing.T) {
	for _, o := range []InitScaleOptions{
		{Width: 1},
		{Scales: []float64{1, -2}},
		{Scales: []float64{}},
		{Activations: []nn.Activation{{}}},
		{Activation: 3},
	} {
		e := InitScaleExplorer(o)
		if _, err := e.HTML(); e.Err() == nil || err == nil || !strings.Contains(err.Error(), "InitScaleExplorer") {
			t.Errorf("%+v: error %v, want the option's error", o, err)
		}
	}
}

// BenchmarkInitScaleExplorer renders the initialisation explorer with its default options
// and reports its size.
func BenchmarkInitScaleExplorer(b *testing.B) {
	var n int
	for b.Loop() {
		h, err := InitScaleExplorer(InitScaleOptions{}).HTML()
		if err != nil {
			b.Fatal(err)
		}
		n = len(h)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}
