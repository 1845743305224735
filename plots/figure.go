// Package plots draws the figures of the Descent course: trajectories over loss surfaces,
// convergence curves, schedules, histograms and hyperparameter heat maps, as SVG for GoNB.
//
// Builders take an options struct and return a *Plot, a gonum plot with a size and a legend;
// NewGrid puts several into one figure. SVG, Show and Save render any Figure. Builders never
// panic: non-finite data is cut where it starts and marked, and unusable input (a surface of
// the wrong dimension, say) is kept as the figure's error, which SVG, Show and Save return.
// Every figure follows Theme.
package plots

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is what SVG, Show and Save render: a *Plot or a *Grid.
type Figure interface {
	// Size is the rendered width and height.
	Size() (w, h vg.Length)
	// Draw draws the figure on c.
	Draw(c draw.Canvas)
	// Err is the error met while building the figure, if any.
	Err() error
	// animated lists the animated lines in drawing order.
	animated() []*polyline
}

// Plot is one figure: a gonum plot, its size, and the legend entries added with AddLegend.
// The legend never covers data: it is drawn beside the axes, on the right or, when it is
// wide, below them; with LegendRight unset, in the corner of the data area (Legend.Top and
// Legend.Left name the one preferred) that no data of the plot crosses, and beside the axes
// if every corner holds data.
type Plot struct {
	*plot.Plot
	Width, Height vg.Length
	// LegendRight puts the legend beside the axes (on the right, or below if it is wide)
	// instead of in an empty corner of them.
	LegendRight bool

	entries     []string
	thumbs      [][]plot.Thumbnailer
	added       []plot.Plotter // what Add added, in order, to find where the data lies
	window      *[4]float64    // if set, the axes are widened so that x and y scale alike
	lines       []*polyline    // the runs' lines, in drawing order
	err         error
	noLegend    bool         // a Grid draws the panels' legends
	legendBelow bool         // beside the axes means below them
	legendRect  vg.Rectangle // where the last Draw put the legend (zero if nowhere)
	dataRect    vg.Rectangle // the data area of the last Draw
	colorBar    *colorBar    // a heat map's colour scale, drawn on the right
}

// NewPlot returns an empty themed plot of the default size, its legend beside the axes.
func NewPlot(title, xlabel, ylabel string) *Plot {
	return &Plot{Plot: newGonumPlot(title, xlabel, ylabel), Width: Theme.Width, Height: Theme.Height, LegendRight: true}
}

// Add adds plotters to the plot, as plot.Plot.Add does, and notes them so that the legend
// can keep clear of their data.
func (p *Plot) Add(ps ...plot.Plotter) {
	p.Plot.Add(ps...)
	p.added = append(p.added, ps...)
}

// AddLegend adds a legend entry drawn with the given thumbnails.
func (p *Plot) AddLegend(text string, thumbs ...plot.Thumbnailer) {
	p.entries = append(p.entries, text)
	p.thumbs = append(p.thumbs, thumbs)
}

// Entries returns the texts of the legend entries, in order.
func (p *Plot) Entries() []string { return p.entries }

// Size returns Width and Height, the height no more than Theme.MaxHeight (one screen).
func (p *Plot) Size() (w, h vg.Length) { return p.Width, min(p.Height, Theme.MaxHeight) }

// Err returns the error met while building the plot, if any.
func (p *Plot) Err() error { return p.err }

func (p *Plot) animated() []*polyline {
	var a []*polyline
	for _, l := range p.lines {
		if l.end > 0 {
			a = append(a, l)
		}
	}
	return a
}

// legendGap is the space between the axes and a legend beside them, and a legend's inset
// from the corner of the data area.
const legendGap = vg.Length(8)

