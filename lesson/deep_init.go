package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// PreActivationHistograms draws the distribution of the pre-activations of the given hidden
// layers (numbered from 1) out of nn.Objective.Inspect's statistics st: one outline per
// layer, its legend giving the mean μ and standard deviation σ (plots.Histograms).
func PreActivationHistograms(title string, st []nn.LayerStats, layers ...int) *plots.Plot {
	var series []plots.Series
	for _, l := range layers {
		series = append(series, plots.Series{Name: fmt.Sprintf("layer %d", l), Values: st[l-1].Pre})
	}
	return plots.Histograms(plots.HistogramOptions{Title: title, XLabel: "pre-activation value", Series: series})
}

// SmallSignalGain is E[f′(z)²] for a small zero-mean symmetric z: (f′(0⁺)² + f′(0⁻)²)/2.
// It is the share of a signal's variance a layer's activation passes on, forwards
// (E[f(z)²] = gain·Var z for a piecewise-linear f, ≈ for a smooth one near 0) and backwards
// (the gradient is multiplied by f′). ReLU 1/2, leaky ReLU with slope a (1 + a²)/2, tanh 1,
// sigmoid 1/16. Its inverse is the variance gain an initialisation needs: He's 2 for ReLU,
// 2/(1 + a²) for leaky ReLU, 1 for tanh (torch.nn.init.calculate_gain is its square root,
// except for tanh, where PyTorch uses 5/3 to allow for saturation).
func SmallSignalGain(f nn.Activation) float64 {
	up, down := f.Deriv(1e-9), f.Deriv(-1e-9)
	return (up*up + down*down) / 2
}

// Backprop is an independent forward and backward pass (gonum mat, one example per row) of
// net, without batch norm, with softmax cross-entropy on X, labels:
//
//	y_l = x_l W_l + b_l,  x_{l+1} = f(y_l);   δ_{L−1} = (softmax(y_{L−1}) − onehot)/B,
//	δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f′(y_l),   ∂L/∂W_l = x_lᵀ δ_l.
//
// It returns the pre-activations y_l and the gradients δ_l = ∂L/∂y_l of every layer.
func Backprop(net *nn.MLP, X *mat.Dense, labels []int) (pre, delta []*mat.Dense) {
	f, L, p := net.Config().Activation, net.NumLayers(), net.Params()
	x := X
	for l := range L {
		lv := net.Layer(p, l)
		y := new(mat.Dense)
		y.Mul(x, lv.W)
		y.Apply(func(_, j int, v float64) float64 { return v + lv.B[j] }, y)
		pre = append(pre, y)
		x = new(mat.Dense)
		x.Apply(func(_, _ int, v float64) float64 { return f.F(v) }, y)
	}
	B := float64(len(labels))
	d := new(mat.Dense)
	d.Apply(func(i, j int, v float64) float64 { // softmax row by row, minus the one-hot label
		row := pre[L-1].RawRowView(i)
		mx := math.Inf(-1)
		for _, z := range row {
			mx = math.Max(mx, z)
		}
		s := 0.0
		for _, z := range row {
			s += math.Exp(z - mx)
		}
		q := math.Exp(v-mx) / s
		if j == labels[i] {
			q--
		}
		return q / B
	}, pre[L-1])
	delta = make([]*mat.Dense, L)
	delta[L-1] = d
	for l := L - 2; l >= 0; l-- {
		g := new(mat.Dense)
		g.Mul(delta[l+1], net.Layer(p, l+1).W.T())
		g.Apply(func(i, j int, v float64) float64 { return v * f.Deriv(pre[l].At(i, j)) }, g)
		delta[l] = g
	}
	return pre, delta
}

// SignalRow is one initialisation in InitSignal.
type SignalRow struct {
	Init nn.Init
	// Forward and Backward are, per hidden layer 1..7, the standard deviation of the
	// pre-activations y_l and of their gradients δ_l = ∂L/∂y_l over the images.
	Forward, Backward []float64
	// Fwd and Bwd are the measured factors per layer: (std y_7/std y_1)^{1/6} forwards and
	// (std δ_1/std δ_7)^{1/6} backwards. Predicted is s·√(n·gain) with n = 64, s the
	// initialisation's standard deviation for a 64×64 layer and gain = SmallSignalGain(f).
	Fwd, Bwd, Predicted float64
	Stats               []nn.LayerStats // nn's Inspect of the network, for histograms
}

