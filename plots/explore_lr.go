package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GDRate is the rate of gradient descent with step size η on a quadratic whose Hessian has
// the eigenvalues lambdas: the error along the eigenvector of λ is multiplied by 1 − ηλ at
// every step, e(k) = (1 − ηλ)^k e(0), so the error shrinks like ρ^k and the loss like
// ρ^{2k} with
//
//	ρ = max over λ of |1 − ηλ|.
//
// The run converges exactly when ρ < 1, that is 0 < η < 2/λmax, the stability limit. As
// |1 − ηλ| is convex in λ, the largest value over an interval is at an end: GDRate(η, λmin,
// λmax) is the rate of every quadratic with its spectrum in [λmin, λmax]. It is the rate of
// heavy-ball momentum with μ = 0 (HeavyBallRate). Without eigenvalues it returns NaN.
func GDRate(eta float64, lambdas ...float64) float64 {
	rho := math.NaN()
	for _, l := range lambdas {
		if r := math.Abs(1 - eta*l); !(r <= rho) {
			rho = r
		}
	}
	return rho
}

// GDOptimum returns the fixed step size that minimises GDRate over the eigenvalues
// [λmin, λmax], where the two ends contract equally, 1 − ηλmin = ηλmax − 1, and the rate it
// reaches:
//
//	η* = 2/(λmin + λmax),   ρ* = (κ − 1)/(κ + 1),   κ = λmax/λmin.
func GDOptimum(lmin, lmax float64) (eta, rate float64) {
	return 2 / (lmin + lmax), (lmax - lmin) / (lmax + lmin)
}

// LROptions configures LRExplorer. The zero value gives the lesson's defaults.
type LROptions struct {
	// LambdaMin and LambdaMax are the curvatures of the valley f(x) = ½(λmin x₁² + λmax x₂²),
	// gdlib.Quadratic(λmin, λmax, 0) (defaults 0.1 and 1: condition number κ = 10).
	LambdaMin, LambdaMax float64
	// Lambda is the curvature λ of the 1-D quadratic f(x) = ½λx² (default LambdaMax, so that
	// the 1-D panel is the valley's steep direction on its own).
	Lambda float64
	// LRs are the slider's step sizes. By default ηλmax runs from 0.05 to 2.2, with 1, 2
	// and the best fixed step η* = 2/(λmin + λmax) among the stops. LR picks the stop shown
	// first, and in the static image: the nearest one (default ηλmax = 1.5).
	LRs []float64
	LR  float64
	// X0 is the start on the valley (default (−0.9, 0.75) times the half-widths of its
	// window), Start the start of the 1-D run (default 1). Steps is the number of steps of
	// each run (default 50).
	X0    []float64
	Start float64
	Steps int
}

// LRExplorer shows what the learning rate η does to gradient descent, x ← x − η∇f(x), with
// a slider for η and a play button that walks through it. Its four panels are
//
//	(a) the 1-D quadratic f(x) = ½λx² with the iterates on the curve: x_k = (1 − ηλ)^k x₀,
//	    which creeps in from one side for ηλ < 1, lands on the minimum at ηλ = 1,
//	    overshoots and oscillates with shrinking swings for 1 < ηλ < 2, bounces between
//	    ±x₀ at ηλ = 2, and swings ever wider past the stability limit η = 2/λ;
//	(b) the path over the contours of the valley f(x) = ½(λmin x₁² + λmax x₂²);
//	(c) its loss f(x_k) on a log axis, with f(x₀)·ρ^{2k} dashed for the theoretical rate
//	    ρ = max|1 − ηλ_i| (GDRate), and the rate measured on the run (the least-squares
//	    slope of ln f over the second half of the steps, halved);
//	(d) the rate ρ(η) = max(|1 − ηλmin|, |1 − ηλmax|) against η: a V for each eigenvalue,
//	    the stability limit 2/λmax, the best fixed step η* = 2/(λmin + λmax) with
//	    ρ* = (κ − 1)/(κ + 1) (GDOptimum), and the slider's η.
//
// A run that blows up (f above 10⁶·max(f(x₀), 1), or not finite) is cut there and says
// "diverged at step k". Errors in the options are kept in the explorer and returned by HTML.
func LRExplorer(o LROptions) *Explorer {
	x, err := newLRExplorer(o)
	if err != nil {
		return &Explorer{Title: "Learning-rate explorer", err: err}
	}
	return x.explorer()
}

