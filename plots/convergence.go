package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// XAxis is the horizontal axis of a convergence figure.
type XAxis int

const (
	Steps    XAxis = iota // step k (Traces) or update number (Histories)
	Epochs                // epoch, with held-out loss dashed (Histories)
	Examples              // training examples seen (Histories)
	Seconds               // wall time (Histories)
)

// Quantity is what a convergence figure shows on its vertical axis.
type Quantity int

const (
	Value    Quantity = iota // f(x_k), or the loss
	Gap                      // f(x_k) − FStar, or the loss − FStar
	GradNorm                 // ‖∇f(x_k)‖ (Traces only)
)

// Rate is a reference curve, such as a theoretical rate, drawn dashed with its own
// legend entry.
type Rate struct {
	Label string
	F     func(x float64) float64
	Color color.Color // nil: Theme.Ink
}

// Geometric is the rate c·ρ^k.
func Geometric(c, rho float64) Rate {
	return Rate{
		Label: fmt.Sprintf("%.3g·%.3g^k", c, rho),
		F:     func(k float64) float64 { return c * math.Pow(rho, k) },
	}
}

// ConvergenceOptions configures Convergence. Give Traces or Histories, or both.
type ConvergenceOptions struct {
	Title     string
	Traces    []gdlib.Trace
	Histories []gdlib.History
	X         XAxis
	Y         Quantity
	FStar     float64 // f*, subtracted when Y is Gap
	// Smooth, in (0, 1), draws a bias-corrected exponential moving average with this weight
	// on the previous value (0.9 averages about ten steps) over the faint raw curve.
	Smooth float64
	Rates  []Rate
	// Linear uses a linear vertical axis. On the default log axis, values below Floor
	// (default 1e-16), zero and negative ones included, are drawn at Floor.
	Linear bool
	Floor  float64
}

// series is one curve to draw.
type series struct {
	label    string
	x, y     []float64
	col      color.Color
	dashed   bool
	diverged bool // mark the curve's end as a divergence
}

