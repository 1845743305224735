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

// Plot is one figure: a gonum plot, its size, and the legend entries added with AddLegend,
// which are drawn on a light box in the data area.
type Plot struct {
	*plot.Plot
	Width, Height vg.Length
	// LegendRight puts the legend beside the axes, on the right, instead of on them.
	LegendRight bool

	entries []string
	window  *[4]float64 // if set, the axes are widened so that x and y scale alike
	lines   []*polyline // the runs' lines, in drawing order
	err     error
}

// NewPlot returns an empty themed plot of the default size, its legend on the right.
func NewPlot(title, xlabel, ylabel string) *Plot {
	return &Plot{Plot: newGonumPlot(title, xlabel, ylabel), Width: Theme.Width, Height: Theme.Height, LegendRight: true}
}

// AddLegend adds a legend entry drawn with the given thumbnails.
func (p *Plot) AddLegend(text string, thumbs ...plot.Thumbnailer) {
	p.Plot.Legend.Add(text, thumbs...)
	p.entries = append(p.entries, text)
}

// Entries returns the texts of the legend entries, in order.
func (p *Plot) Entries() []string { return p.entries }

// Size returns Width and Height.
func (p *Plot) Size() (w, h vg.Length) { return p.Width, p.Height }

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

// Draw draws the plot, then its legend on a box in a corner of the data area (as set by
// Legend.Top and Legend.Left) or, with LegendRight, beside it.
func (p *Plot) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	orig := p.Plot.Legend
	leg := orig
	inset := vg.Points(8)
	leg.XOffs, leg.YOffs = -inset, -inset
	if leg.Left {
		leg.XOffs = inset
	}
	if !leg.Top {
		leg.YOffs = inset
	}
	plotC := c
	if p.LegendRight && len(p.entries) > 0 {
		leg.Left, leg.Top, leg.XOffs = true, true, inset
		w := legendBox(&leg, p.entries, c).Size().X
		plotC.Max.X -= w + inset
	}
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
	p.Plot.Legend = plot.NewLegend()
	p.Plot.Draw(plotC)
	p.Plot.Legend = orig
	if len(p.entries) == 0 {
		return
	}
	dc := p.DataCanvas(plotC)
	if p.LegendRight {
		dc.Min.X, dc.Max.X = plotC.Max.X, c.Max.X
	}
	r := legendBox(&leg, p.entries, dc)
	dc.SetColor(whiteAlpha)
	dc.Fill(r.Path())
	dc.SetLineStyle(line(Theme.Faint, vg.Points(1)))
	dc.Stroke(r.Path())
	leg.Draw(dc)
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

// legendBox is the rectangle, with a margin, that leg covers when drawn on c.
func legendBox(leg *plot.Legend, texts []string, c draw.Canvas) vg.Rectangle {
	sty := leg.TextStyle
	var w, h vg.Length
	for _, t := range texts {
		w = max(w, sty.Rectangle(" "+t).Max.X)
		h = max(h, sty.Rectangle(t).Max.Y)
	}
	w += leg.ThumbnailWidth
	total := h*vg.Length(len(texts)) + leg.Padding*vg.Length(len(texts)-1)
	var r vg.Rectangle
	if leg.Left {
		r.Min.X = c.Min.X + leg.XOffs
	} else {
		r.Min.X = c.Max.X + leg.XOffs - w
	}
	if leg.Top {
		r.Min.Y = c.Max.Y + leg.YOffs - total
	} else {
		r.Min.Y = c.Min.Y + leg.YOffs
	}
	r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + total}
	m := vg.Points(4)
	r.Min.X -= m
	r.Min.Y -= m
	r.Max.X += m
	r.Max.Y += m
	return r
}

// Grid is a figure made of panels in rows (small multiples), their data areas aligned.
type Grid struct {
	Title         string
	Cols          int
	Panels        []*Plot // row by row; a nil panel leaves its cell empty
	Width, Height vg.Length
}

// NewGrid lays panels out in cols columns at the theme's width, each panel 0.72 times as
// high as it is wide. It moves the panels' legends onto their axes (top right) and, with
// two columns or more, thins their x ticks.
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
	return &Grid{Title: title, Cols: cols, Panels: panels, Width: w, Height: h}
}

// Size returns Width and Height.
func (g *Grid) Size() (w, h vg.Length) { return g.Width, g.Height }

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

// Draw draws the title and the panels.
func (g *Grid) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if g.Title != "" {
		sty := newGonumPlot("", "", "").Title.TextStyle
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, g.Title)
		c.Max.Y -= vg.Length(Theme.TitleSize) * 1.6
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
	for i, p := range g.Panels {
		if p != nil {
			p.Draw(cs[i/g.Cols][i%g.Cols])
		}
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

// tidy shortens vgsvg's output: numbers in path data get one decimal, text falls back to
// Arial (metrically equal to Liberation Sans), the figure shrinks to narrow cells, and
// embedded images say they are PNG, which vgsvg writes (it labels them JPEG), and fill
// their box, as in gonum's raster back end.
func tidy(svg []byte) []byte {
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
