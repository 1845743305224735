package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// render returns f's SVG, failing the test unless it renders and is well-formed XML.
func render(t *testing.T, f Figure) string {
	t.Helper()
	svg, err := SVG(f)
	if err != nil {
		t.Fatalf("SVG: %v", err)
	}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
	return string(svg)
}

func TestGalleryIsValidSVG(t *testing.T) {
	for name, f := range gallery() {
		t.Run(name, func(t *testing.T) { render(t, f) })
	}
}

func TestTrajectoriesLegendAndTraces(t *testing.T) {
	q := quadratic(1, 10)
	traces := fiveTraces(q)
	p := Trajectories(q, TrajectoryOptions{Traces: traces})
	svg := render(t, p)
	want := []string{"GD η=0.05", "GD η=0.18", "momentum β=0.9", "GD η=0.1", "momentum β=0.5", "minimum"}
	if got := p.Entries(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("legend = %q, want %q", got, want)
	}
	for _, w := range want {
		if !strings.Contains(svg, ">"+w+"<") {
			t.Errorf("SVG lacks legend text %q", w)
		}
	}
	if n := len(p.lines); n != 5 {
		t.Errorf("%d trace lines, want 5", n)
	}
	// Three GD runs and two momentum runs, each a sweep of the step: shades of the methods'
	// colours; each trace narrower than the one before, so that paths on top of each other show.
	gdC, _ := MethodColor("GD")
	momC, _ := MethodColor("momentum")
	cols := []color.Color{shade(gdC, 0, 3), shade(gdC, 1, 3), shade(momC, 0, 2), shade(gdC, 2, 3), shade(momC, 1, 2)}
	for i, l := range p.lines {
		if key(l.style.Color) != key(cols[i]) {
			t.Errorf("trace %d drawn in %v, want %v", i, l.style.Color, cols[i])
		}
		if i > 0 && !(l.style.Width < p.lines[i-1].style.Width) {
			t.Errorf("trace %d is %v wide, not narrower than trace %d (%v)", i, l.style.Width, i-1, p.lines[i-1].style.Width)
		}
		if !strings.Contains(svg, "stroke:"+hexColor(cols[i])) {
			t.Errorf("no line drawn in the colour of trace %d", i)
		}
	}
}

