package plots

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Sub- and superscripts. Titles, axis labels, tick labels and legend entries may write them
// TeX-style:
//
//	x_{k+1}  x_k  x_0  x_10  x_(t−1)   subscripts: braces, one letter, a run of digits, parentheses
//	ρ^{2k}   ρ^2k  10^-6  x^T  (1+α)^(t−1)   superscripts: braces, [sign][digits][one letter], parentheses
//
// An underscore or caret followed by anything else is left as it is ("step_size" stays: a
// letter followed by more letters is not a subscript). Text turns the scripts into Unicode
// sub- and superscript characters; figures draw them smaller and raised or lowered (the
// figures' font lacks many Unicode script characters, ₖ and ⁻ among them), through the text
// handler that every figure's text goes through.

// superscripts and subscripts map a character to its Unicode script form.
var (
	superscripts = map[rune]rune{
		'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
		'+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾',
		'a': 'ᵃ', 'b': 'ᵇ', 'c': 'ᶜ', 'd': 'ᵈ', 'e': 'ᵉ', 'f': 'ᶠ', 'g': 'ᵍ', 'h': 'ʰ', 'i': 'ⁱ', 'j': 'ʲ',
		'k': 'ᵏ', 'l': 'ˡ', 'm': 'ᵐ', 'n': 'ⁿ', 'o': 'ᵒ', 'p': 'ᵖ', 'r': 'ʳ', 's': 'ˢ', 't': 'ᵗ', 'u': 'ᵘ',
		'v': 'ᵛ', 'w': 'ʷ', 'x': 'ˣ', 'y': 'ʸ', 'z': 'ᶻ', 'T': 'ᵀ', 'β': 'ᵝ', 'γ': 'ᵞ', 'δ': 'ᵟ', 'θ': 'ᶿ',
		' ': ' ',
	}
	subscripts = map[rune]rune{
		'0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
		'+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎',
		'a': 'ₐ', 'e': 'ₑ', 'h': 'ₕ', 'i': 'ᵢ', 'j': 'ⱼ', 'k': 'ₖ', 'l': 'ₗ', 'm': 'ₘ', 'n': 'ₙ', 'o': 'ₒ',
		'p': 'ₚ', 'r': 'ᵣ', 's': 'ₛ', 't': 'ₜ', 'u': 'ᵤ', 'v': 'ᵥ', 'x': 'ₓ', 'β': 'ᵦ', 'γ': 'ᵧ', 'ρ': 'ᵨ',
		'φ': 'ᵩ', 'χ': 'ᵪ', ' ': ' ',
	}
	// plainOf maps a Unicode script character back to its character and shift.
	plainOf = map[rune]struct {
		r     rune
		shift int
	}{}
)

func init() {
	for r, s := range superscripts {
		if r != '−' && r != ' ' {
			plainOf[s] = struct {
				r     rune
				shift int
			}{r, +1}
		}
	}
	for r, s := range subscripts {
		if r != '−' && r != ' ' {
			plainOf[s] = struct {
				r     rune
				shift int
			}{r, -1}
		}
	}
	for _, m := range []rune{'⁻', '₋'} { // draw the minus sign as a minus, not a hyphen
		p := plainOf[m]
		p.r = '−'
		plainOf[m] = p
	}
}

// textSpan is a piece of text on the baseline (shift 0), raised (+1) or lowered (−1).
type textSpan struct {
	text  string
	shift int
}