// Convergence draws how fast runs converge: one curve per run, cut at its first non-finite
// value and marked with a triangle there, on a log axis unless Linear is set. A run whose
// label names a method takes the method's colour (see Methods), and a Rate of the run's
// colour follows it.
func Convergence(o ConvergenceOptions) *Plot {
	xlabel := [...]string{"step k", "epoch", "examples seen", "wall time (s)"}[min(max(int(o.X), 0), 3)]
	ylabel := [...]string{"f(x_k)", "f(x_k) − f*", "‖gradient‖"}[min(max(int(o.Y), 0), 2)]
	if len(o.Traces) == 0 {
		ylabel = [...]string{"loss", "loss − f*", ""}[min(max(int(o.Y), 0), 2)]
	}
	p := NewPlot(o.Title, xlabel, ylabel)
	ss, heldOut, err := o.series()
	if err != nil {
		p.err = err
		return p
	}
	floor := o.Floor
	if floor <= 0 {
		floor = 1e-16
	}
	if !o.Linear {
		for i := range ss {
			ss[i].y = floored(ss[i].y, floor)
		}
	}
	xmin, xmax, ymin, ymax := ranges(ss)
	if xmin > xmax {
		xmin, xmax, ymin, ymax = 0, 1, floor, 1
	}
	if o.Linear && ymin > 0 {
		ymin = 0
	}
	if o.Linear {
		ymax += (ymax - ymin) * 0.05 // room for the line's width at the top
	} else {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		ymin, ymax = max(ymin, floor), max(ymax, floor)
		ymin, ymax = padLog(ymin, ymax, floor)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	p.Add(gridLines())
	var items []styleItem
	for _, s := range ss {
		items = append(items, styleItem{s.label, s.col})
	}
	for _, r := range o.Rates {
		items = append(items, styleItem{r.Label, r.Color})
	}
	cols, variant := methodStyles(items)
	for i, s := range ss {
		s.col = cols[i]
		sty := line(s.col, Theme.Line)
		if s.dashed {
			sty.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		if v := variant[i]; v > 0 {
			sty.Dashes = variantDashes[(v-1)%len(variantDashes)]
		}
		l := &polyline{xy: envelope(zip(s.x, s.y), 600), style: sty}
		if o.Smooth > 0 && o.Smooth < 1 {
			raw := *l
			raw.style.Width = Theme.Thin
			raw.style.Color = faded(s.col, 0x50)
			l.xy = zip(s.x, ema(s.y, o.Smooth))
			p.Add(&raw)
		}
		if s.diverged {
			l.mark = endMark(s.col, true)
		}
		p.Add(l)
		if s.label != "" {
			p.AddLegend(s.label, l)
		}
	}
	if heldOut {
		dash := line(Theme.Ink, Theme.Line)
		dash.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		p.AddLegend("train", &polyline{style: line(Theme.Ink, Theme.Line)})
		p.AddLegend("held-out", &polyline{style: dash})
	}
	for i, r := range o.Rates {
		if r.F == nil {
			continue
		}
		col := cols[len(ss)+i]
		sty := line(col, Theme.Line*0.8)
		sty.Dashes = [][]vg.Length{{vg.Points(2), vg.Points(3)}, {vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}}[i%2]
		xy := make([][2]float64, 201)
		for j := range xy {
			x := xmin + (xmax-xmin)*float64(j)/200
			y := r.F(x)
			if !o.Linear {
				y = max(y, floor)
			}
			xy[j] = [2]float64{x, y}
		}
		l := &polyline{xy: xy, style: sty}
		p.Add(l)
		p.AddLegend(r.Label, l)
	}
	return p
}

// series gathers the curves of o, and whether any history has held-out losses.
func (o ConvergenceOptions) series() ([]series, bool, error) {
	var ss []series
	heldOut := false
	if len(o.Traces) > 0 && o.X != Steps {
		return nil, false, fmt.Errorf("plots: Convergence of Traces needs X = Steps")
	}
	for i, tr := range o.Traces {
		var y []float64
		switch o.Y {
		case Value, Gap:
			y = shift(tr.F, o.Y, o.FStar)
		case GradNorm:
			y = tr.GradNorm
		}
		x := make([]float64, len(y))
		for k := range x {
			x[k] = float64(k)
		}
		ss = append(ss, curve(tr.Label, i, x, y, tr.Diverged, tr.DivergedAt, "step", 0))
	}
	if len(o.Histories) > 0 && o.Y == GradNorm {
		return nil, false, fmt.Errorf("plots: Histories hold no gradient norms")
	}
	for j, h := range o.Histories {
		i := len(o.Traces) + j
		loss := shift(h.StepLoss, o.Y, o.FStar)
		var x []float64
		switch o.X {
		case Steps:
			x = make([]float64, len(loss))
			for k := range x {
				x[k] = float64(k + 1)
			}
		case Examples:
			x = make([]float64, len(h.StepExamples))
			for k, n := range h.StepExamples {
				x[k] = float64(n)
			}
		case Seconds:
			x = h.StepSeconds
		case Epochs:
			train := shift(h.EpochTrain, o.Y, o.FStar)
			x = make([]float64, len(train))
			for k := range x {
				x[k] = float64(k)
			}
			ss = append(ss, curve(h.Label, i, x, train, h.Diverged, h.DivergedAt, "epoch", 0))
			if h.EpochHeldOut != nil {
				heldOut = true
				s := curve("", i, x, shift(h.EpochHeldOut, o.Y, o.FStar), false, 0, "", 0)
				s.label, s.dashed = "", true
				ss = append(ss, s)
			}
			continue
		}
		n := min(len(x), len(loss))
		ss = append(ss, curve(h.Label, i, x[:n], loss[:n], h.Diverged, h.DivergedAt, "step", 1))
	}
	return ss, heldOut, nil
}

// curve is run i's series, cut at its first non-finite value, with its legend text. A run
// flagged as diverged says at which step; one found holding a non-finite value says where:
// at the unit (step or epoch) numbered first+n for the value at index n.
func curve(label string, i int, x, y []float64, diverged bool, at int, unit string, first int) series {
	xy := zip(x, y)
	n := len(finitePrefix(xy))
	if label == "" {
		label = fmt.Sprintf("run %d", i+1)
	}
	switch {
	case diverged:
		label = fmt.Sprintf("%s (diverged at step %d)", label, at)
	case n < len(xy):
		diverged = true
		label = fmt.Sprintf("%s (diverged at %s %d)", label, unit, first+n)
	}
	return series{label: label, x: x[:n], y: y[:n], col: Color(i), diverged: diverged}
}

func shift(y []float64, q Quantity, fstar float64) []float64 {
	if q != Gap {
		return y
	}
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = v - fstar
	}
	return out
}

func floored(y []float64, floor float64) []float64 {
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = max(v, floor)
	}
	return out
}

