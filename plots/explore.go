package plots

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image/color"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/descent-course/descent/gdlib"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// An Explorer is a figure with sliders that works without the kernel: every frame, one for
// each combination of slider values, is computed in Go when the cell runs, and the page only
// switches between them. It is the course's version of the interactive figures of Distill's
// "Why Momentum Really Works".
//
// An explorer has two layers. The background (axes, contours, legends, anything that does
// not depend on the sliders) is the Figure, drawn once. Each frame adds, on a transparent
// layer of the same size, what the function Frame puts into the figure's Layers: paths,
// curves, markers, text. A cell reads:
//
//	bg := plots.Trajectories(s, plots.TrajectoryOptions{Title: "Gradient descent"})
//	path := plots.NewLayer()
//	bg.Add(path)
//	e := plots.NewExplorer("GD on a valley", bg, func(f *plots.Frame) error {
//		opt, err := gdlib.NewSGD(2, gdlib.SGDConfig{LR: f.Values[0]})
//		if err != nil {
//			return err
//		}
//		tr, err := gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: 40})
//		f.Add(path, plots.TracePath(tr, 0))
//		return err
//	}, plots.Param{Name: "η", Values: []float64{0.1, 0.5, 1, 1.5, 1.9}, Default: 2})
//	plots.ShowExplorer(e)
//
// The output is one text/html block: an <img> of the default frame, a line saying that the
// sliders need the cell rerun (or the notebook trusted), and a <script> holding the frames.
// Where scripts do not run (GitHub, nbviewer, an untrusted notebook, whose outputs Jupyter
// sanitises) the image stays as a static figure. Where they run, the script builds the
// sliders and hides the line. The HTML holds no inline <svg>: images are data: URIs, which
// sanitisers keep, and the frames live inside the script, which they drop whole.
type Explorer struct {
	// Title names the explorer in the image's alternative text.
	Title string
	// Figure is the background, drawn once. The Layers that frames draw in must be added
	// to its plots. Frames are drawn with its axes as they are then, and do not widen them:
	// give the axes ranges that hold every frame. The package's plotters (TracePath,
	// TextBox) clip to the data area; gonum's plotter.Line, for one, does not.
	Figure Figure
	// Params are the sliders, in order; frame k of the product of their values is
	// numbered in row-major order (the last slider varies fastest).
	Params []Param
	// Frame draws one frame: it reads f.Values (or f.Index) and adds plotters to layers
	// with f.Add. An error stops the rendering and is returned by HTML.
	Frame func(f *Frame) error
	// MaxBytes is the largest HTML allowed; default ExplorerBudget, negative for no limit.
	MaxBytes int
	// Delay is the time between frames when a slider plays (default 700 ms).
	Delay time.Duration

	err error
}

// ExplorerBudget is the default size limit of an explorer's HTML: 500 KB, so that the course's
// notebooks, with their outputs, stay small enough to clone and to open quickly.
const ExplorerBudget = 500 << 10

// ExplorerNote is the line under an explorer's static image, hidden when the script runs.
const ExplorerNote = "Interactive explorer: rerun this cell (or trust the notebook) to use the sliders."

// Param is one slider of an Explorer.
type Param struct {
	// Name labels the slider, such as "η" or "momentum μ".
	Name string
	// Values are the slider's stops, in order. They need not be evenly spaced.
	Values []float64
	// Default is the index into Values shown first, and in the static image.
	Default int
	// Format prints a value beside the slider (default "%.3g"); Labels, if set, replace
	// the printed values (one per value), for a slider over choices.
	Format string
	Labels []string
	// Play adds a play button that walks through the values, and a step button.
	Play bool
}

// Frame is what one frame of an Explorer draws.
type Frame struct {
	// Index holds the slider positions, Values the values at them.
	Index  []int
	Values []float64
	items  []frameItem
}

type frameItem struct {
	layer *Layer
	p     plot.Plotter
}

// Add draws the plotters in the layer l, over the background, in this frame.
func (f *Frame) Add(l *Layer, ps ...plot.Plotter) {
	for _, p := range ps {
		f.items = append(f.items, frameItem{l, p})
	}
}

