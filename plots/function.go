package plots

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FunctionOptions configures Function.
type FunctionOptions struct {
	Title  string
	Traces []gdlib.Trace
	// Window is {xmin, xmax, ymin, ymax}; zero means the surface's Window. A zero y range
	// is fitted to f.
	Window [4]float64
	// Derivative also draws f′, dashed.
	Derivative bool
	// Tangents draws the tangent line at the first Tangents iterates of each trace.
	Tangents int
	// UpTo, if positive, draws only the iterates x₀ … x_{UpTo−1} (frames for Play).
	UpTo int
}

// Function draws a 1-D surface f, optionally f′, and the iterates of each trace on the
// curve, joined in order, with tangent lines at the first few.
func Function(s gdlib.Surface, o FunctionOptions) *Plot {
	p := NewPlot(o.Title, "x", "")
	if s.Dim != 1 || s.F == nil {
		p.err = fmt.Errorf("plots: Function needs a 1-D surface with F, got %q with Dim %d", s.Name, s.Dim)
		return p
	}
	if (o.Derivative || o.Tangents > 0) && s.Grad == nil {
		p.err = fmt.Errorf("plots: surface %q has no Grad for the derivative or tangents", s.Name)
		return p
	}
	w := o.Window
	if w == ([4]float64{}) {
		w = s.Window
	}
	if !(w[0] < w[1]) {
		p.err = fmt.Errorf("plots: no x range to draw %q on: give FunctionOptions.Window", s.Name)
		return p
	}
	f := func(x float64) float64 { return s.F([]float64{x}) }
	df := func(x float64) float64 {
		g := []float64{0}
		s.Grad(g, []float64{x})
		return g[0]
	}
	const n = 400
	curve := make([][2]float64, n+1)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range curve {
		x := w[0] + (w[1]-w[0])*float64(i)/n
		y := f(x)
		curve[i] = [2]float64{x, y}
		if finite(y) {
			lo, hi = min(lo, y), max(hi, y)
		}
	}
	if !(w[2] < w[3]) {
		pad := max(hi-lo, 1e-9) * 0.05
		w[2], w[3] = lo-pad, hi+pad
	}
	if !(w[2] < w[3]) {
		p.err = fmt.Errorf("plots: %q is not finite on [%g, %g]", s.Name, w[0], w[1])
		return p
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	p.Add(gridLines())
	p.addPieces(curve, line(Theme.Ink, Theme.Line), "f(x)")
	if o.Derivative {
		d := make([][2]float64, len(curve))
		for i, c := range curve {
			d[i] = [2]float64{c[0], df(c[0])}
		}
		sty := line(Theme.Ink, Theme.Line*0.7)
		sty.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		p.addPieces(d, sty, "f′(x)")
	}
	half := (w[1] - w[0]) * 0.08
	var items []styleItem
	for i, tr := range o.Traces {
		items = append(items, styleItem{tr.Label, Color(i)})
	}
	cols, _ := methodStyles(items)
	for i, tr := range o.Traces {
		xy := make([][2]float64, 0, len(tr.X))
		for _, x := range upTo(tr.X, o.UpTo) {
			v := math.NaN()
			if len(x) >= 1 {
				v = x[0]
			}
			xy = append(xy, [2]float64{v, f(v)})
		}
		label, diverged := traceLabel(tr, i, xy)
		xy = finitePrefix(xy)
		col := cols[i]
		for _, pt := range xy[:min(max(o.Tangents, 0), len(xy))] {
			g := df(pt[0])
			tan := [][2]float64{{pt[0] - half, pt[1] - g*half}, {pt[0] + half, pt[1] + g*half}}
			p.Add(&polyline{xy: tan, style: line(col, Theme.Thin*1.5)})
		}
		l := &polyline{xy: xy, style: line(col, Theme.Thin*1.5), dots: Theme.Marker, mark: endMark(col, diverged)}
		start := &marks{xy: xy[:min(1, len(xy))], glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker + 2, Shape: ring}}
		p.Add(l, start)
		p.AddLegend(label, l)
	}
	return p
}

// addPieces draws xy as lines broken where it is not finite, with one legend entry.
func (p *Plot) addPieces(xy [][2]float64, sty draw.LineStyle, label string) {
	var first *polyline
	for len(xy) > 0 {
		piece := finitePrefix(xy)
		if len(piece) > 1 {
			l := &polyline{xy: piece, style: sty}
			p.Add(l)
			if first == nil {
				first = l
			}
		}
		xy = xy[min(len(piece)+1, len(xy)):]
	}
	if first != nil {
		p.AddLegend(label, first)
	}
}
