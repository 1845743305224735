package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// NamedSchedule is a schedule with its legend label.
type NamedSchedule struct {
	Label string
	gdlib.Schedule
}

// ScheduleOptions configures Schedules.
type ScheduleOptions struct {
	Title     string
	Schedules []NamedSchedule
	Steps     int  // the figure shows t = 0 … Steps (default 100)
	LogY      bool // log axis for the learning rate
}

// Schedules draws the learning rate LR(t) of each schedule against the step t, as a
// staircase: the rate LR(t) holds from t to t+1.
func Schedules(o ScheduleOptions) *Plot {
	p := NewPlot(o.Title, "step t", "learning rate")
	n := orDefault(o.Steps, 100)
	var ss []series
	for i, s := range o.Schedules {
		if s.Schedule == nil {
			p.err = fmt.Errorf("plots: schedule %d (%q) is nil", i, s.Label)
			return p
		}
		x, y := make([]float64, n+1), make([]float64, n+1)
		for t := range x {
			x[t], y[t] = float64(t), s.LR(t)
		}
		label := s.Label
		if label == "" {
			label = fmt.Sprintf("schedule %d", i+1)
		}
		ss = append(ss, curve(label, i, x, y, false, 0, "step", 0))
	}
	xmin, xmax, ymin, ymax := ranges(ss)
	if xmin > xmax {
		xmin, xmax, ymin, ymax = 0, float64(n), 0, 1
	}
	if o.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
		for i := range ss {
			ss[i].y = floored(ss[i].y, 1e-12)
		}
		ymin, ymax = max(ymin, 1e-12), max(ymax, 1e-12)
		ymin, ymax = padLog(ymin, ymax, 1e-12)
	} else {
		ymin = min(ymin, 0)
		ymax += (ymax - ymin) * 0.05
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	p.Add(gridLines())
	var items []styleItem
	for _, s := range ss {
		items = append(items, styleItem{s.label, s.col})
	}
	cols, variant := methodStyles(items)
	for i, s := range ss {
		sty := line(cols[i], Theme.Line)
		if v := variant[i]; v > 0 {
			sty.Dashes = variantDashes[(v-1)%len(variantDashes)]
		}
		l := &polyline{xy: staircase(zip(s.x, s.y)), style: sty}
		p.Add(l)
		p.AddLegend(s.label, l)
	}
	return p
}

// Series is a named sample, such as the activations of one layer.
type Series struct {
	Name   string
	Values []float64
}