// Layer is a place in a plot where an Explorer's frames draw: add it to the plot with
// p.Add(layer). When the background is drawn it records the plot's data area and axes; the
// frames' plotters are then drawn with them, without redrawing the background.
type Layer struct {
	place layerPlace // where it was drawn last
}

// layerPlace is where a layer was drawn: a data area and the plot whose axes map data to it.
type layerPlace struct {
	rect vg.Rectangle
	plt  *plot.Plot
}

// NewLayer returns a layer to add to a plot of an Explorer's background.
func NewLayer() *Layer { return &Layer{} }

// Plot implements plot.Plotter: it draws nothing and records where it is, and, on an
// explorer's background, that it was drawn there.
func (l *Layer) Plot(c draw.Canvas, plt *plot.Plot) {
	if rc, ok := underlying(c.Canvas).(*recordingCanvas); ok {
		if g, seen := rc.layers[l]; seen && (g.plt != plt || g.rect != c.Rectangle) {
			rc.twice = true
		}
		rc.layers[l] = layerPlace{rect: c.Rectangle, plt: plt}
	}
	l.place = layerPlace{rect: c.Rectangle, plt: plt}
}

// underlying unwraps the draw.Canvas values that gonum nests around a canvas (plot.Draw
// pads the data area with draw.Canvas{Canvas: vg.Canvas(c)}).
func underlying(c vg.Canvas) vg.Canvas {
	for {
		switch d := c.(type) {
		case draw.Canvas:
			c = d.Canvas
		case *draw.Canvas:
			c = d.Canvas
		default:
			return c
		}
	}
}

// recordingCanvas is the canvas of an explorer's background: it notes the layers drawn on it.
type recordingCanvas struct {
	*vgsvg.Canvas
	layers map[*Layer]layerPlace
	twice  bool // a layer was drawn in two places
}

// NewExplorer returns an explorer of the background figure with the given sliders.
func NewExplorer(title string, background Figure, frame func(f *Frame) error, params ...Param) *Explorer {
	return &Explorer{Title: title, Figure: background, Params: params, Frame: frame}
}

// Err returns the error met while building the explorer, if any. HTML returns it too, as
// well as the errors met while rendering.
func (e *Explorer) Err() error { return e.err }

// frames returns the number of frames, or an error for unusable sliders.
func (e *Explorer) frames() (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.Figure == nil || e.Frame == nil {
		return 0, fmt.Errorf("plots: explorer %q needs a Figure and a Frame function", e.Title)
	}
	if len(e.Params) == 0 {
		return 0, fmt.Errorf("plots: explorer %q needs at least one Param", e.Title)
	}
	n := 1
	for _, p := range e.Params {
		if p.Name == "" {
			return 0, fmt.Errorf("plots: explorer %q: a Param has no Name", e.Title)
		}
		if len(p.Values) == 0 {
			return 0, fmt.Errorf("plots: explorer %q: Param %q has no Values", e.Title, p.Name)
		}
		if p.Default < 0 || p.Default >= len(p.Values) {
			return 0, fmt.Errorf("plots: explorer %q: Param %q has Default %d, want 0 … %d", e.Title, p.Name, p.Default, len(p.Values)-1)
		}
		if p.Labels != nil && len(p.Labels) != len(p.Values) {
			return 0, fmt.Errorf("plots: explorer %q: Param %q has %d Labels for %d Values", e.Title, p.Name, len(p.Labels), len(p.Values))
		}
		n *= len(p.Values)
		if n > maxFrames {
			return 0, fmt.Errorf("plots: explorer %q has more than %d frames: give the sliders fewer values", e.Title, maxFrames)
		}
	}
	return n, nil
}

// maxFrames bounds the frames of one explorer: far more would not fit ExplorerBudget anyway.
const maxFrames = 4096

// index returns the slider positions of frame k.
func (e *Explorer) index(k int) []int {
	idx := make([]int, len(e.Params))
	for i := len(e.Params) - 1; i >= 0; i-- {
		n := len(e.Params[i].Values)
		idx[i] = k % n
		k /= n
	}
	return idx
}

