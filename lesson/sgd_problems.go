package lesson

import (
	"fmt"
	"image/color"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// LineFit is notebook 03's two-parameter regression: n points y = w*·x + b* + 0.5ε with one
// standard-normal feature x (data.NoisyLinear with the given seed), fitted by least squares
// L(w, b) = (1/n) Σ ½(w x_i + b − y_i)². It returns the objective and its full-batch loss as
// a surface whose Minima[0] is the exact minimiser (ŵ, b̂) from the normal equations, FMin the
// loss there, and Window a box around it that holds the start point (ŵ − 2.5, b̂ + 2) the
// notebook uses.
func LineFit(n int, seed uint64) (*gdlib.LeastSquares, gdlib.Surface) {
	ds, _, err := data.NoisyLinear(n, 1, 0.5, seed)
	if err != nil {
		panic(fmt.Sprintf("lesson.LineFit: %v", err))
	}
	obj := gdlib.Must(gdlib.NewLeastSquares(ds.X, ds.Y, 0))
	best := gdlib.Must(obj.Solve())
	s := gdlib.Must(gdlib.ObjectiveSurface(obj, "least squares"))
	s.Minima, s.FMin = [][]float64{best}, obj.Loss(best, nil)
	s.Window = [4]float64{best[0] - 3.5, best[0] + 1.5, best[1] - 1.5, best[1] + 3.5}
	return obj, s
}

// MNISTSoftmax is the course's softmax regression on MNIST (784 pixels → 10 classes, 7850
// parameters, cross-entropy), with L2 strength l2
// (0: none): the objective on the first nTrain training images, and the same loss on the first
// nTest test images as a held-out set (nil when nTest is 0). Without MNIST it stops the cell with
// one line.
func MNISTSoftmax(nTrain, nTest int, l2 float64) (train, heldOut *gdlib.Softmax) {
	tr, te, err := data.MNISTSubset(nTrain, nTest)
	if err != nil {
		landStop(err)
	}
	train = must(gdlib.NewSoftmax(tr.X, tr.Labels, 10, l2))
	if nTest > 0 {
		heldOut = must(gdlib.NewSoftmax(te.X, te.Labels, 10, l2))
	}
	return train, heldOut
}

// AddSteps draws, on p, a segment from the point from to from + d for each displacement d
// (such as −η·g_i, the step one example's gradient would take), in the palette colour
// plots.Color(colour) and the given width in points, with one legend entry for all of them.
func AddSteps(p *plots.Plot, from []float64, steps [][]float64, colour int, width float64, label string) {
	var c color.Color = plots.Color(colour)
	for i, d := range steps {
		l, err := plotter.NewLine(plotter.XYs{{X: from[0], Y: from[1]}, {X: from[0] + d[0], Y: from[1] + d[1]}})
		if err != nil {
			continue // a non-finite step: nothing to draw
		}
		l.Color, l.Width = c, vg.Points(width)
		p.Add(l)
		if i == 0 && label != "" {
			p.AddLegend(label, l)
		}
	}
}

// ExampleObjective is an objective that also gives the gradient of one example's loss
// (gdlib's LeastSquares, Logistic and Softmax do).
type ExampleObjective interface {
	gdlib.Objective
	ExampleLossGrad(grad, params []float64, i int) float64
}

// GradSpread returns, at params, the squared norm |g|² of the full gradient g and the total
// variance of the per-example gradients g_i, trΣ = (1/N) Σ|g_i|² − |g|²: the noise that one
// example's gradient carries.
func GradSpread(obj ExampleObjective, params []float64) (gg, trSigma float64) {
	g, gi := make([]float64, obj.Dim()), make([]float64, obj.Dim())
	obj.LossGrad(g, params, nil)
	var meanSq float64
	for i := range obj.N() {
		obj.ExampleLossGrad(gi, params, i)
		meanSq += sumSq(gi) / float64(obj.N())
	}
	gg = sumSq(g)
	return gg, meanSq - gg
}

// BatchNoise measures, at params, the mean squared error E|g_B − g|² of the gradient g_B of a
// random batch of B examples drawn without replacement (the first batch of a fresh shuffle,
// gdlib.MiniBatch from seed, epoch after epoch), over draws batches, and the standard error of
// that mean.
func BatchNoise(obj gdlib.Objective, params []float64, B, draws int, seed uint64) (mse, se float64) {
	g, gb := make([]float64, obj.Dim()), make([]float64, obj.Dim())
	obj.LossGrad(g, params, nil)
	batcher := gdlib.Must(gdlib.MiniBatch(obj.N(), B, seed))
	errs := make([]float64, draws)
	for e := range errs {
		batcher.Epoch(e)
		batch, _ := batcher.Next()
		obj.LossGrad(gb, params, batch)
		for j := range gb {
			gb[j] -= g[j]
		}
		errs[e] = sumSq(gb)
		mse += errs[e] / float64(draws)
	}
	return mse, StdErr(errs)
}

func sumSq(v []float64) (s float64) {
	for _, x := range v {
		s += x * x
	}
	return s
}
