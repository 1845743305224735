package lesson

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Where a run of Basins ended when it reached none of the surface's listed minima.
const (
	EndedElsewhere = -1 // still finite after the last step, but farther than 1e-3 from every minimum
	EndedDiverged  = -2 // overflowed (gdlib's Trace.Diverged)
)

// Basins records where gradient descent goes from random starts on a surface whose minima
// are listed (Surface.Minima): the experiment behind "where you start decides where you end".
type Basins struct {
	Surface gdlib.Surface
	LR      float64
	Starts  [][]float64 // the starting points, uniform in the surface's Window
	End     []int       // index into Surface.Minima of where each run ended, or EndedElsewhere, EndedDiverged
}

// RunBasins runs plain gradient descent with learning rate lr from `starts` points drawn
// uniformly from s.Window (PCG seeded with seed), each for at most 3000 steps or until
// |∇f| < 1e-8, and records which listed minimum (within distance 1e-3) each run ended at.
func RunBasins(s gdlib.Surface, starts int, lr float64, seed uint64) Basins {
	r := rand.New(rand.NewPCG(seed, 1))
	w := s.Window
	b := Basins{Surface: s, LR: lr, Starts: make([][]float64, starts), End: make([]int, starts)}
	for i := range b.End {
		x0 := []float64{w[0] + (w[1]-w[0])*r.Float64(), w[2] + (w[3]-w[2])*r.Float64()}
		opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr}))
		tr := gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: 3000, Tol: 1e-8}))
		b.Starts[i], b.End[i] = x0, EndedElsewhere
		if tr.Diverged {
			b.End[i] = EndedDiverged
			continue
		}
		end := tr.X[len(tr.X)-1]
		for j, m := range s.Minima {
			if math.Hypot(end[0]-m[0], end[1]-m[1]) < 1e-3 {
				b.End[i] = j
			}
		}
	}
	return b
}

// Count is the number of runs that ended at end (a minimum's index, EndedElsewhere or
// EndedDiverged).
func (b Basins) Count(end int) int {
	n := 0
	for _, e := range b.End {
		if e == end {
			n++
		}
	}
	return n
}

// Plot draws the starting points on the surface's contours, each coloured by the minimum its
// run reached; runs that reached none are drawn as grey rings, diverged runs as dark
// triangles (as the course's figures mark a divergence).
// The legend gives each minimum and how many runs ended there.
func (b Basins) Plot(title string) *plots.Plot {
	p := plots.Trajectories(b.Surface, plots.TrajectoryOptions{Title: title})
	add := func(end int, glyph draw.GlyphStyle, label string) {
		var pts plotter.XYs
		for i, e := range b.End {
			if e == end {
				pts = append(pts, plotter.XY{X: b.Starts[i][0], Y: b.Starts[i][1]})
			}
		}
		if len(pts) == 0 && end < 0 {
			return // no legend entry for what did not happen
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return
		}
		sc.GlyphStyle = glyph
		p.Add(sc)
		p.AddLegend(fmt.Sprintf("%s: %d", label, len(pts)), sc)
	}
	r := plots.Theme.Marker * 0.9
	for j, m := range b.Surface.Minima {
		add(j, draw.GlyphStyle{Color: plots.Color(j), Radius: r, Shape: draw.CircleGlyph{}},
			fmt.Sprintf("→ (%.2f, %.2f), f = %.3f", m[0], m[1], b.Surface.F(m)))
	}
	add(EndedElsewhere, draw.GlyphStyle{Color: plots.Theme.Contour, Radius: r, Shape: draw.RingGlyph{}}, "no minimum reached")
	add(EndedDiverged, draw.GlyphStyle{Color: plots.Theme.Diverged, Radius: r, Shape: draw.TriangleGlyph{}}, "diverged")
	return p
}