// HTML renders the explorer: the background once, then every frame; see Explorer for what
// the HTML holds. It fails on a build or rendering error, on a frame that draws in a layer
// missing from the background, and when the HTML would exceed MaxBytes.
func (e *Explorer) HTML() (string, error) {
	n, err := e.frames()
	if err != nil {
		return "", err
	}
	bg, rc, err := renderBackground(e.Figure)
	if err != nil {
		return "", err
	}
	if rc.twice {
		return "", fmt.Errorf("plots: explorer %q: a layer was added to two places of the background", e.Title)
	}
	w, h := e.Figure.Size()
	def := 0
	for _, p := range e.Params {
		def = def*len(p.Values) + p.Default
	}
	var frames []string
	seen := map[string]int{}
	index := make([]int, n)
	var defInner string
	for k := range n {
		inner, err := e.renderFrame(k, w, h, rc.layers)
		if err != nil {
			return "", err
		}
		j, ok := seen[inner]
		if !ok {
			j = len(frames)
			seen[inner] = j
			frames = append(frames, inner)
		}
		index[k] = j
		if k == def {
			defInner = inner
		}
	}
	end := bytes.LastIndex(bg, []byte("</svg>"))
	if end < 0 {
		return "", fmt.Errorf("plots: explorer %q: background is not an SVG document", e.Title)
	}
	composite := string(bg[:end]) + overlayMark + defInner + "</g></svg>\n"

	type param struct {
		Name   string   `json:"name"`
		Labels []string `json:"labels"`
		Value  int      `json:"value"`
		Play   bool     `json:"play"`
	}
	data := struct {
		ID     string   `json:"id"`
		Params []param  `json:"params"`
		Frames []string `json:"frames"`
		Index  []int    `json:"index"`
		Delay  int      `json:"delay"`
	}{ID: explorerID(), Frames: frames, Index: index, Delay: 700}
	if e.Delay > 0 {
		data.Delay = int(e.Delay.Milliseconds())
	}
	var alt []string
	for _, p := range e.Params {
		labels := p.Labels
		if labels == nil {
			format := p.Format
			if format == "" {
				format = "%.3g"
			}
			labels = make([]string, len(p.Values))
			for i, v := range p.Values {
				labels[i] = fmt.Sprintf(format, v)
			}
		}
		data.Params = append(data.Params, param{Name: p.Name, Labels: labels, Value: p.Default, Play: p.Play})
		alt = append(alt, p.Name+" = "+labels[p.Default])
	}
	js, err := json.Marshal(data) // escapes <, > and &: nothing in it can end the script
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="descent-explorer" id="%s" data-explorer="%s">`, data.ID, data.ID)
	fmt.Fprintf(&b, `<img class="dx-static" src="data:image/svg+xml;base64,%s" alt="%s" style="max-width:100%%;height:auto">`,
		base64.StdEncoding.EncodeToString([]byte(composite)), html.EscapeString(e.Title+" at "+strings.Join(alt, ", ")))
	fmt.Fprintf(&b, `<div class="dx-note" style="font-size:90%%;opacity:0.75">%s</div>`, ExplorerNote)
	b.WriteString("<script>(function(){\"use strict\";var D=")
	b.Write(js)
	b.WriteString(";")
	b.WriteString(explorerJS)
	b.WriteString("})();</script></div>")
	limit := e.MaxBytes
	if limit == 0 {
		limit = ExplorerBudget
	}
	if limit > 0 && b.Len() > limit {
		return "", fmt.Errorf("plots: explorer %q is %d KB, over its budget of %d KB: give the sliders fewer values or the frames fewer points",
			e.Title, b.Len()>>10, limit>>10)
	}
	return b.String(), nil
}

// overlayMark opens the group that holds the default frame in the static image; the script
// cuts the image there to get the background alone.
const overlayMark = `<g class="dx-overlay">`

// renderFrame draws frame k and returns the SVG elements it drew (the document's inside).
func (e *Explorer) renderFrame(k int, w, h vg.Length, layers map[*Layer]layerPlace) (inner string, err error) {
	f := &Frame{Index: e.index(k)}
	for i, p := range e.Params {
		f.Values = append(f.Values, p.Values[f.Index[i]])
	}
	where := func() string {
		var s []string
		for i, p := range e.Params {
			s = append(s, fmt.Sprintf("%s = %g", p.Name, f.Values[i]))
		}
		return strings.Join(s, ", ")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: explorer %q: frame at %s: %v", e.Title, where(), r)
		}
	}()
	if err := e.Frame(f); err != nil {
		return "", fmt.Errorf("plots: explorer %q: frame at %s: %w", e.Title, where(), err)
	}
	c := vgsvg.New(w, h)
	for _, it := range f.items {
		l, ok := layers[it.layer]
		if !ok {
			return "", fmt.Errorf("plots: explorer %q: frame at %s draws in a layer that is not in the background figure (add it with p.Add(layer))", e.Title, where())
		}
		it.p.Plot(draw.Canvas{Canvas: c, Rectangle: l.rect}, l.plt)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	svg := tidy(buf.Bytes())
	open := bytes.Index(svg, []byte("<svg"))
	start := open + bytes.IndexByte(svg[open:], '>') + 1
	end := bytes.LastIndex(svg, []byte("</svg>"))
	if open < 0 || start <= open || end < start {
		return "", fmt.Errorf("plots: explorer %q: frame is not an SVG document", e.Title)
	}
	return string(compactPaths(svg[start:end])), nil
}

// renderBackground draws f as tidy SVG (without SVG's animations: an explorer's frames
// are not animated) and returns the layers drawn on it.
func renderBackground(f Figure) ([]byte, *recordingCanvas, error) {
	w, h := f.Size()
	c := &recordingCanvas{Canvas: vgsvg.New(w, h), layers: map[*Layer]layerPlace{}}
	if err := drawOn(f, c); err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, nil, err
	}
	return tidy(buf.Bytes()), c, nil
}

var explorerCount atomic.Uint64

// explorerID is unique in a page: a count, for the blocks of one process, and a random part,
// for blocks of several runs shown together.
func explorerID() string {
	return fmt.Sprintf("dx%d-%08x", explorerCount.Add(1), rand.Uint32())
}

// ShowExplorer displays e in the running GoNB cell as one text/html output. Outside a
// notebook it renders nothing and returns only e's build error, if any. In a notebook an
// error is shown in the cell and returned.
func ShowExplorer(e *Explorer) error {
	if !gonbui.IsNotebook {
		return e.Err()
	}
	defer gonbui.Sync()
	h, err := e.HTML()
	if err != nil {
		gonbui.DisplayHtml(errorHTML(err))
		return err
	}
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextHTML: h}})
	return nil
}

// TracePath draws the trace tr as Trajectories draws run i: a line through the iterates
// with dots where they are well apart, an open circle at x₀, and a disc where the run ends
// (a triangle if it diverged). For an Explorer frame over a Trajectories background.
func TracePath(tr gdlib.Trace, i int) plot.Plotter {
	xy := finitePrefix(xyOf(tr.X))
	_, diverged := traceLabel(tr, i, xyOf(tr.X))
	col := Color(i)
	return plotters{
		&polyline{xy: xy, style: line(col, Theme.Line), dots: Theme.Marker * 0.6, mark: endMark(col, diverged)},
		&marks{xy: xy[:min(1, len(xy))], glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker + 1.5, Shape: ring}},
	}
}

// plotters draws several plotters in order.
type plotters []plot.Plotter

// Plot implements plot.Plotter.
func (ps plotters) Plot(c draw.Canvas, plt *plot.Plot) {
	for _, p := range ps {
		p.Plot(c, plt)
	}
}

// TextBox is a plotter that writes Text (one or more lines) on a light box in the data
// area, at (X, Y) given as fractions of the data area: (0, 0) is the bottom left corner,
// (1, 1) the top right one. The box's corner nearest to that point is put there, so
// TextBox{X: 1, Y: 1} sits in the top right corner. Colors are those of the lines, in
// order; lines without one are in Theme.Ink. A coloured line can name a curve, instead of
// a legend entry that the frames' curves would cover.
type TextBox struct {
	Text   string
	X, Y   float64
	Colors []color.Color
}

// Plot implements plot.Plotter.
func (t TextBox) Plot(c draw.Canvas, plt *plot.Plot) {
	if t.Text == "" {
		return
	}
	lines := strings.Split(t.Text, "\n")
	sty := text.Style{Font: face(Theme.TextSize), Handler: plt.TextHandler}
	var w vg.Length
	for _, l := range lines {
		w = max(w, sty.Width(l))
	}
	w *= 1.12 // room for a browser's wider fallback font, where Liberation Sans and Arial lack
	m := vg.Points(4)
	if room := c.Max.X - c.Min.X - vg.Points(12) - 2*m; w > room && w > 0 {
		// Smaller text (10 pt at the least) rather than a box wider than the data area.
		scale := max(10/float64(sty.Font.Size), float64(room/w))
		sty.Font.Size *= font.Length(scale)
		w *= vg.Length(scale)
	}
	lh := sty.FontExtents().Height
	bw, bh := w+2*m, lh*vg.Length(len(lines))+2*m
	inset := vg.Points(6)
	fx, fy := min(max(t.X, 0), 1), min(max(t.Y, 0), 1)
	x := c.Min.X + inset + vg.Length(fx)*(c.Max.X-c.Min.X-2*inset-bw)
	y := c.Min.Y + inset + vg.Length(fy)*(c.Max.Y-c.Min.Y-2*inset-bh)
	box := vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + bw, Y: y + bh}}
	c.SetColor(whiteAlpha)
	c.Fill(box.Path())
	desc := sty.FontExtents().Descent
	for i, l := range lines {
		sty.Color = Theme.Ink
		if i < len(t.Colors) && t.Colors[i] != nil {
			sty.Color = t.Colors[i]
		}
		c.FillText(sty, vg.Point{X: x + m, Y: y + bh - m - lh*vg.Length(i+1) + desc}, l)
	}
}

// compactPaths shortens the paths of an SVG fragment written by vgsvg (absolute M, L, A and
// Z commands, numbers with at most one decimal) without changing what it draws to the eye:
// path data becomes relative (iterates close together differ in their last digits only);
// polylines lose the points within 0.25 pt of the line through their neighbours
// (Douglas–Peucker); and a filled path made of circles of one radius, as the dots on the
// iterates, becomes a stroke of zero-length segments with round caps, the SVG idiom for dots.
// Data it does not understand is left as it is.
func compactPaths(svg []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(svg))
	open, mid := []byte(`<path d="`), []byte(`" style="`)
	for {
		i := bytes.Index(svg, open)
		if i < 0 {
			break
		}
		d0 := i + len(open)
		d1 := d0 + bytes.IndexByte(svg[d0:], '"')
		if d1 < d0 || !bytes.HasPrefix(svg[d1:], mid) {
			out.Write(svg[:d0])
			svg = svg[d0:]
			continue
		}
		s0 := d1 + len(mid)
		s1 := s0 + bytes.IndexByte(svg[s0:], '"')
		if s1 < s0 {
			break
		}
		out.Write(svg[:i])
		d, style := svg[d0:d1], string(svg[s0:s1])
		cmds, ok := parsePath(d)
		var dots *dots
		if ok && fillOnly.MatchString(style) {
			dots = dotsOf(cmds)
		}
		switch {
		case !ok:
			out.Write(svg[i : s1+1])
		case dots != nil:
			out.WriteString(`<path d="` + formatPath(dots.centers) + `" style="fill:none;stroke:` + style[len("fill:"):] +
				";stroke-width:" + tenths(2*dots.r) + `;stroke-linecap:round"`)
		default:
			if strings.HasPrefix(style, "fill:none;") {
				cmds = simplify(cmds, 2.5)
			}
			out.WriteString(`<path d="` + formatPath(cmds) + `" style="` + style + `"`)
		}
		svg = svg[s1+1:]
	}
	out.Write(svg)
	return out.Bytes()
}