// Draw draws the plot and its legend: in an empty corner of the data area, or beside it.
func (p *Plot) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	p.legendRect = vg.Rectangle{}
	lg := p.legend()
	plotC := c
	if p.colorBar != nil {
		plotC.Max.X -= p.colorBar.width()
	}
	var place legendPlace
	if !p.noLegend && len(lg.texts) > 0 {
		place = lg.beside(plotC)
		if p.legendBelow && !place.below {
			place = legendPlace{below: true, cols: len(lg.texts)}
		}
		if !p.LegendRight {
			if corner, ok := p.emptyCorner(lg, plotC); ok {
				place = corner
			}
		}
		plotC = place.shrink(lg, plotC)
	}
	dc := p.drawAxes(c, plotC)
	p.dataRect = dc.Rectangle
	if p.colorBar != nil {
		p.colorBar.draw(c, dc)
	}
	if !p.noLegend && len(lg.texts) > 0 {
		r := place.rect(lg, plotC, dc)
		if place.corner {
			c.SetColor(whiteAlpha)
			c.Fill(r.Path())
			c.SetLineStyle(line(Theme.Faint, vg.Points(1)))
			c.Stroke(r.Path())
		}
		lg.draw(c, r, place.cols)
		p.legendRect = r
	}
}

// drawAxes draws the gonum plot on plotC (c is the whole figure's canvas) and returns its
// data area.
func (p *Plot) drawAxes(c, plotC draw.Canvas) draw.Canvas {
	if p.window != nil {
		p.fitAspect(plotC)
	}
	// gonum pads the top of a log axis as if its label sat at the linear midpoint:
	// draw that label here instead.
	ylabel := ""
	if _, log := p.Y.Scale.(plot.LogScale); log {
		ylabel, p.Y.Label.Text = p.Y.Label.Text, ""
		defer func() { p.Y.Label.Text = ylabel }()
	}
	if ylabel != "" {
		sty := p.Y.Label.TextStyle
		sty.Rotation += math.Pi / 2
		x := plotC.Min.X + sty.Height(ylabel) - sty.FontExtents().Descent
		plotC.Min.X += sty.Height(ylabel) + p.Y.Label.Padding
		dc := p.DataCanvas(plotC)
		c.FillText(sty, vg.Point{X: x, Y: dc.Center().Y}, ylabel)
	}
	// The title is centred on the figure, not on the axes beside a legend, and shrinks to fit.
	if title := p.Title.Text; title != "" {
		sty := p.Title.TextStyle
		if w := sty.Width(title); w > c.Max.X-c.Min.X {
			sty.Font.Size = max(12, sty.Font.Size*font.Length((c.Max.X-c.Min.X)/w))
		}
		descent := sty.FontExtents().Descent
		c.FillText(sty, vg.Point{X: c.Center().X, Y: plotC.Max.Y + descent}, title)
		plotC.Max.Y -= p.Title.TextStyle.Rectangle(title).Size().Y + p.Title.Padding
		p.Title.Text = ""
		defer func() { p.Title.Text = title }()
	}
	orig := p.Plot.Legend
	p.Plot.Legend = plot.NewLegend()
	p.Plot.Draw(plotC)
	p.Plot.Legend = orig
	return p.DataCanvas(plotC)
}

// dataCanvas is the data area the plot gets on plotC, as drawAxes finds it.
func (p *Plot) dataCanvas(plotC draw.Canvas) draw.Canvas {
	if p.window != nil {
		p.fitAspect(plotC)
	}
	if _, log := p.Y.Scale.(plot.LogScale); log && p.Y.Label.Text != "" {
		sty := p.Y.Label.TextStyle
		sty.Rotation += math.Pi / 2
		plotC.Min.X += sty.Height(p.Y.Label.Text) + p.Y.Label.Padding
		label := p.Y.Label.Text
		p.Y.Label.Text = ""
		defer func() { p.Y.Label.Text = label }()
	}
	return p.DataCanvas(plotC)
}

