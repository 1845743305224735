package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// polyline draws a line through points in data coordinates. It stops at the first
// non-finite point, drops points closer than 1 px to the last one kept, and clips the
// line at the data area. Dots, if set, marks the points kept that are well apart.
type polyline struct {
	xy    [][2]float64
	style draw.LineStyle
	dots  vg.Length // dot radius; 0 for none
	// dotShape is the shape of the dots: disc (the zero value is a ring, drawn as a disc).
	dotShape glyph
	// mark, if its Shape is set, is drawn where the line ends in the data area.
	mark draw.GlyphStyle
	// end is the time in seconds at which an animation reaches the last point;
	// 0 when the line is not animated.
	end float64
	// strokes are the clipped pieces drawn by the last Plot, each point with its time,
	// and marked tells whether it drew the mark.
	strokes [][]timedPoint
	marked  bool
}

type timedPoint struct {
	vg.Point
	t float64
}

const (
	minGap = vg.Length(0.75) // 1 CSS pixel
	dotGap = vg.Length(5)
)

// finitePrefix returns the points up to the first non-finite coordinate.
func finitePrefix(xy [][2]float64) [][2]float64 {
	for i, p := range xy {
		if !finite(p[0]) || !finite(p[1]) {
			return xy[:i]
		}
	}
	return xy
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Plot implements plot.Plotter.
func (l *polyline) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	xy := finitePrefix(l.xy)
	var kept []timedPoint
	for i, p := range xy {
		// Far-off points are pulled in to where rounding cannot spoil the clipping.
		pt := vg.Point{X: clamp(trX(p[0])), Y: clamp(trY(p[1]))}
		if !finite(float64(pt.X)) || !finite(float64(pt.Y)) {
			break
		}
		t := 0.0
		if len(xy) > 1 {
			t = l.end * float64(i) / float64(len(xy)-1)
		}
		if n := len(kept); n > 0 && i < len(xy)-1 && dist(kept[n-1].Point, pt) < minGap {
			continue
		}
		kept = append(kept, timedPoint{pt, t})
	}
	l.strokes = clip(kept, c.Rectangle)
	sty := l.style
	if l.end > 0 {
		sty.DashOffs = strokeSentinel
	}
	c.SetLineStyle(sty)
	for _, s := range l.strokes {
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
	l.marked = false
	if n := len(l.strokes); n > 0 && l.mark.Shape != nil {
		g := l.mark
		if l.end > 0 {
			g.Color = fillSentinel(g.Color)
		}
		s := l.strokes[n-1]
		c.DrawGlyphNoClip(g, s[len(s)-1].Point)
		l.marked = true
	}
	if l.dots > 0 && l.end == 0 {
		var pa vg.Path
		last := vg.Point{X: vg.Length(math.Inf(-1))}
		for _, p := range kept {
			if c.Contains(p.Point) && dist(last, p.Point) >= dotGap {
				l.dotPath(&pa, p.Point)
				last = p.Point
			}
		}
		if len(pa) > 0 {
			c.SetColor(l.style.Color)
			c.Fill(pa)
		}
	}
}

// dotPath adds the outline of one dot at p to pa.
func (l *polyline) dotPath(pa *vg.Path, p vg.Point) {
	switch l.dotShape {
	case square:
		r := l.dots * 0.9
		pa.Move(vg.Point{X: p.X - r, Y: p.Y - r})
		pa.Line(vg.Point{X: p.X + r, Y: p.Y - r})
		pa.Line(vg.Point{X: p.X + r, Y: p.Y + r})
		pa.Line(vg.Point{X: p.X - r, Y: p.Y + r})
		pa.Close()
	case diamond:
		r := l.dots * 1.25
		pa.Move(vg.Point{X: p.X, Y: p.Y - r})
		pa.Line(vg.Point{X: p.X + r, Y: p.Y})
		pa.Line(vg.Point{X: p.X, Y: p.Y + r})
		pa.Line(vg.Point{X: p.X - r, Y: p.Y})
		pa.Close()
	case triangle:
		r := l.dots * 1.3
		for k := range 3 {
			a := math.Pi/2 + float64(k)*2*math.Pi/3
			q := vg.Point{X: p.X + r*vg.Length(math.Cos(a)), Y: p.Y + r*vg.Length(math.Sin(a))}
			if k == 0 {
				pa.Move(q)
			} else {
				pa.Line(q)
			}
		}
		pa.Close()
	default:
		circle(pa, p, l.dots)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (l *polyline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
	if l.dots > 0 {
		var pa vg.Path
		l.dotPath(&pa, c.Center())
		c.SetColor(l.style.Color)
		c.Fill(pa)
	}
}

func clamp(v vg.Length) vg.Length { return min(max(v, -1e7), 1e7) }

func dist(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

func circle(pa *vg.Path, c vg.Point, r vg.Length) {
	pa.Move(vg.Point{X: c.X + r, Y: c.Y})
	pa.Arc(c, r, 0, 2*math.Pi)
	pa.Close()
}

// clip cuts the polyline pts at the rectangle r, interpolating times at the cuts. It leaves
// out segments between two points outside r: far-flung iterates of a diverging run would
// otherwise streak across the figure.
func clip(pts []timedPoint, r vg.Rectangle) [][]timedPoint {
	var out [][]timedPoint
	var cur []timedPoint
	if len(pts) == 1 && contains(r, pts[0].Point) {
		return [][]timedPoint{pts}
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		t0, t1, ok := clipSegment(a.Point, b.Point, r)
		if !ok || !contains(r, a.Point) && !contains(r, b.Point) {
			if len(cur) > 1 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		p0, p1 := lerp(a, b, t0), lerp(a, b, t1)
		if len(cur) == 0 || t0 > 0 {
			if len(cur) > 1 {
				out = append(out, cur)
			}
			cur = []timedPoint{p0}
		}
		cur = append(cur, p1)
		if t1 < 1 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

func contains(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

func lerp(a, b timedPoint, s float64) timedPoint {
	return timedPoint{
		vg.Point{X: a.X + (b.X-a.X)*vg.Length(s), Y: a.Y + (b.Y-a.Y)*vg.Length(s)},
		a.t + (b.t-a.t)*s,
	}
}

// clipSegment returns the parameter interval [t0, t1] of the segment a→b inside r
// (Liang–Barsky), and false if the segment misses r.
func clipSegment(a, b vg.Point, r vg.Rectangle) (t0, t1 float64, ok bool) {
	t0, t1 = 0, 1
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, false
			}
			continue
		}
		s := q / p
		if p < 0 {
			t0 = max(t0, s)
		} else {
			t1 = min(t1, s)
		}
	}
	return t0, t1, t0 <= t1
}

// marks draws a glyph at each point in data coordinates inside the data area. Unlike
// plotter.Scatter it does not widen the axes or pad the plot for points far outside.
type marks struct {
	xy    [][2]float64
	glyph draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (m *marks) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for _, p := range m.xy {
		pt := vg.Point{X: trX(p[0]), Y: trY(p[1])}
		if finite(p[0]) && finite(p[1]) && c.Contains(pt) {
			c.DrawGlyphNoClip(m.glyph, pt)
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (m *marks) Thumbnail(c *draw.Canvas) { c.DrawGlyphNoClip(m.glyph, c.Center()) }

// glyph is a marker shape; all but ring and cross are filled and rimmed in white
// so that they stand out on lines of their own colour.
type glyph byte

const (
	ring glyph = iota
	disc
	triangle
	starGlyph
	cross
	square  // only as a polyline's dot shape
	diamond // only as a polyline's dot shape
)

// DrawGlyph implements draw.GlyphDrawer.
func (g glyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var pa vg.Path
	switch g {
	case ring:
		circle(&pa, pt, r)
		c.SetLineStyle(line(sty.Color, vg.Points(2)))
		c.Stroke(pa)
		return
	case cross:
		d := r * 0.8
		pa.Move(vg.Point{X: pt.X - d, Y: pt.Y - d})
		pa.Line(vg.Point{X: pt.X + d, Y: pt.Y + d})
		pa.Move(vg.Point{X: pt.X - d, Y: pt.Y + d})
		pa.Line(vg.Point{X: pt.X + d, Y: pt.Y - d})
		c.SetLineStyle(line(sty.Color, vg.Points(2.5)))
		c.Stroke(pa)
		return
	case disc:
		circle(&pa, pt, r)
	case triangle, starGlyph:
		n, step, inner := 3, 2*math.Pi/3, vg.Length(1)
		if g == starGlyph {
			n, step, inner = 10, math.Pi/5, 0.45
		}
		for i := range n {
			ri := r
			if i%2 == 1 {
				ri *= inner
			}
			a := math.Pi/2 + float64(i)*step
			q := vg.Point{X: pt.X + ri*vg.Length(math.Cos(a)), Y: pt.Y + ri*vg.Length(math.Sin(a))}
			if i == 0 {
				pa.Move(q)
			} else {
				pa.Line(q)
			}
		}
		pa.Close()
	}
	c.Fill(pa)
	c.SetLineStyle(line(color.White, vg.Points(1)))
	c.Stroke(pa)
}
