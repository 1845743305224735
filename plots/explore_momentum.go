package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeavyBallRate is the asymptotic rate of heavy-ball momentum with step size η and
// momentum μ on a quadratic whose Hessian has the eigenvalues lambdas: the largest, over
// λ, of the spectral radius ρ(λ) of
//
//	M(λ) = [[1+μ−ηλ, −μ], [1, 0]],
//
// the matrix that maps (e_k, e_{k−1}) to (e_{k+1}, e_k) for the error e along an eigenvector
// of eigenvalue λ, since x_{k+1} = x_k − ηλx_k + μ(x_k − x_{k−1}) (gdlib's Momentum in the
// classic form, v ← μv − ηg, x ← x + v, and in the PyTorch form at a constant η). The error
// then shrinks like ρ^k, the loss like ρ^{2k}. The eigenvalues of M(λ) solve
// z² − bz + μ = 0 with b = 1+μ−ηλ, so
//
//	ρ(λ) = (|b| + √(b² − 4μ))/2   when b² ≥ 4μ (real roots: no oscillation if b > 0),
//	ρ(λ) = √μ                      when b² < 4μ (complex roots of modulus √μ: a spiral),
//
// and for 0 ≤ μ < 1, ρ(λ) < 1 exactly when 0 < ηλ < 2(1+μ). At μ = 0 it is |1 − ηλ|, the
// rate of gradient descent. As ρ(λ) grows with |b|, which is convex in λ, its largest value
// over an interval of eigenvalues is at an end: HeavyBallRate(η, μ, λmin, λmax) is the rate
// of every quadratic whose spectrum lies in [λmin, λmax]. Without eigenvalues it returns NaN.
func HeavyBallRate(eta, mu float64, lambdas ...float64) float64 {
	rho := math.NaN()
	for _, l := range lambdas {
		b := 1 + mu - eta*l
		var r float64
		if d := b*b - 4*mu; d >= 0 {
			r = (math.Abs(b) + math.Sqrt(d)) / 2
		} else {
			r = math.Sqrt(mu)
		}
		if !(r <= rho) { // also replaces the initial NaN
			rho = r
		}
	}
	return rho
}

// HeavyBallOptimum returns the step size and momentum that minimise HeavyBallRate over the
// eigenvalues [λmin, λmax], and the rate they reach (Polyak, 1964):
//
//	η* = (2 / (√λmax + √λmin))²,   μ* = ((√κ − 1)/(√κ + 1))²,   ρ* = √μ* = (√κ − 1)/(√κ + 1),
//
// with κ = λmax/λmin. At the optimum both ends are critically damped, μ* = (1 − √(η*λ))²
// for λ = λmin and λ = λmax, and every eigendirection spirals in at the same rate √μ*.
// Gradient descent's best rate, at η = 2/(λmin+λmax), is (κ − 1)/(κ + 1).
func HeavyBallOptimum(lmin, lmax float64) (eta, mu, rate float64) {
	s := math.Sqrt(lmax) + math.Sqrt(lmin)
	eta = 4 / (s * s)
	rate = (math.Sqrt(lmax) - math.Sqrt(lmin)) / s
	return eta, rate * rate, rate
}

// CriticalMomentum is the momentum μ = (1 − √(ηλ))² at which the two eigenvalues of M(λ)
// (see HeavyBallRate) coincide, b² = 4μ: the critical damping of the eigendirection λ. With
// more momentum the error along it spirals (oscillates) at the rate √μ; with less it
// decays without turning (when ηλ < 1) at a rate that the larger real root sets.
func CriticalMomentum(eta, lambda float64) float64 {
	r := 1 - math.Sqrt(eta*lambda)
	return r * r
}

