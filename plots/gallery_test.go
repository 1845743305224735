package plots

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/descent-course/descent/gdlib"
)

var galleryDir = flag.String("gallery", "", "directory to render every kind of figure into, as SVG")

// gallery lists one figure of each kind, as a reader of the course would see it.
func gallery() map[string]Figure {
	q := quadratic(1, 10)
	r := rosenbrock()
	ds := saddle()
	w := cubic1D()
	rosen := []gdlib.Trace{
		gd(r, "GD η=0.001", []float64{-1.5, 2}, 0.001, 0, 2000),
		gd(r, "momentum β=0.9", []float64{-1.5, 2}, 0.0002, 0.9, 2000),
	}
	wells := []gdlib.Trace{
		gd(ds, "from (0.05, 1.2)", []float64{0.05, 1.2}, 0.1, 0, 100),
		gd(ds, "from (−0.05, −1.2)", []float64{-0.05, -1.2}, 0.1, 0, 100),
		gd(ds, "η=2.5", []float64{1.5, 0.5}, 2.5, 0, 100),
	}
	traces := fiveTraces(q)
	sgd := []gdlib.History{
		sgdHistory("SGD batch 8", 3000, 0.002, 0.5, 1),
		sgdHistory("SGD batch 64", 3000, 0.003, 0.2, 2),
	}
	hyper := HeatMapOptions{
		Title: "Final loss after 20 epochs", RowLabel: "learning rate", ColLabel: "batch size",
		Rows: []string{"1", "0.3", "0.1", "0.03", "0.01"}, Cols: []string{"8", "16", "32", "64", "128"},
		Values: [][]float64{
			{math.NaN(), math.Inf(1), 0.9, 0.31, 0.22},
			{math.NaN(), 0.15, 0.08, 0.06, 0.09},
			{0.07, 0.05, 0.041, 0.05, 0.12},
			{0.09, 0.08, 0.1, 0.16, 0.35},
			{0.2, 0.25, 0.33, 0.5, 0.81},
		},
		LogColor: true,
	}
	layers := map[string][]float64{}
	rnd := func(seed uint64, f func(float64) float64) []float64 {
		r := newRand(seed)
		out := make([]float64, 5000)
		for i := range out {
			out[i] = f(r.NormFloat64())
		}
		return out
	}
	layers["layer 1"] = rnd(1, func(z float64) float64 { return math.Tanh(0.5 * z) })
	layers["layer 2"] = rnd(2, func(z float64) float64 { return math.Tanh(1.5 * z) })
	layers["layer 3"] = rnd(3, func(z float64) float64 { return math.Tanh(4 * z) })
	layers["layer 3"][7] = math.NaN()
	return map[string]Figure{
		"contour":          Trajectories(q, TrajectoryOptions{Title: "Gradient descent on a narrow quadratic", Traces: traces}),
		"contour-filled":   Trajectories(r, TrajectoryOptions{Title: "Rosenbrock's valley", Traces: rosen, Fill: true}),
		"contour-saddle":   Trajectories(ds, TrajectoryOptions{Title: "Two wells and a saddle", Traces: wells, Spacing: QuantileSpacing, Fill: true}),
		"contour-animated": Trajectories(q, TrajectoryOptions{Title: "Animated", Traces: traces[:3], Animate: 4 * time.Second}),
		"function": Function(w, FunctionOptions{Title: "GD on a 1-D double well", Derivative: true, Tangents: 3,
			Traces: []gdlib.Trace{gd(w, "η=0.1", []float64{-2.3}, 0.1, 0, 30), gd(w, "η=0.45", []float64{0.3}, 0.45, 0, 30)}}),
		"convergence": Convergence(ConvergenceOptions{Title: "Linear convergence", Traces: traces, Y: Gap,
			Rates: []Rate{Geometric(traces[0].F[0], 0.95)}}),
		"convergence-sgd":    Convergence(ConvergenceOptions{Title: "Noisy SGD, smoothed", Histories: sgd, Smooth: 0.98}),
		"convergence-epochs": Convergence(ConvergenceOptions{Title: "Train and held-out loss", Histories: sgd, X: Epochs, Linear: true}),
		"schedules": Schedules(ScheduleOptions{Title: "Learning-rate schedules", Steps: 300, Schedules: []NamedSchedule{
			{"constant", constLR(0.1)}, {"step ×0.5 every 100", stepLR{0.1, 0.5, 100}}, {"cosine", cosineLR{0.1, 300}}}}),
		"histograms": Histograms(HistogramOptions{Title: "Activations per layer", XLabel: "tanh activation", Series: SeriesOf(layers)}),
		"heatmap":    HeatMap(hyper),
		"lines":      lineFigure(),
		"grid": NewGrid("Small multiples", 2,
			Trajectories(q, TrajectoryOptions{Title: "η = 0.05", Traces: traces[:1]}),
			Trajectories(q, TrajectoryOptions{Title: "η = 0.18", Traces: traces[1:2]}),
			Convergence(ConvergenceOptions{Title: "gap", Traces: traces[:2], Y: Gap}),
			Schedules(ScheduleOptions{Title: "lr", Schedules: []NamedSchedule{{"cosine", cosineLR{0.1, 100}}}})),
	}
}

// TestRenderGallery writes the gallery to -gallery=DIR for a human to look at: each figure
// as SVG and as the PNG that Show sends.
func TestRenderGallery(t *testing.T) {
	if *galleryDir == "" {
		t.Skip("no -gallery directory")
	}
	if err := os.MkdirAll(*galleryDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, f := range gallery() {
		if err := Save(f, filepath.Join(*galleryDir, name+".svg")); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		png, err := PNG(f, screenDPI) // as Show sends it
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := os.WriteFile(filepath.Join(*galleryDir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