// lrExplorer holds what the frames of LRExplorer share.
type lrExplorer struct {
	o                 LROptions
	s, s1             gdlib.Surface
	f0                float64
	half              float64 // half-width of the 1-D panel's x range
	lossLo            float64
	line, path, loss  *Layer
	rate              *Layer
	etaOpt, rhoOpt    float64
	etaMax, rhoMaxTop float64 // the rate panel's axes
}

func newLRExplorer(o LROptions) (*lrExplorer, error) {
	x := &lrExplorer{o: o}
	if x.o.LambdaMin == 0 && x.o.LambdaMax == 0 {
		x.o.LambdaMin, x.o.LambdaMax = 0.1, 1
	}
	lmin, lmax := x.o.LambdaMin, x.o.LambdaMax
	if !(lmin > 0 && lmax >= lmin && !math.IsInf(lmax, 0)) {
		return nil, fmt.Errorf("plots: LRExplorer: LambdaMin = %g, LambdaMax = %g, want 0 < LambdaMin ≤ LambdaMax", lmin, lmax)
	}
	if x.o.Lambda == 0 {
		x.o.Lambda = lmax
	}
	if !(x.o.Lambda > 0) || math.IsInf(x.o.Lambda, 0) {
		return nil, fmt.Errorf("plots: LRExplorer: Lambda = %g, want a finite λ > 0", x.o.Lambda)
	}
	x.etaOpt, x.rhoOpt = GDOptimum(lmin, lmax)
	if x.o.LRs == nil {
		for _, v := range []float64{0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.9, 2, 2.05, 2.1, 2.2} {
			x.o.LRs = append(x.o.LRs, v/lmax)
		}
		x.o.LRs = insertSorted(x.o.LRs, x.etaOpt)
	}
	if len(x.o.LRs) == 0 {
		return nil, fmt.Errorf("plots: LRExplorer: no slider stops")
	}
	for _, v := range x.o.LRs {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plots: LRExplorer: step size %g, want a finite η > 0", v)
		}
	}
	if x.o.LR == 0 {
		x.o.LR = 1.5 / lmax
	}
	x.s = gdlib.Quadratic(lmin, lmax, 0)
	if x.o.X0 == nil {
		w := x.s.Window
		x.o.X0 = []float64{-0.9 * w[1], 0.75 * w[3]}
	}
	if len(x.o.X0) != 2 || !finite(x.o.X0[0]) || !finite(x.o.X0[1]) {
		return nil, fmt.Errorf("plots: LRExplorer: X0 = %v, want two finite coordinates", x.o.X0)
	}
	if x.o.Start == 0 {
		x.o.Start = 1
	}
	if !finite(x.o.Start) {
		return nil, fmt.Errorf("plots: LRExplorer: Start = %g, want a finite x₀ ≠ 0", x.o.Start)
	}
	x.o.Steps = orDefault(o.Steps, 50)
	x.s1 = quadratic1D(x.o.Lambda)
	x.f0 = x.s.F(x.o.X0)
	if !(x.f0 > 0) {
		return nil, fmt.Errorf("plots: LRExplorer: X0 = %v is the minimum: start elsewhere", x.o.X0)
	}
	x.half = 1.75 * math.Abs(x.o.Start)
	x.etaMax = slices.Max(x.o.LRs) * 1.05
	return x, nil
}

func (x *lrExplorer) explorer() *Explorer {
	title := fmt.Sprintf("The step size η of gradient descent (κ = %.3g)", x.o.LambdaMax/x.o.LambdaMin)
	g := NewGrid(title, 2, x.linePanel(), x.pathPanel(), x.lossPanel(), x.ratePanel())
	g.Height *= 1.12
	return NewExplorer(title, g, x.frame,
		Param{Name: "step size η", Values: x.o.LRs, Default: nearest(x.o.LRs, x.o.LR), Play: true})
}

// run1 and run2 are the 1-D and the 2-D runs at step size η, cut where they blow up.
func (x *lrExplorer) run1(eta float64) (gdlib.Trace, error) {
	opt, err := gdlib.NewSGD(1, gdlib.SGDConfig{LR: eta})
	if err != nil {
		return gdlib.Trace{}, err
	}
	return minimizeCut(x.s1, []float64{x.o.Start}, opt, gdlib.RunOptions{Steps: x.o.Steps})
}

func (x *lrExplorer) run2(eta float64) (gdlib.Trace, error) {
	opt, err := gdlib.NewSGD(2, gdlib.SGDConfig{LR: eta})
	if err != nil {
		return gdlib.Trace{}, err
	}
	return minimizeCut(x.s, x.o.X0, opt, gdlib.RunOptions{Steps: x.o.Steps})
}