// MomentumOptions configures MomentumExplorer.
type MomentumOptions struct {
	// Rosenbrock explores gdlib.Rosenbrock instead of the quadratic valley. It has no
	// closed-form rate, as its curvature changes along the path: the explorer shows the
	// path and the loss only. LambdaMin and LambdaMax are then ignored.
	Rosenbrock bool
	// LambdaMin and LambdaMax are the curvatures of the valley f(x) = ½(λmin x₁² + λmax x₂²),
	// gdlib.Quadratic(λmin, λmax, 0) (defaults 0.01 and 1: condition number κ = 100).
	LambdaMin, LambdaMax float64
	// LRs and Momenta are the slider stops. By default: for the valley, ηλmax from 0.25 to
	// 3.5 and μ from 0 to 0.99, with the optimum (η*, μ*) among them; for Rosenbrock, η from
	// 1e-4 to 2.5e-3 and μ from 0 to 0.95.
	LRs, Momenta []float64
	// LR and Momentum pick the slider stops shown first, and in the static image: the
	// nearest ones (defaults: μ = 0, gradient descent, with ηλmax = 1.5 on the valley and
	// η = 1e-3 on Rosenbrock).
	LR, Momentum float64
	// X0 is the start (defaults: (−1.8, 0.6) scaled to the valley's window; (−1.2, 1) on
	// Rosenbrock). Steps is the number of steps of each run (defaults 100 and 400).
	X0    []float64
	Steps int
}

// Divergence: a run counts as diverged at the first step at which f exceeds this many
// times max(f(x₀), 1), or is not finite. A geometric blow-up stays finite for hundreds of
// steps (2.75^100 ≈ 1e44), long after it has left every figure.
const blowUp = 1e6

// MomentumExplorer is Distill's momentum explorer ("Why Momentum Really Works"), without
// the kernel: sliders for the step size η and the momentum μ of heavy-ball momentum
// (gdlib.Momentum, classic form, run by gdlib.Minimize) on an ill-conditioned quadratic
// valley, and a play button that walks through μ. Its four panels show
//
//	(a) the path over the contours of f;
//	(b) the loss f(x_k) − f* on a log axis, with f(x₀)·ρ^{2k} for the theoretical rate
//	    ρ = HeavyBallRate(η, μ, λmin, λmax), and the rate measured on the run: the
//	    least-squares slope of ln f over the second half of the steps, halved;
//	(c) the error along each eigendirection, e_i(k)/e_i(0), for λmin and λmax;
//	(d) the map of ρ over (η, μ), finer than the sliders: darker is faster, grey diverges.
//	    The stability edge ηλmax = 2(1+μ), the critical damping curves μ = (1 − √(ηλ))² of
//	    λmin and λmax, the optimum (η*, μ*) of HeavyBallOptimum and the sliders' position.
//
// A run that blows up (f above 10⁶·max(f(x₀), 1), or not finite) is cut there and says
// "diverged at step k". With Rosenbrock set, the explorer shows (a) and (b), without a
// theoretical rate, and says so. Errors are kept in the explorer and returned by HTML.
func MomentumExplorer(o MomentumOptions) *Explorer {
	m, err := newMomentumExplorer(o)
	if err != nil {
		return &Explorer{Title: "Momentum explorer", err: err}
	}
	return m.explorer()
}

// momentumExplorer holds what the frames of MomentumExplorer share.
type momentumExplorer struct {
	o          MomentumOptions
	s          gdlib.Surface
	window     [4]float64
	f0         float64
	lossLo     float64 // bottom of the loss axis
	path, loss *Layer
	modes, rho *Layer // nil on Rosenbrock
}

