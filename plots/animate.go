package plots

import (
	"fmt"
	"image/color"
	"regexp"
	"strconv"
	"strings"
)

// Animated parts are drawn with an invisible sentinel in their SVG style, a stroke dash
// offset for lines and a fill opacity for marks; animate finds them in drawing order and
// gives each an SMIL animation. Without SMIL the SVG shows the final frame.
const strokeSentinel = 0.00013

var sentinel = regexp.MustCompile(`;(stroke-dashoffset:0\.00013|fill-opacity:0\.99998)"\s*/>`)

// fillSentinel is c with the sentinel opacity, which no eye can tell from opaque.
func fillSentinel(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	s := func(v uint32) uint16 { return uint16(v * 0xFFFE / 0xFFFF) }
	if a != 0xFFFF {
		return c
	}
	return color.RGBA64{R: s(r), G: s(g), B: s(b), A: 0xFFFE}
}

// smil returns, for each sentinel element l drew, in order, what replaces the element's
// `"/>`: closing attributes and SMIL children.
func (l *polyline) smil() []string {
	var out []string
	for _, s := range l.strokes {
		if len(s) < 2 {
			continue
		}
		cum := make([]float64, len(s))
		for i := 1; i < len(s); i++ {
			cum[i] = cum[i-1] + float64(dist(s[i-1].Point, s[i].Point))
		}
		dash := cum[len(s)-1] + 1
		var values, times []string
		add := func(t, off float64) {
			values = append(values, strconv.FormatFloat(off, 'f', 1, 64))
			times = append(times, strconv.FormatFloat(t/l.end, 'f', 4, 64))
		}
		add(0, dash)
		last := 0.0
		for i, p := range s {
			if p.t > last && p.t <= l.end {
				add(p.t, dash-cum[i])
				last = p.t
			}
		}
		if last < l.end {
			add(l.end, 1)
		}
		out = append(out, fmt.Sprintf(`" stroke-dasharray="%.1f"><animate attributeName="stroke-dashoffset" dur="%.3gs" fill="freeze" calcMode="linear" values="%s" keyTimes="%s"/></path>`,
			dash, l.end, strings.Join(values, ";"), strings.Join(times, ";")))
	}
	if l.marked {
		out = append(out, fmt.Sprintf(`"><set attributeName="opacity" to="0" dur="%.3gs"/></path>`, l.end))
	}
	return out
}

// animate gives the sentinel elements of svg, in order, the animations of parts.
// If the counts disagree it leaves the SVG static, without sentinels.
func animate(svg []byte, parts []*polyline) []byte {
	if len(parts) == 0 {
		return svg
	}
	var repl []string
	for _, p := range parts {
		repl = append(repl, p.smil()...)
	}
	if len(sentinel.FindAllIndex(svg, -1)) != len(repl) {
		repl = nil
	}
	i := 0
	return sentinel.ReplaceAllFunc(svg, func([]byte) []byte {
		if repl == nil {
			return []byte(`"/>`)
		}
		i++
		return []byte(repl[i-1])
	})
}
