package plots

import (
	"fmt"
	"image/color"
	"math"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds what the explorers of the learning-rate, schedule, mini-batch, Adam and
// initialisation lessons share (explore_lr.go, explore_schedule.go, explore_batch.go,
// explore_adam.go, explore_init.go).
//
// A panel with a log y axis in a row with a linear one names its quantity in its title and
// leaves its y label empty: NewGrid aligns the panels with gonum's plot.Align, which pads the
// top of a log axis for a y label placed at the linear midpoint of the range, and Plot.Draw
// then draws that label itself, lower, so that the log panel's data area would end up taller
// than its neighbour's.

// minimizeCut runs gdlib.Minimize and cuts the run where it blows up: at the first iterate
// k with f(x_k) > blowUp·max(f(x₀), 1), or at the first non-finite value (as gdlib does).
// The trace keeps x₀ … x_{k−1} and says Diverged, DivergedAt = k.
func minimizeCut(s gdlib.Surface, x0 []float64, opt gdlib.Optimizer, o gdlib.RunOptions) (gdlib.Trace, error) {
	limit := blowUp * max(s.F(x0), 1)
	o.Callback = func(k int, x []float64) bool { return s.F(x) > limit }
	tr, err := gdlib.Minimize(s, x0, opt, o)
	if err != nil {
		return tr, err
	}
	if tr.Stopped { // the last iterate blew up: cut it
		k := len(tr.X) - 1
		tr.X, tr.F, tr.GradNorm = tr.X[:k], tr.F[:k], tr.GradNorm[:k]
		tr.LR = tr.LR[:min(len(tr.LR), max(k-1, 0))]
		tr.Stopped, tr.Diverged, tr.DivergedAt = false, true, k
	}
	return tr, nil
}

// quadratic1D is f(x) = ½λx², a 1-D quadratic with its minimum 0 at the origin.
func quadratic1D(lambda float64) gdlib.Surface {
	return gdlib.Surface{
		Name:   fmt.Sprintf("½·%g·x²", lambda),
		Dim:    1,
		F:      func(x []float64) float64 { return 0.5 * lambda * x[0] * x[0] },
		Grad:   func(g, x []float64) { g[0] = lambda * x[0] },
		Minima: [][]float64{{0}},
	}
}

// steps returns 0, 1, …, n−1 as float64.
func steps(n int) []float64 {
	k := make([]float64, n)
	for i := range k {
		k[i] = float64(i)
	}
	return k
}

// gapXY is (k, max(f_k − fmin, floor)): a loss on a log axis.
func gapXY(f []float64, fmin, floor float64) [][2]float64 {
	xy := make([][2]float64, len(f))
	for k, v := range f {
		xy[k] = [2]float64{float64(k), max(v-fmin, floor)}
	}
	return xy
}

// stairs draws a value held over each step, v[t] over [t, t+1), as a staircase.
func stairs(v []float64) [][2]float64 {
	xy := make([][2]float64, 0, 2*len(v))
	for t, y := range v {
		xy = append(xy, [2]float64{float64(t), y}, [2]float64{float64(t + 1), y})
	}
	return xy
}

// dotted is a dotted line style: dots of width w, 3w apart.
func dotted(c color.Color, w vg.Length) draw.LineStyle {
	s := line(c, w)
	s.Dashes = []vg.Length{w, 2.5 * w}
	return s
}

// hband shades the data area between y0 and y1 (x spanning the axes) with a colour.
type hband struct {
	x0, x1 float64 // in data coordinates; NaN for the edge of the data area
	y0, y1 float64
	col    color.Color
}

// Plot implements plot.Plotter.
func (b *hband) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	r := c.Rectangle
	if finite(b.x0) {
		r.Min.X = max(r.Min.X, trX(b.x0))
	}
	if finite(b.x1) {
		r.Max.X = min(r.Max.X, trX(b.x1))
	}
	if finite(b.y0) {
		r.Min.Y = max(r.Min.Y, trY(b.y0))
	}
	if finite(b.y1) {
		r.Max.Y = min(r.Max.Y, trY(b.y1))
	}
	if r.Min.X >= r.Max.X || r.Min.Y >= r.Max.Y {
		return
	}
	c.SetColor(b.col)
	c.Fill(r.Path())
}

// ticksAt labels the given values with the format.
func ticksAt(format string, vs ...float64) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for _, v := range vs {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf(format, v)})
	}
	return ts
}

// sci formats v shortly for a text box: 0.0123 → "0.0123", 1.2e-07 → "1.2e-7".
func sci(v float64) string {
	if v == 0 || math.Abs(v) >= 1e-3 && math.Abs(v) < 1e4 {
		return fmt.Sprintf("%.3g", v)
	}
	e := int(math.Floor(math.Log10(math.Abs(v))))
	m := v / math.Pow(10, float64(e))
	if math.Abs(m) >= 9.995 {
		m, e = m/10, e+1
	}
	return fmt.Sprintf("%.2ge%d", m, e)
}

// dotCloud draws many dots of one radius and one opaque colour as one path, which the
// explorer's compaction writes as a few bytes a dot. Dots outside the data area are left out.
type dotCloud struct {
	xy  [][2]float64
	r   vg.Length
	col color.Color
}

// Plot implements plot.Plotter.
func (d *dotCloud) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	var pa vg.Path
	for _, p := range d.xy {
		pt := vg.Point{X: trX(p[0]), Y: trY(p[1])}
		if finite(p[0]) && finite(p[1]) && c.Contains(pt) {
			circle(&pa, pt, d.r)
		}
	}
	if len(pa) > 0 {
		c.SetColor(d.col)
		c.Fill(pa)
	}
}

// tint mixes c with white: u = 0 gives c, u = 1 white.
func tint(c color.Color, u float64) color.Color {
	return ramp([]color.Color{c, color.White}, u)
}