func newMomentumExplorer(o MomentumOptions) (*momentumExplorer, error) {
	m := &momentumExplorer{o: o}
	if o.Rosenbrock {
		m.s = gdlib.Rosenbrock()
		if m.o.LRs == nil {
			m.o.LRs = []float64{2e-4, 5e-4, 1e-3, 1.5e-3, 2e-3, 2.5e-3, 3e-3}
		}
		if m.o.Momenta == nil {
			m.o.Momenta = []float64{0, 0.5, 0.8, 0.9, 0.95, 0.98}
		}
		if m.o.LR == 0 {
			m.o.LR = 1e-3
		}
		if m.o.X0 == nil {
			m.o.X0 = []float64{-1.2, 1}
		}
		m.o.Steps = orDefault(o.Steps, 400)
	} else {
		if m.o.LambdaMin == 0 && m.o.LambdaMax == 0 {
			m.o.LambdaMin, m.o.LambdaMax = 0.01, 1
		}
		lmin, lmax := m.o.LambdaMin, m.o.LambdaMax
		if !(lmin > 0 && lmax >= lmin && !math.IsInf(lmax, 0)) {
			return nil, fmt.Errorf("plots: MomentumExplorer: LambdaMin = %g, LambdaMax = %g, want 0 < LambdaMin ≤ LambdaMax", lmin, lmax)
		}
		m.s = gdlib.Quadratic(lmin, lmax, 0)
		etaOpt, muOpt, _ := HeavyBallOptimum(lmin, lmax)
		if m.o.LRs == nil {
			for _, v := range []float64{0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5} {
				m.o.LRs = append(m.o.LRs, v/lmax)
			}
			m.o.LRs = insertSorted(m.o.LRs, etaOpt)
		}
		if m.o.Momenta == nil {
			m.o.Momenta = insertSorted([]float64{0, 0.25, 0.5, 0.8, 0.9, 0.95, 0.99}, muOpt)
		}
		if m.o.LR == 0 {
			m.o.LR = 1.5 / lmax
		}
		if m.o.X0 == nil {
			w := m.s.Window
			m.o.X0 = []float64{-0.9 * w[1], 0.75 * w[3]}
		}
		m.o.Steps = orDefault(o.Steps, 100)
	}
	if len(m.o.X0) != 2 {
		return nil, fmt.Errorf("plots: MomentumExplorer: X0 has %d coordinates, want 2", len(m.o.X0))
	}
	if !o.Rosenbrock && (m.o.X0[0] == 0 || m.o.X0[1] == 0) {
		return nil, fmt.Errorf("plots: MomentumExplorer: X0 = %v starts on an eigendirection: give both coordinates a nonzero error", m.o.X0)
	}
	for _, v := range m.o.LRs {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plots: MomentumExplorer: step size %g, want a finite η > 0", v)
		}
	}
	for _, v := range m.o.Momenta {
		if !(v >= 0 && v < 1) {
			return nil, fmt.Errorf("plots: MomentumExplorer: momentum %g, want 0 ≤ μ < 1", v)
		}
	}
	if len(m.o.LRs) == 0 || len(m.o.Momenta) == 0 {
		return nil, fmt.Errorf("plots: MomentumExplorer: no slider stops")
	}
	m.window = m.s.Window
	m.f0 = m.s.F(m.o.X0)
	if !finite(m.f0) {
		return nil, fmt.Errorf("plots: MomentumExplorer: f(X0) = %g", m.f0)
	}
	return m, nil
}

// insertSorted returns vs with v added, sorted, unless a value within 1e-9 of it is there.
func insertSorted(vs []float64, v float64) []float64 {
	for _, u := range vs {
		if math.Abs(u-v) <= 1e-9*math.Abs(v) {
			return vs
		}
	}
	vs = append(vs, v)
	slices.Sort(vs)
	return vs
}

// nearest is the index of the value of vs nearest to v.
func nearest(vs []float64, v float64) int {
	best := 0
	for i, u := range vs {
		if math.Abs(u-v) < math.Abs(vs[best]-v) {
			best = i
		}
	}
	return best
}

func (m *momentumExplorer) explorer() *Explorer {
	var panels []*Plot
	title := ""
	if m.o.Rosenbrock {
		title = "Heavy-ball momentum on Rosenbrock's valley"
		panels = []*Plot{m.pathPanel(), m.lossPanel()}
	} else {
		title = fmt.Sprintf("Heavy-ball momentum on a quadratic valley, κ = %.3g", m.o.LambdaMax/m.o.LambdaMin)
		panels = []*Plot{m.pathPanel(), m.lossPanel(), m.modesPanel(), m.ratePanel()}
	}
	g := NewGrid(title, 2, panels...)
	if m.o.Rosenbrock {
		g.Height = vg.Length(Theme.TitleSize)*1.6 + g.Width/2*0.95
	} else {
		g.Height *= 1.15
	}
	e := NewExplorer(title, g, m.frame,
		Param{Name: "step size η", Values: m.o.LRs, Default: nearest(m.o.LRs, m.o.LR)},
		Param{Name: "momentum μ", Values: m.o.Momenta, Default: nearest(m.o.Momenta, m.o.Momentum), Play: true})
	return e
}

