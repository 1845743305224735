package plots

import (
	"html"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/plot/font"
)

// quadratic is f(x) = (a·x₁² + b·x₂²)/2, minimum 0 at the origin.
func quadratic(a, b float64) gdlib.Surface {
	return gdlib.Surface{
		Name:   "quadratic",
		Dim:    2,
		F:      func(x []float64) float64 { return (a*x[0]*x[0] + b*x[1]*x[1]) / 2 },
		Grad:   func(g, x []float64) { g[0], g[1] = a*x[0], b*x[1] },
		Minima: [][]float64{{0, 0}},
		Window: [4]float64{-3, 3, -2, 2},
	}
}

// rosenbrock is the banana valley, minimum 0 at (1, 1).
func rosenbrock() gdlib.Surface {
	return gdlib.Surface{
		Name: "rosenbrock",
		Dim:  2,
		F: func(x []float64) float64 {
			return (1-x[0])*(1-x[0]) + 100*(x[1]-x[0]*x[0])*(x[1]-x[0]*x[0])
		},
		Grad: func(g, x []float64) {
			g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
			g[1] = 200 * (x[1] - x[0]*x[0])
		},
		Minima: [][]float64{{1, 1}},
		Window: [4]float64{-2, 2, -1, 3},
	}
}

// saddle is f = x₁⁴/4 − x₁²/2 + x₂²/2: minima at (±1, 0), a saddle at the origin.
func saddle() gdlib.Surface {
	return gdlib.Surface{
		Name:    "double well",
		Dim:     2,
		F:       func(x []float64) float64 { return x[0]*x[0]*x[0]*x[0]/4 - x[0]*x[0]/2 + x[1]*x[1]/2 },
		Grad:    func(g, x []float64) { g[0], g[1] = x[0]*x[0]*x[0]-x[0], x[1] },
		Minima:  [][]float64{{-1, 0}, {1, 0}},
		Saddles: [][]float64{{0, 0}},
		FMin:    -0.25,
		Window:  [4]float64{-2, 2, -1.5, 1.5},
	}
}

// cubic1D is f(x) = x⁴/4 − x², a 1-D double well.
func cubic1D() gdlib.Surface {
	return gdlib.Surface{
		Name:   "double well 1-D",
		Dim:    1,
		F:      func(x []float64) float64 { return x[0]*x[0]*x[0]*x[0]/4 - x[0]*x[0] },
		Grad:   func(g, x []float64) { g[0] = x[0]*x[0]*x[0] - 2*x[0] },
		Minima: [][]float64{{-math.Sqrt2}, {math.Sqrt2}},
		FMin:   -1,
		Window: [4]float64{-2.5, 2.5, -1.5, 3},
	}
}

// gd runs plain gradient descent with momentum beta, stopping at the first non-finite value.
func gd(s gdlib.Surface, label string, x0 []float64, lr, beta float64, steps int) gdlib.Trace {
	tr := gdlib.Trace{Label: label}
	x := append([]float64(nil), x0...)
	v := make([]float64, len(x))
	g := make([]float64, len(x))
	for k := 0; ; k++ {
		f := s.F(x)
		s.Grad(g, x)
		n := 0.0
		for _, gi := range g {
			n += gi * gi
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || math.IsInf(n, 0) || math.IsNaN(n) {
			tr.Diverged, tr.DivergedAt = true, k
			return tr
		}
		tr.X = append(tr.X, append([]float64(nil), x...))
		tr.F = append(tr.F, f)
		tr.GradNorm = append(tr.GradNorm, math.Sqrt(n))
		if k == steps {
			return tr
		}
		tr.LR = append(tr.LR, lr)
		for i := range x {
			v[i] = beta*v[i] + g[i]
			x[i] -= lr * v[i]
		}
	}
}

// fiveTraces are five runs of 200 steps on the quadratic 1·x₁² + 10·x₂² (halved).
func fiveTraces(s gdlib.Surface) []gdlib.Trace {
	return []gdlib.Trace{
		gd(s, "GD η=0.05", []float64{-2.8, 1.8}, 0.05, 0, 200),
		gd(s, "GD η=0.18", []float64{-2.8, 1.8}, 0.18, 0, 200),
		gd(s, "momentum β=0.9", []float64{-2.8, 1.8}, 0.02, 0.9, 200),
		gd(s, "GD η=0.1", []float64{2.5, -1.5}, 0.1, 0, 200),
		gd(s, "momentum β=0.5", []float64{2.5, 1.5}, 0.05, 0.5, 200),
	}
}

type constLR float64

func (c constLR) LR(int) float64 { return float64(c) }

type stepLR struct {
	base, gamma float64
	every       int
}

func (s stepLR) LR(t int) float64 { return s.base * math.Pow(s.gamma, float64(t/s.every)) }

type cosineLR struct {
	base float64
	n    int
}

func (c cosineLR) LR(t int) float64 {
	return c.base * (1 + math.Cos(math.Pi*float64(min(t, c.n))/float64(c.n))) / 2
}

// sgdHistory is a synthetic noisy training run of n updates over epochs of 100 updates.
func sgdHistory(label string, n int, rate, noise float64, seed uint64) gdlib.History {
	r := rand.New(rand.NewPCG(seed, 1))
	h := gdlib.History{Label: label}
	for k := 1; k <= n; k++ {
		l := 2*math.Exp(-rate*float64(k)) + 0.05
		h.StepLoss = append(h.StepLoss, l*math.Exp(noise*r.NormFloat64()))
		h.StepLR = append(h.StepLR, 0.1)
		h.StepExamples = append(h.StepExamples, 32*k)
		h.StepSeconds = append(h.StepSeconds, 0.002*float64(k))
	}
	for e := 0; e <= n/100; e++ {
		l := 2*math.Exp(-rate*float64(100*e)) + 0.05
		h.EpochTrain = append(h.EpochTrain, l)
		h.EpochHeldOut = append(h.EpochHeldOut, l*1.1+0.02*float64(e)/10)
	}
	return h
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 2)) }