// spans splits s into its plain text and its TeX-style scripts.
func spans(s string) []textSpan {
	var out []textSpan
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, textSpan{cur.String(), 0})
			cur.Reset()
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if (r == '_' || r == '^') && i > 0 && !unicode.IsSpace(rs[i-1]) && i+1 < len(rs) {
			if body, n := script(rs[i+1:], r == '^'); n > 0 {
				flush()
				shift := -1
				if r == '^' {
					shift = 1
				}
				out = append(out, textSpan{body, shift})
				i += n
				continue
			}
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

// script reads the script after an underscore or caret from rs: its text and how many runes
// it takes; 0 if rs does not start a script.
func script(rs []rune, sup bool) (string, int) {
	isLetter := func(k int) bool { return k < len(rs) && unicode.IsLetter(rs[k]) }
	isDigit := func(k int) bool { return k < len(rs) && unicode.IsDigit(rs[k]) }
	switch rs[0] {
	case '{', '(':
		open, closing := rs[0], map[rune]rune{'{': '}', '(': ')'}[rs[0]]
		depth := 0
		for k, r := range rs {
			switch r {
			case open:
				depth++
			case closing:
				depth--
				if depth == 0 {
					if k == 1 {
						return "", 0
					}
					if open == '{' {
						return string(rs[1:k]), k + 1
					}
					return string(rs[:k+1]), k + 1
				}
			}
		}
		return "", 0
	}
	k := 0
	if sup && (rs[0] == '-' || rs[0] == '−' || rs[0] == '+') {
		k = 1
	}
	for isDigit(k) {
		k++
	}
	digits := k > 0 && unicode.IsDigit(rs[k-1])
	if isLetter(k) && !isLetter(k+1) && !isDigit(k+1) && (sup || !digits) {
		k++ // ρ^2k, x^T, x_k
	} else if !digits {
		return "", 0
	}
	return string(rs[:k]), k
}

// Text returns s with its TeX-style sub- and superscripts (x_{k+1}, g_i, ρ^2k, 10^-6) written
// with Unicode script characters: xₖ₊₁, gᵢ, ρ²ᵏ, 10⁻⁶. A script with a character that has no
// Unicode form keeps its markup, in parentheses where it had braces: g_B, x_(k+β).
func Text(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		if sp.shift == 0 {
			b.WriteString(sp.text)
			continue
		}
		table, mark := subscripts, "_"
		if sp.shift > 0 {
			table, mark = superscripts, "^"
		}
		conv, ok := convert(sp.text, table)
		switch {
		case ok:
			b.WriteString(conv)
		case len([]rune(sp.text)) == 1 || strings.HasPrefix(sp.text, "(") && strings.HasSuffix(sp.text, ")"):
			b.WriteString(mark + sp.text)
		default:
			b.WriteString(mark + "(" + sp.text + ")")
		}
	}
	return b.String()
}

// convert maps every character of s through table; false if one has no entry.
func convert(s string, table map[rune]rune) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		c, ok := table[r]
		if !ok {
			return "", false
		}
		b.WriteRune(c)
	}
	return b.String(), true
}

// drawSpans are the spans a figure draws for s: its TeX-style scripts, and its Unicode script
// characters that face lacks, as raised or lowered runs of plain characters.
func drawSpans(s string, face font.Face) []textSpan {
	var out []textSpan
	add := func(t string, shift int) {
		if n := len(out); n > 0 && out[n-1].shift == shift {
			out[n-1].text += t
			return
		}
		out = append(out, textSpan{t, shift})
	}
	for _, sp := range spans(s) {
		if sp.shift != 0 {
			add(sp.text, sp.shift)
			continue
		}
		rs := []rune(sp.text)
		for i := 0; i < len(rs); {
			p, ok := plainOf[rs[i]]
			if !ok {
				add(string(rs[i]), 0)
				i++
				continue
			}
			// A run of script characters of one kind is drawn from the font if it has all of them.
			j, missing := i, false
			for ; j < len(rs); j++ {
				q, ok := plainOf[rs[j]]
				if !ok || q.shift != p.shift {
					break
				}
				missing = missing || !hasGlyph(face, rs[j])
			}
			for _, r := range rs[i:j] {
				if missing {
					add(string(plainOf[r].r), p.shift)
				} else {
					add(string(r), 0)
				}
			}
			i = j
		}
	}
	return out
}

// hasGlyph tells whether face draws r.
func hasGlyph(face font.Face, r rune) bool {
	if face.Face == nil {
		return true
	}
	i, err := face.Face.GlyphIndex(nil, r)
	return err == nil && i != 0
}

// scriptScale is the size of scripts relative to the text; scriptRise and scriptDrop move
// their baseline up or down, in units of the text's size.
const (
	scriptScale = 0.72
	scriptRise  = 0.36
	scriptDrop  = 0.16
)

// richText is the text handler of every figure: text.Plain, drawing sub- and superscripts.
type richText struct{ text.Plain }

// Box implements text.Handler.
func (h richText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	face := h.Fonts.Lookup(fnt, fnt.Size)
	ext := face.Extents()
	height, depth = ext.Ascent, ext.Descent
	small := h.Fonts.Lookup(fnt, fnt.Size*scriptScale)
	for _, sp := range drawSpans(txt, face) {
		switch sp.shift {
		case 0:
			width += face.Width(sp.text)
		case 1:
			width += small.Width(sp.text)
			height = max(height, fnt.Size*scriptRise+small.Extents().Ascent)
		case -1:
			width += small.Width(sp.text)
			depth = max(depth, fnt.Size*scriptDrop+small.Extents().Descent)
		}
	}
	return width, height, depth
}