var fillOnly = regexp.MustCompile(`^fill:#[0-9A-Fa-f]{6}$`)

// pathCmd is a path command with its absolute arguments in tenths of a point (A's flags too).
type pathCmd struct {
	c byte // 'M', 'L', 'A' or 'Z'
	v []int64
}

// parsePath reads the absolute path data d; ok is false for anything but M, L, A and Z
// with numbers of at most one decimal.
func parsePath(d []byte) (cmds []pathCmd, ok bool) {
	for len(d) > 0 {
		c := d[0]
		d = d[1:]
		n := 0
		switch c {
		case 'M', 'L':
			n = 2
		case 'A':
			n = 7
		case 'Z':
		default:
			return nil, false
		}
		if len(cmds) == 0 && c != 'M' {
			return nil, false
		}
		v := make([]int64, n)
		for i := range n {
			for len(d) > 0 && (d[0] == ' ' || d[0] == ',') {
				d = d[1:]
			}
			var x int64
			if x, d, ok = parseTenths(d); !ok {
				return nil, false
			}
			v[i] = x
		}
		for len(d) > 0 && d[0] == ' ' {
			d = d[1:]
		}
		cmds = append(cmds, pathCmd{c, v})
	}
	return cmds, len(cmds) > 0
}

// parseTenths reads a number with at most one decimal at the start of d, in tenths.
func parseTenths(d []byte) (v int64, rest []byte, ok bool) {
	neg := len(d) > 0 && d[0] == '-'
	if neg {
		d = d[1:]
	}
	digits := 0
	for len(d) > 0 && d[0] >= '0' && d[0] <= '9' && digits < 12 {
		v = v*10 + int64(d[0]-'0')
		d, digits = d[1:], digits+1
	}
	v *= 10
	if len(d) > 0 && d[0] == '.' {
		d = d[1:]
		if len(d) == 0 || d[0] < '0' || d[0] > '9' {
			return 0, nil, false
		}
		v += int64(d[0] - '0')
		d, digits = d[1:], digits+1
	}
	if digits == 0 || digits >= 12 || len(d) > 0 && (d[0] >= '0' && d[0] <= '9' || d[0] == '.' || d[0] == 'e') {
		return 0, nil, false
	}
	if neg {
		v = -v
	}
	return v, d, true
}

