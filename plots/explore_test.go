package plots

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

// explorerParts is an explorer's HTML taken apart.
type explorerParts struct {
	outside   string // the HTML without the script's content
	script    string // the script's content
	composite string // the static image, decoded
	data      struct {
		ID     string `json:"id"`
		Params []struct {
			Name   string   `json:"name"`
			Labels []string `json:"labels"`
			Value  int      `json:"value"`
			Play   bool     `json:"play"`
		} `json:"params"`
		Frames []string `json:"frames"`
		Index  []int    `json:"index"`
	}
}

var pathElement = regexp.MustCompile(`<path d="([^"]*)" style="([^"]*)"`)

var staticImg = regexp.MustCompile(`<img class="dx-static" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="[^"<>]*" style="[^"]*">`)

// explorerHTML renders e and takes its HTML apart, checking what every explorer must hold:
// one script; outside it no <svg, no <input, no event handler, one static image that decodes
// to well-formed SVG, and the note once, right under the image; the frames as data.
func explorerHTML(t *testing.T, e *Explorer) (string, *explorerParts) {
	t.Helper()
	h, err := e.HTML()
	if err != nil {
		t.Fatalf("HTML: %v", err)
	}
	p := &explorerParts{}
	if n := strings.Count(h, "<script"); n != 1 || strings.Count(h, "</script>") != 1 {
		t.Fatalf("%d <script> tags, want 1", n)
	}
	i, j := strings.Index(h, "<script>"), strings.Index(h, "</script>")
	p.script = h[i+len("<script>") : j]
	p.outside = h[:i] + h[j+len("</script>"):]
	if strings.Contains(strings.ToLower(h), "<svg") {
		t.Error("the HTML holds an inline <svg>, which sanitisers turn into loose text")
	}
	for _, bad := range []string{"<input", "<iframe", "<object", "<embed", "<style", "javascript:"} {
		if strings.Contains(strings.ToLower(p.outside), bad) {
			t.Errorf("outside the script the HTML holds %q", bad)
		}
	}
	if m := regexp.MustCompile(`\son[a-z]+\s*=`).FindString(p.outside); m != "" {
		t.Errorf("outside the script the HTML holds an event handler %q", m)
	}
	imgs := staticImg.FindAllStringSubmatch(p.outside, -1)
	if len(imgs) != 1 || strings.Count(p.outside, "<img") != 1 {
		t.Fatalf("%d static images (of %d <img>), want 1", len(imgs), strings.Count(p.outside, "<img"))
	}
	raw, err := base64.StdEncoding.DecodeString(imgs[0][1])
	if err != nil {
		t.Fatal(err)
	}
	p.composite = string(raw)
	wellFormed(t, "static image", p.composite)
	// Under the image, exactly one line: the note, then only the script and the closing tag.
	after := p.outside[strings.Index(p.outside, imgs[0][0])+len(imgs[0][0]):]
	note := `<div class="dx-note" style="font-size:90%;opacity:0.75">` + ExplorerNote + `</div>`
	if after != note+"</div>" || strings.Count(h, ExplorerNote) != 1 {
		t.Errorf("after the image comes %q, want the note %q alone", after, ExplorerNote)
	}
	if !strings.HasPrefix(p.script, `(function(){"use strict";var D=`) || !strings.HasSuffix(p.script, "})();") {
		t.Errorf("the script is not one self-contained function: %.60q … %.20q", p.script, p.script[max(0, len(p.script)-20):])
	}
	dec := json.NewDecoder(strings.NewReader(strings.TrimPrefix(p.script, `(function(){"use strict";var D=`)))
	if err := dec.Decode(&p.data); err != nil {
		t.Fatalf("the script's data: %v", err)
	}
	for _, bad := range []string{"http:", "https:", "require(", "import(", "fetch(", "XMLHttpRequest", "eval("} {
		if strings.Contains(p.script, bad) {
			t.Errorf("the script uses %q: it must work offline and on its own", bad)
		}
	}
	if !strings.Contains(p.outside, `data-explorer="`+p.data.ID+`"`) {
		t.Errorf("the block lacks data-explorer=%q, which the script looks for", p.data.ID)
	}
	return h, p
}

// wellFormed fails the test unless s is well-formed XML.
func wellFormed(t *testing.T, what, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", what, err)
		}
	}
}

// frameSVG is frame f as the script builds it: the static image's <svg> tag, the frame, </svg>.
func (p *explorerParts) frameSVG(f int) string {
	open := strings.Index(p.composite, "<svg")
	open += strings.IndexByte(p.composite[open:], '>') + 1
	return p.composite[:open] + p.data.Frames[f] + "</svg>"
}

