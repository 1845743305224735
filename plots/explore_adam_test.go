package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

// The ratios read from gdlib's Adam are the bias corrections 1/(1 − βᵗ).
func TestAdamBiasCorrectionFactors(t *testing.T) {
	x, err := newAdamExplorer(AdamBetaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][2]float64{{0.9, 0.999}, {0.5, 0.99}, {0.99, 0.9}, {0, 0.9999}, {0.8, 0.9}} {
		r, err := x.corrected(b[0], b[1])
		if err != nil || r.diverged {
			t.Fatal(err, r.diverged)
		}
		if len(r.MRatio) != x.o.Steps || len(r.Step) != x.o.Steps {
			t.Fatalf("β = %v: %d ratios, %d steps for %d steps", b, len(r.MRatio), len(r.Step), x.o.Steps)
		}
		for i := range r.MRatio {
			t1 := float64(i + 1)
			wm, wv := 1/(1-math.Pow(b[0], t1)), 1/(1-math.Pow(b[1], t1))
			if math.Abs(r.MRatio[i]/wm-1) > 1e-6 || math.Abs(r.VRatio[i]/wv-1) > 1e-6 {
				t.Fatalf("β = %v, t = %d: m̂/m = %.10g, v̂/v = %.10g from gdlib's Adam, want 1/(1−β1ᵗ) = %.10g, 1/(1−β2ᵗ) = %.10g",
					b, i+1, r.MRatio[i], r.VRatio[i], wm, wv)
			}
			if got := biasFactor(b[0], i+1); math.Abs(got/wm-1) > 1e-13 {
				t.Fatalf("biasFactor(%g, %d) = %g, want %g", b[0], i+1, got, wm)
			}
			// (1 − βᵗ by math.Pow loses digits that the Expm1 of correctionFactor keeps.)
			if got, want := correctionFactor(b[0], b[1], i+1), math.Sqrt(1/wv)*wm; math.Abs(got/want-1) > 1e-11 {
				t.Fatalf("correctionFactor(%v, %d) = %g, want %g", b, i+1, got, want)
			}
		}
		// The first step is γ|g|/(|g| + ε) in each coordinate with the correction, and
		// γ(1 − β1)|g|/(√(1 − β2)|g| + ε) without: about (1 − β1)/√(1 − β2) times more.
		u := x.uncorrected(b[0], b[1])
		g := make([]float64, 2)
		x.s.Grad(g, x.o.X0)
		for i := range 2 {
			a := math.Abs(g[i])
			if got, want := math.Abs(r.Step[0][i])/x.o.LR, a/(a+x.o.Eps); math.Abs(got/want-1) > 1e-12 {
				t.Errorf("β = %v: first corrected step %.15g·γ in coordinate %d, want %.15g·γ", b, got, i, want)
			}
			want := (1 - b[0]) * a / (math.Sqrt(1-b[1])*a + x.o.Eps)
			if got := math.Abs(u.Step[0][i]) / x.o.LR; math.Abs(got/want-1) > 1e-12 {
				t.Errorf("β = %v: first uncorrected step %.15g·γ in coordinate %d, want (1−β1)|g|/(√(1−β2)|g| + ε) = %.15g", b, got, i, want)
			}
		}
	}
}

// rescaled is the step size γ(1 − β1ᵗ)/√(1 − β2ᵗ) at step t = k+1, for Adam's EpsHat form.
type rescaled struct{ lr, b1, b2 float64 }

func (r rescaled) LR(k int) float64 {
	t := float64(k + 1)
	return r.lr * (1 - math.Pow(r.b1, t)) / math.Sqrt(1-math.Pow(r.b2, t))
}

