package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot"
)

// lineFigure is a measurement beside its theory on log-log axes, as the notebooks draw
// one: the error of a difference quotient against its step h.
func lineFigure() *Plot {
	var h, measured, theory, forward []float64
	for e := 1.0; e <= 12; e += 0.5 {
		s := math.Pow(10, -e)
		h = append(h, s)
		theory = append(theory, s*s/6+1e-16/s)
		measured = append(measured, (s*s/6+1e-16/s)*(1+0.3*math.Sin(7*e)))
		forward = append(forward, s/2+2e-16/s)
	}
	return Lines(LinesOptions{
		Title: "Difference quotients: error against step h", XLabel: "step h", YLabel: "relative error",
		LogX: true, LogY: true,
		Curves: []Curve{
			{Label: "central, measured", X: h, Y: measured, Points: true, NoLine: true},
			{Label: "central, theory h²/6 + ε/h", X: h, Y: theory, Dashed: true, Color: Color(0)},
			{Label: "forward", X: h, Y: forward, Points: true},
		},
		VLines: []VLine{{Label: "h = ε^(1/3)", X: math.Cbrt(2.2e-16)}},
	})
}

func TestLinesLegendColoursAndLogAxes(t *testing.T) {
	p := lineFigure()
	svg := render(t, p)
	want := []string{"central, measured", "central, theory h²/6 + ε/h", "forward", "h = ε^(1/3)"}
	if got := p.Entries(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("legend = %q, want %q", got, want)
	}
	for _, a := range []plot.Axis{p.X, p.Y} {
		if _, ok := a.Scale.(plot.LogScale); !ok {
			t.Errorf("axis %q is not on a log scale", a.Label.Text)
		}
		if _, ok := a.Tick.Marker.(logTicks); !ok {
			t.Errorf("axis %q lacks the decade ticks", a.Label.Text)
		}
	}
	if !(p.X.Min > 0 && p.X.Min < 1e-12 && p.X.Max > 0.1) {
		t.Errorf("x range [%g, %g] does not hold the data 1e-12 … 0.1 with a margin", p.X.Min, p.X.Max)
	}
	// The measured curve and the forward one take colours 0 and 1, the vertical line 2;
	// the theory line shares colour 0, dashed and thinner.
	for _, s := range []string{
		"fill:" + hexColor(Color(0)), "fill:" + hexColor(Color(1)),
		"stroke:" + hexColor(Color(1)) + ";stroke-width:2.5",
		"stroke:" + hexColor(Color(0)) + ";stroke-width:1.75",
		"stroke:" + hexColor(Color(2)) + ";stroke-width:1.5",
	} {
		if !strings.Contains(svg, s) {
			t.Errorf("SVG lacks %q", s)
		}
	}
	if strings.Contains(svg, "stroke:"+hexColor(Color(0))+";stroke-width:2.5") {
		t.Error("the markers-only curve has a line")
	}
	for _, text := range []string{"10⁻²", "10⁻⁸"} {
		if !hasText(svg, text) {
			t.Errorf("SVG lacks the decade label %q", text)
		}
	}
}

func TestLinesPointsAndLines(t *testing.T) {
	x, y := []float64{1, 2, 3}, []float64{3, 1, 2}
	col := hexColor(Color(0))
	for _, tc := range []struct {
		c            Curve
		line, points bool
	}{
		{Curve{X: x, Y: y}, true, false},
		{Curve{X: x, Y: y, Points: true}, true, true},
		{Curve{X: x, Y: y, Points: true, NoLine: true}, false, true},
		{Curve{X: x, Y: y, NoLine: true}, false, true},
	} {
		svg := render(t, Lines(LinesOptions{Curves: []Curve{tc.c}}))
		line, points := strings.Contains(svg, "stroke:"+col+";stroke-width:2.5"), strings.Contains(svg, "fill:"+col)
		if line != tc.line || points != tc.points {
			t.Errorf("Points %v NoLine %v: line %v, markers %v; want %v, %v",
				tc.c.Points, tc.c.NoLine, line, points, tc.line, tc.points)
		}
	}
	p := Lines(LinesOptions{Curves: []Curve{{X: x, Y: y}}})
	if len(p.Entries()) != 0 {
		t.Errorf("an unlabelled curve has legend entries %q", p.Entries())
	}
	if !(p.Y.Min < 1 && p.Y.Max > 3) {
		t.Errorf("linear y range [%g, %g] has no margin around 1 … 3", p.Y.Min, p.Y.Max)
	}
}

func TestLinesNonFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	p := Lines(LinesOptions{LogX: true, LogY: true, Floor: 1e-6, Curves: []Curve{
		{Label: "cut", X: []float64{0, 1, 2, 3, 4}, Y: []float64{1, 0.5, -1, inf, 2}},
		{Label: "all NaN", X: []float64{nan, nan}, Y: []float64{nan, 1}, Points: true},
		{Label: "mismatched", X: []float64{1, 2, 3}, Y: []float64{1}},
		{Label: "empty"},
	}, VLines: []VLine{{Label: "nan", X: nan}, {Label: "negative", X: -1}}})
	render(t, p)
	// The axes span the data with a margin (a curve has Points): x from 1 to 2, since x = 0
	// is left out and the curve is cut at Inf, and y from the floor for the value −1.
	if !(p.X.Min > 0.9 && p.X.Min < 1 && p.X.Max > 2 && p.X.Max < 2.2) {
		t.Errorf("x range [%g, %g]: want about [1, 2]", p.X.Min, p.X.Max)
	}
	if !(p.Y.Min > 1e-7 && p.Y.Min < 1e-6) {
		t.Errorf("y min %g: want just below the floor 1e-6", p.Y.Min)
	}
	noFloor := Lines(LinesOptions{LogY: true, Curves: []Curve{{X: []float64{1, 2, 3}, Y: []float64{1e-30, 0, 1}}}})
	render(t, noFloor)
	if !(noFloor.Y.Min > 1e-33 && noFloor.Y.Min < 1e-30) { // padded by 6% of the 30 decades
		t.Errorf("y min %g without a floor: want just below the smallest positive value 1e-30, 0 left out", noFloor.Y.Min)
	}
	cut := Lines(LinesOptions{Curves: []Curve{{X: []float64{0, 1, 2, 3}, Y: []float64{0, 1, nan, 3}}}})
	if !strings.Contains(render(t, cut), "fill:"+hexColor(Color(0))) {
		t.Error("the curve cut at NaN has no mark")
	}
	render(t, Lines(LinesOptions{}))
	render(t, Lines(LinesOptions{LogY: true, Curves: []Curve{{X: []float64{1}, Y: []float64{0}}}}))
}

func TestLogAxisOnConvergence(t *testing.T) {
	h := sgdHistory("SGD", 500, 0.01, 0.2, 1)
	p := Convergence(ConvergenceOptions{Histories: []gdlib.History{h}, X: Examples})
	LogAxis(&p.X)
	if svg := render(t, p); !hasText(svg, "10³") {
		t.Error("log x axis of examples lacks the label 1000")
	}
}
