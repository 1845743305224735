package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"time"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Spacing chooses how contour levels are spaced.
type Spacing int

const (
	// LogSpacing spaces levels geometrically in f − f*, so that a flat valley floor shows.
	LogSpacing Spacing = iota
	// QuantileSpacing puts levels at quantiles of f over the window: equal areas between lines.
	QuantileSpacing
	// LinearSpacing spaces levels evenly between the least and the largest f in the window.
	LinearSpacing
)

// TrajectoryOptions configures Trajectories.
type TrajectoryOptions struct {
	Title  string
	Traces []gdlib.Trace
	// Window is {x₁min, x₁max, x₂min, x₂max}; zero means the surface's Window, or else
	// the box around the traces and minima.
	Window [4]float64
	// Levels is the number of contour lines (default 14), Spacing their spacing,
	// Grid the samples per axis they are traced from (default 80).
	Levels  int
	Spacing Spacing
	Grid    int
	// Fill shades the surface under the contours: pale blue where f is low, cream where high.
	Fill bool
	// FreeAspect lets x₁ and x₂ have different scales. By default one unit is as long
	// on both axes, so that gradients cross contours at right angles, as they should.
	FreeAspect bool
	// UpTo, if positive, draws only the iterates x₀ … x_{UpTo−1} of each trace
	// (frames for Play).
	UpTo int
	// Animate, if positive, makes the SVG draw the traces step by step over this time.
	// Iterate dots are then left out; the end markers appear when a trace ends.
	Animate time.Duration
}

// Trajectories draws the traces of optimizers over the contours of a 2-D surface: each trace
// a line with its iterates as marks (discs, squares, diamonds, triangles in turn; each trace
// drawn narrower than the one before, so that paths on top of each other all show; a trace
// whose label names a method in its colour, see Methods), an open circle at x₀ and a disc where it ends (a triangle
// if it diverged; on the window's edge if it ends outside), stars at the known minima and
// crosses at the saddle points.
func Trajectories(s gdlib.Surface, o TrajectoryOptions) *Plot {
	p := NewPlot(o.Title, "x₁", "x₂")
	if s.Dim != 2 || s.F == nil {
		p.err = fmt.Errorf("plots: Trajectories needs a 2-D surface with F, got %q with Dim %d", s.Name, s.Dim)
		return p
	}
	w := o.Window
	if w == ([4]float64{}) {
		w = s.Window
	}
	if !(w[0] < w[1] && w[2] < w[3]) {
		w = boundingBox(o.Traces, s.Minima)
	}
	if !(w[0] < w[1] && w[2] < w[3]) {
		p.err = fmt.Errorf("plots: no window to draw surface %q in: give TrajectoryOptions.Window", s.Name)
		return p
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	if !o.FreeAspect {
		p.window = &w
	}
	p.Add(&landscape{f: s.F, fmin: s.FMin, n: orDefault(o.Grid, 80), levels: orDefault(o.Levels, 14),
		spacing: o.Spacing, fill: o.Fill})

	dur := o.Animate.Seconds()
	longest := 0
	for _, tr := range o.Traces {
		longest = max(longest, len(upTo(tr.X, o.UpTo)))
	}
	var items []styleItem
	for i, tr := range o.Traces {
		items = append(items, styleItem{tr.Label, Color(i)})
	}
	cols, variant := methodStyles(items)
	n := len(o.Traces)
	for i, tr := range o.Traces {
		xy := xyOf(upTo(tr.X, o.UpTo))
		label, diverged := traceLabel(tr, i, xy)
		xy = finitePrefix(xy)
		col := cols[i]
		// Paths may run on top of one another (GD's under Nesterov's): each later one is drawn
		// narrower, with smaller iterate marks of another shape, so that the earlier ones show
		// around it.
		w, dot := nestedWidth(i, n), nestedDot(i, n)
		sty := line(col, w)
		if v := variant[i]; v > 0 {
			sty.Dashes = variantDashes[(v-1)%len(variantDashes)]
		}
		l := &polyline{xy: xy, style: sty, dots: dot, dotShape: dotShapes[i%len(dotShapes)], mark: endMark(col, diverged)}
		if dur > 0 && len(xy) > 1 {
			l.end = dur * float64(len(xy)-1) / float64(longest-1)
		}
		p.lines = append(p.lines, l)
		start := &marks{xy: xy[:min(1, len(xy))], glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker + 1.5, Shape: ring}}
		p.Add(l, start)
		p.AddLegend(label, l)
	}
	addPoints(p, s.Minima, "minimum", draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph})
	addPoints(p, s.Saddles, "saddle point", draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 2, Shape: cross})
	return p
}