// dots are circles of one radius.
type dots struct {
	centers []pathCmd // M (first) and L commands through the centres, each a zero-length segment
	r       int64
}

// dotsOf recognises the circles that vgsvg writes for a filled vg.Path of circles:
// M(x+r, y) A(r, r 0 1 1 x−r, y) A(r, r 0 1 1 x+r, y) Z, repeated. It returns nil otherwise.
func dotsOf(cmds []pathCmd) *dots {
	if len(cmds)%4 != 0 || len(cmds) == 0 {
		return nil
	}
	r := cmds[1].v[0]
	var out []pathCmd
	for i := 0; i < len(cmds); i += 4 {
		m, a1, a2, z := cmds[i], cmds[i+1], cmds[i+2], cmds[i+3]
		if m.c != 'M' || a1.c != 'A' || a2.c != 'A' || z.c != 'Z' {
			return nil
		}
		x, y := m.v[0], m.v[1]
		for _, a := range []pathCmd{a1, a2} {
			if a.v[0] != r || a.v[1] != r || a.v[2] != 0 || a.v[3] != 10 || a.v[4] != 10 {
				return nil
			}
		}
		if a1.v[5] != x-2*r || a1.v[6] != y || a2.v[5] != x || a2.v[6] != y {
			return nil
		}
		out = append(out, pathCmd{'M', []int64{x - r, y}}, pathCmd{'L', []int64{x - r, y}})
	}
	return &dots{centers: out, r: r}
}

