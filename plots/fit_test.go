package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Tests of issue 11's figure fixes: what a reader on a projector or a laptop needs.

// dataPoints transforms xy to the canvas of p's last drawing.
func dataPoints(p *Plot, xy [][2]float64) []vg.Point {
	dc := draw.Canvas{Rectangle: p.dataRect}
	trX, trY := p.Plot.Transforms(&dc)
	out := make([]vg.Point, len(xy))
	for i, q := range xy {
		out[i] = vg.Point{X: trX(q[0]), Y: trY(q[1])}
	}
	return out
}

func inside(r vg.Rectangle, pt vg.Point) bool {
	return pt.X >= r.Min.X && pt.X <= r.Max.X && pt.Y >= r.Min.Y && pt.Y <= r.Max.Y
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// dense samples the polyline xy at n points along each segment.
func dense(xy [][2]float64, n int) [][2]float64 {
	var out [][2]float64
	for i := 1; i < len(xy); i++ {
		for k := range n {
			u := float64(k) / float64(n)
			out = append(out, [2]float64{xy[i-1][0] + u*(xy[i][0]-xy[i-1][0]), xy[i-1][1] + u*(xy[i][1]-xy[i-1][1])})
		}
	}
	return append(out, xy[len(xy)-1])
}

func TestLegendAvoidsTheCornerTheDataFills(t *testing.T) {
	// The data fills the top right corner, where the legend is asked to go.
	x := []float64{0, 0.5, 0.8, 1}
	y := []float64{0, 0.3, 0.95, 1}
	pts := [][2]float64{{0.85, 0.9}, {0.95, 0.8}, {0.9, 1}, {1, 0.85}}
	px, py := []float64{}, []float64{}
	for _, q := range pts {
		px, py = append(px, q[0]), append(py, q[1])
	}
	p := Lines(LinesOptions{Title: "data in the top right corner", XLabel: "x", YLabel: "y", Curves: []Curve{
		{Label: "rising", X: x, Y: y},
		{Label: "measured", X: px, Y: py, NoLine: true},
	}})
	p.LegendRight, p.Legend.Top, p.Legend.Left = false, true, false
	render(t, p)
	if p.legendRect == (vg.Rectangle{}) {
		t.Fatal("no legend drawn")
	}
	if !overlaps(p.legendRect, p.dataRect) {
		t.Errorf("legend %v is off the data area %v: an empty corner was free", p.legendRect, p.dataRect)
	}
	grow := vg.Rectangle{Min: vg.Point{X: p.legendRect.Min.X - 2, Y: p.legendRect.Min.Y - 2},
		Max: vg.Point{X: p.legendRect.Max.X + 2, Y: p.legendRect.Max.Y + 2}}
	for _, pt := range dataPoints(p, append(dense(zip(x, y), 200), pts...)) {
		if inside(grow, pt) {
			t.Fatalf("legend %v covers data at %v", p.legendRect, pt)
		}
	}
	cx, cy := (p.dataRect.Min.X+p.dataRect.Max.X)/2, (p.dataRect.Min.Y+p.dataRect.Max.Y)/2
	if p.legendRect.Max.X > cx && p.legendRect.Min.Y > cy {
		t.Errorf("legend %v in the top right corner, which the data fills", p.legendRect)
	}
}

func TestLegendGoesBesideWhenEveryCornerHoldsData(t *testing.T) {
	var x, y []float64
	for i := range 400 {
		u := float64(i) / 399
		x, y = append(x, u), append(y, 0.5+0.5*math.Sin(40*u))
	}
	for _, right := range []bool{false, true} {
		p := Lines(LinesOptions{Title: "data everywhere", Curves: []Curve{{Label: "a wave over the whole area", X: x, Y: y}}})
		p.LegendRight = right
		render(t, p)
		if overlaps(p.legendRect, p.dataRect) {
			t.Errorf("LegendRight=%v: legend %v over the data area %v", right, p.legendRect, p.dataRect)
		}
	}
	// A trajectory figure is data everywhere (contours): its legend is beside the axes.
	q := quadratic(1, 10)
	tr := Trajectories(q, TrajectoryOptions{Traces: fiveTraces(q)})
	render(t, tr)
	if overlaps(tr.legendRect, tr.dataRect) {
		t.Errorf("trajectory legend %v over the contours %v", tr.legendRect, tr.dataRect)
	}
	// A wide legend goes below the axes.
	long := Lines(LinesOptions{Curves: []Curve{{Label: strings.Repeat("a long legend entry ", 3), X: x, Y: y}}})
	render(t, long)
	if !(long.legendRect.Max.Y <= long.dataRect.Min.Y) {
		t.Errorf("a wide legend %v is not below the data area %v", long.legendRect, long.dataRect)
	}
}

func TestMethodColoursAreTheSameInEveryFigure(t *testing.T) {
	adam, ok := MethodColor("Adam")
	if !ok {
		t.Fatal("Adam has no colour")
	}
	for _, c := range []struct {
		label, method string
	}{
		{"Adam, lr=0.01", "Adam"}, {"Adam (no bias correction)", "Adam"}, {"AdamW, lr=0.03", "AdamW"},
		{"NAdam", "NAdam"}, {"heavy ball μ=0.9", "momentum"}, {"Momentum, lr=0.1", "momentum"},
		{"SGD with momentum", "momentum"}, {"Nesterov μ=0.9", "Nesterov"}, {"NAG lr=1 μ=0.9", "Nesterov"},
		{"SGDNesterov α=3", "Nesterov"}, {"GD, B = N = 200", "GD"}, {"exact GD, y0 = 0", "GD"},
		{"SGD, B = 1", "SGD"}, {"gdlib.RMSProp", "RMSProp"}, {"AdaGrad, rare", "AdaGrad"},
		{"Newton, start 1", "Newton"}, {"Lion, lr=0.03", "Lion"}, {"AMSGrad", "AMSGrad"}, {"Adadelta", "Adadelta"},
	} {
		if m, ok := MethodOf(c.label); !ok || m.Name != c.method {
			t.Errorf("MethodOf(%q) = %q, %v; want %q", c.label, m.Name, ok, c.method)
		}
	}
	for _, l := range []string{"lr = 0.1", "constant", "B = 10", "gradual", "stepsize", "theory 0.818^2k"} {
		if m, ok := MethodOf(l); ok {
			t.Errorf("%q names no method, got %q", l, m.Name)
		}
	}
	seen := map[string]string{}
	for _, m := range Methods {
		if other, dup := seen[hexColor(m.Color)]; dup {
			t.Errorf("%s and %s share a colour", m.Name, other)
		}
		seen[hexColor(m.Color)] = m.Name
	}
	// Adam is the first curve of one figure and the fourth run of another: one colour.
	x := []float64{0, 1, 2, 3}
	lines := Lines(LinesOptions{Curves: []Curve{{Label: "Adam", X: x, Y: x}, {Label: "theory", X: x, Y: x, Dashed: true, Color: Color(0)}}})
	conv := Convergence(ConvergenceOptions{Histories: []gdlib.History{
		sgdHistory("SGD, lr=0.1", 50, 0.01, 0.2, 1), sgdHistory("Momentum, lr=0.1", 50, 0.01, 0.2, 2),
		sgdHistory("RMSProp, lr=0.003", 50, 0.01, 0.2, 3), sgdHistory("Adam, lr=0.01", 50, 0.01, 0.2, 4)}})
	for name, f := range map[string]*Plot{"Lines": lines, "Convergence": conv} {
		if svg := render(t, f); !strings.Contains(svg, "stroke:"+hexColor(adam)+";stroke-width:2.5") {
			t.Errorf("%s: Adam is not drawn in %s", name, hexColor(adam))
		}
	}
	// The theory line given Adam's palette slot follows Adam; a variant keeps the colour, dashed.
	cols, variant := methodStyles([]styleItem{
		{"Adam", Color(0)}, {"theory", Color(0)}, {"Adam (no bias correction)", Color(1)}, {"", Color(1)}, {"B = 10", Color(2)},
	})
	for i := range 4 {
		if key(cols[i]) != key(adam) {
			t.Errorf("item %d in %v, want Adam's %v", i, cols[i], adam)
		}
	}
	if variant[0] != 0 || variant[1] != 0 || variant[2] == 0 {
		t.Errorf("variants %v: want only the second Adam dashed", variant)
	}
	if key(cols[4]) != key(Color(2)) {
		t.Errorf("a label naming no method lost its palette colour: %v", cols[4])
	}
	// A palette colour equal to a method colour shown in the figure moves aside.
	gd, _ := MethodColor("GD")
	cols, _ = methodStyles([]styleItem{{"B = 10", Color(0)}, {"GD", Color(1)}})
	if key(cols[0]) == key(gd) {
		t.Errorf("a run naming no method shares GD's colour %v", gd)
	}
	// A sweep of one method: shades of its colour, all different.
	cols, variant = methodStyles([]styleItem{{"momentum μ = 0", Color(0)}, {"momentum μ = 0.5", Color(1)}, {"momentum μ = 0.9", Color(2)}})
	if key(cols[0]) == key(cols[1]) || key(cols[1]) == key(cols[2]) || variant[1] != 0 {
		t.Errorf("a sweep of momentum: %v, variants %v; want three shades, solid", cols, variant)
	}
}

func TestScheduleStaircase(t *testing.T) {
	const n = 30
	p := Schedules(ScheduleOptions{Steps: n, Schedules: []NamedSchedule{{"step ×0.5 every 10", stepLR{0.1, 0.5, 10}}}})
	render(t, p)
	var l *polyline
	for _, a := range p.added {
		if pl, ok := a.(*polyline); ok {
			l = pl
		}
	}
	if l == nil {
		t.Fatal("no schedule line")
	}
	// n+1 values LR(0) … LR(n): two corners each.
	if len(l.xy) != 2*(n+1) {
		t.Errorf("%d points, want %d", len(l.xy), 2*(n+1))
	}
	for i := 1; i < len(l.xy); i++ {
		a, b := l.xy[i-1], l.xy[i]
		if a[0] != b[0] && a[1] != b[1] {
			t.Fatalf("a sloped segment from %v to %v", a, b)
		}
	}
	if got := staircase([][2]float64{{0, 1}, {1, 0.5}, {2, 0.25}}); len(got) != 6 || got[1] != [2]float64{1, 1} || got[5] != [2]float64{3, 0.25} {
		t.Errorf("staircase = %v", got)
	}
	c := Lines(LinesOptions{Curves: []Curve{{X: []float64{0, 1, 2}, Y: []float64{1, 1, 0.5}, Steps: true}}})
	render(t, c)
	if l := c.added[1].(*polyline); len(l.xy) != 6 {
		t.Errorf("Curve.Steps: %d points, want 6", len(l.xy))
	}
}

func TestLogAxisLabelsDecades(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{1e-16, 10, "10⁻¹⁵ 10⁻¹² 10⁻⁹ 10⁻⁶ 10⁻³ 10⁰"},
		{1e-6, 1e-2, "10⁻⁶ 10⁻⁵ 10⁻⁴ 10⁻³ 10⁻²"},
		{0.01, 100, "0.01 0.1 1 10 100"},
	} {
		var labels []string
		for _, tk := range (logTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			e := math.Log10(tk.Value)
			if math.Abs(e-math.Round(e)) > 1e-12 {
				t.Errorf("[%g, %g]: label %q at %g, not a decade", c.lo, c.hi, tk.Label, tk.Value)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("[%g, %g]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	// The top of a log axis is padded: the highest value is below the frame.
	q := quadratic(1, 10)
	p := Convergence(ConvergenceOptions{Traces: fiveTraces(q)})
	top := 0.0
	for _, tr := range fiveTraces(q) {
		for _, v := range tr.F {
			top = max(top, v)
		}
	}
	if !(p.Y.Max >= 1.2*top) {
		t.Errorf("log axis top %g for data up to %g: want room above", p.Y.Max, top)
	}
	l := Lines(LinesOptions{LogY: true, Curves: []Curve{{X: []float64{0, 1}, Y: []float64{1e-6, 1}}}})
	if !(l.Y.Max >= 1.2) {
		t.Errorf("Lines log axis top %g for data up to 1: want room above", l.Y.Max)
	}
}

func TestFiguresFitOneScreen(t *testing.T) {
	for name, f := range gallery() {
		if _, h := f.Size(); h > Theme.MaxHeight {
			t.Errorf("%s is %v high, over %v", name, h, Theme.MaxHeight)
		}
	}
	q := quadratic(1, 10)
	var panels []*Plot
	for range 6 {
		panels = append(panels, Trajectories(q, TrajectoryOptions{Traces: fiveTraces(q)[:1]}))
	}
	if g := NewGrid("six panels in one column", 1, panels...); g.Height > Theme.MaxHeight {
		t.Errorf("a grid of six rows is %v high, over %v", g.Height, Theme.MaxHeight)
	}
	tall := Lines(LinesOptions{})
	tall.Height = vg.Points(900)
	if _, h := tall.Size(); h > Theme.MaxHeight {
		t.Errorf("a plot made %v high draws %v high, over %v", tall.Height, h, Theme.MaxHeight)
	}
	if Theme.MaxHeight > vg.Points(525) { // 700 CSS pixels
		t.Errorf("Theme.MaxHeight %v is more than one laptop screen", Theme.MaxHeight)
	}
}

func TestHeatMapColourBarAndRowBests(t *testing.T) {
	o := HeatMapOptions{Rows: []string{"a", "b"}, Cols: []string{"1", "2", "3"},
		Values: [][]float64{{3, 1, 2}, {0.5, math.NaN(), 4}}}
	p := HeatMap(o)
	svg := render(t, p)
	c := p.added[0].(*cells)
	if c.rowBest[0] != 1 || c.rowBest[1] != 0 || c.best != [2]int{1, 0} {
		t.Errorf("row bests %v, best %v; want [1 0], [1 0]", c.rowBest, c.best)
	}
	if p.colorBar == nil || p.colorBar.lo != 0.5 || p.colorBar.hi != 4 {
		t.Fatalf("colour bar %+v, want 0.5 to 4", p.colorBar)
	}
	if !strings.Contains(svg, "lowest in its row") || strings.Count(svg, "stroke:"+hexColor(Theme.Colors[1])) < 3 {
		t.Error("the row bests are not framed and explained")
	}
}

func TestCollapsedHistogramIsReadable(t *testing.T) {
	wide, collapsed := make([]float64, 1000), make([]float64, 1000)
	r := newRand(1)
	for i := range wide {
		wide[i], collapsed[i] = r.NormFloat64(), 1e-9*r.NormFloat64()
	}
	p := Histograms(HistogramOptions{Series: []Series{{"wide", wide}, {"collapsed", collapsed}}})
	render(t, p)
	var peaks []float64
	for _, a := range p.added {
		if pg, ok := a.(*plotter.Polygon); ok {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, q := range pg.XYs[0] {
				lo, hi = min(lo, q.Y), max(hi, q.Y)
			}
			peaks = append(peaks, hi-lo)
		}
	}
	// Each on its own baseline, scaled to its tallest bin: both as tall.
	if len(peaks) != 2 || math.Abs(peaks[0]-peaks[1]) > 1e-12 || peaks[0] < 0.8 {
		t.Errorf("heights %v: want two equal, of most of a band", peaks)
	}
	_ = plot.Tick{}
}
