package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
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

// Schedules draws the learning rate LR(t) of each schedule against the step t.
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
	} else {
		ymin = min(ymin, 0)
		ymax += (ymax - ymin) * 0.05
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	p.Add(gridLines())
	for _, s := range ss {
		l := &polyline{xy: zip(s.x, s.y), style: line(s.col, Theme.Line)}
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

// Histograms overlays the density histograms of several samples, each outlined in its
// colour; the legend gives mean μ and standard deviation σ, and counts non-finite values,
// which are left out.
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
// coloured from dark (low) to light (high) and labelled with its value, the lowest value
// framed. Diverged cells are dark grey, marked ×, and listed under the axis.
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
	c := &cells{o: o, format: format, key: key, lo: lo, hi: hi, best: best}
	p.Add(c)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(nc)-0.5, -0.5, float64(nr)-0.5
	var xt, yt plot.ConstantTicks
	for j, l := range o.Cols {
		xt = append(xt, plot.Tick{Value: float64(j), Label: l})
	}
	for i, l := range o.Rows {
		yt = append(yt, plot.Tick{Value: float64(nr - 1 - i), Label: l})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
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

// cells draws the cells of a HeatMap.
type cells struct {
	o      HeatMapOptions
	format string
	key    func(float64) float64
	lo, hi float64
	best   [2]int
}

// Plot implements plot.Plotter.
func (h *cells) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	nr := len(h.o.Rows)
	sty := text.Style{Font: face(Theme.TextSize), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plt.TextHandler}
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
	if b := h.best; b[0] >= 0 {
		x, y := float64(b[1]), float64(nr-1-b[0])
		in := vg.Points(1.5)
		rect := vg.Rectangle{
			Min: vg.Point{X: trX(x-0.5) + in, Y: trY(y-0.5) + in},
			Max: vg.Point{X: trX(x+0.5) - in, Y: trY(y+0.5) - in},
		}
		c.SetLineStyle(line(Theme.Colors[1], vg.Points(3)))
		c.Stroke(rect.Path())
	}
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
}
