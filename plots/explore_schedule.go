package plots

import (
	"fmt"
	"image/color"
	"math"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScheduleExplorerOptions configures ScheduleExplorer. The zero value gives the lesson's
// defaults.
type ScheduleExplorerOptions struct {
	// LambdaMin and LambdaMax are the curvatures of the valley f(x) = ½(λmin x₁² + λmax x₂²),
	// gdlib.Quadratic(λmin, λmax, 0) (defaults 0.02 and 1: κ = 50).
	LambdaMin, LambdaMax float64
	// LR is the base rate η₀ of every schedule: the rate it starts from, or peaks at after
	// its warm-up (default 1.5/λmax).
	LR float64
	// Steps is the number T of steps of each run (default 200).
	Steps int
	// Noise is the standard deviation σ of the Gaussian noise added to every gradient
	// component (gdlib.RunOptions.GradNoise, default 0.05), a model of the noise of
	// mini-batch gradients, drawn from Seed. Exact runs plain gradient descent instead.
	Noise float64
	Exact bool
	Seed  uint64
	// X0 is the start (default (−0.9, 0.75) times the half-widths of the valley's window).
	X0 []float64
}

// ScheduleKinds are the schedules of ScheduleExplorer, in the order of its first slider,
// and scheduleSettings the number of stops of its second slider.
var ScheduleKinds = []string{"step", "exponential", "1/t", "warm-up + 1/√t", "cosine", "one-cycle"}

const scheduleSettings = 5

// ScheduleExplorer shows the shapes of learning-rate schedules and what they do to
// gradient descent on an ill-conditioned quadratic, with two sliders: the kind of schedule
// (ScheduleKinds), and its main parameter, in five stops from mild to strong, said in words
// on the figure:
//
//	step          gdlib.StepLR(η₀, T/5, γ): η₀γ^⌊5t/T⌋, γ = 0.8, 0.6, 0.5, 0.3, 0.1
//	exponential   gdlib.ExponentialLR(η₀, γ): η₀γ^t, γ = 0.995, 0.99, 0.98, 0.97, 0.95
//	1/t           gdlib.InverseTimeLR(η₀, k): η₀/(1 + kt), k = 0.005, 0.01, 0.03, 0.1, 0.3
//	warm-up+1/√t  gdlib.InverseSqrtLR(η₀, w): η₀ min(s/w, √(w/s)), s = t+1, w = 1, 5, 10, 20, 40
//	cosine        gdlib.CosineWarmRestarts(η₀, T/n, 1, 0): n = 1 … 5 cycles of cosine annealing
//	one-cycle     gdlib.OneCycleLR with MaxLR η₀ over T steps, rising for 10 … 50% of them
//
// Panel (a) draws the rate η_t against the step t as a staircase (η_t holds for the step
// from x_t to x_{t+1}), over the constant rate η₀ (grey) and below the stability limit
// 2/λmax. Panel (b) draws the loss f(x_t) − f* of one run of gradient descent under that
// schedule with noisy gradients g + σξ, ξ ~ N(0, I), on a log axis, with its expectation
// dashed, computed exactly: along the eigendirection of λ the error moves as
// e ← (1 − η_tλ)e − η_tσξ, so
//
//	E[e_{t+1}²] = (1 − η_tλ)² E[e_t²] + η_t²σ²,   E[f(x_t)] − f* = ½ Σ_i λ_i E[e_i(t)²].
//
// The constant rate's expectation is drawn in grey beneath: it levels off at the noise floor
// ½σ² Σ_i η₀/(2 − η₀λ_i), which only a decaying rate gets under, while a rate that decays
// too fast freezes the flat direction (E[e²] of λmin stops falling once Σ_t η_t converges).
// With Exact the runs have no noise and the dashed line is the same product formula
// f(x_t) − f* = ½ Σ_i λ_i e_i(0)² Π_{s<t}(1 − η_sλ_i)². A run that blows up is cut there and
// says "diverged at step k".
func ScheduleExplorer(o ScheduleExplorerOptions) *Explorer {
	x, err := newScheduleExplorer(o)
	if err != nil {
		return &Explorer{Title: "Schedule explorer", err: err}
	}
	return x.explorer()
}

// scheduleExplorer holds what the frames of ScheduleExplorer share.
type scheduleExplorer struct {
	o              ScheduleExplorerOptions
	s              gdlib.Surface
	sigma          float64
	f0             float64
	lossLo, lossHi float64
	lrTop          float64
	lr, loss       *Layer
}

func newScheduleExplorer(o ScheduleExplorerOptions) (*scheduleExplorer, error) {
	x := &scheduleExplorer{o: o}
	if x.o.LambdaMin == 0 && x.o.LambdaMax == 0 {
		x.o.LambdaMin, x.o.LambdaMax = 0.02, 1
	}
	lmin, lmax := x.o.LambdaMin, x.o.LambdaMax
	if !(lmin > 0 && lmax >= lmin && !math.IsInf(lmax, 0)) {
		return nil, fmt.Errorf("plots: ScheduleExplorer: LambdaMin = %g, LambdaMax = %g, want 0 < LambdaMin ≤ LambdaMax", lmin, lmax)
	}
	if x.o.LR == 0 {
		x.o.LR = 1.5 / lmax
	}
	if !(x.o.LR > 0) || math.IsInf(x.o.LR, 0) {
		return nil, fmt.Errorf("plots: ScheduleExplorer: LR = %g, want a finite η₀ > 0", x.o.LR)
	}
	x.o.Steps = orDefault(o.Steps, 200)
	if x.o.Steps < 10 {
		return nil, fmt.Errorf("plots: ScheduleExplorer: Steps = %d, want at least 10", x.o.Steps)
	}
	if x.o.Noise == 0 {
		x.o.Noise = 0.05
	}
	if !(x.o.Noise > 0) || math.IsInf(x.o.Noise, 0) {
		return nil, fmt.Errorf("plots: ScheduleExplorer: Noise = %g, want a finite σ > 0 (or Exact)", x.o.Noise)
	}
	if !x.o.Exact {
		x.sigma = x.o.Noise
	}
	x.s = gdlib.Quadratic(lmin, lmax, 0)
	if x.o.X0 == nil {
		w := x.s.Window
		x.o.X0 = []float64{-0.9 * w[1], 0.75 * w[3]}
	}
	if len(x.o.X0) != 2 || !finite(x.o.X0[0]) || !finite(x.o.X0[1]) || x.s.F(x.o.X0) == 0 {
		return nil, fmt.Errorf("plots: ScheduleExplorer: X0 = %v, want two finite coordinates, away from the minimum", x.o.X0)
	}
	x.f0 = x.s.F(x.o.X0)
	x.lossHi = x.f0 * 10
	x.lossLo = x.f0 * 1e-6
	if x.o.Exact {
		x.lossLo = x.f0 * 1e-16
	}
	x.lrTop = max(x.o.LR, 2/lmax) * 1.12
	return x, nil
}

// schedule returns schedule kind k at setting j (0 … 4) and says what it is in words.
func (x *scheduleExplorer) schedule(k, j int) (gdlib.Schedule, string, error) {
	eta, T := x.o.LR, x.o.Steps
	switch k {
	case 0:
		gamma := []float64{0.8, 0.6, 0.5, 0.3, 0.1}[j]
		s, err := gdlib.NewStepLR(eta, T/5, gamma)
		return s, fmt.Sprintf("×%g every %d steps", gamma, T/5), err
	case 1:
		gamma := []float64{0.995, 0.99, 0.98, 0.97, 0.95}[j]
		s, err := gdlib.NewExponentialLR(eta, gamma)
		return s, fmt.Sprintf("×%g a step", gamma), err
	case 2:
		kk := []float64{0.005, 0.01, 0.03, 0.1, 0.3}[j]
		s, err := gdlib.NewInverseTimeLR(eta, kk)
		return s, fmt.Sprintf("η₀/(1 + %gt)", kk), err
	case 3:
		w := []int{1, 5, 10, 20, 40}[j]
		s, err := gdlib.NewInverseSqrtLR(eta, w)
		if w == 1 {
			return s, "no warm-up: η₀/√(t+1)", err
		}
		return s, fmt.Sprintf("peak at step %d", w-1), err
	case 4:
		n := j + 1
		s, err := gdlib.NewCosineWarmRestarts(eta, max(T/n, 1), 1, 0)
		if n == 1 {
			return s, fmt.Sprintf("one cycle of %d steps", T), err
		}
		return s, fmt.Sprintf("%d cycles of %d steps", n, max(T/n, 1)), err
	case 5:
		pct := []float64{0.1, 0.2, 0.3, 0.4, 0.5}[j]
		c := gdlib.DefaultOneCycleConfig(eta, T)
		c.PctStart = pct
		s, err := gdlib.NewOneCycleLR(c)
		return s, fmt.Sprintf("rising %g%% of the steps", 100*pct), err
	}
	return nil, "", fmt.Errorf("plots: ScheduleExplorer: no schedule kind %d", k)
}

func (x *scheduleExplorer) explorer() *Explorer {
	title := fmt.Sprintf("Learning-rate schedules on a valley (κ = %.3g)", x.o.LambdaMax/x.o.LambdaMin)
	g := NewGrid(title, 2, x.lrPanel(), x.lossPanel())
	g.Height = vg.Length(Theme.TitleSize)*1.6 + g.Width/2*1.05
	kinds := make([]float64, len(ScheduleKinds))
	settings := make([]float64, scheduleSettings)
	labels := make([]string, scheduleSettings)
	for i := range kinds {
		kinds[i] = float64(i)
	}
	for j := range settings {
		settings[j] = float64(j + 1)
		labels[j] = fmt.Sprintf("%d of %d", j+1, scheduleSettings)
	}
	return NewExplorer(title, g, x.frame,
		Param{Name: "schedule", Values: kinds, Labels: ScheduleKinds},
		Param{Name: "its parameter", Values: settings, Labels: labels, Default: 2})
}

// rates returns η_0 … η_{T−1} of s.
func (x *scheduleExplorer) rates(s gdlib.Schedule) []float64 {
	lr := make([]float64, x.o.Steps)
	for t := range lr {
		lr[t] = s.LR(t)
	}
	return lr
}

// expected is E[f(x_t)] − f* for t = 0 … T under the rates lr (see ScheduleExplorer).
func (x *scheduleExplorer) expected(lr []float64) []float64 {
	ls := []float64{x.o.LambdaMin, x.o.LambdaMax}
	e2 := []float64{x.o.X0[0] * x.o.X0[0], x.o.X0[1] * x.o.X0[1]}
	out := make([]float64, len(lr)+1)
	for t := 0; ; t++ {
		out[t] = 0.5 * (ls[0]*e2[0] + ls[1]*e2[1])
		if t == len(lr) {
			return out
		}
		for i, l := range ls {
			a := 1 - lr[t]*l
			e2[i] = a*a*e2[i] + lr[t]*lr[t]*x.sigma*x.sigma
		}
	}
}

// run is gradient descent under s with the explorer's gradient noise, cut where it blows up.
func (x *scheduleExplorer) run(s gdlib.Schedule) (gdlib.Trace, error) {
	opt, err := gdlib.NewSGD(2, gdlib.SGDConfig{LR: x.o.LR})
	if err != nil {
		return gdlib.Trace{}, err
	}
	return minimizeCut(x.s, x.o.X0, opt, gdlib.RunOptions{Steps: x.o.Steps, Schedule: s, GradNoise: x.sigma, Seed: x.o.Seed})
}

// cutAt keeps the points of xy up to the first y above hi, and tells whether it cut.
func cutAt(xy [][2]float64, hi float64) ([][2]float64, bool) {
	for i, p := range xy {
		if !(p[1] <= hi) {
			return xy[:i+1], true
		}
	}
	return xy, false
}

func (x *scheduleExplorer) frame(f *Frame) error {
	k, j := f.Index[0], f.Index[1]
	s, what, err := x.schedule(k, j)
	if err != nil {
		return err
	}
	lr := x.rates(s)
	col := Color(0)
	f.Add(x.lr, &polyline{xy: stairs(lr), style: line(col, Theme.Line)},
		TextBox{Text: ScheduleKinds[k] + "\n" + what, X: 1, Y: 1, Colors: []color.Color{col, col}})

	tr, err := x.run(s)
	if err != nil {
		return err
	}
	meas := &polyline{xy: gapXY(tr.F, 0, x.lossLo), style: line(col, Theme.Line*0.8)}
	if tr.Diverged {
		meas.mark = endMark(col, true)
	}
	exp, _ := cutAt(zip(steps(x.o.Steps+1), floored(x.expected(lr), x.lossLo)), blowUp*max(x.f0, 1))
	f.Add(x.loss, meas, &polyline{xy: exp, style: dashed(Theme.Ink, Theme.Line*0.7)})
	last := len(tr.F) - 1
	status := fmt.Sprintf("f(x_%d) − f* = %s", last, sci(tr.F[last]))
	if tr.Diverged {
		status = fmt.Sprintf("diverged at step %d", tr.DivergedAt)
	}
	ev := x.expected(lr)[x.o.Steps]
	second := fmt.Sprintf("- - expected %s", sci(ev))
	if x.o.Exact {
		second = "- - product formula"
	}
	f.Add(x.loss, TextBox{Text: status + "\n" + second, X: 0, Y: 0, Colors: []color.Color{col, Theme.Ink}})
	return nil
}

// lrPanel is (a): the rate against the step, the constant rate η₀ and the stability limit.
func (x *scheduleExplorer) lrPanel() *Plot {
	p := NewPlot("(a) learning rate η_t", "step t", "η_t")
	T := float64(x.o.Steps)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, T, 0, x.lrTop*1.25
	p.Add(gridLines())
	limit := 2 / x.o.LambdaMax
	p.Add(&polyline{xy: [][2]float64{{0, limit}, {T, limit}}, style: dashed(Theme.Ink, Theme.Thin*1.5)})
	p.Add(&dataText{x: 0, y: limit, dx: vg.Points(6), dy: -vg.Points(9), s: fmt.Sprintf("2/λmax = %.3g: stability limit", limit), col: Theme.Ink, align: text.XLeft})
	p.Add(&polyline{xy: [][2]float64{{0, x.o.LR}, {T, x.o.LR}}, style: line(Theme.Contour, Theme.Thin*2)})
	p.X.Tick.Marker = niceTicks{n: 4}
	x.lr = NewLayer()
	p.Add(x.lr)
	return p
}

// lossPanel is (b): f − f* on a log axis, with the constant rate's expectation beneath.
func (x *scheduleExplorer) lossPanel() *Plot {
	p := NewPlot("(b) loss f(x_t) − f*", "step t", "") // log axis: the quantity in the title (explore_kit.go)
	T := x.o.Steps
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(T), x.lossLo, x.lossHi
	LogAxis(&p.Y)
	p.Add(gridLines())
	lr := make([]float64, T)
	for t := range lr {
		lr[t] = x.o.LR
	}
	flat, _ := cutAt(zip(steps(T+1), floored(x.expected(lr), x.lossLo)), blowUp*max(x.f0, 1))
	p.Add(&polyline{xy: flat, style: line(Theme.Contour, Theme.Thin*2)})
	p.Add(&keyRow{y: x.lossHi / 2.2, items: []keyItem{{label: "constant η₀, expected", styles: []draw.LineStyle{line(Theme.Contour, Theme.Thin*2)}}}})
	p.X.Tick.Marker = niceTicks{n: 4}
	x.loss = NewLayer()
	p.Add(x.loss)
	return p
}
