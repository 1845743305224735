package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Curve is one line y(x) of a Lines figure.
type Curve struct {
	Label string // legend text; a curve without one has no legend entry
	X, Y  []float64
	// Color is the curve's colour. Curves without one take the palette colours in order,
	// Color(0), Color(1), …, counting only the curves without one; so a theory line can
	// share the colour of the measurement it explains: Color: plots.Color(0).
	Color color.Color
	// Dashed draws a thinner dashed line, as for a theoretical prediction.
	Dashed bool
	// Points puts a marker on each data point, as for measured values; NoLine draws the
	// markers alone.
	Points, NoLine bool
	// Steps draws the curve as a staircase: Y[i] holds from X[i] until X[i+1], as a
	// learning rate holds over its step or epoch. The last value holds for one more unit
	// of the last gap.
	Steps bool
}

// VLine is a dashed vertical marker across the figure at X, such as a stability limit.
type VLine struct {
	Label string  // legend text; none if empty
	X     float64 // in data coordinates; the x axis spans it unless its range is set later
	// Color is the line's colour; without one, it takes the next palette colour after
	// those the curves took.
	Color color.Color
}

// LinesOptions configures Lines.
type LinesOptions struct {
	Title, XLabel, YLabel string
	Curves                []Curve
	VLines                []VLine
	// LogX and LogY put the axes on a log scale, labelled at decades. Points with a
	// coordinate ≤ 0 on a log axis are left out, except that on a log y axis with a Floor
	// above 0, values below Floor, zero and negative ones included, are drawn at Floor.
	LogX, LogY bool
	Floor      float64
}

// Lines draws curves y(x), such as a measurement against its theory, with a legend entry
// for each labelled curve and vertical line. A curve whose label names a method takes the
// method's colour (see Methods); a curve given the same colour follows it. A curve is cut at its first non-finite point
// and marked with a triangle there. The axes span the data and the vertical lines (with a
// margin for the markers, if any, and on a linear y axis); set the plot's X.Min, X.Max,
// Y.Min or Y.Max afterwards to change them. Long curves of increasing x are thinned to
// keep their look at a few hundred points.
func Lines(o LinesOptions) *Plot {
	p := NewPlot(o.Title, o.XLabel, o.YLabel)
	type prepared struct {
		xy   [][2]float64
		cut  bool
		col  color.Color
		spec Curve
	}
	var cs []prepared
	next := 0 // the next automatic palette index
	auto := func(c color.Color) color.Color {
		if c != nil {
			return c
		}
		next++
		return Color(next - 1)
	}
	xr, yr := newSpan(o.LogX), newSpan(o.LogY)
	points := false
	for _, c := range o.Curves {
		all := zip(c.X, c.Y)
		xy := finitePrefix(all)
		cut := len(xy) < len(all)
		var kept [][2]float64
		for _, pt := range xy {
			if o.LogY && o.Floor > 0 {
				pt[1] = max(pt[1], o.Floor)
			}
			if o.LogX && pt[0] <= 0 || o.LogY && pt[1] <= 0 {
				continue
			}
			kept = append(kept, pt)
			xr.add(pt[0])
			yr.add(pt[1])
		}
		points = points || c.Points || c.NoLine
		cs = append(cs, prepared{xy: kept, cut: cut, col: auto(c.Color), spec: c})
	}
	vcols := make([]color.Color, len(o.VLines))
	for i, v := range o.VLines {
		vcols[i] = auto(v.Color)
		if finite(v.X) && (!o.LogX || v.X > 0) {
			xr.add(v.X)
		}
	}
	var items []styleItem
	for _, c := range cs {
		items = append(items, styleItem{c.spec.Label, c.col})
	}
	for i, v := range o.VLines {
		items = append(items, styleItem{v.Label, vcols[i]})
	}
	cols, variant := methodStyles(items)
	for i := range cs {
		cs[i].col = cols[i]
	}
	p.X.Min, p.X.Max = xr.limits(points)
	if o.LogY {
		// Padded, so that a curve at the top or the bottom is not cut by the frame.
		p.Y.Min, p.Y.Max = yr.limits(points)
		if !points {
			p.Y.Min, p.Y.Max = padLog(p.Y.Min, p.Y.Max, o.Floor)
		}
	} else {
		p.Y.Min, p.Y.Max = yr.limits(true)
	}
	if o.LogX {
		LogAxis(&p.X)
	}
	if o.LogY {
		LogAxis(&p.Y)
	}
	p.Add(gridLines())
	for i, c := range cs {
		var thumbs []plot.Thumbnailer
		if !c.spec.NoLine {
			sty := line(c.col, Theme.Line)
			if c.spec.Dashed {
				sty.Width = Theme.Line * 0.7
				sty.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
			}
			if v := variant[i]; v > 0 {
				sty.Dashes = variantDashes[(v-1)%len(variantDashes)]
			}
			xy := c.xy
			if c.spec.Steps {
				xy = staircase(xy)
			} else if increasing(xy) {
				xy = envelope(xy, 300)
			}
			l := &polyline{xy: xy, style: sty}
			if c.cut {
				l.mark = endMark(c.col, true)
			}
			p.Add(l)
			thumbs = append(thumbs, l)
		}
		if c.spec.Points || c.spec.NoLine {
			// Alone or over another line, markers are rimmed in white; on their own line
			// the rims would break it into dashes.
			g := draw.GlyphStyle{Color: c.col, Radius: Theme.Marker, Shape: disc}
			if !c.spec.NoLine {
				g.Shape = draw.CircleGlyph{}
			}
			m := &marks{xy: c.xy, glyph: g}
			p.Add(m)
			thumbs = append(thumbs, m)
		}
		if c.spec.Label != "" {
			p.AddLegend(c.spec.Label, thumbs...)
		}
	}
	for i, v := range o.VLines {
		sty := line(cols[len(cs)+i], Theme.Thin*1.5)
		sty.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		l := &vline{x: v.X, style: sty}
		p.Add(l)
		if v.Label != "" {
			p.AddLegend(v.Label, l)
		}
	}
	return p
}