// SeriesOf lists the entries of m sorted by name.
func SeriesOf(m map[string][]float64) []Series {
	out := make([]Series, 0, len(m))
	for k, v := range m {
		out = append(out, Series{k, v})
	}
	slices.SortFunc(out, func(a, b Series) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// HistogramOptions configures Histograms.
type HistogramOptions struct {
	Title  string
	XLabel string
	Series []Series
	Bins   int        // default 40
	Range  [2]float64 // zero: the range of all finite values
	LogY   bool       // log axis for the density, to show thin tails
}

// Histograms draws the histograms of several samples over one x axis, each outlined in its
// colour: one above the other, each scaled to its tallest bin, so that a sample whose values
// all fall in one bin (a collapsed signal) is a spike beside readable neighbours; with LogY,
// or a single sample, as densities overlaid on one axis. The legend gives mean μ and standard
// deviation σ, and counts non-finite values, which are left out.
func Histograms(o HistogramOptions) *Plot {
	p := NewPlot(o.Title, o.XLabel, "density")
	bins := orDefault(o.Bins, 40)
	lo, hi := o.Range[0], o.Range[1]
	if !(lo < hi) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, s := range o.Series {
			for _, v := range s.Values {
				if finite(v) {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
		if lo > hi {
			lo, hi = 0, 1
		}
		if lo == hi {
			lo, hi = lo-0.5, hi+0.5
		}
	}
	width := (hi - lo) / float64(bins)
	type hist struct {
		d                  []float64
		label              string
		mean, sd           float64
		n, nonFinite, left int
	}
	var hs []hist
	top, smallest := 0.0, math.Inf(1)
	for _, s := range o.Series {
		h := hist{d: make([]float64, bins)}
		var sum, sum2 float64
		for _, v := range s.Values {
			if !finite(v) {
				h.nonFinite++
				continue
			}
			sum, sum2 = sum+v, sum2+v*v
			h.n++
			if b := int((v - lo) / width); v >= lo && v <= hi {
				h.d[min(b, bins-1)]++
			}
		}
		if h.n > 0 {
			h.mean = sum / float64(h.n)
			h.sd = math.Sqrt(max(sum2/float64(h.n)-h.mean*h.mean, 0))
		}
		for b := range h.d {
			h.d[b] /= max(float64(h.n), 1) * width
			top = max(top, h.d[b])
			if h.d[b] > 0 {
				smallest = min(smallest, h.d[b])
			}
		}
		h.label = fmt.Sprintf("%s: μ %.2g, σ %.2g", s.Name, h.mean, h.sd)
		if h.nonFinite > 0 {
			h.label += fmt.Sprintf(", %d NaN/Inf", h.nonFinite)
		}
		hs = append(hs, h)
	}
	if !o.LogY && len(hs) > 1 {
		// One baseline per sample, top to bottom, each histogram scaled to its tallest bin:
		// a sample whose values all fall in one bin is a single spike, and the others keep
		// their shape beside it.
		n := len(hs)
		p.Y.Label.Text = "each scaled to its tallest bin"
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, 0, float64(n)+0.05
		var yt plot.ConstantTicks
		for i, s := range o.Series {
			yt = append(yt, plot.Tick{Value: float64(n-1-i) + 0.4, Label: s.Name})
		}
		p.Y.Tick.Length = 0
		p.Y.Tick.Marker = yt
		g := gridLines()
		g.Horizontal.Width = 0
		p.Add(g)
		for i, h := range hs {
			base := float64(n - 1 - i)
			peak := 0.0
			for _, d := range h.d {
				peak = max(peak, d)
			}
			col := Color(i)
			xy := plotter.XYs{{X: lo, Y: base}}
			for b, d := range h.d {
				if peak > 0 {
					d /= peak
				}
				d = base + d*0.85
				xy = append(xy, plotter.XY{X: lo + float64(b)*width, Y: d}, plotter.XY{X: lo + float64(b+1)*width, Y: d})
			}
			xy = append(xy, plotter.XY{X: hi, Y: base})
			l := &plotter.Polygon{XYs: []plotter.XYs{xy}, LineStyle: line(col, Theme.Line*0.8), Color: faded(col, 0x40)}
			p.Add(l)
			p.AddLegend(h.label, l)
		}
		p.X.Tick.Marker = niceTicks{}
		return p
	}
	floor := 0.0
	if o.LogY {
		floor = min(smallest, 1) / 3
		if top <= 0 {
			top = 1
		}
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
		top *= 2
	} else {
		top = max(top*1.08, 1e-9)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, floor, top
	p.Add(gridLines())
	for i, h := range hs {
		col := Color(i)
		xy := plotter.XYs{{X: lo, Y: floor}}
		for b, d := range h.d {
			d = max(d, floor)
			xy = append(xy, plotter.XY{X: lo + float64(b)*width, Y: d}, plotter.XY{X: lo + float64(b+1)*width, Y: d})
		}
		xy = append(xy, plotter.XY{X: hi, Y: floor})
		l := &plotter.Line{XYs: xy, LineStyle: line(col, Theme.Line*0.8), FillColor: faded(col, 0x30)}
		p.Add(l)
		p.AddLegend(h.label, l)
	}
	return p
}

// HeatMapOptions configures HeatMap.
type HeatMapOptions struct {
	Title              string
	RowLabel, ColLabel string   // what the rows and columns vary, such as "learning rate"
	Rows, Cols         []string // their values, as labels
	// Values[i][j] is the result, such as the final loss, for Rows[i] and Cols[j].
	// NaN and ±Inf mark diverged runs.
	Values [][]float64
	// LogColor colours by log₁₀ of the values (which must then be positive).
	LogColor bool
	// Format prints each cell's value (default "%.3g").
	Format string
}

// HeatMap draws a grid of results over two hyperparameters, first row on top: each cell
// coloured from dark (low) to light (high), as the colour bar on the right reads, and
// labelled with its value; the lowest value of each row is framed, the lowest of all with a
// thicker frame (the legend below says so). Diverged cells are dark grey, marked ×, and
// listed under the axis.
func HeatMap(o HeatMapOptions) *Plot {
	nr, nc := len(o.Rows), len(o.Cols)
	p := NewPlot(o.Title, o.ColLabel, o.RowLabel)
	if nr == 0 || nc == 0 || len(o.Values) != nr {
		p.err = fmt.Errorf("plots: HeatMap needs %d rows of values, one per row label, got %d", nr, len(o.Values))
		return p
	}
	for i, r := range o.Values {
		if len(r) != nc {
			p.err = fmt.Errorf("plots: HeatMap row %d has %d values for %d columns", i, len(r), nc)
			return p
		}
	}
	format := o.Format
	if format == "" {
		format = "%.3g"
	}
	key := func(v float64) float64 {
		if o.LogColor {
			return math.Log10(v)
		}
		return v
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	best := [2]int{-1, -1}
	var diverged []string
	for i, r := range o.Values {
		for j, v := range r {
			if k := key(v); finite(k) {
				if k < lo {
					best = [2]int{i, j}
				}
				lo, hi = min(lo, k), max(hi, k)
			} else if !finite(v) {
				diverged = append(diverged, "("+o.Rows[i]+", "+o.Cols[j]+")")
			}
		}
	}
	rowBest := make([]int, nr)
	for i, r := range o.Values {
		rowBest[i] = -1
		for j, v := range r {
			if k := key(v); finite(k) && (rowBest[i] < 0 || k < key(r[rowBest[i]])) {
				rowBest[i] = j
			}
		}
	}
	c := &cells{o: o, format: format, key: key, lo: lo, hi: hi, best: best, rowBest: rowBest}
	p.Add(c)
	if lo <= hi {
		p.colorBar = &colorBar{lo: lo, hi: hi, log: o.LogColor}
	}
	if best[0] >= 0 {
		p.AddLegend("lowest in its row", frameThumb{vg.Points(2.5)})
		p.AddLegend("lowest of all", frameThumb{vg.Points(4.5)})
		p.legendBelow = true
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(nc)-0.5, -0.5, float64(nr)-0.5
	var xt, yt plot.ConstantTicks
	for j, l := range o.Cols {
		xt = append(xt, plot.Tick{Value: float64(j), Label: l})
	}
	for i, l := range o.Rows {
		yt = append(yt, plot.Tick{Value: float64(nr - 1 - i), Label: l})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	p.X.Tick.Label.Font.Size = heatTickSize(o.Cols, p.X.Tick.Label)
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0
	if len(diverged) > 0 {
		if len(diverged) > 4 {
			diverged = append(diverged[:3], fmt.Sprintf("and %d more", len(diverged)-3))
		}
		p.X.Label.Text = strings.TrimPrefix(p.X.Label.Text+"\n× diverged: "+strings.Join(diverged, ", "), "\n")
	}
	return p
}

// heatTickSize is the size of the column labels of a heat map: the theme's, or smaller (10 pt
// at the least) if the widest label would not fit its column of a default-width figure.
func heatTickSize(cols []string, sty text.Style) font.Length {
	widest := vg.Length(0)
	for _, l := range cols {
		widest = max(widest, sty.Width(l))
	}
	room := (Theme.Width - vg.Points(150)) / vg.Length(max(len(cols), 1)) * 0.9 // less the row labels and the colour bar
	if widest <= room || widest == 0 {
		return sty.Font.Size
	}
	return max(10, sty.Font.Size*font.Length(room/widest))
}

// cells draws the cells of a HeatMap.
type cells struct {
	o       HeatMapOptions
	format  string
	key     func(float64) float64
	lo, hi  float64
	best    [2]int
	rowBest []int // the column of each row's lowest value, −1 if none
}

// Plot implements plot.Plotter.
func (h *cells) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	nr := len(h.o.Rows)
	sty := text.Style{Font: face(Theme.TextSize), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plt.TextHandler}
	// Labels shrink (to 10 pt at the least) to fit their cells.
	cellW := trX(1) - trX(0)
	widest := vg.Length(0)
	for _, r := range h.o.Values {
		for _, v := range r {
			widest = max(widest, sty.Width(fmt.Sprintf(h.format, v)))
		}
	}
	if widest > cellW*0.8 && widest > 0 {
		sty.Font.Size = max(9, sty.Font.Size*cellW*0.8/widest)
	}
	for i, r := range h.o.Values {
		for j, v := range r {
			x, y := float64(j), float64(nr-1-i)
			rect := vg.Rectangle{
				Min: vg.Point{X: trX(x - 0.5), Y: trY(y - 0.5)},
				Max: vg.Point{X: trX(x + 0.5), Y: trY(y + 0.5)},
			}
			fill, label := Theme.Diverged, ""
			if k := h.key(v); finite(k) {
				u := 0.0
				if h.hi > h.lo {
					u = (k - h.lo) / (h.hi - h.lo)
				}
				fill, label = ramp(Theme.Strong, u), fmt.Sprintf(h.format, v)
			} else if finite(v) {
				label = fmt.Sprintf(h.format, v) // a value the log colour cannot place
			}
			c.SetColor(fill)
			c.Fill(rect.Path())
			c.SetLineStyle(line(color.White, vg.Points(1.5)))
			c.Stroke(rect.Path())
			sty.Color = color.Black
			if luminance(fill) < 0.5 {
				sty.Color = color.White
			}
			mid := vg.Point{X: (rect.Min.X + rect.Max.X) / 2, Y: (rect.Min.Y + rect.Max.Y) / 2}
			if label == "" {
				c.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: vg.Points(9), Shape: cross}, mid)
				continue
			}
			c.FillText(sty, mid, label)
		}
	}
	frame := func(i, j int, w vg.Length) {
		x, y := float64(j), float64(nr-1-i)
		in := w / 2
		rect := vg.Rectangle{
			Min: vg.Point{X: trX(x-0.5) + in, Y: trY(y-0.5) + in},
			Max: vg.Point{X: trX(x+0.5) - in, Y: trY(y+0.5) - in},
		}
		c.SetLineStyle(line(Theme.Colors[1], w))
		c.Stroke(rect.Path())
	}
	for i, j := range h.rowBest {
		if j >= 0 && [2]int{i, j} != h.best {
			frame(i, j, vg.Points(2.5))
		}
	}
	if b := h.best; b[0] >= 0 {
		frame(b[0], b[1], vg.Points(4.5))
	}
}

// frameThumb is the legend thumbnail of a framed heat-map cell.
type frameThumb struct{ w vg.Length }

// Thumbnail implements plot.Thumbnailer.
func (f frameThumb) Thumbnail(c *draw.Canvas) {
	mid := c.Center()
	s := min(c.Max.Y-c.Min.Y, c.Max.X-c.Min.X) * 0.9
	r := vg.Rectangle{Min: vg.Point{X: mid.X - s/2, Y: mid.Y - s/2}, Max: vg.Point{X: mid.X + s/2, Y: mid.Y + s/2}}
	c.SetColor(Theme.Strong[1])
	c.Fill(r.Path())
	in := f.w / 2
	r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X+in, r.Min.Y+in, r.Max.X-in, r.Max.Y-in
	c.SetLineStyle(line(Theme.Colors[1], f.w))
	c.Stroke(r.Path())
}

// colorBar is the colour scale of a heat map: Theme.Strong from lo (bottom) to hi (top), in
// log₁₀ of the values if log.
type colorBar struct {
	lo, hi float64
	log    bool
}

const colorBarWidth = vg.Length(14)

// width is the room the bar takes on the right of a figure, its labels included.
func (b *colorBar) width() vg.Length {
	sty := text.Style{Font: face(Theme.TickSize), Handler: newGonumPlot("", "", "").TextHandler}
	w := vg.Length(0)
	for _, t := range b.ticks() {
		w = max(w, sty.Width(t.Label))
	}
	return legendGap*2 + colorBarWidth + vg.Points(5) + w
}

// ticks are the bar's labelled values, in its own units (log₁₀ of the values if log).
func (b *colorBar) ticks() []plot.Tick {
	lo, hi := b.lo, b.hi
	if !(hi > lo) {
		lo, hi = lo-0.5, hi+0.5
	}
	if b.log {
		var ts []plot.Tick
		for _, t := range (logTicks{}).Ticks(math.Pow(10, lo), math.Pow(10, hi)) {
			if t.Label != "" {
				ts = append(ts, plot.Tick{Value: math.Log10(t.Value), Label: t.Label})
			}
		}
		if len(ts) >= 2 {
			return ts
		}
		for _, t := range (niceTicks{n: 4}).Ticks(math.Pow(10, lo), math.Pow(10, hi)) {
			if t.Value > 0 {
				ts = append(ts, plot.Tick{Value: math.Log10(t.Value), Label: t.Label})
			}
		}
		return ts
	}
	return niceTicks{n: 4}.Ticks(lo, hi)
}

// draw draws the bar beside the data area dc, as high as it.
func (b *colorBar) draw(c draw.Canvas, dc draw.Canvas) {
	x0 := dc.Max.X + legendGap*2
	y0, y1 := dc.Min.Y, dc.Max.Y
	lo, hi := b.lo, b.hi
	if !(hi > lo) {
		lo, hi = lo-0.5, hi+0.5
	}
	const n = 48
	for k := range n {
		r := vg.Rectangle{
			Min: vg.Point{X: x0, Y: y0 + (y1-y0)*vg.Length(k)/n},
			Max: vg.Point{X: x0 + colorBarWidth, Y: y0 + (y1-y0)*vg.Length(k+1)/n + 0.3},
		}
		c.SetColor(ramp(Theme.Strong, (float64(k)+0.5)/n))
		c.Fill(r.Path())
	}
	sty := text.Style{Font: face(Theme.TickSize), Color: Theme.Ink, XAlign: draw.XLeft, YAlign: draw.YCenter,
		Handler: newGonumPlot("", "", "").TextHandler}
	for _, t := range b.ticks() {
		if t.Value < lo-1e-9 || t.Value > hi+1e-9 {
			continue
		}
		y := y0 + (y1-y0)*vg.Length((t.Value-lo)/(hi-lo))
		c.StrokeLine2(line(Theme.Ink, vg.Points(1)), x0+colorBarWidth, y, x0+colorBarWidth+vg.Points(3), y)
		c.FillText(sty, vg.Point{X: x0 + colorBarWidth + vg.Points(5), Y: y}, t.Label)
	}
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
}