// run is one heavy-ball run and what the frames show of it.
type momentumRun struct {
	tr         gdlib.Trace
	diverged   bool
	divergedAt int
}

// run runs heavy-ball momentum at (η, μ) from X0, stopping at a blow-up.
func (m *momentumExplorer) run(eta, mu float64) (momentumRun, error) {
	opt, err := gdlib.NewMomentum(2, gdlib.MomentumConfig{LR: eta, Momentum: mu, Form: gdlib.MomentumClassic})
	if err != nil {
		return momentumRun{}, err
	}
	limit := blowUp * max(m.f0, 1)
	tr, err := gdlib.Minimize(m.s, m.o.X0, opt, gdlib.RunOptions{Steps: m.o.Steps,
		Callback: func(k int, x []float64) bool { return m.s.F(x) > limit }})
	if err != nil {
		return momentumRun{}, err
	}
	r := momentumRun{tr: tr, diverged: tr.Diverged, divergedAt: tr.DivergedAt}
	if tr.Stopped { // the last iterate blew up: cut it
		r.diverged, r.divergedAt = true, len(tr.X)-1
		r.tr.X, r.tr.F = tr.X[:len(tr.X)-1], tr.F[:len(tr.F)-1]
	}
	r.tr.Diverged, r.tr.DivergedAt = r.diverged, r.divergedAt
	return r, nil
}

// fitRate is the rate ρ with f_k ≈ c·ρ^{2k} over the second half of f (a least-squares fit
// of ln f_k against k), or NaN when there are fewer than 10 positive values there.
func fitRate(f []float64) float64 {
	var n, sk, sy, skk, sky float64
	for k := len(f) / 2; k < len(f); k++ {
		if !(f[k] > 0) || math.IsInf(f[k], 0) {
			continue
		}
		y, x := math.Log(f[k]), float64(k)
		n++
		sk += x
		sy += y
		skk += x * x
		sky += x * y
	}
	if n < 10 {
		return math.NaN()
	}
	slope := (n*sky - sk*sy) / (n*skk - sk*sk)
	return math.Exp(slope / 2)
}

func (m *momentumExplorer) frame(f *Frame) error {
	eta, mu := f.Values[0], f.Values[1]
	r, err := m.run(eta, mu)
	if err != nil {
		return err
	}
	tr := r.tr
	col := Color(0)
	xy := xyOf(tr.X)
	f.Add(m.path, &polyline{xy: xy, style: line(col, Theme.Line), dots: Theme.Marker * 0.6, mark: endMark(col, r.diverged)})

	fy := make([]float64, len(tr.F))
	for k, v := range tr.F {
		fy[k] = max(v-m.s.FMin, m.lossLo)
	}
	k := make([]float64, len(fy))
	for i := range k {
		k[i] = float64(i)
	}
	lossLine := &polyline{xy: zip(k, fy), style: line(col, Theme.Line)}
	if r.diverged {
		lossLine.mark = endMark(col, true)
	}
	f.Add(m.loss, lossLine)
	status := ""
	if r.diverged {
		status = fmt.Sprintf("diverged at step %d", r.divergedAt)
	}
	if m.o.Rosenbrock {
		if status == "" {
			status = fmt.Sprintf("f(x_%d) = %.2g", len(tr.F)-1, tr.F[len(tr.F)-1])
		}
		f.Add(m.loss, TextBox{Text: status, Colors: []color.Color{col}})
		return nil
	}

	rho := HeavyBallRate(eta, mu, m.o.LambdaMin, m.o.LambdaMax)
	theory := &polyline{xy: [][2]float64{{0, m.f0}, {float64(m.o.Steps), m.f0 * math.Pow(rho, 2*float64(m.o.Steps))}},
		style: dashed(Theme.Ink, Theme.Line*0.7)}
	f.Add(m.loss, theory)
	if status == "" {
		status = "measured ρ = –"
		if meas := fitRate(tr.F); finite(meas) {
			status = fmt.Sprintf("measured ρ = %.3f", meas)
		}
	}
	f.Add(m.loss, TextBox{Text: status + fmt.Sprintf("\n- - theory ρ = %.3f", rho), Colors: []color.Color{col, Theme.Ink}})

	for i := range 2 {
		e := make([][2]float64, len(tr.X))
		for j, x := range tr.X {
			e[j] = [2]float64{float64(j), x[i] / m.o.X0[i]}
		}
		f.Add(m.modes, &bandLine{xy: e, style: line(modeColor(i), Theme.Line*0.8), lo: -modesBand, hi: modesBand})
	}
	f.Add(m.rho, &marks{xy: [][2]float64{{eta, mu}}, glyph: draw.GlyphStyle{Color: Color(1), Radius: Theme.Marker + 2, Shape: disc}})
	return nil
}