// background is the static image cut at the overlay group, as the script cuts it.
func (p *explorerParts) background() string {
	i := strings.LastIndex(p.composite, overlayMark)
	if i < 0 {
		return ""
	}
	return p.composite[:i] + "</svg>"
}

func TestMomentumExplorerHTML(t *testing.T) {
	e := MomentumExplorer(MomentumOptions{})
	h, p := explorerHTML(t, e)
	t.Logf("momentum explorer: %d KB, %d frames (%d distinct)", len(h)>>10, len(p.data.Index), len(p.data.Frames))
	if len(h) > ExplorerBudget {
		t.Errorf("the momentum explorer is %d KB, over the budget of %d KB", len(h)>>10, ExplorerBudget>>10)
	}
	nEta, nMu := len(e.Params[0].Values), len(e.Params[1].Values)
	if len(p.data.Index) != nEta*nMu || len(p.data.Params) != 2 {
		t.Fatalf("%d frames for %d sliders, want %d×%d", len(p.data.Index), len(p.data.Params), nEta, nMu)
	}
	if p.data.Params[0].Name != "step size η" || p.data.Params[1].Name != "momentum μ" || !p.data.Params[1].Play || p.data.Params[0].Play {
		t.Errorf("sliders %+v, want η and μ, μ with a play button", p.data.Params)
	}
	bg := p.background()
	if bg == "" {
		t.Fatal("the static image lacks the overlay group")
	}
	wellFormed(t, "background", bg)
	for _, s := range []string{"(a) path", "(b) loss", "(c) error per eigendirection", "(d) rate ρ", "critical:", "diverges", "ρ* = 0.818"} {
		if !strings.Contains(bg, s) {
			t.Errorf("the background lacks %q", s)
		}
	}
	// The static image is the default frame over the background.
	def := p.data.Params[0].Value*nMu + p.data.Params[1].Value
	if !strings.HasSuffix(p.composite, overlayMark+p.data.Frames[p.data.Index[def]]+"</g></svg>\n") {
		t.Error("the static image does not end with the default frame")
	}
	if got := p.data.Params[0].Labels[p.data.Params[0].Value] + " " + p.data.Params[1].Labels[p.data.Params[1].Value]; got != "1.5 0" {
		t.Errorf("default sliders at %q, want η = 1.5, μ = 0", got)
	}
	diverged, measured := 0, 0
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		wellFormed(t, fmt.Sprintf("frame %d", f), svg)
		if strings.Contains(svg, "<image") || strings.Contains(svg, "(a) path") {
			t.Errorf("frame %d holds background: frames must hold only what changes", f)
		}
		if !strings.Contains(svg, "theory ρ = ") {
			t.Errorf("frame %d lacks the theoretical rate", f)
		}
		if strings.Contains(svg, "diverged at step ") {
			diverged++
		}
		if strings.Contains(svg, "measured ρ = 0.") {
			measured++
		}
	}
	if diverged == 0 || measured == 0 {
		t.Errorf("%d frames say they diverged and %d give a measured rate, want some of each", diverged, measured)
	}
	// Without scripts a sanitiser keeps the outside: it must be the image and the note.
	rest := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(p.outside, "")
	if rest != ExplorerNote {
		t.Errorf("text outside the script %q, want the note alone", rest)
	}
	// Two explorers in one page get different ids.
	_, q := explorerHTML(t, e)
	if q.data.ID == p.data.ID {
		t.Errorf("two renderings share the id %q", p.data.ID)
	}
}

func TestRosenbrockMomentumExplorer(t *testing.T) {
	e := MomentumExplorer(MomentumOptions{Rosenbrock: true})
	h, p := explorerHTML(t, e)
	t.Logf("Rosenbrock explorer: %d KB, %d frames", len(h)>>10, len(p.data.Index))
	if len(h) > ExplorerBudget {
		t.Errorf("%d KB, over the budget", len(h)>>10)
	}
	bg := p.background()
	if !strings.Contains(bg, "no closed-form rate:") || strings.Contains(bg, "(d) rate") {
		t.Error("the Rosenbrock background should say it has no closed-form rate, and show path and loss only")
	}
	diverged := 0
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		if strings.Contains(svg, "theory") {
			t.Errorf("frame %d gives a theoretical rate on Rosenbrock", f)
		}
		if strings.Contains(svg, "diverged at step ") {
			diverged++
		} else if !hasText(svg, "f(x_400) = ") {
			t.Errorf("frame %d neither diverges nor gives the final loss", f)
		}
	}
	if diverged == 0 {
		t.Error("no frame diverges: the grid should reach past the stable steps")
	}
}

