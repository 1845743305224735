package plots

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var explorersDir = flag.String("explorers", "", "directory to write the explorers' static images and some frames into, as SVG")

// writeExplorerFrames writes, under -explorers, the static image of e as name.svg and the
// frames listed (by frame number, background included) as name-k.svg. It also logs the size
// and the rendering time.
func writeExplorerFrames(t *testing.T, name string, e *Explorer, frames ...int) {
	t.Helper()
	start := time.Now()
	h, p := explorerHTML(t, e)
	t.Logf("%s: %d KB, %d frames (%d distinct), rendered in %v", name, len(h)>>10, len(p.data.Index), len(p.data.Frames), time.Since(start).Round(time.Millisecond))
	if *explorersDir == "" {
		return
	}
	if err := os.MkdirAll(*explorersDir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(file, svg string) {
		if err := os.WriteFile(filepath.Join(*explorersDir, file), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(name+".svg", p.composite)
	bg := p.background()
	for _, k := range frames {
		k = (k + len(p.data.Index)) % len(p.data.Index)
		write(name+"-"+itoa(k)+".svg", strings.TrimSuffix(bg, "</svg>")+p.data.Frames[p.data.Index[k]]+"</svg>")
	}
}

func itoa(k int) string {
	s := ""
	for {
		s = string(rune('0'+k%10)) + s
		k /= 10
		if k == 0 {
			return s
		}
	}
}

// The 1-D iterates are x_k = (1 − ηλ)^k x₀, and the run stops where f exceeds 10⁶.
func TestLRExplorerOneDimensionalIterates(t *testing.T) {
	x, err := newLRExplorer(LROptions{Lambda: 2, Start: -1.5, Steps: 60})
	if err != nil {
		t.Fatal(err)
	}
	for _, eta := range []float64{0.05, 0.3, 0.5, 0.8, 1, 1.1} {
		tr, err := x.run1(eta)
		if err != nil {
			t.Fatal(err)
		}
		// f(x_k) = ½·2·(1−2η)^{2k}·2.25 passes 10⁶·max(f(x₀), 1) = 2.25·10⁶ at the first k
		// with (1−2η)^{2k} > 10⁶.
		want := -1
		for k := 0; k <= 60; k++ {
			if math.Pow(1-2*eta, 2*float64(k)) > 1e6 {
				want = k
				break
			}
		}
		if want >= 0 {
			if !tr.Diverged || tr.DivergedAt != want || len(tr.X) != want {
				t.Errorf("η=%g: diverged %v at %d with %d iterates, want diverged at step %d", eta, tr.Diverged, tr.DivergedAt, len(tr.X), want)
			}
		} else if tr.Diverged || len(tr.X) != 61 {
			t.Errorf("η=%g: diverged %v with %d iterates, want 61 iterates", eta, tr.Diverged, len(tr.X))
		}
		for k, v := range tr.X {
			w := math.Pow(1-2*eta, float64(k)) * -1.5
			if math.Abs(v[0]-w) > 1e-12*max(1, math.Abs(w)) {
				t.Fatalf("η=%g: x_%d = %.17g, want (1−ηλ)^k x₀ = %.17g", eta, k, v[0], w)
			}
		}
	}
}

// On the valley, the error along each axis is (1 − ηλ_i)^k e_i(0), and the rate measured
// on the run is max|1 − ηλ_i| away from the points where two rates tie.
func TestLRExplorerMeasuredRate(t *testing.T) {
	x, err := newLRExplorer(LROptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, eta := range []float64{0.35, 0.75, 1, 1.5, 1.75, 1.9, 2.05} {
		tr, err := x.run2(eta)
		if err != nil || tr.Diverged {
			t.Fatalf("η=%g: %v, diverged %v", eta, err, tr.Diverged)
		}
		for k, v := range tr.X {
			for i, l := range []float64{0.1, 1} {
				w := math.Pow(1-eta*l, float64(k)) * x.o.X0[i]
				if math.Abs(v[i]-w) > 1e-12*max(1, math.Abs(w)) {
					t.Fatalf("η=%g: x_%d[%d] = %g, want %g", eta, k, i, v[i], w)
				}
			}
		}
		want := max(math.Abs(1-0.1*eta), math.Abs(1-eta))
		if got := GDRate(eta, 0.1, 1); got != want {
			t.Errorf("GDRate(%g) = %g, want %g", eta, got, want)
		}
		if got := fitRate(tr.F); math.Abs(got-want) > 0.01*want {
			t.Errorf("η=%g: measured rate %.4f, theory max|1−ηλ_i| = %.4f", eta, got, want)
		}
	}
	// Past 2/λmax the run blows up: at ηλmax = 2.2 the steep error grows 1.2× a step.
	tr, err := x.run2(2.2)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for k := 0; ; k++ {
		a, b := math.Pow(1-0.22, float64(k))*x.o.X0[0], math.Pow(-1.2, float64(k))*x.o.X0[1]
		if 0.5*(0.1*a*a+b*b) > 1e6 {
			want = k
			break
		}
	}
	if !tr.Diverged || tr.DivergedAt != want || len(tr.X) != want {
		t.Errorf("η=2.2: diverged %v at step %d (%d iterates), want step %d", tr.Diverged, tr.DivergedAt, len(tr.X), want)
	}
}

func TestGDOptimum(t *testing.T) {
	for _, c := range [][2]float64{{0.1, 1}, {1, 100}, {2, 2}} {
		eta, rate := GDOptimum(c[0], c[1])
		kappa := c[1] / c[0]
		if math.Abs(rate-(kappa-1)/(kappa+1)) > 1e-15 || math.Abs(GDRate(eta, c[0], c[1])-rate) > 1e-15 {
			t.Errorf("λ = %v: η* = %g, ρ* = %g, want (κ−1)/(κ+1) = %g", c, eta, rate, (kappa-1)/(kappa+1))
		}
		for i := -50; i <= 50; i++ {
			if r := GDRate(eta*(1+float64(i)/100), c[0], c[1]); r < rate-1e-15 {
				t.Errorf("λ = %v: rate %g at η = %g beats the optimum %g", c, r, eta*(1+float64(i)/100), rate)
			}
		}
		if got := HeavyBallRate(eta, 0, c[0], c[1]); math.Abs(got-rate) > 1e-15 {
			t.Errorf("λ = %v: heavy ball at μ = 0 gives %g, gradient descent %g", c, got, rate)
		}
	}
	if !math.IsNaN(GDRate(1)) {
		t.Error("GDRate without eigenvalues is not NaN")
	}
}

func TestLRExplorerHTML(t *testing.T) {
	e := LRExplorer(LROptions{})
	h, p := explorerHTML(t, e)
	if len(h) > ExplorerBudget {
		t.Errorf("%d KB, over the budget of %d KB", len(h)>>10, ExplorerBudget>>10)
	}
	writeExplorerFrames(t, "lr", e, 0, 6, 10, -1)
	if len(p.data.Params) != 1 || p.data.Params[0].Name != "step size η" || !p.data.Params[0].Play {
		t.Errorf("sliders %+v, want η with a play button", p.data.Params)
	}
	if got := p.data.Params[0].Labels[p.data.Params[0].Value]; got != "1.5" {
		t.Errorf("default η = %s, want 1.5", got)
	}
	eta, _ := GDOptimum(0.1, 1)
	if v := e.Params[0].Values; v[nearest(v, eta)] != eta || v[0] != 0.05 || v[len(v)-1] != 2.2 {
		t.Errorf("stops %v: want 0.05 … 2.2 with η* = %g", v, eta)
	}
	bg := p.background()
	wellFormed(t, "background", bg)
	for _, s := range []string{"(a) f(x) = ½λx²", "(b) path on the valley", "(c) loss f(x_k)", "(d) rate ρ per step", "2/λmax = 2", "η* = 1.82, ρ* = 0.818"} {
		if !hasText(bg, s) {
			t.Errorf("the background lacks %q", s)
		}
	}
	diverged, measured := 0, 0
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		wellFormed(t, "frame", svg)
		if strings.Contains(svg, "<image") || strings.Contains(svg, "(a) f(x)") {
			t.Errorf("frame %d holds background", f)
		}
		if !strings.Contains(svg, "theory ρ = ") || !strings.Contains(svg, "ηλ = ") {
			t.Errorf("frame %d lacks the theoretical rate or the 1-D regime", f)
		}
		diverged += strings.Count(svg, "diverged at step ")
		if strings.Contains(svg, "measured ρ = ") {
			measured++
		}
	}
	if diverged < 2 || measured == 0 {
		t.Errorf("%d divergences reported, %d measured rates, want both runs of η = 2.2 to diverge and some rates", diverged, measured)
	}
}

func TestLRExplorerOptions(t *testing.T) {
	for _, o := range []LROptions{
		{LambdaMin: -1, LambdaMax: 1},
		{LambdaMin: 2, LambdaMax: 1},
		{Lambda: -1},
		{LRs: []float64{0.1, -1}},
		{LRs: []float64{}},
		{X0: []float64{1}},
		{X0: []float64{0, 0}},
		{Start: math.Inf(1)},
	} {
		e := LRExplorer(o)
		if _, err := e.HTML(); e.Err() == nil || err == nil || !strings.Contains(err.Error(), "LRExplorer") {
			t.Errorf("%+v: error %v, want the option's error", o, err)
		}
	}
}

// BenchmarkLRExplorer renders the learning-rate explorer with its default options and
// reports its size.
func BenchmarkLRExplorer(b *testing.B) {
	var n int
	for b.Loop() {
		h, err := LRExplorer(LROptions{}).HTML()
		if err != nil {
			b.Fatal(err)
		}
		n = len(h)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}
