package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot/vg/draw"
)

// AdamBetaOptions configures AdamBetaExplorer. The zero value gives the lesson's defaults.
type AdamBetaOptions struct {
	// LambdaMin, LambdaMax and Theta make the valley gdlib.Quadratic(λmin, λmax, θ)
	// (defaults 0.1, 1 and 0: axis-aligned, so that coordinate i is an eigendirection).
	LambdaMin, LambdaMax, Theta float64
	// LR is Adam's step size η (default 0.05) and Eps its ε (default 1e-8).
	LR, Eps float64
	// Beta1s and Beta2s are the slider stops (defaults 0, 0.5, 0.8, 0.9, 0.99 and 0.9,
	// 0.99, 0.999, 0.9999); Beta1 and Beta2 pick the stops shown first, the nearest ones
	// (defaults PyTorch's 0.9 and 0.999; 0 means the default, so to start at β1 = 0 give
	// a tiny value).
	Beta1s, Beta2s []float64
	Beta1, Beta2   float64
	// X0 is the start (default (−0.9, 0.75) times the half-widths of the valley's window)
	// and Steps the number of steps (default 100).
	X0    []float64
	Steps int
}

// AdamBetaExplorer shows Adam's two averaging rates and its bias correction, with sliders
// for β1 and β2, on a quadratic valley. Adam (gdlib.Adam, PyTorch's) keeps the averages
//
//	m_t = β1 m_{t−1} + (1 − β1) g_t,   v_t = β2 v_{t−1} + (1 − β2) g_t²,   m_0 = v_0 = 0,
//
// which start at 0 and so are biased towards 0: for a constant gradient g, m_t = (1 − β1ᵗ)g
// and v_t = (1 − β2ᵗ)g². Adam divides the bias out, m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), and
// steps θ ← θ − η m̂/(√v̂ + ε): its first step is η g/(|g| + ε), about η whatever g. Without
// the correction the step is η m/(√v + ε), which is the corrected step times
//
//	(1 − β1ᵗ)/√(1 − β2ᵗ)   (for ε ≪ √v),
//
// (1 − β1)/√(1 − β2) at t = 1: 3.16 for PyTorch's β1 = 0.9, β2 = 0.999, up to about 6.5 at
// t = 10, and still 3.3 at t = 100; with β2 = 0.9999 it reaches 20. A large β2 with a smaller
// β1 makes the early uncorrected steps several times too large; a large β1 with a small β2
// makes them too small. The panels:
//
//	(a) the path over the contours, with the correction (solid) and without (dashed);
//	(b) the correction factors against t, on log axes: m̂/m = 1/(1 − β1ᵗ) and
//	    v̂/v = 1/(1 − β2ᵗ) dashed, with the ratios read from gdlib's Adam as markers (m from
//	    FirstMoment, v from SecondMoment, v̂ and m̂ from EffectiveStep η/(√v̂ + ε) and the step
//	    taken), and the factor √(1 − β2ᵗ)/(1 − β1ᵗ) by which the correction scales the step;
//	(c) the step actually taken in each coordinate, |Δθ_i|/η = |m̂_i|/(√v̂_i + ε), against t
//	    on log axes, with the correction (solid) and without (dashed);
//	(d) the loss f(θ_t) of both runs on a log axis.
//
// The uncorrected run is written out here (gdlib's Adam always corrects); the tests check it
// against gdlib's Adam in its EpsHat form with the step size η(1 − β1ᵗ)/√(1 − β2ᵗ), which is
// the same rule. A run that blows up is cut there and says "diverged at step k".
func AdamBetaExplorer(o AdamBetaOptions) *Explorer {
	x, err := newAdamExplorer(o)
	if err != nil {
		return &Explorer{Title: "Adam β explorer", err: err}
	}
	return x.explorer()
}

// adamExplorer holds what the frames of AdamBetaExplorer share.
type adamExplorer struct {
	o                         AdamBetaOptions
	s                         gdlib.Surface
	f0                        float64
	lossLo                    float64
	path, factors, step, loss *Layer
}