// gdExplorer is the doc's example: gradient descent on a valley, a step size slider, and a
// second slider that does not change the frames (so that frames repeat).
func gdExplorer(frame func(f *Frame) error) (*Explorer, *Layer) {
	s := gdlib.IllConditioned(10)
	bg := Trajectories(s, TrajectoryOptions{Title: "GD"})
	path := NewLayer()
	bg.Add(path)
	if frame == nil {
		frame = func(f *Frame) error {
			opt, err := gdlib.NewSGD(2, gdlib.SGDConfig{LR: f.Values[0]})
			if err != nil {
				return err
			}
			tr, err := gdlib.Minimize(s, []float64{-1.8, 0.6}, opt, gdlib.RunOptions{Steps: 30})
			f.Add(path, TracePath(tr, 0), TextBox{Text: fmt.Sprintf("η = %g\nsecond = %g", f.Values[0], f.Values[1]/f.Values[1]), X: 1, Y: 1})
			return err
		}
	}
	return NewExplorer("GD on a valley", bg, frame,
		Param{Name: "η", Values: []float64{0.1, 0.5, 1, 1.5, 2.5}, Default: 2},
		Param{Name: "other", Values: []float64{1, 2, 3}, Labels: []string{"a", "b", "c"}}), path
}

func TestExplorerFramesOrderAndRepeats(t *testing.T) {
	var seen [][]int
	e, path := gdExplorer(nil)
	inner := e.Frame
	e.Frame = func(f *Frame) error {
		seen = append(seen, append([]int(nil), f.Index...))
		return inner(f)
	}
	_, p := explorerHTML(t, e)
	// Row-major, the last slider fastest.
	for k, idx := range seen {
		if idx[0] != k/3 || idx[1] != k%3 {
			t.Fatalf("frame %d drawn at %v, want [%d %d]", k, idx, k/3, k%3)
		}
	}
	if len(p.data.Index) != 15 || len(p.data.Frames) != 5 {
		t.Errorf("%d frames, %d distinct, want 15 and 5 (the second slider changes nothing)", len(p.data.Index), len(p.data.Frames))
	}
	for k, f := range p.data.Index {
		if f != p.data.Index[k/3*3] {
			t.Errorf("frame %d is stored as %d, want the same as frame %d", k, f, k/3*3)
		}
	}
	if got := strings.Join(p.data.Params[1].Labels, ""); got != "abc" || p.data.Params[0].Labels[3] != "1.5" {
		t.Errorf("labels %q and %q, want the given ones and the values printed", got, p.data.Params[0].Labels)
	}
	// The diverged run (η = 2.5 > 2/λmax) is marked with a triangle, not cut silently.
	if !strings.Contains(p.data.Frames[4], "η = 2.5") || path.place.plt == nil {
		t.Error("frame for η = 2.5 not found, or the layer recorded nothing")
	}
}