// regime says in a few words what ηλ does on a 1-D quadratic.
func regime(el float64) string {
	const tol = 1e-9
	switch {
	case el < 1-tol:
		return fmt.Sprintf("ηλ = %.3g < 1: creeps in", el)
	case el <= 1+tol:
		return "ηλ = 1: there in one step"
	case el < 2-tol:
		return fmt.Sprintf("ηλ = %.3g: overshoots", el)
	case el <= 2+tol:
		return "ηλ = 2: bounces forever"
	}
	return fmt.Sprintf("ηλ = %.3g > 2: swings grow", el)
}

// minus writes the minus signs of s as "−".
func minus(s string) string { return strings.ReplaceAll(s, "-", "−") }

func (x *lrExplorer) frame(f *Frame) error {
	eta := f.Values[0]
	col := Color(0)

	// (a) the 1-D run on its curve.
	tr1, err := x.run1(eta)
	if err != nil {
		return err
	}
	xy := make([][2]float64, len(tr1.X))
	for k, v := range tr1.X {
		xy[k] = [2]float64{v[0], tr1.F[k]}
	}
	f.Add(x.line, &polyline{xy: xy, style: line(col, Theme.Thin*1.5), dots: Theme.Marker, mark: endMark(col, tr1.Diverged)},
		&marks{xy: xy[:1], glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker + 2, Shape: ring}})
	r1 := 1 - eta*x.o.Lambda
	status := minus(fmt.Sprintf("x_k = (%.3g)^k·x₀", r1))
	if tr1.Diverged {
		status = fmt.Sprintf("diverged at step %d", tr1.DivergedAt)
	}
	f.Add(x.line, TextBox{Text: regime(eta*x.o.Lambda) + "\n" + status, X: 0.5, Y: 1, Colors: []color.Color{Theme.Ink, col}})

	// (b) the path, (c) its loss.
	tr, err := x.run2(eta)
	if err != nil {
		return err
	}
	f.Add(x.path, &polyline{xy: xyOf(tr.X), style: line(col, Theme.Line), dots: Theme.Marker * 0.6, mark: endMark(col, tr.Diverged)})
	lossLine := &polyline{xy: gapXY(tr.F, 0, x.lossLo), style: line(col, Theme.Line)}
	if tr.Diverged {
		lossLine.mark = endMark(col, true)
	}
	rho := GDRate(eta, x.o.LambdaMin, x.o.LambdaMax)
	n := float64(x.o.Steps)
	theory := &polyline{xy: [][2]float64{{0, x.f0}, {n, x.f0 * math.Pow(rho, 2*n)}}, style: dashed(Theme.Ink, Theme.Line*0.7)}
	f.Add(x.loss, lossLine, theory)
	meas := "measured ρ = –"
	switch {
	case tr.Diverged:
		meas = fmt.Sprintf("diverged at step %d", tr.DivergedAt)
	case finite(fitRate(tr.F)):
		meas = fmt.Sprintf("measured ρ = %.3f", fitRate(tr.F))
	}
	f.Add(x.loss, TextBox{Text: meas + fmt.Sprintf("\n- - theory ρ = %.3f", rho), X: 0, Y: 0, Colors: []color.Color{col, Theme.Ink}})

	// (d) the slider's η on the rate curve.
	top := x.rhoMaxTop
	f.Add(x.rate, &bandLine{xy: [][2]float64{{eta, 0}, {eta, min(rho, top)}}, style: line(col, Theme.Thin*1.5), lo: 0, hi: top},
		&marks{xy: [][2]float64{{eta, min(rho, top)}}, glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker + 2, Shape: disc}})
	return nil
}

// linePanel is (a): f(x) = ½λx² over ±1.75|x₀|, room above it for the text.
func (x *lrExplorer) linePanel() *Plot {
	p := NewPlot("(a) f(x) = ½λx²", "x", "f(x)")
	h := x.half
	fmax := 0.5 * x.o.Lambda * h * h
	curve := make([][2]float64, 201)
	for i := range curve {
		v := -h + 2*h*float64(i)/200
		curve[i] = [2]float64{v, 0.5 * x.o.Lambda * v * v}
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -h, h, -0.05*fmax, 1.45*fmax
	p.Add(gridLines(), &polyline{xy: curve, style: line(Theme.Contour, Theme.Line)})
	p.Add(&marks{xy: [][2]float64{{0, 0}}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 3, Shape: starGlyph}})
	p.Y.Tick.Marker = niceTicks{n: 3}
	x.line = NewLayer()
	p.Add(x.line)
	return p
}