// emptyCorner is the first corner of the data area, the preferred one first, where the
// legend crosses no data.
func (p *Plot) emptyCorner(lg legend, plotC draw.Canvas) (legendPlace, bool) {
	dc := p.dataCanvas(plotC)
	prefer := [2]bool{p.Legend.Top, p.Legend.Left}
	corners := [][2]bool{prefer, {true, false}, {true, true}, {false, false}, {false, true}}
	for _, k := range corners {
		pl := legendPlace{corner: true, top: k[0], left: k[1], cols: 1}
		r := pl.rect(lg, plotC, dc)
		if r.Min.X < dc.Min.X || r.Min.Y < dc.Min.Y || r.Max.X > dc.Max.X || r.Max.Y > dc.Max.Y {
			continue // larger than the data area
		}
		if !p.dataIn(dc, r) {
			return pl, true
		}
	}
	return legendPlace{}, false
}

// dataIn tells whether any data of the plot, drawn on the data area dc, comes into r.
// Plotters it does not know count as covering the whole data area.
func (p *Plot) dataIn(dc draw.Canvas, r vg.Rectangle) bool {
	trX, trY := p.Transforms(&dc)
	pt := func(x, y float64) vg.Point { return vg.Point{X: clamp(trX(x)), Y: clamp(trY(y))} }
	grow := func(r vg.Rectangle, d vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: r.Min.X - d, Y: r.Min.Y - d}, Max: vg.Point{X: r.Max.X + d, Y: r.Max.Y + d}}
	}
	path := func(xy [][2]float64, width vg.Length) bool {
		rr := grow(r, width/2+1)
		for i, q := range xy {
			if !finite(q[0]) || !finite(q[1]) {
				return false
			}
			a := pt(q[0], q[1])
			if contains(rr, a) {
				return true
			}
			if i > 0 {
				b := pt(xy[i-1][0], xy[i-1][1])
				if _, _, ok := clipSegment(b, a, rr); ok {
					return true
				}
			}
		}
		return false
	}
	points := func(xy [][2]float64, radius vg.Length) bool {
		rr := grow(r, radius+1)
		for _, q := range xy {
			if finite(q[0]) && finite(q[1]) && contains(rr, pt(q[0], q[1])) {
				return true
			}
		}
		return false
	}
	xys := func(d plotter.XYer) [][2]float64 {
		out := make([][2]float64, d.Len())
		for i := range out {
			out[i][0], out[i][1] = d.XY(i)
		}
		return out
	}
	var hit func(ps []plot.Plotter) bool
	hit = func(ps []plot.Plotter) bool {
		for _, a := range ps {
			switch v := a.(type) {
			case *plotter.Grid:
			case *polyline:
				if path(v.xy, v.style.Width) || v.dots > 0 && points(v.xy, v.dots*1.3) ||
					v.mark.Shape != nil && len(v.xy) > 0 && points(v.xy[len(v.xy)-1:], v.mark.Radius) {
					return true
				}
			case *marks:
				if points(v.xy, v.glyph.Radius) {
					return true
				}
			case *plotter.Line:
				if path(xys(v.XYs), v.Width) {
					return true
				}
			case *plotter.Scatter:
				if points(xys(v.XYs), v.GlyphStyle.Radius) {
					return true
				}
			case *vline:
				x := trX(v.x)
				if finite(v.x) && x >= r.Min.X-2 && x <= r.Max.X+2 {
					return true
				}
			case plotters:
				if hit(v) {
					return true
				}
			default:
				return true
			}
		}
		return false
	}
	return hit(p.added)
}

// fitAspect widens one axis of the window so that a unit is as long in x as in y on c.
func (p *Plot) fitAspect(c draw.Canvas) {
	w := *p.window
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	dc := p.DataCanvas(c)
	dx, dy := float64(dc.Max.X-dc.Min.X), float64(dc.Max.Y-dc.Min.Y)
	if dx <= 0 || dy <= 0 {
		return
	}
	xr, yr := w[1]-w[0], w[3]-w[2]
	if xr/dx > yr/dy {
		grow := (xr*dy/dx - yr) / 2
		p.Y.Min, p.Y.Max = w[2]-grow, w[3]+grow
	} else {
		grow := (yr*dx/dy - xr) / 2
		p.X.Min, p.X.Max = w[0]-grow, w[1]+grow
	}
}