func TestExplorerErrors(t *testing.T) {
	elsewhere := NewLayer()
	for name, c := range map[string]struct {
		e    *Explorer
		want string
	}{
		"no params":   {NewExplorer("x", NewPlot("", "", ""), func(*Frame) error { return nil }), "at least one Param"},
		"no frame":    {NewExplorer("x", NewPlot("", "", ""), nil, Param{Name: "a", Values: []float64{1}}), "Frame function"},
		"bad default": {NewExplorer("x", NewPlot("", "", ""), func(*Frame) error { return nil }, Param{Name: "a", Values: []float64{1}, Default: 1}), "Default 1"},
		"bad labels":  {NewExplorer("x", NewPlot("", "", ""), func(*Frame) error { return nil }, Param{Name: "a", Values: []float64{1}, Labels: []string{}}), "0 Labels"},
		"no name":     {NewExplorer("x", NewPlot("", "", ""), func(*Frame) error { return nil }, Param{Values: []float64{1}}), "no Name"},
		"too many": {NewExplorer("x", NewPlot("", "", ""), func(*Frame) error { return nil },
			Param{Name: "a", Values: make([]float64, 100)}, Param{Name: "b", Values: make([]float64, 100)}), "more than 4096 frames"},
		"stray layer": {func() *Explorer {
			e, _ := gdExplorer(func(f *Frame) error { f.Add(elsewhere, TextBox{Text: "x"}); return nil })
			return e
		}(), "not in the background"},
		"frame error": {func() *Explorer {
			e, _ := gdExplorer(func(f *Frame) error {
				if f.Values[0] == 1.5 {
					return errors.New("boom")
				}
				return nil
			})
			return e
		}(), "frame at η = 1.5, other = 1: boom"},
		"panic": {func() *Explorer {
			e, _ := gdExplorer(func(f *Frame) error { var m map[string]int; m["x"]++; return nil })
			return e
		}(), "frame at η = 0.1"},
		"budget": {func() *Explorer { e, _ := gdExplorer(nil); e.MaxBytes = 10 << 10; return e }(), "over its budget of 10 KB"},
	} {
		_, err := c.e.HTML()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
	if err := ShowExplorer(MomentumExplorer(MomentumOptions{LambdaMin: -1})); err == nil {
		t.Error("ShowExplorer outside a notebook returned no build error")
	}
}

// absPoints reads relative path data (m, l, a, z, as compactPaths writes it) and returns
// the end point of every command, in tenths.
func absPoints(t *testing.T, d string) [][2]int64 {
	t.Helper()
	tok := regexp.MustCompile(`[mlazM]|-?(\d+\.?\d*|\.\d+)`).FindAllString(d, -1)
	var pts [][2]int64
	var x, y, sx, sy int64
	cmd := ""
	num := func(i int) int64 {
		v, err := strconv.ParseFloat(tok[i], 64)
		if err != nil {
			t.Fatalf("bad number %q in %q", tok[i], d)
		}
		return int64(math.Round(v * 10))
	}
	for i := 0; i < len(tok); {
		if strings.ContainsAny(tok[i][:1], "mlazM") {
			cmd = tok[i]
			i++
			if cmd == "z" {
				x, y = sx, sy
				pts = append(pts, [2]int64{x, y})
				continue
			}
		}
		switch cmd {
		case "M":
			x, y = num(i), num(i+1)
			sx, sy = x, y
			i += 2
			cmd = "l"
		case "m", "l":
			x, y = x+num(i), y+num(i+1)
			if cmd == "m" {
				sx, sy = x, y
				cmd = "l"
			}
			i += 2
		case "a":
			x, y = x+num(i+5), y+num(i+6)
			i += 7
		default:
			t.Fatalf("unexpected %q in %q", tok[i], d)
		}
		pts = append(pts, [2]int64{x, y})
	}
	return pts
}

func TestCompactPathsKeepsThePoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		var d strings.Builder
		var want [][2]int64
		for i := range 2 + rng.IntN(30) {
			x, y := rng.Int64N(20000)-5000, rng.Int64N(20000)-5000
			if i > 0 && rng.IntN(3) == 0 { // tiny steps too
				x = want[len(want)-1][0] + rng.Int64N(5) - 2
			}
			c := "L"
			if i == 0 || rng.IntN(8) == 0 {
				c = "M"
			}
			fmt.Fprintf(&d, "%s%s,%s", c, tenths(x), tenths(y))
			want = append(want, [2]int64{x, y})
		}
		// A translucent fill is left alone by the dot and line simplifications.
		in := `<path d="` + d.String() + `" style="fill:#123456;fill-opacity:0.5" />`
		out := string(compactPaths([]byte(in)))
		m := pathElement.FindStringSubmatch(out)
		if m == nil || m[2] != "fill:#123456;fill-opacity:0.5" {
			t.Fatalf("compactPaths(%q) = %q", in, out)
		}
		got := absPoints(t, m[1])
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("path %q became %q: points %v, want %v", d.String(), m[1], got, want)
		}
	}
}

func TestCompactPathsSimplifiesLinesWithinAQuarterPoint(t *testing.T) {
	var d strings.Builder
	var pts [][2]float64
	for i := range 300 {
		x := float64(i) * 0.7
		y := math.Round(100*math.Exp(-x/40)*math.Cos(x/9)*10) / 10
		x = math.Round(x*10) / 10
		c := "L"
		if i == 0 {
			c = "M"
		}
		fmt.Fprintf(&d, "%s%g,%g", c, x, y)
		pts = append(pts, [2]float64{x, y})
	}
	out := string(compactPaths([]byte(`<path d="` + d.String() + `" style="fill:none;stroke:#0072B2;stroke-width:2.5" />`)))
	m := pathElement.FindStringSubmatch(out)
	kept := absPoints(t, m[1])
	if len(kept) >= len(pts)/2 {
		t.Errorf("kept %d of %d points of a smooth curve", len(kept), len(pts))
	}
	if first, last := kept[0], kept[len(kept)-1]; first != [2]int64{0, 1000} || last != [2]int64{int64(math.Round(pts[299][0] * 10)), int64(math.Round(pts[299][1] * 10))} {
		t.Errorf("the ends moved: %v … %v", first, last)
	}
	// Every dropped point lies within 0.25 pt of the polyline kept.
	for _, p := range pts {
		best := math.Inf(1)
		for i := 1; i < len(kept); i++ {
			best = min(best, segDist(p, kept[i-1], kept[i]))
		}
		if best > 0.25+1e-9 {
			t.Fatalf("point %v is %.3f pt from the simplified line", p, best)
		}
	}
}