// simplify drops, from each run of L commands, the points within tol tenths of a point of
// the segment between the points kept around them (Douglas–Peucker).
func simplify(cmds []pathCmd, tol float64) []pathCmd {
	var out []pathCmd
	for i := 0; i < len(cmds); {
		j := i + 1
		if cmds[i].c == 'M' {
			for j < len(cmds) && cmds[j].c == 'L' {
				j++
			}
		}
		run := cmds[i:j]
		if len(run) <= 2 {
			out = append(out, run...)
		} else {
			keep := make([]bool, len(run))
			keep[0], keep[len(run)-1] = true, true
			dpMark(run, 0, len(run)-1, tol, keep)
			for k, c := range run {
				if keep[k] {
					out = append(out, c)
				}
			}
		}
		i = j
	}
	return out
}

func dpMark(run []pathCmd, a, b int, tol float64, keep []bool) {
	if b <= a+1 {
		return
	}
	ax, ay := float64(run[a].v[0]), float64(run[a].v[1])
	bx, by := float64(run[b].v[0]), float64(run[b].v[1])
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	worst, at := -1.0, -1
	for k := a + 1; k < b; k++ {
		px, py := float64(run[k].v[0])-ax, float64(run[k].v[1])-ay
		var d float64
		if t := (px*dx + py*dy) / l2; l2 == 0 || t <= 0 {
			d = math.Hypot(px, py)
		} else if t >= 1 {
			d = math.Hypot(px-dx, py-dy)
		} else {
			d = math.Abs(px*dy-py*dx) / math.Sqrt(l2)
		}
		if d > worst {
			worst, at = d, k
		}
	}
	if worst > tol {
		keep[at] = true
		dpMark(run, a, at, tol, keep)
		dpMark(run, at, b, tol, keep)
	}
}