// nestedWidth is the line width of trace i of n on a Trajectories figure: Theme.Line for a
// single trace; else from 1.9 times Theme.Line for the first down to 0.7 times for the last,
// so that a path drawn over an earlier one leaves it showing on both sides.
func nestedWidth(i, n int) vg.Length {
	if n <= 1 {
		return Theme.Line
	}
	u := float64(i) / float64(n-1)
	return Theme.Line * vg.Length(1.9-1.2*u)
}

// nestedDot is the radius of the iterate marks of trace i of n, from 1.1 times Theme.Marker
// for the first down to 0.55 times for the last.
func nestedDot(i, n int) vg.Length {
	if n <= 1 {
		return Theme.Marker * 0.6
	}
	u := float64(i) / float64(n-1)
	return Theme.Marker * vg.Length(1.1-0.55*u)
}

// dotShapes are the shapes of the iterate marks of the traces of a Trajectories figure, in turn.
var dotShapes = []glyph{disc, square, diamond, triangle}

// endMark is the marker at the end of a run: a disc, or a triangle if it diverged.
func endMark(col color.Color, diverged bool) draw.GlyphStyle {
	if diverged {
		return draw.GlyphStyle{Color: col, Radius: Theme.Marker + 3, Shape: triangle}
	}
	return draw.GlyphStyle{Color: col, Radius: Theme.Marker + 1, Shape: disc}
}

// traceLabel is the legend text of trace i, saying where it diverged, and whether it did.
// A trace holding non-finite values counts as diverged at the first of them.
func traceLabel(tr gdlib.Trace, i int, xy [][2]float64) (string, bool) {
	label := tr.Label
	if label == "" {
		label = fmt.Sprintf("run %d", i+1)
	}
	if tr.Diverged {
		return fmt.Sprintf("%s (diverged at step %d)", label, tr.DivergedAt), true
	}
	if k := len(finitePrefix(xy)); k < len(xy) {
		return fmt.Sprintf("%s (diverged at step %d)", label, k), true
	}
	return label, false
}

// xyOf returns the first two coordinates of each iterate; NaN where there are fewer.
func xyOf(xs [][]float64) [][2]float64 {
	xy := make([][2]float64, len(xs))
	for k, x := range xs {
		xy[k] = [2]float64{math.NaN(), math.NaN()}
		if len(x) >= 2 {
			xy[k] = [2]float64{x[0], x[1]}
		}
	}
	return xy
}