// legend is a list of entries to draw: texts with their thumbnails, in a text style.
type legend struct {
	texts  []string
	thumbs [][]plot.Thumbnailer
	sty    text.Style
	thumbW vg.Length
}

func (p *Plot) legend() legend {
	return legend{texts: p.entries, thumbs: p.thumbs, sty: p.Plot.Legend.TextStyle, thumbW: p.Plot.Legend.ThumbnailWidth}
}

// legendMargin is the space around a legend's entries inside its box.
const legendMargin = vg.Length(4)

// entry is the size of the largest entry: thumbnail, space, text.
func (lg legend) entry() (w, h vg.Length) {
	for _, t := range lg.texts {
		w = max(w, lg.sty.Width(t))
		h = max(h, lg.sty.Height(t))
	}
	return w + lg.thumbW + lg.sty.Width(" "), h + vg.Points(3)
}

// size is the box of the legend laid out in cols columns, margins included.
func (lg legend) size(cols int) (w, h vg.Length) {
	ew, eh := lg.entry()
	cols = max(1, min(cols, len(lg.texts)))
	rows := (len(lg.texts) + cols - 1) / cols
	colGap := vg.Points(14)
	return ew*vg.Length(cols) + colGap*vg.Length(cols-1) + 2*legendMargin, eh*vg.Length(rows) + 2*legendMargin
}

// legendPlace is where a legend goes: in a corner of the data area, or beside the axes, on
// the right or below, in cols columns.
type legendPlace struct {
	corner, top, left bool
	below             bool
	cols              int
}

// beside chooses, for a figure on c, the right side if the legend takes at most a third of
// the width and fits the height, else below in as many columns as fit.
func (lg legend) beside(c draw.Canvas) legendPlace {
	w, h := lg.size(1)
	if w <= (c.Max.X-c.Min.X)*0.34 && h <= (c.Max.Y-c.Min.Y)*0.9 {
		return legendPlace{cols: 1}
	}
	return legendPlace{below: true, cols: lg.fit(c.Max.X - c.Min.X)}
}

// fit is how many columns of entries fit in the width w.
func (lg legend) fit(w vg.Length) int {
	ew, _ := lg.entry()
	return max(1, int((w-2*legendMargin+vg.Points(14))/(ew+vg.Points(14))))
}

// shrink is the canvas left to the axes once the legend lg has its place.
func (pl legendPlace) shrink(lg legend, c draw.Canvas) draw.Canvas {
	w, h := lg.size(pl.cols)
	switch {
	case pl.corner:
	case pl.below:
		c.Min.Y += h + legendGap
	default:
		c.Max.X -= w + 2*legendGap // a gap on either side
	}
	return c
}

// rect is the legend's box for plotC (the canvas the axes get) and its data area dc.
func (pl legendPlace) rect(lg legend, plotC, dc draw.Canvas) vg.Rectangle {
	w, h := lg.size(pl.cols)
	var r vg.Rectangle
	switch {
	case pl.corner:
		r.Min.X = dc.Max.X - legendGap - w
		if pl.left {
			r.Min.X = dc.Min.X + legendGap
		}
		r.Min.Y = dc.Min.Y + legendGap
		if pl.top {
			r.Min.Y = dc.Max.Y - legendGap - h
		}
	case pl.below:
		r.Min.X = (plotC.Min.X+plotC.Max.X)/2 - w/2
		r.Min.Y = plotC.Min.Y - legendGap - h
	default:
		r.Min.X = plotC.Max.X + legendGap
		r.Min.Y = dc.Max.Y - h
	}
	r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
	return r
}

// draw draws the entries in r, in cols columns, row by row.
func (lg legend) draw(c draw.Canvas, r vg.Rectangle, cols int) {
	ew, eh := lg.entry()
	cols = max(1, min(cols, len(lg.texts)))
	sty := lg.sty
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for i, t := range lg.texts {
		row, col := i/cols, i%cols
		x := r.Min.X + legendMargin + vg.Length(col)*(ew+vg.Points(14))
		y := r.Max.Y - legendMargin - vg.Length(row+1)*eh
		icon := &draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y + vg.Points(1.5)}, Max: vg.Point{X: x + lg.thumbW, Y: y + eh - vg.Points(1.5)}}}
		for _, th := range lg.thumbs[i] {
			th.Thumbnail(icon)
		}
		c.FillText(sty, vg.Point{X: x + lg.thumbW + sty.Width(" "), Y: y + eh/2}, t)
	}
}