func newAdamExplorer(o AdamBetaOptions) (*adamExplorer, error) {
	x := &adamExplorer{o: o}
	if x.o.LambdaMin == 0 && x.o.LambdaMax == 0 {
		x.o.LambdaMin, x.o.LambdaMax = 0.1, 1
	}
	lmin, lmax := x.o.LambdaMin, x.o.LambdaMax
	if !(lmin > 0 && lmax >= lmin && !math.IsInf(lmax, 0)) || !finite(x.o.Theta) {
		return nil, fmt.Errorf("plots: AdamBetaExplorer: LambdaMin = %g, LambdaMax = %g, Theta = %g, want 0 < LambdaMin ≤ LambdaMax and a finite θ", lmin, lmax, x.o.Theta)
	}
	if x.o.LR == 0 {
		x.o.LR = 0.05
	}
	if x.o.Eps == 0 {
		x.o.Eps = 1e-8
	}
	if !(x.o.LR > 0) || math.IsInf(x.o.LR, 0) || !(x.o.Eps > 0) || math.IsInf(x.o.Eps, 0) {
		return nil, fmt.Errorf("plots: AdamBetaExplorer: LR = %g, Eps = %g, want both > 0 and finite", x.o.LR, x.o.Eps)
	}
	if x.o.Beta1s == nil {
		x.o.Beta1s = []float64{0, 0.5, 0.8, 0.9, 0.99}
	}
	if x.o.Beta2s == nil {
		x.o.Beta2s = []float64{0.9, 0.99, 0.999, 0.9999}
	}
	if len(x.o.Beta1s) == 0 || len(x.o.Beta2s) == 0 {
		return nil, fmt.Errorf("plots: AdamBetaExplorer: no slider stops")
	}
	for _, bs := range [][]float64{x.o.Beta1s, x.o.Beta2s} {
		for _, b := range bs {
			if !(b >= 0 && b < 1) {
				return nil, fmt.Errorf("plots: AdamBetaExplorer: β = %g, want 0 ≤ β < 1", b)
			}
		}
	}
	if x.o.Beta1 == 0 {
		x.o.Beta1 = 0.9
	}
	if x.o.Beta2 == 0 {
		x.o.Beta2 = 0.999
	}
	x.o.Steps = orDefault(o.Steps, 100)
	x.s = gdlib.Quadratic(lmin, lmax, x.o.Theta)
	if x.o.X0 == nil {
		w := x.s.Window
		x.o.X0 = []float64{-0.9 * w[1], 0.75 * w[3]}
	}
	if len(x.o.X0) != 2 || !finite(x.o.X0[0]) || !finite(x.o.X0[1]) || x.s.F(x.o.X0) == 0 {
		return nil, fmt.Errorf("plots: AdamBetaExplorer: X0 = %v, want two finite coordinates, away from the minimum", x.o.X0)
	}
	x.f0 = x.s.F(x.o.X0)
	x.lossLo = x.f0 * 1e-8
	return x, nil
}

func (x *adamExplorer) explorer() *Explorer {
	title := fmt.Sprintf("Adam's β1, β2 and its bias correction (η = %g)", x.o.LR)
	g := NewGrid(title, 2, x.pathPanel(), x.factorPanel(), x.stepPanel(), x.lossPanel())
	g.Height *= 1.2
	return NewExplorer(title, g, x.frame,
		Param{Name: "β1", Values: x.o.Beta1s, Default: nearest(x.o.Beta1s, x.o.Beta1), Format: "%g"},
		Param{Name: "β2", Values: x.o.Beta2s, Default: nearest(x.o.Beta2s, x.o.Beta2), Format: "%g"})
}

// adamRun is a run of Adam and what the panels read from it: the iterates and losses, and,
// for t = 1 … len(Step), the step Δθ_t = θ_{t−1} − θ_t and, from gdlib's Adam, the ratios
// m̂/m and v̂/v of the coordinate with the larger |m| (NaN for the uncorrected run).
type adamRun struct {
	tr         gdlib.Trace
	Step       [][2]float64
	MRatio     []float64
	VRatio     []float64
	diverged   bool
	divergedAt int
}

// corrected runs gdlib's Adam from X0, cut where it blows up, reading its state after
// every step.
func (x *adamExplorer) corrected(b1, b2 float64) (adamRun, error) {
	opt, err := gdlib.NewAdam(2, gdlib.AdamConfig{LR: x.o.LR, Beta1: b1, Beta2: b2, Eps: x.o.Eps})
	if err != nil {
		return adamRun{}, err
	}
	var r adamRun
	limit := blowUp * max(x.f0, 1)
	prev := slices.Clone(x.o.X0)
	tr, err := gdlib.Minimize(x.s, x.o.X0, opt, gdlib.RunOptions{Steps: x.o.Steps, Callback: func(k int, th []float64) bool {
		if x.s.F(th) > limit {
			return true
		}
		if k == 0 {
			return false
		}
		d := [2]float64{prev[0] - th[0], prev[1] - th[1]}
		r.Step = append(r.Step, d)
		copy(prev, th)
		m, v, eff := opt.FirstMoment(), opt.SecondMoment(), opt.EffectiveStep()
		i := 0
		if math.Abs(m[1]) > math.Abs(m[0]) {
			i = 1
		}
		vhat := math.Pow(x.o.LR/eff[i]-x.o.Eps, 2)
		r.MRatio = append(r.MRatio, d[i]/eff[i]/m[i])
		r.VRatio = append(r.VRatio, vhat/v[i])
		return false
	}})
	if err != nil {
		return r, err
	}
	if tr.Stopped {
		k := len(tr.X) - 1
		tr.X, tr.F = tr.X[:k], tr.F[:k]
		r.diverged, r.divergedAt = true, k
	}
	r.tr = tr
	return r, nil
}