// hexColor is c as vgsvg writes it.
func hexColor(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

func TestDivergedTraceIsMarked(t *testing.T) {
	s := saddle()
	fromFlag := gd(s, "big step", []float64{1.5, 0.5}, 2.5, 0, 100)
	if !fromFlag.Diverged {
		t.Fatal("test trace should diverge")
	}
	raw := gdlib.Trace{Label: "raw", X: [][]float64{{0.5, 0.5}, {0.6, 0.4}, {math.NaN(), 1}, {1, 1}}}
	p := Trajectories(s, TrajectoryOptions{Traces: []gdlib.Trace{fromFlag, raw}})
	render(t, p)
	e := p.Entries()
	if want := fmt.Sprintf("big step (diverged at step %d)", fromFlag.DivergedAt); e[0] != want {
		t.Errorf("legend entry %q, want %q", e[0], want)
	}
	if e[1] != "raw (diverged at step 2)" {
		t.Errorf("legend entry %q, want raw (diverged at step 2)", e[1])
	}
	for i, l := range p.lines {
		if !l.marked || l.mark.Shape != triangle {
			t.Errorf("trace %d: no divergence marker drawn", i)
		}
	}
}

func TestTraceLeavingWindowIsClipped(t *testing.T) {
	q := quadratic(1, 1)
	tr := gdlib.Trace{Label: "out", X: [][]float64{{0, 0}, {1, 1}, {10, 1}, {20, 30}, {1e300, -1e300}, {2, 1}}}
	p := Trajectories(q, TrajectoryOptions{Traces: []gdlib.Trace{tr}})
	p.LegendRight = false // so that the data area is DataCanvas of the whole figure
	render(t, p)
	l := p.lines[0]
	if len(l.strokes) != 2 {
		t.Fatalf("%d pieces, want 2 (out of the window and back in)", len(l.strokes))
	}
	c := p.DataCanvas(draw.New(vgsvg.New(p.Width, p.Height))).Rectangle
	for _, s := range l.strokes {
		for _, pt := range s {
			if !contains(c, pt.Point) {
				t.Errorf("point %v outside the data area %v", pt.Point, c)
			}
		}
	}
}

func TestConvergenceAxesAndNonFinite(t *testing.T) {
	q := quadratic(1, 10)
	traces := fiveTraces(q)
	bad := gdlib.Trace{Label: "bad", F: []float64{4, 2, 0, -1, math.Inf(1), 3}}
	p := Convergence(ConvergenceOptions{Traces: append(traces, bad), Y: Gap, Rates: []Rate{Geometric(10, 0.9)}})
	render(t, p)
	if _, ok := p.Y.Scale.(plot.LogScale); !ok {
		t.Errorf("y scale %T, want log", p.Y.Scale)
	}
	e := p.Entries()
	if len(e) != 7 || e[5] != "bad (diverged at step 4)" || e[6] != "10·0.9^k" {
		t.Errorf("legend = %q", e)
	}
	if p.Y.Min != 1e-16 {
		t.Errorf("y min %g, want the floor 1e-16 (values 0 and -1 clipped)", p.Y.Min)
	}
	// Above the floor the range is padded at both ends: a curve at 0.27 … 2.3 (one decade)
	// gets a factor 1.2 of room below and above, and is not drawn on the frame.
	pad := Convergence(ConvergenceOptions{Traces: []gdlib.Trace{{Label: "a", F: []float64{2.3, 0.5, 0.27}}}})
	render(t, pad)
	if math.Abs(pad.Y.Min-0.27/1.2) > 1e-12 || math.Abs(pad.Y.Max-2.3*1.2) > 1e-12 {
		t.Errorf("y range [%g, %g], want [0.27/1.2, 2.3·1.2]", pad.Y.Min, pad.Y.Max)
	}
	lin := Convergence(ConvergenceOptions{Traces: traces, Linear: true})
	if _, ok := lin.Y.Scale.(plot.LinearScale); !ok {
		t.Errorf("Linear: y scale %T", lin.Y.Scale)
	}
	if err := Convergence(ConvergenceOptions{Traces: traces, X: Epochs}).Err(); err == nil {
		t.Error("Traces against epochs: want an error")
	}
}

func TestHistoriesSmoothedAndEpochs(t *testing.T) {
	h := []gdlib.History{sgdHistory("a", 5000, 0.002, 0.5, 1), sgdHistory("b", 5000, 0.003, 0.3, 2)}
	h[1].StepLoss[4000] = math.NaN()
	p := Convergence(ConvergenceOptions{Histories: h, Smooth: 0.99})
	svg := render(t, p)
	if len(svg) > 100_000 {
		t.Errorf("smoothed SGD figure is %d bytes, want ≤ 100 KB", len(svg))
	}
	if e := p.Entries(); len(e) != 2 || e[1] != "b (diverged at step 4001)" {
		t.Errorf("legend = %q", e)
	}
	ep := Convergence(ConvergenceOptions{Histories: h, X: Epochs})
	if e := ep.Entries(); strings.Join(e, "|") != "a|b|train|held-out" {
		t.Errorf("epoch legend = %q", e)
	}
}

func TestHeatMapListsDiverged(t *testing.T) {
	o := HeatMapOptions{RowLabel: "lr", ColLabel: "batch", Rows: []string{"1", "0.1"}, Cols: []string{"8", "64"},
		Values: [][]float64{{math.NaN(), math.Inf(1)}, {0.1, 0.2}}, LogColor: true}
	p := HeatMap(o)
	svg := render(t, p)
	if want := "batch\n× diverged: (1, 8), (1, 64)"; p.X.Label.Text != want {
		t.Errorf("x label %q, want %q", p.X.Label.Text, want)
	}
	if !strings.Contains(svg, ">0.1<") || !strings.Contains(svg, "fill:"+hexColor(Theme.Diverged)) {
		t.Error("SVG lacks a value or a diverged cell")
	}
	o.Values = o.Values[:1]
	if HeatMap(o).Err() == nil {
		t.Error("missing row: want an error")
	}
}

// TestNonFiniteNeverBreaks feeds NaN and Inf everywhere a figure takes numbers.
func TestNonFiniteNeverBreaks(t *testing.T) {
	nan := math.NaN()
	s := quadratic(1, 1)
	s.F = func([]float64) float64 { return nan }
	s1 := cubic1D()
	s1.F = func(x []float64) float64 { return math.Log(x[0]) }
	all := gdlib.Trace{X: [][]float64{{nan, nan}, {math.Inf(1), 0}}, F: []float64{nan, nan}, GradNorm: []float64{nan}}
	figs := map[string]Figure{
		"surface":     Trajectories(s, TrajectoryOptions{Traces: []gdlib.Trace{all, {}}, Fill: true}),
		"function":    Function(s1, FunctionOptions{Traces: []gdlib.Trace{{X: [][]float64{{-1}, {nan}}}}, Derivative: true, Tangents: 2}),
		"convergence": Convergence(ConvergenceOptions{Traces: []gdlib.Trace{all, {}}, Smooth: 0.9}),
		"gradnorm":    Convergence(ConvergenceOptions{Traces: []gdlib.Trace{all}, Y: GradNorm, Linear: true}),
		"history":     Convergence(ConvergenceOptions{Histories: []gdlib.History{{StepLoss: []float64{nan, 1}}}}),
		"schedule":    Schedules(ScheduleOptions{Schedules: []NamedSchedule{{"nan", constLR(nan)}}, LogY: true}),
		"histogram":   Histograms(HistogramOptions{Series: []Series{{"x", []float64{nan, math.Inf(-1)}}}, LogY: true}),
		"heatmap":     HeatMap(HeatMapOptions{Rows: []string{"a"}, Cols: []string{"b"}, Values: [][]float64{{nan}}}),
		"empty":       Convergence(ConvergenceOptions{}),
	}
	for name, f := range figs {
		t.Run(name, func(t *testing.T) { render(t, f) })
	}
}

func TestBadInputIsAnError(t *testing.T) {
	s := quadratic(1, 1)
	s.Dim = 3
	p := Trajectories(s, TrajectoryOptions{})
	if _, err := SVG(p); err == nil || !strings.Contains(err.Error(), "2-D") {
		t.Errorf("SVG of a 3-D surface: err = %v", err)
	}
	if err := Show(p); err == nil {
		t.Error("Show outside a notebook: want the build error")
	}
	if err := Show(Trajectories(quadratic(1, 1), TrajectoryOptions{})); err != nil {
		t.Errorf("Show outside a notebook: %v", err)
	}
	if err := Save(p, filepath.Join(t.TempDir(), "x.svg")); err == nil {
		t.Error("Save of a broken figure: want an error")
	}
	if err := Save(Schedules(ScheduleOptions{}), filepath.Join(t.TempDir(), "x.pdf")); err == nil {
		t.Error("Save as .pdf: want an error")
	}
}

func TestSavePNGAndSVG(t *testing.T) {
	dir := t.TempDir()
	f := NewGrid("two", 2, Schedules(ScheduleOptions{Schedules: []NamedSchedule{{"c", constLR(0.1)}}}),
		Histograms(HistogramOptions{Series: []Series{{"x", []float64{1, 2, 2, 3}}}}))
	for _, name := range []string{"f.png", "f.svg"} {
		if err := Save(f, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	png, _ := os.ReadFile(filepath.Join(dir, "f.png"))
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("f.png is not a PNG")
	}
}

func TestAnimation(t *testing.T) {
	q := quadratic(1, 10)
	traces := fiveTraces(q)[:3]
	p := Trajectories(q, TrajectoryOptions{Traces: traces, Animate: 3 * time.Second})
	svg := render(t, p)
	if n := strings.Count(svg, "<animate "); n != 3 {
		t.Errorf("%d <animate> elements, want one per trace", n)
	}
	if n := strings.Count(svg, "<set "); n != 3 {
		t.Errorf("%d <set> elements, want one per end marker", n)
	}
	if strings.Contains(svg, "0.00013") || strings.Contains(svg, "0.99998") {
		t.Error("sentinels left in the SVG")
	}
	static := render(t, Trajectories(q, TrajectoryOptions{Traces: traces}))
	if strings.Contains(static, "<animate") {
		t.Error("static figure is animated")
	}
	frame := Trajectories(q, TrajectoryOptions{Traces: traces, UpTo: 3})
	render(t, frame)
	if n := len(frame.lines[0].xy); n != 3 {
		t.Errorf("UpTo 3 drew %d iterates", n)
	}
}

// TestContourSizeBudget: the default contour figure with five 200-step traces fits in 150 KB.
func TestContourSizeBudget(t *testing.T) {
	q := quadratic(1, 10)
	svg := render(t, Trajectories(q, TrajectoryOptions{Traces: fiveTraces(q)}))
	if len(svg) > 150_000 {
		t.Errorf("contour figure is %d bytes, want ≤ 150 KB", len(svg))
	}
	filled := render(t, Trajectories(q, TrajectoryOptions{Traces: fiveTraces(q), Fill: true}))
	if len(filled) > 150_000 {
		t.Errorf("filled contour figure is %d bytes, want ≤ 150 KB", len(filled))
	}
}

func BenchmarkContourFigure(b *testing.B) {
	q := quadratic(1, 10)
	traces := fiveTraces(q)
	var n int
	for b.Loop() {
		svg, err := SVG(Trajectories(q, TrajectoryOptions{Traces: traces}))
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

// TestEdgeCasesDrawRight: a flat curve gets an upright y range around it (as built, before
// gonum swaps an inverted one when drawing), a single contour level is drawn, and a negative
// tangent count draws none instead of panicking.
func TestEdgeCasesDrawRight(t *testing.T) {
	for _, v := range []float64{-4, 0, 3} {
		p := Convergence(ConvergenceOptions{Traces: []gdlib.Trace{{F: []float64{v, v, v}}}, Linear: true})
		if !(p.Y.Min < v && v < p.Y.Max && p.Y.Max-p.Y.Min >= 1) {
			t.Errorf("flat curve at %g: y range [%g, %g], want an upright range around it", v, p.Y.Min, p.Y.Max)
		}
		render(t, p)
	}
	q := quadratic(1, 10)
	one, none := render(t, Trajectories(q, TrajectoryOptions{Levels: 1})), render(t, Trajectories(q, TrajectoryOptions{}))
	if c := "stroke:" + hexColor(Theme.Contour); !strings.Contains(one, c) || !strings.Contains(none, c) {
		t.Error("Levels: 1 draws no contour line")
	}
	w := cubic1D()
	render(t, Function(w, FunctionOptions{Tangents: -1, Traces: []gdlib.Trace{{X: [][]float64{{1}, {0.5}}}}}))
}

// TestNarrowRangeDoesNotHang: values a rounding apart (a converged loss, say) once sent the
// tick loop spinning forever.
func TestNarrowRangeDoesNotHang(t *testing.T) {
	lo := -4941.720752367193
	hi := math.Nextafter(math.Nextafter(lo, 0), 0)
	for name, f := range map[string]Figure{
		"lines":       Lines(LinesOptions{Curves: []Curve{{X: []float64{1, 2, 3}, Y: []float64{lo, hi, lo}}}}),
		"convergence": Convergence(ConvergenceOptions{Traces: []gdlib.Trace{{F: []float64{0.3, 0.1 + 0.2}}}, Linear: true}),
	} {
		done := make(chan error, 1)
		go func() { _, err := SVG(f); done <- err }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no SVG after 10 s", name)
		}
	}
	for _, r := range [][2]float64{{lo, hi}, {1e20, 1e20 + 1e5}, {0.3, 0.1 + 0.2}} {
		if ts := (niceTicks{}).Ticks(r[0], r[1]); len(ts) > 10 {
			t.Errorf("ticks on [%v, %v]: %d", r[0], r[1], len(ts))
		}
	}
	if ts := (niceTicks{}).Ticks(1, 1+2e-8); len(ts) < 3 {
		t.Errorf("ticks on [1, 1+2e-8]: %v, want several", ts)
	}
}