func upTo[T any](s []T, n int) []T {
	if n > 0 && n < len(s) {
		return s[:n]
	}
	return s
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func addPoints(p *Plot, pts [][]float64, label string, g draw.GlyphStyle) {
	var xy [][2]float64
	for _, x := range pts {
		if len(x) >= 2 {
			xy = append(xy, [2]float64{x[0], x[1]})
		}
	}
	if len(xy) == 0 {
		return
	}
	m := &marks{xy: xy, glyph: g}
	p.Add(m)
	p.AddLegend(label, m)
}

// boundingBox is the box around the finite iterates and the minima, with a margin.
func boundingBox(traces []gdlib.Trace, minima [][]float64) [4]float64 {
	w := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	grow := func(x []float64) {
		if len(x) >= 2 && finite(x[0]) && finite(x[1]) {
			w = [4]float64{min(w[0], x[0]), max(w[1], x[0]), min(w[2], x[1]), max(w[3], x[1])}
		}
	}
	for _, tr := range traces {
		for _, x := range tr.X {
			grow(x)
		}
	}
	for _, x := range minima {
		grow(x)
	}
	dx, dy := max(w[1]-w[0], 1e-3), max(w[3]-w[2], 1e-3)
	return [4]float64{w[0] - dx/10, w[1] + dx/10, w[2] - dy/10, w[3] + dy/10}
}

// landscape draws the contours of f, and optionally its shading, over the axes' range.
// It samples f when drawn, so it covers the window as widened for equal scales.
type landscape struct {
	f       func([]float64) float64
	fmin    float64
	n       int
	levels  int
	spacing Spacing
	fill    bool
}

// Plot implements plot.Plotter.
func (l *landscape) Plot(c draw.Canvas, plt *plot.Plot) {
	g := sample(l.f, l.n, plt.X.Min, plt.X.Max, plt.Y.Min, plt.Y.Max)
	levels := g.levels(l.levels, l.spacing, l.fmin)
	if len(levels) == 0 {
		return
	}
	if l.fill {
		plotter.NewImage(g.shade(), plt.X.Min, plt.Y.Min, plt.X.Max, plt.Y.Max).Plot(c, plt)
	}
	for _, z := range levels {
		for _, xy := range contours(g, z) {
			(&polyline{xy: xy, style: line(Theme.Contour, Theme.Thin)}).Plot(c, plt)
		}
	}
}

// grid is f sampled at the cell centres of an n×n grid. Non-finite samples are replaced by the largest finite one.
type grid struct {
	n              int
	x0, dx, y0, dy float64
	z              []float64 // row-major: z[r*n+c] at (x0+c·dx, y0+r·dy)
	sorted         []float64
}

func sample(f func([]float64) float64, n int, xmin, xmax, ymin, ymax float64) *grid {
	g := &grid{n: n, dx: (xmax - xmin) / float64(n), dy: (ymax - ymin) / float64(n)}
	g.x0, g.y0 = xmin+g.dx/2, ymin+g.dy/2
	g.z = make([]float64, n*n)
	x := make([]float64, 2)
	hi := math.Inf(-1)
	for r := range n {
		for c := range n {
			x[0], x[1] = g.X(c), g.Y(r)
			v := f(x)
			g.z[r*n+c] = v
			if finite(v) {
				hi = max(hi, v)
			}
		}
	}
	for i, v := range g.z {
		if !finite(v) {
			g.z[i] = hi
		}
	}
	g.sorted = slices.Clone(g.z)
	slices.Sort(g.sorted)
	return g
}

func (g *grid) Z(c, r int) float64 { return g.z[r*g.n+c] }
func (g *grid) X(c int) float64    { return g.x0 + float64(c)*g.dx }
func (g *grid) Y(r int) float64    { return g.y0 + float64(r)*g.dy }

// quantile is the q-quantile of the samples.
func (g *grid) quantile(q float64) float64 {
	return g.sorted[int(q*float64(len(g.sorted)-1))]
}

// levels returns n contour levels; fmin is the surface's f*, used if below every sample.
func (g *grid) levels(n int, s Spacing, fmin float64) []float64 {
	lo, hi := g.sorted[0], g.quantile(0.95)
	if !finite(lo) || !(hi > lo) {
		return nil
	}
	out := make([]float64, n)
	for i := range out {
		u := (float64(i) + 0.5) / float64(n)
		switch s {
		case QuantileSpacing:
			out[i] = g.quantile(u)
		case LinearSpacing:
			out[i] = lo + u*(g.sorted[len(g.sorted)-1]-lo)
		default:
			base := min(fmin, lo)
			top := hi - base
			bottom := max(g.quantile(0.002)-base, top*1e-4)
			out[i] = base + bottom*math.Pow(top/bottom, float64(i)/float64(max(n-1, 1)))
		}
	}
	return slices.Compact(out)
}

// shade is an image of the samples coloured by rank on Theme.Light, row 0 at the top.
func (g *grid) shade() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, g.n, g.n))
	for r := range g.n {
		for c := range g.n {
			v := g.Z(c, r)
			rank, _ := slices.BinarySearch(g.sorted, v)
			img.Set(c, g.n-1-r, ramp(Theme.Light, float64(rank)/float64(len(g.sorted))))
		}
	}
	return img
}

// ramp interpolates the colours cs at u in [0, 1].
func ramp(cs []color.Color, u float64) color.Color {
	u = min(max(u, 0), 1) * float64(len(cs)-1)
	i := min(int(u), len(cs)-2)
	if len(cs) == 1 {
		return cs[0]
	}
	t := u - float64(i)
	r0, g0, b0, _ := cs[i].RGBA()
	r1, g1, b1, _ := cs[i+1].RGBA()
	mix := func(a, b uint32) uint8 { return uint8((float64(a)*(1-t) + float64(b)*t) / 257) }
	return color.RGBA{R: mix(r0, r1), G: mix(g0, g1), B: mix(b0, b1), A: 0xFF}
}