// uncorrected runs Adam without bias correction from X0, cut where it blows up:
//
//	m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²,   θ ← θ − η m/(√v + ε).
func (x *adamExplorer) uncorrected(b1, b2 float64) adamRun {
	th := slices.Clone(x.o.X0)
	var m, v [2]float64
	g := make([]float64, 2)
	limit := blowUp * max(x.f0, 1)
	r := adamRun{tr: gdlib.Trace{X: [][]float64{slices.Clone(th)}, F: []float64{x.f0}}}
	for t := 1; t <= x.o.Steps; t++ {
		x.s.Grad(g, th)
		var d [2]float64
		for i := range 2 {
			m[i] = b1*m[i] + (1-b1)*g[i]
			v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
			d[i] = x.o.LR * m[i] / (math.Sqrt(v[i]) + x.o.Eps)
			th[i] -= d[i]
		}
		f := x.s.F(th)
		if !(f <= limit) || !finite(th[0]) || !finite(th[1]) {
			r.diverged, r.divergedAt = true, t
			return r
		}
		r.tr.X, r.tr.F = append(r.tr.X, slices.Clone(th)), append(r.tr.F, f)
		r.Step = append(r.Step, d)
	}
	return r
}

// correctionFactor is the factor by which the bias correction scales Adam's step at t
// (for ε ≪ √v): √(1 − β2ᵗ)/(1 − β1ᵗ).
func correctionFactor(b1, b2 float64, t int) float64 {
	return math.Sqrt(-math.Expm1(float64(t)*math.Log(b2))) / -math.Expm1(float64(t)*math.Log(b1))
}

// biasFactor is 1/(1 − βᵗ), the bias correction of an average with rate β after t steps
// (1 for β = 0).
func biasFactor(b float64, t int) float64 {
	if b == 0 {
		return 1
	}
	return 1 / -math.Expm1(float64(t)*math.Log(b))
}

// adamColors are the colours of panel (b): m̂/m, v̂/v and the step's factor.
func adamColors() [3]color.Color { return [3]color.Color{Color(2), Color(4), Theme.Ink} }

// factorMarks are the steps t at which panel (b) marks the measured ratios.
var factorMarks = []int{1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000}

func (x *adamExplorer) frame(f *Frame) error {
	b1, b2 := f.Values[0], f.Values[1]
	with, err := x.corrected(b1, b2)
	if err != nil {
		return err
	}
	without := x.uncorrected(b1, b2)
	cw, cwo := Color(0), Color(1)

	// (a) the paths.
	f.Add(x.path, &polyline{xy: xyOf(without.tr.X), style: dashed(cwo, Theme.Line*0.8), mark: endMark(cwo, without.diverged)},
		&polyline{xy: xyOf(with.tr.X), style: line(cw, Theme.Line*0.8), dots: Theme.Marker * 0.5, mark: endMark(cw, with.diverged)})

	// (b) the correction factors, theory dashed, measured marks.
	n := x.o.Steps
	cols := adamColors()
	var fm, fv, fs [][2]float64
	for i := 0; i <= 200; i++ {
		t := int(math.Round(math.Pow(float64(n), float64(i)/200)))
		if len(fm) > 0 && float64(t) == fm[len(fm)-1][0] {
			continue
		}
		fm = append(fm, [2]float64{float64(t), biasFactor(b1, t)})
		fv = append(fv, [2]float64{float64(t), biasFactor(b2, t)})
		fs = append(fs, [2]float64{float64(t), correctionFactor(b1, b2, t)})
	}
	f.Add(x.factors, &polyline{xy: fv, style: dashed(cols[1], Theme.Line*0.8)},
		&polyline{xy: fm, style: dashed(cols[0], Theme.Line*0.8)},
		&polyline{xy: fs, style: line(cols[2], Theme.Thin*1.5)})
	var mm, mv [][2]float64
	for _, t := range factorMarks {
		if t <= len(with.MRatio) {
			mm = append(mm, [2]float64{float64(t), with.MRatio[t-1]})
			mv = append(mv, [2]float64{float64(t), with.VRatio[t-1]})
		}
	}
	f.Add(x.factors, &marks{xy: mv, glyph: draw.GlyphStyle{Color: cols[1], Radius: Theme.Marker, Shape: disc}},
		&marks{xy: mm, glyph: draw.GlyphStyle{Color: cols[0], Radius: Theme.Marker, Shape: disc}})

	// (c) the steps per coordinate.
	for i := range 2 {
		for _, r := range []adamRun{without, with} {
			xy := make([][2]float64, len(r.Step))
			for t, d := range r.Step {
				xy[t] = [2]float64{float64(t + 1), math.Abs(d[i]) / x.o.LR}
			}
			sty := line(modeColor(i), Theme.Line*0.7)
			if r.MRatio == nil {
				sty = dashed(modeColor(i), Theme.Line*0.7)
			}
			f.Add(x.step, &polyline{xy: xy, style: sty})
		}
	}
	first := (1 - b1) / math.Sqrt(1-b2)
	f.Add(x.step, TextBox{Text: fmt.Sprintf("t = 1: with 1, - - without %.3g", first), X: 1, Y: 1})

	// (d) the losses.
	for _, r := range []adamRun{without, with} {
		c, sty := cw, line(cw, Theme.Line*0.8)
		if r.MRatio == nil {
			c, sty = cwo, dashed(cwo, Theme.Line*0.8)
		}
		l := &polyline{xy: gapXY(r.tr.F, 0, x.lossLo), style: sty}
		if r.diverged {
			l.mark = endMark(c, true)
		}
		f.Add(x.loss, l)
	}
	status := func(r adamRun, name string) string {
		if r.diverged {
			return fmt.Sprintf("%s: diverged at step %d", name, r.divergedAt)
		}
		return fmt.Sprintf("%s: f(θ_%d) = %s", name, len(r.tr.F)-1, sci(r.tr.F[len(r.tr.F)-1]))
	}
	f.Add(x.loss, TextBox{Text: status(with, "with") + "\n" + status(without, "- - without"), X: 1, Y: 1, Colors: []color.Color{cw, cwo}})
	return nil
}

