package lesson

import (
	"fmt"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/floats"
)

// BlockErrors prints, for each layer of net, the relative difference |a − b|/(|a| + |b|)
// between two gradients a and b (in the network's parameter layout) over the layer's weights
// W and biases b, and returns the relative difference over all parameters.
func BlockErrors(net *nn.MLP, a, b []float64) float64 {
	rel := func(x, y []float64) float64 {
		return floats.Distance(x, y, 2) / (floats.Norm(x, 2) + floats.Norm(y, 2))
	}
	for l := range net.NumLayers() {
		la, lb := net.Layer(a, l), net.Layer(b, l)
		wa, wb := la.W.RawMatrix().Data, lb.W.RawMatrix().Data
		fmt.Printf("W%d (%2d parameters): nn vs central differences %.1e\n", l, len(wa), rel(wa, wb))
		fmt.Printf("b%d (%2d parameters): nn vs central differences %.1e\n", l, len(la.B), rel(la.B, lb.B))
	}
	return rel(a, b)
}

// ActivationFigure draws each activation f (solid) and its derivative f′ (dashed, the same
// colour) on z ∈ [−6, 6].
func ActivationFigure(acts ...nn.Activation) *plots.Plot {
	z := floats.Span(make([]float64, 241), -6, 6)
	var curves []plots.Curve
	for k, a := range acts {
		f, d := make([]float64, len(z)), make([]float64, len(z))
		for i, x := range z {
			f[i], d[i] = a.F(x), a.Deriv(x)
		}
		curves = append(curves, plots.Curve{Label: a.String(), X: z, Y: f, Color: plots.Color(k)},
			plots.Curve{Label: a.String() + "′", X: z, Y: d, Color: plots.Color(k), Dashed: true})
	}
	p := plots.Lines(plots.LinesOptions{Title: "Activations (solid) and their derivatives (dashed)", XLabel: "z", Curves: curves})
	p.Y.Min, p.Y.Max = -1.1, 1.6
	return p
}

// PlateauCrawl runs gradient descent with learning rate eta for at most steps steps on
// gdlib.SigmoidPlateau, f(x) = (σ(x) − 0.9)², from each start x0, and measures the steps
// taken to reach x = −2 (−1: not within steps). It prints them beside the prediction
// (e^{−x0} − e²)/(1.8η), from f′(x) ≈ −1.8eˣ for x ≪ 0: a step moves e^{−x} by about 1.8η.
func PlateauCrawl(eta float64, steps int, starts ...float64) (took []int, traces []gdlib.Trace) {
	s := gdlib.SigmoidPlateau()
	fmt.Println("  x0   steps to reach x = −2: measured   predicted (e^{−x0} − e^{2})/(1.8·η)")
	for _, x0 := range starts {
		tr := must(gdlib.Minimize(s, []float64{x0}, must(gdlib.NewSGD(1, gdlib.SGDConfig{LR: eta})),
			gdlib.RunOptions{Steps: steps, Label: fmt.Sprintf("x0 = %g", x0)}))
		k := slices.IndexFunc(tr.X, func(x []float64) bool { return x[0] >= -2 })
		took, traces = append(took, k), append(traces, tr)
		measured := fmt.Sprintf("%d", k)
		if k < 0 {
			measured = fmt.Sprintf("did not reach it in %d steps", steps)
		}
		fmt.Printf("%4g %30s %40.0f\n", x0, measured, (math.Exp(-x0)-math.Exp(2))/(1.8*eta))
	}
	return took, traces
}

// DepthRun is one network of DepthRace.
type DepthRun struct {
	Act           nn.Activation
	Before, After []float64 // |∂L/∂W_l| per layer at initialisation and after training (nil if diverged)
	History       gdlib.History
	Final         float64 // final training loss (+Inf: diverged)
}

// Ratio is |∂L/∂W_1|/|∂L/∂W_8| at initialisation; Spread is max/min of |∂L/∂W_l| over layers
// 2..8 at initialisation (layer 1 has 784 inputs, the others 32, so its norm sums more terms).
func (r DepthRun) Ratio() float64  { return r.Before[0] / r.Before[len(r.Before)-1] }
func (r DepthRun) Spread() float64 { return slices.Max(r.Before[1:]) / slices.Min(r.Before[1:]) }

