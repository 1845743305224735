package plots

import (
	"bytes"
	"cmp"
	"image"
	"image/color"
	"image/png"
	"slices"

	"gonum.org/v1/plot/vg/vgimg"
)

// PNG renders f as a PNG image at the given resolution in dots per inch, with at most 256
// colours: the 256 most frequent ones in the rendering, every other pixel (an anti-aliased
// edge) drawn in its nearest palette colour. A course figure is mostly flat colour, so the
// image looks the same and is about a third of the size of a full-colour PNG.
func PNG(f Figure, dpi int) ([]byte, error) {
	w, h := f.Size()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	if err := drawOn(f, c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, quantize(c.Image())); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// quantize maps img onto a palette of its (at most) 256 most frequent colours.
func quantize(img image.Image) *image.Paletted {
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(img.Bounds())
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				rgba.Set(x, y, img.At(x, y))
			}
		}
	}
	pixel := func(i int) uint32 {
		p := rgba.Pix[i : i+4 : i+4]
		return uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
	}
	b := rgba.Bounds()
	count := map[uint32]int{}
	for y := range b.Dy() {
		row := y * rgba.Stride
		for x := range b.Dx() {
			count[pixel(row+4*x)]++
		}
	}
	colours := make([]uint32, 0, len(count))
	for c := range count {
		colours = append(colours, c)
	}
	slices.SortFunc(colours, func(a, b uint32) int { return cmp.Or(count[b]-count[a], cmp.Compare(a, b)) })
	colours = colours[:min(len(colours), 256)]
	palette := make(color.Palette, len(colours))
	index := make(map[uint32]uint8, len(count))
	for i, c := range colours {
		palette[i] = color.RGBA{R: uint8(c >> 24), G: uint8(c >> 16), B: uint8(c >> 8), A: uint8(c)}
		index[c] = uint8(i)
	}
	out := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), palette)
	for y := range b.Dy() {
		row := y * rgba.Stride
		for x := range b.Dx() {
			c := pixel(row + 4*x)
			i, ok := index[c]
			if !ok {
				i = uint8(palette.Index(color.RGBA{R: uint8(c >> 24), G: uint8(c >> 16), B: uint8(c >> 8), A: uint8(c)}))
				index[c] = i
			}
			out.Pix[y*out.Stride+x] = i
		}
	}
	return out
}