// LogAxis puts a on a log scale with the package's decade ticks: every decade labelled
// (every second or third one on a wide range), and 2 and 5 times a decade too on a range
// of two decades or less. The axis range must be positive.
func LogAxis(a *plot.Axis) {
	a.Scale, a.Tick.Marker = plot.LogScale{}, logTicks{}
}

// span is the extent of the values of one axis.
type span struct {
	lo, hi float64
	log    bool
}

func newSpan(log bool) *span { return &span{lo: math.Inf(1), hi: math.Inf(-1), log: log} }

func (s *span) add(v float64) { s.lo, s.hi = min(s.lo, v), max(s.hi, v) }

// limits returns the axis range: the values' extent, widened by 4% on each side if pad is
// set (in log units on a log axis; not below 0 on a linear axis of values ≥ 0). An empty or
// one-point extent gets a range around it.
func (s *span) limits(pad bool) (float64, float64) {
	lo, hi := s.lo, s.hi
	if lo < hi && !pad {
		return lo, hi
	}
	if s.log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	switch {
	case lo > hi:
		lo, hi = 0, 1
	case lo == hi:
		lo, hi = lo-1, hi+1
	case pad:
		d := (hi - lo) * 0.04
		lo, hi = lo-d, hi+d
		if !s.log && s.lo >= 0 {
			lo = max(lo, 0) // a linear axis of values ≥ 0 starts at 0 at the lowest
		}
	}
	if s.log {
		return math.Pow(10, lo), math.Pow(10, hi)
	}
	return lo, hi
}

// increasing tells whether the x coordinates of xy never decrease.
func increasing(xy [][2]float64) bool {
	for i := 1; i < len(xy); i++ {
		if xy[i][0] < xy[i-1][0] {
			return false
		}
	}
	return len(xy) > 1 && xy[len(xy)-1][0] > xy[0][0]
}

// vline is a vertical line at x across the data area.
type vline struct {
	x     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (v *vline) Plot(c draw.Canvas, plt *plot.Plot) {
	if !finite(v.x) || v.x < plt.X.Min || v.x > plt.X.Max {
		return
	}
	trX, _ := plt.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
}

// Thumbnail implements plot.Thumbnailer.
func (v *vline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(v.style, c.Min.X, y, c.Max.X, y)
}

// staircase turns the points (x_i, y_i) of a piecewise-constant function into the corners of
// its graph: (x_0, y_0), (x_1, y_0), (x_1, y_1), …, (x_n, y_n), and (x_n + (x_n − x_{n−1}), y_n),
// so n + 1 values give 2(n + 1) points.
func staircase(xy [][2]float64) [][2]float64 {
	if len(xy) < 2 {
		return xy
	}
	out := make([][2]float64, 0, 2*len(xy))
	for i, p := range xy {
		if i > 0 {
			out = append(out, [2]float64{p[0], xy[i-1][1]})
		}
		out = append(out, p)
	}
	n := len(xy)
	return append(out, [2]float64{2*xy[n-1][0] - xy[n-2][0], xy[n-1][1]})
}
