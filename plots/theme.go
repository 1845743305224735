package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Style is the look shared by every figure of the package.
type Style struct {
	// Width and Height are the default figure size. 525 pt is 700 CSS pixels,
	// the width of a notebook output cell; 330 pt is 440 pixels, well inside one screen of
	// a 1366×768 laptop or a 1024×768 projector.
	Width, Height vg.Length
	// MaxHeight bounds the height of any figure (grids of panels included): 510 pt is
	// 680 CSS pixels, one screen.
	MaxHeight vg.Length
	// Font is the typeface of all text; sizes are in points.
	Font                                     font.Font
	TitleSize, LabelSize, TickSize, TextSize font.Length
	// Line is the width of data lines (traces, curves); Thin of secondary lines
	// (contours, tangents, reference rates); Marker the radius of markers.
	Line, Thin, Marker vg.Length
	// Colors is the palette for runs, in order: Okabe–Ito, yellow last.
	Colors []color.Color
	// Ink is for axes and text, Faint for grid lines, Contour for level lines,
	// Diverged for heat-map cells of diverged runs.
	Ink, Faint, Contour, Diverged color.Color
	// Light is the sequential palette behind contour plots, low to high;
	// Strong is the one of hyperparameter heat maps, low (best) to high.
	Light, Strong []color.Color
}

// Theme is the style in force: figures read it when they are built.
var Theme = Style{
	Width:     vg.Points(525),
	Height:    vg.Points(330),
	MaxHeight: vg.Points(510),
	Font:      font.Font{Typeface: "Liberation", Variant: "Sans"},
	TitleSize: 18,
	LabelSize: 16,
	TickSize:  15,
	TextSize:  15,
	Line:      vg.Points(2.5),
	Thin:      vg.Points(1),
	Marker:    vg.Points(4),
	Colors: []color.Color{
		rgb(0x0072B2), // blue
		rgb(0xD55E00), // vermillion
		rgb(0x009E73), // bluish green
		rgb(0xCC79A7), // reddish purple
		rgb(0xE69F00), // orange
		rgb(0x56B4E9), // sky blue
		rgb(0x000000), // black
		rgb(0xF0E442), // yellow
	},
	Ink:      rgb(0x222222),
	Faint:    rgb(0xE3E3E3),
	Contour:  rgb(0x8A8A8A),
	Diverged: rgb(0x4D4D4D),
	Light:    []color.Color{rgb(0xD4E4F1), rgb(0xEEF3F3), rgb(0xFBF6EA)},
	Strong:   []color.Color{rgb(0x253494), rgb(0x2C7FB8), rgb(0x41B6C4), rgb(0xA1DAB4), rgb(0xFFFFCC)},
}

// Color is the colour of run i: Theme.Colors cycled.
func Color(i int) color.Color {
	return Theme.Colors[i%len(Theme.Colors)]
}

func rgb(hex uint32) color.Color {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xFF}
}

// face is the theme's font at size s.
func face(s font.Length) font.Font {
	f := Theme.Font
	f.Size = s
	return f
}

// newGonumPlot returns a gonum plot dressed in the theme.
func newGonumPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.TextHandler = richText{text.Plain{Fonts: font.DefaultCache}}
	p.BackgroundColor = nil // Plot.Draw paints the whole figure, legend included
	p.Title.Text = title
	p.Title.TextStyle.Handler = p.TextHandler
	p.Legend.TextStyle.Handler = p.TextHandler
	p.Title.TextStyle.Font = face(Theme.TitleSize)
	p.Title.TextStyle.Color = Theme.Ink
	p.Title.Padding = vg.Points(8)
	p.Legend.TextStyle.Font = face(Theme.TextSize)
	p.Legend.TextStyle.Color = Theme.Ink
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = vg.Points(24)
	p.Legend.Padding = vg.Points(2)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Handler = p.TextHandler
		a.Tick.Label.Handler = p.TextHandler
		a.Label.TextStyle.Font = face(Theme.LabelSize)
		a.Label.TextStyle.Color = Theme.Ink
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = face(Theme.TickSize)
		a.Tick.Label.Color = Theme.Ink
		a.LineStyle.Width = vg.Points(1)
		a.LineStyle.Color = Theme.Ink
		a.Tick.LineStyle.Width = vg.Points(1)
		a.Tick.LineStyle.Color = Theme.Ink
		a.Tick.Length = vg.Points(5)
		a.Padding = 0
		a.Tick.Marker = niceTicks{}
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	return p
}

// line is a solid line style of colour c and width w.
func line(c color.Color, w vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: w}
}

// niceTicks label about n (default 5) round values, 1, 2, 2.5 or 5 times a power of ten apart.
// A range too narrow for such values to differ in 10 significant digits (a flat curve, its
// values a few roundings apart) gets one tick, mid-way.
type niceTicks struct{ n int }

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	raw := (hi - lo) / float64(orDefault(t.n, 5))
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1e-9*max(math.Abs(lo), math.Abs(hi)) {
		// Also keeps k below 2^53, where k++ would no longer move it on.
		mid := lo + (hi-lo)/2
		return []plot.Tick{{Value: mid, Label: strconv.FormatFloat(mid, 'g', 10, 64)}}
	}
	var ts []plot.Tick
	for k := math.Ceil(lo / step); k*step <= hi+step*1e-9; k++ {
		v := k*step + 0 // + 0 turns -0 into 0
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 10, 64)})
	}
	return ts
}
