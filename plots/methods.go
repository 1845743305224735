package plots

import (
	"image/color"
	"regexp"
	"strings"
	"unicode"

	"gonum.org/v1/plot/vg"
)

// Method is an optimiser the course compares, with the colour it has in every figure.
type Method struct {
	Name  string
	Color color.Color
	// words are the lower-case words of a label that name the method.
	words []string
}

// Methods is the one table of method colours: a curve, trace or run whose legend label names
// a method (as a word: "GD η=0.1", "heavy ball μ=0.9", "SGDNesterov α=3", "Adam (no bias
// correction)") is drawn in the method's colour in every figure of the course. Where a label
// names several, the first of this table wins (so "SGD with momentum" is momentum, and
// "Nesterov momentum" is Nesterov). Colours are Okabe–Ito's, then Tol's muted and vibrant ones;
// Adam's is not black, which is for theory lines.
var Methods = []Method{
	{Name: "Nesterov", Color: rgb(0x009E73), words: []string{"nesterov", "nag", "sgdnesterov"}},
	{Name: "momentum", Color: rgb(0xD55E00), words: []string{"momentum", "heavy ball", "heavy-ball", "polyak"}},
	{Name: "AdamW", Color: rgb(0x882255), words: []string{"adamw"}},
	{Name: "Adamax", Color: rgb(0x999933), words: []string{"adamax"}},
	{Name: "NAdam", Color: rgb(0x44AA99), words: []string{"nadam"}},
	{Name: "AMSGrad", Color: rgb(0x117733), words: []string{"amsgrad"}},
	{Name: "Adam", Color: rgb(0x332288), words: []string{"adam"}},
	{Name: "Adadelta", Color: rgb(0x8C564B), words: []string{"adadelta"}},
	{Name: "AdaGrad", Color: rgb(0xE69F00), words: []string{"adagrad"}},
	{Name: "RMSProp", Color: rgb(0xCC79A7), words: []string{"rmsprop"}},
	{Name: "Lion", Color: rgb(0xEE3377), words: []string{"lion"}},
	{Name: "Newton", Color: rgb(0x6F4E9E), words: []string{"newton"}},
	{Name: "SGD", Color: rgb(0x56B4E9), words: []string{"sgd"}},
	{Name: "GD", Color: rgb(0x0072B2), words: []string{"gd"}},
}

// MethodOf returns the method a label names, and false if it names none.
func MethodOf(label string) (Method, bool) {
	words := labelWords(label)
	for _, m := range Methods {
		for _, w := range m.words {
			if strings.Contains(words, " "+w+" ") {
				return m, true
			}
		}
	}
	return Method{}, false
}

// MethodColor is the colour of the method a label names (see Methods), and false if it names none.
func MethodColor(label string) (color.Color, bool) {
	m, ok := MethodOf(label)
	return m.Color, ok
}