// Adam without bias correction is gdlib's Adam in its EpsHat form, θ ← θ − γ_t √(1 − β2ᵗ)/
// (1 − β1ᵗ) · m/(√v + ε), with γ_t = γ(1 − β1ᵗ)/√(1 − β2ᵗ): check the explorer's loop on it.
func TestAdamWithoutCorrectionIsEpsHatAdamRescaled(t *testing.T) {
	x, err := newAdamExplorer(AdamBetaOptions{Theta: 0.4})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][2]float64{{0.9, 0.999}, {0, 0.9999}, {0.99, 0.9}} {
		opt, err := gdlib.NewAdam(2, gdlib.AdamConfig{LR: x.o.LR, Beta1: b[0], Beta2: b[1], Eps: x.o.Eps, EpsHat: true})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := gdlib.Minimize(x.s, x.o.X0, opt, gdlib.RunOptions{Steps: x.o.Steps, Schedule: rescaled{x.o.LR, b[0], b[1]}})
		if err != nil {
			t.Fatal(err)
		}
		u := x.uncorrected(b[0], b[1])
		if len(u.tr.X) != len(tr.X) {
			t.Fatalf("β = %v: %d iterates, gdlib %d", b, len(u.tr.X), len(tr.X))
		}
		for k := range tr.X {
			for i := range 2 {
				if d := math.Abs(u.tr.X[k][i] - tr.X[k][i]); d > 1e-12*max(1, math.Abs(tr.X[k][i])) {
					t.Fatalf("β = %v: θ_%d[%d] = %.17g, gdlib's EpsHat Adam gives %.17g", b, k, i, u.tr.X[k][i], tr.X[k][i])
				}
			}
		}
	}
}

func TestAdamBetaExplorerHTML(t *testing.T) {
	e := AdamBetaExplorer(AdamBetaOptions{})
	h, p := explorerHTML(t, e)
	if len(h) > ExplorerBudget {
		t.Errorf("%d KB, over the budget of %d KB", len(h)>>10, ExplorerBudget>>10)
	}
	writeExplorerFrames(t, "adam", e, 0, 3, 15, 18, 19)
	if len(p.data.Params) != 2 || p.data.Params[0].Name != "β1" || p.data.Params[1].Name != "β2" || len(p.data.Index) != 20 {
		t.Fatalf("sliders %+v", p.data.Params)
	}
	if got := p.data.Params[0].Labels[p.data.Params[0].Value] + " " + p.data.Params[1].Labels[p.data.Params[1].Value]; got != "0.9 0.999" {
		t.Errorf("default β1 β2 = %s, want PyTorch's 0.9 0.999", got)
	}
	bg := p.background()
	wellFormed(t, "background", bg)
	for _, s := range []string{"(a) path", "(b) bias correction factors", "(c) step per coordinate", "(d) loss", "with bias correction", "- - without", "m̂/m = 1/(1−β1ᵗ)", "θ₂ (λmax)"} {
		if !hasText(bg, s) {
			t.Errorf("the background lacks %q", s)
		}
	}
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		wellFormed(t, "frame", svg)
		if !strings.Contains(svg, "t = 1: with 1, - - without ") || !hasText(svg, "with: f(θ_100) = ") {
			t.Errorf("frame %d lacks the first step or the final loss", f)
		}
	}
	if !strings.Contains(p.composite, "without 3.16") {
		t.Error("the static image does not give the first uncorrected step (1−0.9)/√(1−0.999) = 3.16")
	}
	// A step size too large for the valley: the frames say where the runs blow up.
	_, p = explorerHTML(t, AdamBetaExplorer(AdamBetaOptions{LR: 1e4, Beta1s: []float64{0.9}, Beta2s: []float64{0.999}}))
	if !strings.Contains(p.data.Frames[0], "diverged at step ") {
		t.Error("γ = 10⁴: no divergence reported")
	}
}

func TestAdamBetaExplorerOptions(t *testing.T) {
	for _, o := range []AdamBetaOptions{
		{LambdaMin: -1, LambdaMax: 1},
		{LR: -1},
		{Eps: math.NaN()},
		{Beta1s: []float64{0.9, 1}},
		{Beta2s: []float64{}},
		{X0: []float64{0, 0}},
	} {
		e := AdamBetaExplorer(o)
		if _, err := e.HTML(); e.Err() == nil || err == nil || !strings.Contains(err.Error(), "AdamBetaExplorer") {
			t.Errorf("%+v: error %v, want the option's error", o, err)
		}
	}
}

// BenchmarkAdamBetaExplorer renders the Adam explorer with its default options and reports
// its size.
func BenchmarkAdamBetaExplorer(b *testing.B) {
	var n int
	for b.Loop() {
		h, err := AdamBetaExplorer(AdamBetaOptions{}).HTML()
		if err != nil {
			b.Fatal(err)
		}
		n = len(h)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}
