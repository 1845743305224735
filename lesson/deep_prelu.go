package lesson

import (
	"fmt"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
)

// SlopeRun is one run of SlopeRace.
type SlopeRun struct {
	Label   string
	Slopes  [][]float64 // Slopes[l][e]: the negative-side slope of hidden layer l+1 after epoch e (e = 0: start)
	Loss    float64     // final training loss (+Inf: diverged)
	Acc     float64     // test accuracy (0 if diverged)
	History gdlib.History
}

// SlopeRace trains notebook 07's 784-64-64-64-10 network (He initialisation, the same
// initial weights for every run, plain SGD at learning rate eta, batches of 50, the first n
// MNIST training images) once with leaky ReLU at each fixed slope of fixed, and once with
// PReLU (nn.PReLUObjective: one slope per hidden layer, learned with the weights, starting
// at a0). It measures test accuracy on the first nTest test images and prints one row per
// run: final training loss, test accuracy, the slopes at the end.
func SlopeRace(n, nTest int, eta float64, epochs int, seed uint64, fixed []float64, a0 float64) []SlopeRun {
	pr := plots.NewProgress()
	defer pr.Done()
	train, test, err := data.MNISTSubset(n, nTest)
	if err != nil {
		landStop(err)
	}
	cfg := func(f nn.Activation) nn.Config {
		return nn.Config{Sizes: []int{784, 64, 64, 64, 10}, Activation: f, Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: seed}
	}
	train1 := func(label string, obj gdlib.Objective, p []float64, slopes func() []float64) SlopeRun {
		r := SlopeRun{Label: label, Slopes: make([][]float64, 3)}
		rec := func() {
			for l, a := range slopes() {
				r.Slopes[l] = append(r.Slopes[l], a)
			}
		}
		rec()
		h := must(gdlib.Train(obj, p, must(gdlib.NewSGD(len(p), gdlib.SGDConfig{LR: eta})), must(gdlib.MiniBatch(n, 50, seed)),
			gdlib.TrainOptions{Epochs: epochs, Label: label, Callback: func(e int, h *gdlib.History) bool {
				rec()
				return pr.Train(label, epochs)(e, h)
			}}))
		r.History = h
		r.Loss, _ = RunEnd(h)
		return r
	}
	var runs []SlopeRun
	for _, a := range fixed {
		net, obj := NetOnMNIST(n, cfg(nn.LeakyReLU(a)))
		r := train1(nn.LeakyReLU(a).String(), obj, net.Params(), func() []float64 { return []float64{a, a, a} })
		if !r.History.Diverged {
			r.Acc = net.Accuracy(test.X, test.Labels)
		}
		runs = append(runs, r)
	}
	net := must(nn.New(cfg(nn.ReLU)))
	obj := must(nn.NewPReLUObjective(net, train.X, train.Labels))
	p := obj.Start(a0)
	r := train1(fmt.Sprintf("prelu(start %g)", a0), obj, p, func() []float64 { return append([]float64(nil), obj.Slopes(p)...) })
	if !r.History.Diverged {
		r.Acc = obj.Accuracy(p, test.X, test.Labels)
	}
	runs = append(runs, r)
	fmt.Printf("%-20s %14s %14s   slope a at the end, hidden layers 1, 2, 3\n", "activation", "training loss", "test accuracy")
	for _, r := range runs {
		_, text := RunEnd(r.History)
		last := func(l int) float64 { return r.Slopes[l][len(r.Slopes[l])-1] }
		fmt.Printf("%-20s %14s %13.2f%%   %.3f  %.3f  %.3f\n", r.Label, text, 100*r.Acc, last(0), last(1), last(2))
	}
	return runs
}

// FinalSlopes is the slope of each hidden layer at the end of the run (after the last
// completed epoch, if the run diverged).
func (r SlopeRun) FinalSlopes() []float64 {
	a := make([]float64, len(r.Slopes))
	for l, s := range r.Slopes {
		a[l] = s[len(s)-1]
	}
	return a
}

// AccRange is the lowest and highest test accuracy of the runs.
func AccRange(runs []SlopeRun) (lo, hi float64) {
	lo, hi = runs[0].Acc, runs[0].Acc
	for _, r := range runs {
		lo, hi = min(lo, r.Acc), max(hi, r.Acc)
	}
	return lo, hi
}

// SlopeFigure draws the PReLU run's slope in each hidden layer against the epoch (solid,
// one colour per layer), with the fixed slopes of the leaky runs as dashed lines.
func SlopeFigure(runs []SlopeRun) *plots.Plot {
	var curves []plots.Curve
	last := runs[len(runs)-1]
	epochs := make([]float64, len(last.Slopes[0]))
	for e := range epochs {
		epochs[e] = float64(e)
	}
	for l, s := range last.Slopes {
		curves = append(curves, plots.Curve{Label: fmt.Sprintf("PReLU, layer %d", l+1), X: epochs, Y: s, Points: true, Color: plots.Color(l)})
	}
	for k, r := range runs[:len(runs)-1] {
		a := r.Slopes[0][0]
		curves = append(curves, plots.Curve{Label: r.Label, X: []float64{0, epochs[len(epochs)-1]}, Y: []float64{a, a},
			Dashed: true, Color: plots.Color(3 + k)})
	}
	return plots.Lines(plots.LinesOptions{Title: "PReLU's learned slope a, per hidden layer", XLabel: "epoch", YLabel: "slope a on the negative side", Curves: curves})
}