// formatPath writes cmds as relative path data, leaving out repeated command letters and
// the separators that a sign or a decimal point makes needless.
func formatPath(cmds []pathCmd) string {
	var out bytes.Buffer
	var x, y, sx, sy int64
	prev := byte(0)
	num := func(v int64, sep bool) {
		if v >= 0 && sep {
			out.WriteByte(' ')
		}
		out.WriteString(tenths(v))
	}
	for i, c := range cmds {
		switch c.c {
		case 'M', 'L':
			letter := byte('l')
			if c.c == 'M' {
				letter = 'm'
			}
			if i == 0 {
				out.WriteByte('M')
				num(c.v[0], false)
				num(c.v[1], true)
				prev = 'L' // the implicit command after M
			} else {
				if letter != prev {
					out.WriteByte(letter)
				}
				num(c.v[0]-x, letter == prev)
				num(c.v[1]-y, true)
				prev = 'l' // the implicit command after m and l
			}
			x, y = c.v[0], c.v[1]
			if c.c == 'M' {
				sx, sy = x, y
			}
		case 'A':
			if prev != 'a' {
				out.WriteByte('a')
			}
			for k := range 5 {
				num(c.v[k], k > 0 || prev == 'a')
			}
			num(c.v[5]-x, true)
			num(c.v[6]-y, true)
			x, y, prev = c.v[5], c.v[6], 'a'
		case 'Z':
			out.WriteByte('z')
			x, y, prev = sx, sy, 'z'
		}
	}
	return out.String()
}

// tenths formats v/10 shortly: "12.5", ".5", "-.5", "3", "0".
func tenths(v int64) string {
	s := ""
	if v < 0 {
		s, v = "-", -v
	}
	ip, fp := v/10, v%10
	if ip != 0 || fp == 0 {
		s += strconv.FormatInt(ip, 10)
	}
	if fp != 0 {
		s += "." + string(rune('0'+fp))
	}
	return s
}