// Grid is a figure made of panels in rows (small multiples), their data areas aligned.
type Grid struct {
	Title         string
	Cols          int
	Panels        []*Plot // row by row; a nil panel leaves its cell empty
	Width, Height vg.Length

	legendBelow int // if positive, the legend goes below the panels in this many columns
}

// NewGrid lays panels out in cols columns at the theme's width, each panel 0.72 times as
// high as it is wide, lower if the figure would be higher than Theme.MaxHeight. The panels'
// legends are drawn as one, beside the grid (on the right, or below if it is wide): an entry
// whose text several panels share is shown once. With two columns or more, the panels' x
// ticks are thinned.
func NewGrid(title string, cols int, panels ...*Plot) *Grid {
	cols = max(1, min(cols, len(panels)))
	for _, p := range panels {
		if p == nil {
			continue
		}
		p.LegendRight = false
		if _, ok := p.X.Tick.Marker.(niceTicks); ok && cols > 1 {
			p.X.Tick.Marker = niceTicks{n: 3}
		}
	}
	rows := (len(panels) + cols - 1) / cols
	w := Theme.Width
	h := w / vg.Length(cols) * 0.72 * vg.Length(rows)
	if title != "" {
		h += vg.Length(Theme.TitleSize) * 1.6
	}
	g := &Grid{Title: title, Cols: cols, Panels: panels, Width: w}
	// A legend that would take more than a fifth of the width goes below the panels, and
	// the figure grows by its height.
	if lg := g.legend(); len(lg.texts) > 0 {
		c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
		lw, _ := lg.size(1)
		if pl := lg.beside(c); pl.below || lw > w/5 {
			if !pl.below {
				pl = legendPlace{below: true, cols: lg.fit(w)}
			}
			_, lh := lg.size(pl.cols)
			h += lh + legendGap
			g.legendBelow = pl.cols
		}
	}
	g.Height = min(h, Theme.MaxHeight)
	return g
}

// legend is the panels' legend entries, an entry whose text several panels share once.
func (g *Grid) legend() legend {
	var lg legend
	seen := map[string]bool{}
	for _, p := range g.Panels {
		if p == nil {
			continue
		}
		if lg.thumbW == 0 {
			lg = p.legend()
			lg.texts, lg.thumbs = nil, nil
		}
		for i, t := range p.entries {
			if !seen[t] {
				seen[t] = true
				lg.texts = append(lg.texts, t)
				lg.thumbs = append(lg.thumbs, p.thumbs[i])
			}
		}
	}
	return lg
}

// Size returns Width and Height, the height no more than Theme.MaxHeight (one screen).
func (g *Grid) Size() (w, h vg.Length) { return g.Width, min(g.Height, Theme.MaxHeight) }

// Err returns an error for a grid without panels, else the first panel's error, if any.
func (g *Grid) Err() error {
	if g.Cols < 1 || len(g.Panels) == 0 {
		return fmt.Errorf("plots: grid needs panels and at least one column")
	}
	for _, p := range g.Panels {
		if p != nil && p.err != nil {
			return p.err
		}
	}
	return nil
}

func (g *Grid) animated() []*polyline {
	var a []*polyline
	for _, p := range g.Panels {
		if p != nil {
			a = append(a, p.animated()...)
		}
	}
	return a
}