// pathPanel is (a): the contours, the minimum, the start and the key of the two runs.
func (x *adamExplorer) pathPanel() *Plot {
	p := NewPlot("(a) path", "θ₁", "θ₂")
	w := x.s.Window
	w[3] += 0.3 * (w[3] - w[2]) // a strip above the valley for the key
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	p.window = &w
	p.Add(&landscape{f: x.s.F, fmin: 0, n: 80, levels: 12, spacing: LogSpacing})
	p.Add(&marks{xy: [][2]float64{{0, 0}}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.Add(&marks{xy: [][2]float64{{x.o.X0[0], x.o.X0[1]}}, glyph: draw.GlyphStyle{Color: Color(0), Radius: Theme.Marker + 1.5, Shape: ring}})
	p.Add(TextBox{Text: "with bias correction\n- - without", X: 1, Y: 1, Colors: []color.Color{Color(0), Color(1)}})
	x.path = NewLayer()
	p.Add(x.path)
	return p
}

// factorPanel is (b): log axes over t = 1 … Steps, with a key above the curves.
func (x *adamExplorer) factorPanel() *Plot {
	p := NewPlot("(b) bias correction factors", "step t", "") // log axis: the quantity in the title (explore_kit.go)
	p.X.Min, p.X.Max = 1, float64(x.o.Steps)
	p.Y.Min, p.Y.Max = 1e-6, 1e5
	LogAxis(&p.X)
	LogAxis(&p.Y)
	p.Add(gridLines())
	cols := adamColors()
	p.Add(TextBox{Text: "m̂/m = 1/(1−β1ᵗ)\nv̂/v = 1/(1−β2ᵗ)\nstep: √(1−β2ᵗ)/(1−β1ᵗ)", X: 1, Y: 0, Colors: cols[:]})
	x.factors = NewLayer()
	p.Add(x.factors)
	return p
}

// stepPanel is (c): |Δθ_i|/η on log axes, and the key of the coordinates.
func (x *adamExplorer) stepPanel() *Plot {
	p := NewPlot("(c) step per coordinate", "step t", "|Δθᵢ| / η")
	p.X.Min, p.X.Max = 1, float64(x.o.Steps)
	p.Y.Min, p.Y.Max = 1e-3, 1e4
	LogAxis(&p.X)
	LogAxis(&p.Y)
	p.Add(gridLines())
	p.Add(TextBox{Text: x.coordKey(), X: 0, Y: 0, Colors: []color.Color{modeColor(0), modeColor(1)}})
	x.step = NewLayer()
	p.Add(x.step)
	return p
}

// coordKey names the coordinates of panel (c), two lines.
func (x *adamExplorer) coordKey() string {
	if x.o.Theta == 0 {
		return "θ₁ (λmin)\nθ₂ (λmax)"
	}
	return "θ₁\nθ₂"
}

// lossPanel is (d): f on a log axis.
func (x *adamExplorer) lossPanel() *Plot {
	p := NewPlot("(d) loss", "step t", "f(θ_t)")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(x.o.Steps), x.lossLo, x.f0*1e4
	LogAxis(&p.Y)
	p.Add(gridLines())
	x.loss = NewLayer()
	p.Add(x.loss)
	return p
}