func segDist(p [2]float64, a, b [2]int64) float64 {
	ax, ay, bx, by := float64(a[0])/10, float64(a[1])/10, float64(b[0])/10, float64(b[1])/10
	dx, dy := bx-ax, by-ay
	t := ((p[0]-ax)*dx + (p[1]-ay)*dy) / (dx*dx + dy*dy)
	t = min(max(t, 0), 1)
	return math.Hypot(p[0]-ax-t*dx, p[1]-ay-t*dy)
}

func TestCompactPathsTurnsCirclesIntoDots(t *testing.T) {
	// Dots as vgsvg writes them: circles of radius 2.4 around (10, 20) and (15.5, 18).
	in := `<path d="M12.4,20A2.4,2.4 0 1 1 7.6,20A2.4,2.4 0 1 1 12.4,20ZM17.9,18A2.4,2.4 0 1 1 13.1,18A2.4,2.4 0 1 1 17.9,18Z" style="fill:#0072B2" />`
	out := string(compactPaths([]byte(in)))
	want := `<path d="M10 20l0 0m5.5-2 0 0" style="fill:none;stroke:#0072B2;stroke-width:4.8;stroke-linecap:round" />`
	if out != want {
		t.Errorf("compactPaths(dots) = %q, want %q", out, want)
	}
	// A circle of another radius among them, or a stroked circle, stays a circle.
	for _, in := range []string{
		`<path d="M12.4,20A2.4,2.4 0 1 1 7.6,20A2.4,2.4 0 1 1 12.4,20ZM18,18A2.5,2.5 0 1 1 13,18A2.5,2.5 0 1 1 18,18Z" style="fill:#0072B2" />`,
		`<path d="M12.4,20A2.4,2.4 0 1 1 7.6,20A2.4,2.4 0 1 1 12.4,20Z" style="fill:none;stroke:#FFFFFF" />`,
	} {
		if out := string(compactPaths([]byte(in))); strings.Contains(out, "linecap") || !strings.Contains(out, "a2.") {
			t.Errorf("compactPaths(%q) = %q, want circles kept", in, out)
		}
	}
	// Data it does not know (curves) passes unchanged.
	in = `<path d="M1,2C3,4 5,6 7,8" style="fill:none;stroke:#000000" />`
	if out := string(compactPaths([]byte(in))); out != in {
		t.Errorf("compactPaths(%q) = %q, want it unchanged", in, out)
	}
}

func TestTenths(t *testing.T) {
	for v, want := range map[int64]string{0: "0", 5: ".5", -5: "-.5", 10: "1", 125: "12.5", -1230: "-123"} {
		if got := tenths(v); got != want {
			t.Errorf("tenths(%d) = %q, want %q", v, got, want)
		}
	}
}

// BenchmarkMomentumExplorer renders the momentum explorer at its default grid and reports
// its size.
func BenchmarkMomentumExplorer(b *testing.B) {
	var n int
	for b.Loop() {
		h, err := MomentumExplorer(MomentumOptions{}).HTML()
		if err != nil {
			b.Fatal(err)
		}
		n = len(h)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}

// The example of Explorer's documentation, compiled.
func ExampleNewExplorer() {
	s := gdlib.IllConditioned(10)
	x0 := []float64{-1.8, 0.6}
	bg := Trajectories(s, TrajectoryOptions{Title: "Gradient descent"})
	path := NewLayer()
	bg.Add(path)
	e := NewExplorer("GD on a valley", bg, func(f *Frame) error {
		opt, err := gdlib.NewSGD(2, gdlib.SGDConfig{LR: f.Values[0]})
		if err != nil {
			return err
		}
		tr, err := gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: 40})
		f.Add(path, TracePath(tr, 0))
		return err
	}, Param{Name: "η", Values: []float64{0.1, 0.5, 1, 1.5, 1.9}, Default: 2})
	ShowExplorer(e)
}