// Draw draws the title, the panels and their legend.
func (g *Grid) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if g.Title != "" {
		sty := newGonumPlot("", "", "").Title.TextStyle
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, g.Title)
		c.Max.Y -= vg.Length(Theme.TitleSize) * 1.6
	}
	lg := g.legend()
	var place legendPlace
	if len(lg.texts) > 0 {
		place = lg.beside(c)
		if g.legendBelow > 0 {
			place = legendPlace{below: true, cols: g.legendBelow}
		}
		c = place.shrink(lg, c)
	}
	rows := (len(g.Panels) + g.Cols - 1) / g.Cols
	gp := make([][]*plot.Plot, rows)
	for r := range gp {
		gp[r] = make([]*plot.Plot, g.Cols)
		for col := range gp[r] {
			if i := r*g.Cols + col; i < len(g.Panels) && g.Panels[i] != nil {
				gp[r][col] = g.Panels[i].Plot
			}
		}
	}
	pad := vg.Points(10)
	tiles := draw.Tiles{Rows: rows, Cols: g.Cols, PadX: pad, PadY: pad, PadTop: 2, PadRight: pad}
	cs := plot.Align(gp, tiles, c)
	top := c
	for i, p := range g.Panels {
		if p != nil {
			hide := p.noLegend
			p.noLegend = true
			p.Draw(cs[i/g.Cols][i%g.Cols])
			p.noLegend = hide
			if i < g.Cols {
				top = p.dataCanvas(cs[i/g.Cols][i%g.Cols])
			}
		}
	}
	if len(lg.texts) > 0 {
		r := place.rect(lg, c, top)
		lg.draw(c, r, place.cols)
	}
}

// drawOn draws f on c, or returns f's build error; a panic while drawing is returned as an error.
func drawOn(f Figure, c vg.CanvasSizer) (err error) {
	if err := f.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing failed: %v", r)
		}
	}()
	f.Draw(draw.New(c))
	return nil
}

// SVG renders f as an SVG document, with path coordinates rounded to 0.1 pt.
func SVG(f Figure) ([]byte, error) {
	w, h := f.Size()
	c := vgsvg.New(w, h)
	if err := drawOn(f, c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return animate(tidy(buf.Bytes()), f.animated()), nil
}

// Show displays f in the running GoNB cell, as one output carrying the figure twice: as SVG
// (image/svg+xml), which the front end draws once the cell has run, and as a PNG at screen
// resolution (image/png), which it draws where it will not draw a saved SVG: JupyterLab and
// Notebook 7 refuse the SVG of a notebook that is not trusted (any notebook just opened from
// someone else), and show its PNG instead, so figures show before anything runs.
// Outside a notebook it draws nothing and returns only the figure's build error, if any. In a
// notebook an error is shown in the cell. Show returns once GoNB has the figure, so a cell that
// ends right after it loses nothing.
func Show(f Figure) error {
	if !gonbui.IsNotebook {
		return f.Err()
	}
	defer gonbui.Sync()
	svg, err := SVG(f)
	if err != nil {
		gonbui.DisplayHtml(errorHTML(err))
		return err
	}
	png, err := PNG(f, screenDPI)
	if err != nil {
		gonbui.DisplayHtml(errorHTML(err))
		return err
	}
	displayFigure(svg, png)
	return nil
}

// screenDPI renders a figure's PNG at one image pixel per CSS pixel.
const screenDPI = 96

// displayFigure sends one figure output with its SVG and PNG forms.
func displayFigure(svg, png []byte) {
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMEImageSVG: string(svg),
		protocol.MIMEImagePNG: png,
	}})
}

// Save writes f to path as SVG or, for a .png path, as a PNG image at 192 dpi.
func Save(f Figure, path string) error {
	var data []byte
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		svg, err := SVG(f)
		if err != nil {
			return err
		}
		data = svg
	case ".png":
		png, err := PNG(f, 192)
		if err != nil {
			return err
		}
		data = png
	default:
		return fmt.Errorf("plots: cannot save %q: want a .svg or .png file", path)
	}
	return os.WriteFile(path, data, 0o644)
}