// InitStd is the standard deviation an initialisation draws for a fanIn×fanOut layer.
func InitStd(in nn.Init, fanIn, fanOut int) float64 {
	switch in.String() {
	case "xavier-normal", "xavier-uniform":
		return math.Sqrt(2 / float64(fanIn+fanOut))
	case "he":
		return math.Sqrt(2 / float64(fanIn))
	}
	var s float64
	fmt.Sscanf(in.String(), "normal(%g)", &s)
	return s
}

// InitSignal builds notebook 07's 784-64-…-64-10 network (seven hidden layers of 64 units,
// activation f) under each initialisation, runs the first n MNIST images through it once
// forwards and backwards (Backprop) and measures how the signal and the gradient change from
// layer to layer, against the prediction s·√(64·gain).
func InitSignal(n int, f nn.Activation, inits []nn.Init, seed uint64) []SignalRow {
	train, _, err := data.MNISTSubset(n, 0)
	if err != nil {
		landStop(err)
	}
	var rows []SignalRow
	for _, in := range inits {
		net, obj := NetOnMNIST(n, nn.Config{Sizes: []int{784, 64, 64, 64, 64, 64, 64, 64, 10},
			Activation: f, Init: in, Loss: nn.SoftmaxCrossEntropy, Seed: seed})
		r := SignalRow{Init: in, Predicted: InitStd(in, 64, 64) * math.Sqrt(64*SmallSignalGain(f))}
		r.Stats, _ = obj.Inspect(net.Params(), nil)
		pre, delta := Backprop(net, train.X, train.Labels)
		for l := range 7 {
			r.Forward = append(r.Forward, stat.PopStdDev(pre[l].RawMatrix().Data, nil))
			r.Backward = append(r.Backward, stat.PopStdDev(delta[l].RawMatrix().Data, nil))
		}
		r.Fwd = math.Pow(r.Forward[6]/r.Forward[0], 1.0/6)
		r.Bwd = math.Pow(r.Backward[0]/r.Backward[6], 1.0/6)
		rows = append(rows, r)
	}
	return rows
}

// PrintSignal prints InitSignal's rows: the standard deviations per layer forwards and
// backwards, and the measured factors per layer beside the prediction.
func PrintSignal(f nn.Activation, rows []SignalRow) {
	g := SmallSignalGain(f)
	fmt.Printf("%v: E[f′(z)²] = %.3g near z = 0, so the variance gain to keep the signal is 1/%.3g = %.3g\n", f, g, g, 1/g)
	fmt.Println("init           hidden layer:  1        4        7    factor/layer  predicted")
	for _, r := range rows {
		fmt.Printf("%-14s forward  %8.2g %8.2g %8.2g   %8.3f %10.3f\n", r.Init, r.Forward[0], r.Forward[3], r.Forward[6], r.Fwd, r.Predicted)
		fmt.Printf("%-14s backward %8.2g %8.2g %8.2g   %8.3f %10.3f\n", "", r.Backward[0], r.Backward[3], r.Backward[6], r.Bwd, r.Predicted)
	}
}

// SignalFigure draws InitSignal's standard deviations per layer, forwards (the
// pre-activations) or backwards (their gradients), measured (dots) and predicted from the
// first layer the signal reaches (dashed: layer 1 forwards, layer 7 backwards).
func SignalFigure(rows []SignalRow, backward bool) *plots.Plot {
	layer := []float64{1, 2, 3, 4, 5, 6, 7}
	var curves []plots.Curve
	for i, r := range rows {
		std, theory := r.Forward, make([]float64, 7)
		for l := range theory {
			theory[l] = std[0] * math.Pow(r.Predicted, float64(l))
		}
		if backward {
			std = r.Backward
			for l := range theory {
				theory[l] = std[6] * math.Pow(r.Predicted, float64(6-l))
			}
		}
		curves = append(curves, plots.Curve{Label: r.Init.String(), X: layer, Y: std, Points: true, Color: plots.Color(i)},
			plots.Curve{X: layer, Y: theory, Dashed: true, Color: plots.Color(i)})
	}
	title, y := "Signal forwards (dashed: predicted)", "std of pre-activations y (log)"
	if backward {
		title, y = "Gradient backwards (dashed: predicted)", "std of ∂L/∂y (log)"
	}
	return plots.Lines(plots.LinesOptions{Title: title, XLabel: "hidden layer", YLabel: y, LogY: true, Curves: curves})
}