// DepthRace trains notebook 07's deep, narrow network (784, seven hidden layers of 32, 10;
// Xavier initialisation) once per activation with plain SGD at learning rate eta, batches of
// 50, on the first 1000 MNIST images, measuring the per-layer weight-gradient norms
// (LayerGradNorms) before and after. It prints one row per activation.
func DepthRace(acts []nn.Activation, eta float64, epochs int, seed uint64) []DepthRun {
	pr := plots.NewProgress()
	defer pr.Done()
	var runs []DepthRun
	fmt.Println("activation   |∂L/∂W_1| / |∂L/∂W_8| at init   after training   final loss")
	for _, act := range acts {
		net, obj := NetOnMNIST(1000, nn.Config{Sizes: []int{784, 32, 32, 32, 32, 32, 32, 32, 10},
			Activation: act, Init: nn.XavierNormal, Loss: nn.SoftmaxCrossEntropy, Seed: seed})
		r := DepthRun{Act: act, Before: LayerGradNorms(obj, net.Params())}
		r.History = must(gdlib.Train(obj, net.Params(), must(gdlib.NewSGD(net.Dim(), gdlib.SGDConfig{LR: eta})),
			must(gdlib.MiniBatch(obj.N(), 50, seed)), gdlib.TrainOptions{Epochs: epochs, Label: act.String(), Callback: pr.Train(act.String(), epochs)}))
		after := "diverged"
		if !r.History.Diverged {
			r.After = LayerGradNorms(obj, net.Params())
			after = RatioText(r.After[0], r.After[7])
		}
		var end string
		r.Final, end = RunEnd(r.History)
		fmt.Printf("%-10s %31.2g %16s %12s\n", act, r.Ratio(), after, end)
		runs = append(runs, r)
	}
	return runs
}

// DepthFigure draws DepthRace's gradient norms per layer: at initialisation (solid) and after
// training (dashed), one colour per activation, on a log scale.
func DepthFigure(runs []DepthRun) *plots.Plot {
	layers := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	var curves []plots.Curve
	for i, r := range runs {
		curves = append(curves, plots.Curve{Label: r.Act.String(), X: layers, Y: r.Before, Color: plots.Color(i)})
		if r.After != nil {
			curves = append(curves, plots.Curve{X: layers, Y: r.After, Color: plots.Color(i), Dashed: true})
		}
	}
	return plots.Lines(plots.LinesOptions{Title: "|∂L/∂W| per layer: init (solid), trained (dashed)",
		XLabel: "layer (1 = next to the input)", YLabel: "|∂L/∂W| (log scale)", LogY: true, Curves: curves})
}

// BatchNormRuns trains notebook 07's 8-layer ReLU network (784, seven hidden layers of 64,
// 10) from each initialisation, without and then with batch norm, with SGD with momentum 0.9
// at learning rate eta, batches of 50, on the first 1000 MNIST images, the same batches for
// every run. It prints each run's final training loss and returns the histories in the order
// init 1 without, init 1 with, init 2 without, …, and the final losses without and with.
func BatchNormRuns(inits []nn.Init, eta float64, epochs int, seed uint64) (hists []gdlib.History, without, with []float64) {
	pr := plots.NewProgress()
	defer pr.Done()
	for _, in := range inits {
		for _, bn := range []bool{false, true} {
			net, obj := NetOnMNIST(1000, nn.Config{Sizes: []int{784, 64, 64, 64, 64, 64, 64, 64, 10},
				Activation: nn.ReLU, Init: in, BatchNorm: bn, Loss: nn.SoftmaxCrossEntropy, Seed: seed})
			label := in.String() + map[bool]string{false: "", true: " + batch norm"}[bn]
			opt := must(gdlib.NewMomentum(net.Dim(), gdlib.MomentumConfig{LR: eta, Momentum: 0.9}))
			h := must(gdlib.Train(obj, net.Params(), opt, must(gdlib.MiniBatch(obj.N(), 50, seed)),
				gdlib.TrainOptions{Epochs: epochs, Label: label, Callback: pr.Train(label, epochs)}))
			hists = append(hists, h)
			loss, text := RunEnd(h)
			if bn {
				with = append(with, loss)
			} else {
				without = append(without, loss)
			}
			fmt.Printf("%-28s final training loss %s\n", label, text)
		}
	}
	return hists, without, with
}

// CalmUpTo reports whether, at every rate of DeadSweep's runs up to top, neither activation
// diverged, at most maxDead of the first activation's units ended dead, and the two final
// losses are within a factor 1.3 of each other.
func CalmUpTo(rates []float64, runs [][]DeadRun, top, maxDead float64) bool {
	calm := true
	for k, lr := range rates {
		a, b := runs[0][k], runs[1][k]
		calm = calm && (lr > top || a.DivergedAt == 0 && b.DivergedAt == 0 && a.Final() <= maxDead && max(a.Loss, b.Loss) < 1.3*min(a.Loss, b.Loss))
	}
	return calm
}
