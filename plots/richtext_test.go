package plots

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
)

func TestTextScripts(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x_{k+1}", "xₖ₊₁"},
		{"f(x_k)", "f(xₖ)"},
		{"f(x_k) − f*", "f(xₖ) − f*"},
		{"g_i", "gᵢ"},
		{"ρ^2k", "ρ²ᵏ"},
		{"theory 0.818^2k", "theory 0.818²ᵏ"},
		{"10^-6", "10⁻⁶"},
		{"10^{-12}", "10⁻¹²"},
		{"x_10", "x₁₀"},
		{"|x_t − x_(t−1)|", "|xₜ − x₍ₜ₋₁₎|"},
		{"(1+α)^(t−1)", "(1+α)⁽ᵗ⁻¹⁾"},
		{"x^T", "xᵀ"},
		{"E |g_B − g|²", "E |g_B − g|²"},             // no subscript B: markup kept
		{"x_{k+B}", "x_(k+B)"},                       // braces become parentheses
		{"step_size held_out", "step_size held_out"}, // words are not scripts
		{"_k ^2 x_ x^", "_k ^2 x_ x^"},
		{"x₁, already", "x₁, already"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDrawSpansUseThePlainCharacterWhereTheFontHasNoScript(t *testing.T) {
	face := font.DefaultCache.Lookup(face(Theme.TextSize), Theme.TextSize)
	got := drawSpans("f(x_{k+1}) 10⁻⁶ x₁", face)
	var parts []string
	for _, s := range got {
		parts = append(parts, s.text+"@"+string("-0+"[s.shift+1]))
	}
	// ⁻ is not in Liberation Sans: drawn as a raised minus; ₁ is, and stays.
	want := "f(x@0 k+1@- ) 10@0 −6@+  x₁@0"
	if g := strings.Join(parts, " "); g != want {
		t.Errorf("spans = %q, want %q", g, want)
	}
}

func TestScriptsInFigures(t *testing.T) {
	p := Lines(LinesOptions{Title: "f(x_{k+1}) against ρ^2k", XLabel: "step k", YLabel: "g_i",
		Curves: []Curve{{Label: "10^-6 · x_k", X: []float64{0, 1}, Y: []float64{0, 1}}}})
	svg := render(t, p)
	if strings.ContainsAny(svg, string([]rune{supStart, subStart, scriptEnd})) {
		t.Error("script marks left in the SVG")
	}
	for _, want := range []string{
		`f(x<tspan dy="2.88" style="font-size:12.96px">k+1</tspan><tspan dy="-2.88">) against ρ</tspan><tspan dy="-6.48" style="font-size:12.96px">2k</tspan></text>`,
		`g<tspan dy="2.56" style="font-size:11.52px">i</tspan></text>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	if !hasText(svg, "10^-6 · x_k") || strings.Contains(svg, "x_k") || strings.Contains(svg, "{") {
		t.Error("the legend's scripts are not drawn as scripts")
	}
	if _, err := PNG(p, 96); err != nil {
		t.Error(err)
	}
}