// Draw implements text.Handler, as text.Plain draws but with scripts.
func (h richText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	face := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	small := h.Fonts.Lookup(sty.Font, sty.Font.Size*scriptScale)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - face.Extents().Ascent
	svg := isSVG(c)
	for i, ln := range lines {
		w, _, _ := h.Box(ln, sty.Font)
		x := pt.X + vg.Length(sty.XAlign)*w
		y := pt.Y + vg.Length(len(lines)-i)*sty.Font.Size
		sps := drawSpans(ln, face)
		if svg && len(sps) > 1 {
			// One text element, its scripts marked for tidy to turn into tspans: the browser
			// then places them after the text in whatever font it has.
			var b strings.Builder
			for _, sp := range sps {
				switch sp.shift {
				case 0:
					b.WriteString(sp.text)
				case 1:
					b.WriteString(string(supStart) + sp.text + string(scriptEnd))
				default:
					b.WriteString(string(subStart) + sp.text + string(scriptEnd))
				}
			}
			c.FillString(face, vg.Point{X: x, Y: y}, b.String())
			continue
		}
		for _, sp := range sps {
			switch sp.shift {
			case 0:
				c.FillString(face, vg.Point{X: x, Y: y}, sp.text)
				x += face.Width(sp.text)
			default:
				dy := sty.Font.Size * scriptRise
				if sp.shift < 0 {
					dy = -sty.Font.Size * scriptDrop
				}
				c.FillString(small, vg.Point{X: x, Y: y + dy}, sp.text)
				x += small.Width(sp.text)
			}
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// supStart and subStart open a script in the text of an SVG text element, scriptEnd closes it:
// private-use characters that tidy replaces with tspan elements.
const (
	supStart  = '\uE000'
	subStart  = '\uE001'
	scriptEnd = '\uE002'
)

// isSVG tells whether c draws SVG.
func isSVG(c vg.Canvas) bool {
	switch underlying(c).(type) {
	case *vgsvg.Canvas, *recordingCanvas:
		return true
	}
	return false
}

var (
	scriptedText = regexp.MustCompile(`(?s)font-size:([0-9.]+)px[^>]*>([^<]*\x{E002}[^<]*)</text>`)
	scriptPiece  = regexp.MustCompile(`([\x{E000}\x{E001}])([^\x{E002}]*)\x{E002}`)
)

// tspans turns the script marks of svg's text elements into tspan elements: smaller, raised
// or lowered with dy, the text after them back on the baseline.
func tspans(svg []byte) []byte {
	if !bytes.ContainsRune(svg, scriptEnd) {
		return svg
	}
	return scriptedText.ReplaceAllFunc(svg, func(m []byte) []byte {
		sub := scriptedText.FindSubmatch(m)
		size, _ := strconv.ParseFloat(string(sub[1]), 64)
		content := string(sub[2])
		num := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
		// Spaces at the ends of tspans are kept as no-break spaces: some renderers drop them.
		keep := func(t string) string {
			if strings.HasPrefix(t, " ") {
				t = "\u00a0" + t[1:]
			}
			if strings.HasSuffix(t, " ") {
				t = t[:len(t)-1] + "\u00a0"
			}
			return t
		}
		var b strings.Builder
		cur := 0.0 // the current baseline offset, down positive
		last := 0
		for _, loc := range scriptPiece.FindAllStringSubmatchIndex(content, -1) {
			if loc[0] > last {
				plain := keep(content[last:loc[0]])
				if cur != 0 {
					b.WriteString(`<tspan dy="` + num(-cur) + `">` + plain + `</tspan>`)
					cur = 0
				} else {
					b.WriteString(plain)
				}
			}
			off := size * scriptDrop
			if []rune(content[loc[2]:loc[3]])[0] == supStart {
				off = -size * scriptRise
			}
			b.WriteString(`<tspan dy="` + num(off-cur) + `" style="font-size:` + num(size*scriptScale) + `px">` +
				content[loc[4]:loc[5]] + `</tspan>`)
			cur = off
			last = loc[1]
		}
		if last < len(content) {
			b.WriteString(`<tspan dy="` + num(-cur) + `">` + keep(content[last:]) + `</tspan>`)
		}
		head := m[:len(m)-len(sub[2])-len("</text>")]
		return append(append(append([]byte{}, head...), b.String()...), "</text>"...)
	})
}
