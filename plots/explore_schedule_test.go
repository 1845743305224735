package plots

import (
	"math"
	"strings"
	"testing"
)

// Without noise, a run under a schedule is the product formula of each eigendirection:
// e_i(t) = Π_{s<t}(1 − η_sλ_i) e_i(0), computed here from the schedule's closed form.
func TestScheduleExplorerExactRunIsTheProductFormula(t *testing.T) {
	x, err := newScheduleExplorer(ScheduleExplorerOptions{Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	for k := range ScheduleKinds {
		for j := range scheduleSettings {
			s, _, err := x.schedule(k, j)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := x.run(s)
			if err != nil || tr.Diverged {
				t.Fatalf("%s %d: %v, diverged %v", ScheduleKinds[k], j, err, tr.Diverged)
			}
			lr := x.rates(s)
			exp := x.expected(lr)
			p := [2]float64{1, 1}
			for step := 0; step <= x.o.Steps; step++ {
				f := 0.5 * (0.02*math.Pow(p[0]*x.o.X0[0], 2) + math.Pow(p[1]*x.o.X0[1], 2))
				if math.Abs(tr.F[step]-f) > 1e-12*f || math.Abs(exp[step]-f) > 1e-12*f {
					t.Fatalf("%s %d, step %d: run %g, recursion %g, product formula %g", ScheduleKinds[k], j, step, tr.F[step], exp[step], f)
				}
				if step < x.o.Steps {
					if tr.LR[step] != lr[step] {
						t.Fatalf("%s %d: step %d ran at η = %g, the schedule says %g", ScheduleKinds[k], j, step, tr.LR[step], lr[step])
					}
					p[0] *= 1 - lr[step]*0.02
					p[1] *= 1 - lr[step]
				}
			}
		}
	}
}

// The schedules are the closed forms that the doc comment gives.
func TestScheduleExplorerShapes(t *testing.T) {
	x, err := newScheduleExplorer(ScheduleExplorerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eta := 1.5
	for _, c := range []struct {
		k, j int
		want func(t float64) float64
	}{
		{0, 2, func(t float64) float64 { return eta * math.Pow(0.5, math.Floor(t/40)) }},
		{1, 1, func(t float64) float64 { return eta * math.Pow(0.99, t) }},
		{2, 3, func(t float64) float64 { return eta / (1 + 0.1*t) }},
		{3, 2, func(t float64) float64 { return eta * min((t+1)/10, math.Sqrt(10/(t+1))) }},
		{4, 0, func(t float64) float64 { return eta * (1 + math.Cos(math.Pi*t/200)) / 2 }},
		{4, 1, func(t float64) float64 { return eta * (1 + math.Cos(math.Pi*math.Mod(t, 100)/100)) / 2 }},
	} {
		s, _, err := x.schedule(c.k, c.j)
		if err != nil {
			t.Fatal(err)
		}
		for step := range 200 {
			if got, want := s.LR(step), c.want(float64(step)); math.Abs(got-want) > 1e-12 {
				t.Fatalf("%s %d: η_%d = %g, want %g", ScheduleKinds[c.k], c.j, step, got, want)
			}
		}
	}
	// One-cycle: from η₀/25 up to η₀ at step pT − 1, down to η₀/25/10⁴ at step T − 1.
	s, _, err := x.schedule(5, 2)
	if err != nil {
		t.Fatal(err)
	}
	if a, b, c := s.LR(0), s.LR(59), s.LR(199); math.Abs(a-eta/25) > 1e-15 || math.Abs(b-eta) > 1e-15 || math.Abs(c-eta/25e4) > 1e-15 {
		t.Errorf("one-cycle: η_0 = %g, η_59 = %g, η_199 = %g", a, b, c)
	}
}

// With noise, the mean of f over many seeds is the expectation of the recursion
// E[e²] ← (1 − ηλ)² E[e²] + η²σ², and at a constant rate it levels off at the noise floor
// ½σ² Σ η/(2 − ηλ_i).
func TestScheduleExplorerExpectedLoss(t *testing.T) {
	const seeds = 400
	x, err := newScheduleExplorer(ScheduleExplorerOptions{Noise: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	for _, kj := range [][2]int{{0, 2}, {3, 2}} {
		s, _, err := x.schedule(kj[0], kj[1])
		if err != nil {
			t.Fatal(err)
		}
		exp := x.expected(x.rates(s))
		mean := make([]float64, len(exp))
		for seed := range uint64(seeds) {
			x.o.Seed = seed
			tr, err := x.run(s)
			if err != nil || tr.Diverged {
				t.Fatal(err, tr.Diverged)
			}
			for i, f := range tr.F {
				mean[i] += f / seeds
			}
		}
		// f is a sum of two squares with a noise part: its standard deviation is at most
		// about √2 times its mean, so the mean of 400 draws is within 3·√2/20 ≈ 21%.
		for _, step := range []int{10, 50, 100, 150, 199} {
			if r := mean[step] / exp[step]; math.Abs(r-1) > 0.21 {
				t.Errorf("%s: step %d: mean loss %g over %d seeds, expected %g (ratio %.3f)", ScheduleKinds[kj[0]], step, mean[step], seeds, exp[step], r)
			}
		}
	}
	lr := make([]float64, 5000)
	for i := range lr {
		lr[i] = 1.5
	}
	exp := x.expected(lr)
	floor := 0.5 * 0.05 * 0.05 * (1.5/(2-1.5*0.02) + 1.5/(2-1.5))
	if got := exp[len(exp)-1]; math.Abs(got-floor) > 1e-12*floor {
		t.Errorf("constant rate: expected loss levels off at %g, want the noise floor %g", got, floor)
	}
}

func TestScheduleExplorerHTML(t *testing.T) {
	e := ScheduleExplorer(ScheduleExplorerOptions{})
	h, p := explorerHTML(t, e)
	if len(h) > ExplorerBudget {
		t.Errorf("%d KB, over the budget of %d KB", len(h)>>10, ExplorerBudget>>10)
	}
	writeExplorerFrames(t, "schedule", e, 1, 6, 12, 17, 21, 27, 29)
	if len(p.data.Params) != 2 || strings.Join(p.data.Params[0].Labels, ",") != strings.Join(ScheduleKinds, ",") || len(p.data.Index) != 6*5 {
		t.Fatalf("sliders %+v, %d frames: want the six kinds and five settings", p.data.Params, len(p.data.Index))
	}
	bg := p.background()
	wellFormed(t, "background", bg)
	for _, s := range []string{"(a) learning rate η_t", "(b) loss f(x_t) − f*", "2/λmax = 2: stability limit", "constant η₀, expected"} {
		if !hasText(bg, s) {
			t.Errorf("the background lacks %q", s)
		}
	}
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		wellFormed(t, "frame", svg)
		if strings.Contains(svg, "<image") || strings.Contains(svg, "(a) learning") {
			t.Errorf("frame %d holds background", f)
		}
		if !strings.Contains(svg, "- - expected ") || !hasText(svg, "f(x_200) − f* = ") {
			t.Errorf("frame %d lacks the final and the expected loss", f)
		}
	}
	if !strings.Contains(p.composite, "×0.5 every 40 steps") {
		t.Error("the static image does not show step decay by 0.5 every 40 steps")
	}
	// Above the stability limit, a constant start diverges and the frames say so.
	e = ScheduleExplorer(ScheduleExplorerOptions{LR: 2.5, Exact: true})
	_, p = explorerHTML(t, e)
	diverged := 0
	for f := range p.data.Frames {
		if strings.Contains(p.data.Frames[f], "diverged at step ") {
			diverged++
		}
	}
	if diverged == 0 || diverged == len(p.data.Frames) {
		t.Errorf("η₀ = 2.5 > 2/λmax: %d of %d frames diverge, want some (the slowly decaying ones), not all", diverged, len(p.data.Frames))
	}
}

func TestScheduleExplorerOptions(t *testing.T) {
	for _, o := range []ScheduleExplorerOptions{
		{LambdaMin: -1, LambdaMax: 1},
		{LR: -1},
		{Steps: 5},
		{Noise: -0.1},
		{X0: []float64{0, 0}},
		{X0: []float64{1, 2, 3}},
	} {
		e := ScheduleExplorer(o)
		if _, err := e.HTML(); e.Err() == nil || err == nil || !strings.Contains(err.Error(), "ScheduleExplorer") {
			t.Errorf("%+v: error %v, want the option's error", o, err)
		}
	}
	if _, _, err := (&scheduleExplorer{o: ScheduleExplorerOptions{LR: 1, Steps: 100}}).schedule(6, 0); err == nil {
		t.Error("no error for a schedule kind out of range")
	}
}

// BenchmarkScheduleExplorer renders the schedule explorer with its default options and
// reports its size.
func BenchmarkScheduleExplorer(b *testing.B) {
	var n int
	for b.Loop() {
		h, err := ScheduleExplorer(ScheduleExplorerOptions{}).HTML()
		if err != nil {
			b.Fatal(err)
		}
		n = len(h)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}