// pathPanel is (b): the valley's contours, the minimum and the start, at equal scales.
func (x *lrExplorer) pathPanel() *Plot {
	p := NewPlot("(b) path on the valley", "x₁", "x₂")
	w := x.s.Window
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	p.window = &w
	p.Add(&landscape{f: x.s.F, fmin: 0, n: 80, levels: 12, spacing: LogSpacing})
	p.Add(&marks{xy: [][2]float64{{0, 0}}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.Add(&marks{xy: [][2]float64{{x.o.X0[0], x.o.X0[1]}}, glyph: draw.GlyphStyle{Color: Color(0), Radius: Theme.Marker + 1.5, Shape: ring}})
	x.path = NewLayer()
	p.Add(x.path)
	return p
}

// lossPanel is (c): f(x_k) on a log axis, from far below f(x₀) to a little above it.
func (x *lrExplorer) lossPanel() *Plot {
	p := NewPlot("(c) loss f(x_k)", "step k", "") // log axis: the quantity in the title (explore_kit.go)
	x.lossLo = x.f0 * 1e-16
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(x.o.Steps), x.lossLo, x.f0*1e4
	LogAxis(&p.Y)
	p.Add(gridLines())
	x.loss = NewLayer()
	p.Add(x.loss)
	return p
}

// ratePanel is (d): |1 − ηλmin| and |1 − ηλmax| against η, their maximum ρ(η) beneath
// them, the stability limit, the best fixed step and a key above.
func (x *lrExplorer) ratePanel() *Plot {
	lmin, lmax := x.o.LambdaMin, x.o.LambdaMax
	p := NewPlot("(d) rate ρ per step", "step size η", "ρ")
	const top = 1.4
	x.rhoMaxTop = top
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, x.etaMax, 0, top+0.65
	limit := 2 / lmax
	p.Add(&hband{x0: limit, x1: math.NaN(), y0: 0, y1: top, col: faded(Theme.Diverged, 0x30)})
	p.Add(gridLines())
	v := func(l float64) [][2]float64 {
		var xy [][2]float64
		for j := 0; j <= 400; j++ {
			eta := x.etaMax * float64(j) / 400
			xy = append(xy, [2]float64{eta, math.Abs(1 - eta*l)})
		}
		return xy
	}
	var env [][2]float64
	for j := 0; j <= 400; j++ {
		eta := x.etaMax * float64(j) / 400
		env = append(env, [2]float64{eta, GDRate(eta, lmin, lmax)})
	}
	p.Add(&bandLine{xy: env, style: line(faded(Theme.Ink, 0x50), Theme.Line*2.4), lo: 0, hi: top})
	for i, l := range []float64{lmin, lmax} {
		p.Add(&bandLine{xy: v(l), style: line(modeColor(i), Theme.Thin*1.5), lo: 0, hi: top})
	}
	p.Add(&polyline{xy: [][2]float64{{0, 1}, {x.etaMax, 1}}, style: dashed(Theme.Ink, Theme.Thin)})
	p.Add(&bandLine{xy: [][2]float64{{limit, 0}, {limit, top}}, style: dashed(Theme.Ink, Theme.Thin*1.5), lo: 0, hi: top})
	p.Add(&dataText{x: limit, y: top - 0.12, dx: -vg.Points(8), s: fmt.Sprintf("2/λmax = %.3g", limit), col: Theme.Ink, align: text.XRight})
	best := Color(3) // reddish purple, apart from the two Vs
	p.Add(&marks{xy: [][2]float64{{x.etaOpt, x.rhoOpt}}, glyph: draw.GlyphStyle{Color: best, Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.Add(&keyRow{y: top + 0.47, items: []keyItem{
		{label: "|1−ηλmin|  ", styles: []draw.LineStyle{line(modeColor(0), Theme.Thin*1.5)}},
		{label: "|1−ηλmax|", styles: []draw.LineStyle{line(modeColor(1), Theme.Thin*1.5)}},
	}})
	p.Add(&dataText{x: 0, y: top + 0.2, dx: vg.Points(6), s: fmt.Sprintf("best: η* = %.3g, ρ* = %.3f", x.etaOpt, x.rhoOpt), col: best, align: text.XLeft})
	p.Y.Tick.Marker = ticksAt("%g", 0, 0.5, 1)
	p.X.Tick.Marker = niceTicks{n: 4}
	x.rate = NewLayer()
	p.Add(x.rate)
	return p
}