// explorerJS is the explorer's script, after `var D = {data};`. It finds its block (by
// document.currentScript or, where scripts are re-inserted elsewhere, the first block with
// its id not yet live), takes the background from the static image (the SVG up to the
// overlay group), and lays a second image over it that shows the frame at the sliders.
// Frames become data: URLs once and are preloaded, so that a switch is a cached image swap.
const explorerJS = `
var me = document.currentScript, root = null;
function fresh(r) { return r && r.getAttribute && r.getAttribute("data-explorer") === D.id && !r.hasAttribute("data-live"); }
if (me && fresh(me.parentNode)) root = me.parentNode;
if (!root) {
  var all = document.querySelectorAll('[data-explorer="' + D.id + '"]');
  for (var i = 0; i < all.length && !root; i++) if (fresh(all[i])) root = all[i];
}
if (!root) return;
var img = root.querySelector("img"), note = root.querySelector(".dx-note");
if (!img) return;
var svg;
try {
  var src = img.getAttribute("src"), bin = atob(src.slice(src.indexOf(",") + 1));
  var u8 = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
  svg = new TextDecoder("utf-8").decode(u8);
} catch (err) { return; }
var cut = svg.lastIndexOf('<g class="dx-overlay">'), open = svg.indexOf(">", svg.indexOf("<" + "svg")) + 1;
if (cut < 0 || open <= 0) return;
root.setAttribute("data-live", "1");
var head = svg.slice(0, open), urls = [], keep = [];
function url(s) { return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(s); }
function frameURL(f) { return urls[f] || (urls[f] = url(head + D.frames[f] + "</svg>")); }
var n = D.params.map(function (p) { return p.labels.length; });
var idx = D.params.map(function (p) { return p.value; });
var box = document.createElement("div");
box.style.cssText = "position:relative;display:inline-block;max-width:100%;line-height:0";
img.parentNode.insertBefore(box, img);
box.appendChild(img);
var ov = document.createElement("img");
ov.alt = "";
ov.className = "dx-frame";
ov.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;visibility:hidden";
box.appendChild(ov);
var bar = document.createElement("div");
bar.className = "dx-controls";
bar.style.cssText = "display:flex;flex-wrap:wrap;align-items:center;gap:6px 24px;margin:4px 0 6px;font:14px/1.5 sans-serif";
root.insertBefore(bar, box);
var ranges = [], outs = [];
function button(label, title) {
  var b = document.createElement("button");
  b.type = "button"; b.textContent = label; b.title = title;
  b.style.cssText = "font:13px sans-serif;padding:1px 8px;cursor:pointer";
  return b;
}
D.params.forEach(function (p, i) {
  var g = document.createElement("label");
  g.style.cssText = "display:inline-flex;align-items:center;gap:8px;white-space:nowrap";
  var name = document.createElement("span");
  name.textContent = p.name + " =";
  var out = document.createElement("span");
  out.className = "dx-value";
  out.style.cssText = "display:inline-block;min-width:3.2em;font-variant-numeric:tabular-nums";
  var r = document.createElement("input");
  r.type = "range"; r.min = "0"; r.max = String(n[i] - 1); r.step = "1"; r.value = String(idx[i]);
  r.setAttribute("aria-label", p.name);
  r.style.cssText = "width:" + Math.max(120, Math.min(240, 24 * n[i])) + "px;margin:0";
  r.addEventListener("input", function () { idx[i] = +r.value; show(); });
  g.appendChild(name); g.appendChild(out); g.appendChild(r);
  bar.appendChild(g);
  ranges.push(r); outs.push(out);
  if (!p.play) return;
  var timer = 0, play = button("\u25B6 play", "play " + p.name), step = button("step \u203A", "next " + p.name);
  function stop() { clearInterval(timer); timer = 0; play.textContent = "\u25B6 play"; }
  function next() { idx[i] = (idx[i] + 1) % n[i]; show(); }
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    play.textContent = "\u275A\u275A pause";
    next();
    timer = setInterval(function () { if (!root.isConnected) { stop(); return; } next(); }, D.delay);
  });
  step.addEventListener("click", function () { stop(); next(); });
  g.appendChild(play); g.appendChild(step);
});
var cur = -1;
function show() {
  var k = 0;
  for (var i = 0; i < n.length; i++) {
    k = k * n[i] + idx[i];
    ranges[i].value = String(idx[i]);
    outs[i].textContent = D.params[i].labels[idx[i]];
  }
  var f = D.index[k];
  if (f !== cur) { cur = f; ov.src = frameURL(f); }
  root.setAttribute("data-frame", String(k));
}
show();
var bg = new Image();
bg.onload = function () {
  img.src = bg.src;
  ov.style.visibility = "visible";
  if (note) note.style.display = "none";
};
bg.src = url(svg.slice(0, cut) + "</svg>");
var j = 0;
(function preload() {
  var t = Date.now();
  while (j < D.frames.length && Date.now() - t < 8) { var im = new Image(); im.src = frameURL(j++); keep.push(im); }
  if (j < D.frames.length && root.isConnected) setTimeout(preload, 0);
})();
`