// Play shows frame(0), …, frame(n-1) in place in a live notebook, one every delay, and
// leaves the last frame as the cell's output, shown as Show shows it. Outside a notebook it does nothing.
func Play(n int, delay time.Duration, frame func(k int) Figure) error {
	if !gonbui.IsNotebook || n < 1 {
		return nil
	}
	defer gonbui.Sync()
	id := gonbui.UniqueId()
	var last Figure
	for k := range n {
		start := time.Now()
		last = frame(k)
		svg, err := SVG(last)
		if err != nil {
			gonbui.UpdateHtml(id, "")
			gonbui.DisplayHtml(errorHTML(err))
			return err
		}
		gonbui.UpdateHtml(id, "<div>"+string(svg)+"</div>")
		time.Sleep(delay - time.Since(start))
	}
	gonbui.UpdateHtml(id, "")
	return Show(last)
}

// whiteAlpha is the fill of legend boxes.
var whiteAlpha = color.NRGBA{R: 255, G: 255, B: 255, A: 225}

func errorHTML(err error) string {
	return `<pre style="color:#B00020">` + html.EscapeString(err.Error()) + `</pre>`
}

// tidy shortens vgsvg's output: sub- and superscripts become tspans, numbers in path data
// get one decimal, text falls back to
// Arial (metrically equal to Liberation Sans), the figure shrinks to narrow cells, and
// embedded images say they are PNG, which vgsvg writes (it labels them JPEG), and fill
// their box, as in gonum's raster back end.
func tidy(svg []byte) []byte {
	svg = tspans(svg)
	svg = bytes.Replace(svg, []byte("data:image/jpg;"), []byte("data:image/png;"), -1)
	svg = bytes.Replace(svg, []byte("<image "), []byte(`<image preserveAspectRatio="none" `), -1)
	svg = bytes.Replace(svg, []byte("font-family:Liberation Sans;"),
		[]byte("font-family:Liberation Sans,Arial,Helvetica,sans-serif;"), -1)
	svg = bytes.Replace(svg, []byte("<svg "), []byte(`<svg style="max-width:100%;height:auto" `), 1)
	var out bytes.Buffer
	out.Grow(len(svg))
	for {
		i := bytes.Index(svg, []byte(` d="`))
		if i < 0 {
			break
		}
		i += 4
		j := bytes.IndexByte(svg[i:], '"')
		out.Write(svg[:i])
		roundNumbers(&out, svg[i:i+j])
		svg = svg[i+j:]
	}
	out.Write(svg)
	return out.Bytes()
}

// roundNumbers writes d with every decimal number rounded to one decimal.
func roundNumbers(out *bytes.Buffer, d []byte) {
	for len(d) > 0 {
		k := 0
		for k < len(d) && (d[k] == '-' || d[k] == '.' || d[k] >= '0' && d[k] <= '9' || d[k] == 'e') {
			k++
		}
		if k == 0 {
			out.WriteByte(d[0])
			d = d[1:]
			continue
		}
		num := d[:k]
		if bytes.IndexByte(num, '.') >= 0 || bytes.IndexByte(num, 'e') >= 0 {
			if v, err := strconv.ParseFloat(string(num), 64); err == nil {
				num = fmtNum(v)
			}
		}
		out.Write(num)
		d = d[k:]
	}
}

// fmtNum formats v with at most one decimal.
func fmtNum(v float64) []byte {
	v = math.Round(v*10)/10 + 0 // + 0 turns -0 into 0
	return strconv.AppendFloat(nil, v, 'f', -1, 64)
}

// Gonum wraps a plain gonum plot, drawn as gonum draws it at w × h, as a Figure, so that
// Show, SVG, PNG and Save take any plot built with gonum/plot directly.
func Gonum(p *plot.Plot, w, h vg.Length) Figure { return gonumFigure{p, w, h} }

type gonumFigure struct {
	p    *plot.Plot
	w, h vg.Length
}

func (g gonumFigure) Size() (w, h vg.Length) { return g.w, g.h }
func (g gonumFigure) Draw(c draw.Canvas)     { g.p.Draw(c) }
func (g gonumFigure) Err() error             { return nil }
func (g gonumFigure) animated() []*polyline  { return nil }