func zip(x, y []float64) [][2]float64 {
	xy := make([][2]float64, min(len(x), len(y)))
	for i := range xy {
		xy[i] = [2]float64{x[i], y[i]}
	}
	return xy
}

// ranges is the extent of all series, which are finite; xmin > xmax if they are empty.
func ranges(ss []series) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range ss {
		for i := range s.x {
			xmin, xmax = min(xmin, s.x[i]), max(xmax, s.x[i])
			ymin, ymax = min(ymin, s.y[i]), max(ymax, s.y[i])
		}
	}
	if xmin == xmax {
		xmin, xmax = xmin-1, xmax+1
	}
	if ymin == ymax { // a flat curve: a factor 2 either side (what a log axis needs), ±1 around 0
		switch {
		case ymin > 0:
			ymin, ymax = ymin/2, ymax*2
		case ymin < 0:
			ymin, ymax = ymin*2, ymax/2
		default:
			ymin, ymax = -1, 1
		}
	}
	return xmin, xmax, ymin, ymax
}

// ema is the bias-corrected exponential moving average of y with weight beta.
func ema(y []float64, beta float64) []float64 {
	out := make([]float64, len(y))
	m, c := 0.0, 1.0
	for i, v := range y {
		m = beta*m + (1-beta)*v
		c *= beta
		out[i] = m / (1 - c)
	}
	return out
}

// envelope thins xy (sorted by x) to the lowest and highest point of each of n equal
// slices of the x range, in order, so that a noisy curve keeps its look.
func envelope(xy [][2]float64, n int) [][2]float64 {
	if len(xy) <= 2*n {
		return xy
	}
	x0, x1 := xy[0][0], xy[len(xy)-1][0]
	var out [][2]float64
	for i := 0; i < len(xy); {
		b := int(float64(n) * (xy[i][0] - x0) / (x1 - x0))
		lo, hi := i, i
		j := i
		for ; j < len(xy) && int(float64(n)*(xy[j][0]-x0)/(x1-x0)) == b; j++ {
			if xy[j][1] < xy[lo][1] {
				lo = j
			}
			if xy[j][1] > xy[hi][1] {
				hi = j
			}
		}
		out = append(out, xy[min(lo, hi)])
		if lo != hi {
			out = append(out, xy[max(lo, hi)])
		}
		i = max(j, i+1)
	}
	return out
}

// faded is the opaque colour c with opacity a.
func faded(c color.Color, a uint8) color.NRGBA {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

func gridLines() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical = line(Theme.Faint, vg.Points(1))
	g.Horizontal = g.Vertical
	return g
}

// logTicks labels decades of a log axis, a few of them when the range is wide, and
// 2 and 5 times a decade too when it is narrow. Decades are written 10⁻⁶, 10⁰, 10³, except on
// an axis whose labels all lie between 0.01 and 1000, which reads them plainly: 0.1, 1, 10.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi >= lo && hi < math.Inf(1)) {
		return nil
	}
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	step := max(1, (e1-e0+5)/6)
	narrow := e1-e0 <= 2
	plain := math.Log10(lo) >= -2-1e-9 && math.Log10(hi) <= 3+1e-9
	var ts []plot.Tick
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			t := plot.Tick{Value: float64(m) * math.Pow10(e)}
			if t.Value < lo*(1-1e-9) || t.Value > hi*(1+1e-9) || m > 1 && !narrow {
				continue
			}
			if m == 1 && e%step == 0 || narrow && (m == 2 || m == 5) {
				switch {
				case plain:
					t.Label = strconv.FormatFloat(t.Value, 'g', 3, 64)
				case m == 1:
					t.Label = decade(e)
				default:
					t.Label = strconv.Itoa(m) + "×" + decade(e)
				}
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// decade formats 10^e with Unicode superscripts: 10⁻⁸.
func decade(e int) string {
	return Text("10^{" + strconv.Itoa(e) + "}")
}

// padLog widens the log range [lo, hi] at both ends by 6% of its decades (at least a factor
// 1.2), so that curves at the top and the bottom are not cut by the frame. A bottom at floor
// stays there: a curve drawn on it means "floor or less".
func padLog(lo, hi, floor float64) (float64, float64) {
	if !(lo > 0 && hi > lo) {
		return lo, hi
	}
	f := max(1.2, math.Pow(hi/lo, 0.06))
	if lo > floor {
		lo = max(lo/f, floor)
	}
	return lo, hi * f
}