// labelWords is label in lower case, its words separated by single spaces, with a space at
// each end; a word is a run of letters ("GD,", "(GD)" and "GD-like" all hold the word gd).
func labelWords(label string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(label) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// variantDashes are the dash patterns of a method's variants: the second curve of a method
// in a figure gets the first pattern, and so on.
var variantDashes = [][]vg.Length{
	{vg.Points(9), vg.Points(3), vg.Points(2), vg.Points(3)}, // dash-dot: unlike a theory line's dashes
	{vg.Points(2), vg.Points(2.5)},
	{vg.Points(12), vg.Points(4)},
	{vg.Points(9), vg.Points(3), vg.Points(2), vg.Points(3), vg.Points(2), vg.Points(3)},
}

// numbers matches the numbers in a label.
var numbers = regexp.MustCompile(`[-−+]?[0-9]+(\.[0-9]+)?([eE][-−+]?[0-9]+)?`)

// styleItem is a line of a figure to colour: its label (empty for a line without a legend
// entry) and the colour it was given, by the caller or from the palette.
type styleItem struct {
	label string
	col   color.Color
}

// methodStyles decides the colour of each item of one figure, and the variant number of each
// (0: the item keeps its own dashes; k > 0: it takes variantDashes[k−1]).
//
//   - An item whose label names a method takes the method's colour. Several items naming one
//     method are variants ("Adam", "Adam (no bias correction)"): the first keeps its line,
//     the others, unless they were given the first one's colour, take dashes. A method's items
//     whose labels differ only in their numbers ("momentum μ = 0.5", "momentum μ = 0.9") are
//     a sweep of one hyperparameter instead: they take shades of the method's colour, from
//     dark to light in their order, to be told apart.
//   - Items given the same colour as a method's item (a theory line for a measured run, an
//     unlabelled held-out curve) follow that item to its method colour.
//   - Other items keep their colour, unless it is a palette colour that a method already
//     shows in this figure: they then take the first palette colour the figure does not show.
func methodStyles(items []styleItem) (cols []color.Color, variant []int) {
	cols, variant = make([]color.Color, len(items)), make([]int, len(items))
	method := make([]int, len(items)) // index into Methods, or −1
	groups := map[int][]int{}
	sweepOf := make([]int, len(items)) // the size of the item's sweep, 0 if none
	for i, it := range items {
		method[i] = -1
		if it.label == "" {
			continue
		}
		if m, ok := MethodOf(it.label); ok {
			for k := range Methods {
				if Methods[k].Name == m.Name {
					method[i] = k
				}
			}
			groups[method[i]] = append(groups[method[i]], i)
		}
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sweep := true
		for _, i := range g[1:] {
			sweep = sweep && numbers.ReplaceAllString(items[i].label, "#") == numbers.ReplaceAllString(items[g[0]].label, "#")
		}
		if sweep {
			for _, i := range g {
				sweepOf[i] = len(g)
			}
		}
	}
	follow := map[color.RGBA]color.Color{} // a given colour → the method colour its item took
	shown := map[color.RGBA]bool{}         // method colours in the figure
	firstOf := map[int]int{}               // method → its first item
	seen := map[int][]color.RGBA{}         // method → the given colours of its items so far
	rank := map[int]int{}                  // method → items of its sweep so far
	for i, it := range items {
		k := method[i]
		if k < 0 {
			continue
		}
		mc := Methods[k].Color
		shown[key(mc)] = true
		if n := sweepOf[i]; n > 0 {
			cols[i] = shade(mc, rank[k], n)
			rank[k]++
			if it.col != nil {
				if _, ok := follow[key(it.col)]; !ok {
					follow[key(it.col)] = cols[i]
				}
			}
			continue
		}
		cols[i] = mc
		if it.col != nil {
			if _, ok := follow[key(it.col)]; !ok {
				follow[key(it.col)] = mc
			}
		}
		first, ok := firstOf[k]
		if !ok {
			firstOf[k] = i
			seen[k] = []color.RGBA{keyOrZero(it.col)}
			continue
		}
		given := keyOrZero(it.col)
		if it.col != nil && items[first].col != nil && given == key(items[first].col) {
			continue // the caller paired it with the first one already
		}
		idx := -1
		for j, c := range seen[k] {
			if c == given && it.col != nil {
				idx = j
			}
		}
		if idx < 0 {
			seen[k] = append(seen[k], given)
			idx = len(seen[k]) - 1
		}
		variant[i] = idx
	}
	moved := map[color.RGBA]color.Color{}
	for i, it := range items {
		if method[i] >= 0 {
			continue
		}
		if it.col == nil {
			cols[i] = Theme.Ink
			continue
		}
		if c, ok := follow[key(it.col)]; ok {
			cols[i] = c
			continue
		}
		cols[i] = it.col
		if !shown[key(it.col)] || !inPalette(it.col) {
			continue
		}
		if c, ok := moved[key(it.col)]; ok {
			cols[i] = c
			continue
		}
		for _, p := range Theme.Colors {
			if !shown[key(p)] && !usedBy(items, p) {
				moved[key(it.col)] = p
				cols[i] = p
				shown[key(p)] = true
				break
			}
		}
	}
	return cols, variant
}

func key(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(a >> 8)}
}

func keyOrZero(c color.Color) color.RGBA {
	if c == nil {
		return color.RGBA{}
	}
	return key(c)
}

func inPalette(c color.Color) bool {
	for _, p := range Theme.Colors {
		if key(p) == key(c) {
			return true
		}
	}
	return false
}

// usedBy tells whether an item was given colour c.
func usedBy(items []styleItem, c color.Color) bool {
	for _, it := range items {
		if it.col != nil && key(it.col) == key(c) {
			return true
		}
	}
	return false
}

// shade is the k-th of n shades of c, from c darkened by 45% towards black (k = 0) to c
// lightened by 45% towards white (k = n−1); c itself for n = 1.
func shade(c color.Color, k, n int) color.Color {
	if n <= 1 {
		return c
	}
	u := -0.45 + 0.9*float64(k)/float64(n-1)
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 {
		x := float64(v >> 8)
		if u < 0 {
			return uint8(x * (1 + u))
		}
		return uint8(x + (255-x)*u)
	}
	return color.RGBA{R: mix(r), G: mix(g), B: mix(b), A: 0xFF}
}