// textElement matches a text element of an SVG as vgsvg writes it.
var textElement = regexp.MustCompile(`<text x="([-0-9.e]+)" y="([-0-9.e]+)"[^>]*font-size:([0-9.]+)px[^>]*>([^<]*)</text>`)

// svgText is the text of the labels of svg, one per line, with the scripts that the figures
// draw raised or lowered written back as ^{…} and _{…}: what canon makes of the text given.
func svgText(svg string) string {
	var b strings.Builder
	var endX, baseY, baseSize float64
	for _, m := range textElement.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		size, _ := strconv.ParseFloat(m[3], 64)
		content := html.UnescapeString(m[4])
		fc := font.DefaultCache.Lookup(face(font.Length(size)), font.Length(size))
		w := fc.Width(content)
		switch {
		case b.Len() > 0 && math.Abs(x-endX) < 0.6 && size < baseSize*0.9 && y < baseY:
			b.WriteString("^{" + content + "}")
		case b.Len() > 0 && math.Abs(x-endX) < 0.6 && size < baseSize*0.9:
			b.WriteString("_{" + content + "}")
		case b.Len() > 0 && math.Abs(x-endX) < 0.6 && math.Abs(y-baseY) < 0.1:
			b.WriteString(content)
		default:
			b.WriteString("\n" + content)
			baseY, baseSize = y, size
		}
		endX = x + float64(w)
	}
	return b.String()
}

// canon is s as svgText gives it back once a figure has drawn it.
func canon(s string) string {
	var b strings.Builder
	f := font.DefaultCache.Lookup(face(Theme.TextSize), Theme.TextSize)
	for _, sp := range drawSpans(s, f) {
		switch sp.shift {
		case 0:
			b.WriteString(sp.text)
		case 1:
			b.WriteString("^{" + sp.text + "}")
		default:
			b.WriteString("_{" + sp.text + "}")
		}
	}
	return b.String()
}

var (
	scriptTspan = regexp.MustCompile(`<tspan dy="(-?[0-9.]+)" style="font-size:[0-9.]+px">([^<]*)</tspan>`)
	backTspan   = regexp.MustCompile(`<tspan dy="-?[0-9.]+">([^<]*)</tspan>`)
)

// untspan writes the tspans of scripts in svg's text back as ^{…} and _{…}.
func untspan(svg string) string {
	svg = scriptTspan.ReplaceAllStringFunc(svg, func(m string) string {
		sub := scriptTspan.FindStringSubmatch(m)
		if strings.HasPrefix(sub[1], "-") {
			return "^{" + sub[2] + "}"
		}
		return "_{" + sub[2] + "}"
	})
	return strings.ReplaceAll(backTspan.ReplaceAllString(svg, "$1"), "\u00a0", " ")
}

// hasText tells whether the figure svg shows the text s.
func hasText(svg, s string) bool {
	plain := untspan(svg)
	return strings.Contains(svg, s) || strings.Contains(plain, canon(s)) || strings.Contains(svgText(plain), canon(s))
}