// modeColor is the colour of eigendirection i (0: λmin, 1: λmax) in panel (c).
func modeColor(i int) color.Color { return [2]color.Color{Color(2), Color(4)}[i] }

// critStyles are the line styles of the critical damping curves in panel (d): a dark line
// under white dashes (λmin) or dots (λmax), visible on dark and light bands alike.
func critStyles() (under draw.LineStyle, over [2]draw.LineStyle) {
	under = line(Theme.Ink, Theme.Thin*2.4)
	over[0] = dashed(color.White, Theme.Thin*1.2)
	over[1] = line(color.White, Theme.Thin*1.2)
	over[1].Dashes = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
	return under, over
}

func dashed(c color.Color, w vg.Length) draw.LineStyle {
	s := line(c, w)
	s.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	return s
}

// pathPanel is (a): the contours, the minimum and the start, at equal scales.
func (m *momentumExplorer) pathPanel() *Plot {
	p := NewPlot("(a) path", "x₁", "x₂")
	w := m.window
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	p.window = &w
	p.Add(&landscape{f: m.s.F, fmin: m.s.FMin, n: 80, levels: 12, spacing: LogSpacing})
	p.Add(&marks{xy: [][2]float64{{m.s.Minima[0][0], m.s.Minima[0][1]}}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.Add(&marks{xy: [][2]float64{{m.o.X0[0], m.o.X0[1]}}, glyph: draw.GlyphStyle{Color: Color(0), Radius: Theme.Marker + 1.5, Shape: ring}})
	m.path = NewLayer()
	p.Add(m.path)
	return p
}

// lossPanel is (b): a log axis from far below to a little above f(x₀) − f*.
func (m *momentumExplorer) lossPanel() *Plot {
	p := NewPlot("(b) loss", "step k", "f(x_k) − f*")
	if m.o.Rosenbrock {
		p.Add(TextBox{Text: "no closed-form rate:\nthe curvature varies", X: 1, Y: 1})
	}
	top := m.f0 - m.s.FMin
	m.lossLo = top * 1e-16
	if m.o.Rosenbrock {
		m.lossLo = 1e-12
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(m.o.Steps), m.lossLo, top*1e4
	LogAxis(&p.Y)
	p.Add(gridLines())
	m.loss = NewLayer()
	p.Add(m.loss)
	return p
}

// modesBand bounds the curves of panel (c); its key sits in a strip above.
const modesBand = 1.5

// modesPanel is (c): e_i(k)/e_i(0) along each eigendirection, in the band ±modesBand, with
// their key in a strip above it, where the frames' curves never go.
func (m *momentumExplorer) modesPanel() *Plot {
	p := NewPlot("(c) error per eigendirection", "step k", "e_i(k) / e_i(0)")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(m.o.Steps), -modesBand, modesBand+0.8
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: -1, Label: "-1"}, {Value: 0, Label: "0"}, {Value: 1, Label: "1"}}
	p.Add(gridLines())
	p.Add(&polyline{xy: [][2]float64{{p.X.Min, modesBand}, {p.X.Max, modesBand}}, style: line(Theme.Contour, Theme.Thin)})
	var key []keyItem
	for i, l := range []float64{m.o.LambdaMin, m.o.LambdaMax} {
		key = append(key, keyItem{label: fmt.Sprintf("λ = %.3g", l), styles: []draw.LineStyle{line(modeColor(i), Theme.Line*0.8)}})
	}
	p.Add(&keyRow{items: key, y: modesBand + 0.4})
	m.modes = NewLayer()
	p.Add(m.modes)
	return p
}

// ratePanel is (d): ρ(η, μ) over the sliders' range, with the stability edge, the critical
// damping curves, the optimum and the slider stops.
func (m *momentumExplorer) ratePanel() *Plot {
	lmin, lmax := m.o.LambdaMin, m.o.LambdaMax
	p := NewPlot("(d) rate ρ: darker is faster", "step size η", "momentum μ")
	etaMax := slices.Max(m.o.LRs) * 1.06
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, etaMax, 0, 1
	etaOpt, muOpt, rhoOpt := HeavyBallOptimum(lmin, lmax)
	p.Add(&rateMap{lmin: lmin, lmax: lmax, best: rhoOpt, w: 240, h: 160, x1: etaMax})

	p.Y.Max = 1.2 // a strip above the map for its key
	edge := line(Theme.Ink, Theme.Thin*1.5)
	var stab [][2]float64
	for _, mu := range []float64{0, 1} {
		stab = append(stab, [2]float64{2 * (1 + mu) / lmax, mu})
	}
	p.Add(&polyline{xy: stab, style: edge})
	crit := func(l float64) [][2]float64 {
		var xy [][2]float64
		for j := 0; j <= 200; j++ {
			eta := etaMax * float64(j) / 200
			xy = append(xy, [2]float64{eta, CriticalMomentum(eta, l)})
		}
		return xy
	}
	under, over := critStyles()
	for i, l := range []float64{lmin, lmax} {
		p.Add(&polyline{xy: crit(l), style: under}, &polyline{xy: crit(l), style: over[i]})
	}
	var stops [][2]float64
	for _, eta := range m.o.LRs {
		for _, mu := range m.o.Momenta {
			stops = append(stops, [2]float64{eta, mu})
		}
	}
	p.Add(&marks{xy: stops, glyph: draw.GlyphStyle{Color: faded(Theme.Ink, 0x90), Radius: 1.6, Shape: disc}})
	p.Add(&marks{xy: [][2]float64{{etaOpt, muOpt}}, glyph: draw.GlyphStyle{Color: Theme.Colors[7], Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.Add(&dataText{x: etaOpt, y: muOpt, dx: -vg.Points(10), dy: -vg.Points(10), s: fmt.Sprintf("ρ* = %.3f", rhoOpt), col: color.White, align: text.XRight})
	p.Add(&dataText{x: 2 / lmax, y: 0, dx: vg.Points(14), dy: vg.Points(10), s: "diverges", col: color.White, align: text.XLeft})
	p.Add(&keyRow{y: 1.1, lead: "critical:", items: []keyItem{
		{label: "λmin", styles: []draw.LineStyle{under, over[0]}},
		{label: "λmax", styles: []draw.LineStyle{under, over[1]}},
	}})
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 0.5, Label: "0.5"}, {Value: 1, Label: "1"}}
	p.X.Tick.Marker = niceTicks{n: 4}
	m.rho = NewLayer()
	p.Add(m.rho)
	return p
}

// rateMap draws HeavyBallRate over [0, x1] × [0, 1] as a w×h image in eight bands of
// log(1 − ρ), from the optimum ρ* (darkest) to ρ = 0.999 (lightest); ρ ≥ 1 is grey.
type rateMap struct {
	lmin, lmax, best float64
	w, h             int
	x1               float64
}

// Plot implements plot.Plotter.
func (r *rateMap) Plot(c draw.Canvas, plt *plot.Plot) {
	const bands = 8
	pal := color.Palette{Theme.Diverged}
	for i := range bands {
		pal = append(pal, ramp(Theme.Strong, float64(i)/float64(bands-1)))
	}
	img := image.NewPaletted(image.Rect(0, 0, r.w, r.h), pal)
	lo, hi := math.Log(1-r.best), math.Log(1e-3)
	for y := range r.h {
		mu := (float64(r.h-1-y) + 0.5) / float64(r.h)
		for x := range r.w {
			eta := (float64(x) + 0.5) / float64(r.w) * r.x1
			rho := HeavyBallRate(eta, mu, r.lmin, r.lmax)
			if !(rho < 1) {
				img.SetColorIndex(x, y, 0)
				continue
			}
			u := (math.Log(1-rho) - lo) / (hi - lo)
			img.SetColorIndex(x, y, uint8(1+min(max(int(u*bands), 0), bands-1)))
		}
	}
	plotter.NewImage(img, 0, 0, r.x1, 1).Plot(c, plt)
}

// dataText writes s at (x, y) in data coordinates, moved by (dx, dy) points. Its font may be
// replaced by a wider one where the browser lacks Liberation Sans and Arial: leave room on
// the side away from the alignment.
type dataText struct {
	x, y   float64
	dx, dy vg.Length
	s      string
	col    color.Color
	align  text.XAlignment
}

// Plot implements plot.Plotter.
func (t *dataText) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := text.Style{Font: face(Theme.TextSize), Color: t.col, XAlign: t.align, YAlign: text.YCenter, Handler: plt.TextHandler}
	c.FillText(sty, vg.Point{X: trX(t.x) + t.dx, Y: trY(t.y) + t.dy}, t.s)
}

// keyItem is an entry of a keyRow: a line sample drawn in each of styles, then a label.
type keyItem struct {
	label  string
	styles []draw.LineStyle
}

// keyRow is a legend in one row, from the left of the data area, centred on y in data
// coordinates: the text lead, then the items.
type keyRow struct {
	lead  string
	items []keyItem
	y     float64
}

// Plot implements plot.Plotter.
func (k *keyRow) Plot(c draw.Canvas, plt *plot.Plot) {
	_, trY := plt.Transforms(&c)
	sty := text.Style{Font: face(Theme.TextSize), Color: Theme.Ink, YAlign: text.YCenter, Handler: plt.TextHandler}
	x, y := c.Min.X+vg.Points(6), trY(k.y)
	sample := vg.Points(18)
	if k.lead != "" {
		c.FillText(sty, vg.Point{X: x, Y: y}, k.lead)
		x += sty.Width(k.lead) + vg.Points(6)
	}
	for _, it := range k.items {
		for _, s := range it.styles {
			c.StrokeLine2(s, x, y, x+sample, y)
		}
		x += sample + vg.Points(4)
		c.FillText(sty, vg.Point{X: x, Y: y}, it.label)
		x += sty.Width(it.label) + vg.Points(10)
	}
}

// bandLine is a line through xy (data coordinates) clipped to lo ≤ y ≤ hi.
type bandLine struct {
	xy     [][2]float64
	style  draw.LineStyle
	lo, hi float64
}

// Plot implements plot.Plotter.
func (b *bandLine) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	var pts []timedPoint
	for _, p := range finitePrefix(b.xy) {
		pts = append(pts, timedPoint{Point: vg.Point{X: clamp(trX(p[0])), Y: clamp(trY(p[1]))}})
	}
	band := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: trY(b.lo)}, Max: vg.Point{X: c.Max.X, Y: trY(b.hi)}}
	c.SetLineStyle(b.style)
	for _, s := range clip(pts, band) {
		if len(s) < 2 {
			continue
		}
		var pa vg.Path
		pa.Move(s[0].Point)
		for _, p := range s[1:] {
			pa.Line(p.Point)
		}
		c.Stroke(pa)
	}
}
