package plots

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/descent-course/descent/gdlib/nn"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// InitScaleOptions configures InitScaleExplorer. The zero value gives the lesson's defaults.
type InitScaleOptions struct {
	// Width is the width of every layer, inputs and outputs included (default 64), Depth
	// the number of hidden layers (default 10) and Batch the number of inputs (default 64).
	Width, Depth, Batch int
	// Scales are the slider's multipliers s of the initial standard deviation (default
	// 2^(k/2) for k = −4 … 4: 0.25 to 4), Scale the one shown first (default 1).
	Scales []float64
	Scale  float64
	// Activations are the second slider's stops (default nn.Tanh, nn.Sigmoid, nn.ReLU), and
	// Activation the index of the one shown first. ReLU and leaky ReLU start from He's
	// standard deviation √(2/n), the others from Xavier's √(2/(n_in + n_out)) = 1/√n.
	Activations []nn.Activation
	Activation  int
	// Seed draws the weights (nn.Config.Seed), the inputs and the output gradient.
	Seed uint64
}

// InitScaleExplorer shows how the scale of the initial weights decides whether signals
// survive a deep network (gdlib/nn's MLP, Depth hidden layers of Width units), with a slider
// for the multiplier s of the standard deviation of Xavier's (tanh, sigmoid) or He's (ReLU)
// initialisation, log-spaced from 0.25 to 4, and one for the activation. On a batch of
// standard normal inputs it measures, layer by layer, (a) the standard deviation of the
// activations x_l = f(y_l), y_l = x_{l−1}W_l (from nn's Objective.Inspect), and (b) that of
// the gradient ∂L/∂x_l back-propagated from a standard normal gradient at the output (nn's
// weights, the chain rule dx_{l−1} = (dx_l ⊙ f'(y_l))W_lᵀ written out here; the tests check
// the weight gradients it implies against nn's).
//
// Dashed is the mean-field prediction for wide layers: with weights of variance σ_w² and
// n inputs per unit, the pre-activations are Gaussian with variance q_l, and
//
//	q_1 = nσ_w² E[x_0²],   q_{l+1} = nσ_w² E[f(z)²],   Var(x_l) = E[f(z)²] − E[f(z)]²,
//	Var(dx_{l−1}) = nσ_w² E[f'(z)²] Var(dx_l),   z ~ N(0, q_l),
//
// with the Gaussian expectations computed by quadrature (exactly for ReLU and the identity).
// With equal widths nσ_w² is s² for Xavier and 2s² for He. For ReLU, E[f(z)²] = q/2 and
// E[f'(z)²] = 1/2, so both variances are multiplied by s² at every layer: He's s = 1 keeps
// them, and any other s makes them grow or vanish geometrically, s^{2·Depth}. In the linear
// regime of tanh (small q, f(z) ≈ z) the same s² per layer holds; tanh saturates instead of
// growing. Sigmoid's slope is at most 1/4, so its gradients shrink about 4× per layer at s = 1.
func InitScaleExplorer(o InitScaleOptions) *Explorer {
	x, err := newInitExplorer(o)
	if err != nil {
		return &Explorer{Title: "Initialisation explorer", err: err}
	}
	return x.explorer()
}

// initExplorer holds what the frames of InitScaleExplorer share.
type initExplorer struct {
	o           InitScaleOptions
	in, gout    *mat.Dense // the inputs and the gradient at the output
	lo, hi      float64    // the y range of both panels
	acts, grads *Layer
}

func newInitExplorer(o InitScaleOptions) (*initExplorer, error) {
	x := &initExplorer{o: o}
	x.o.Width = orDefault(o.Width, 64)
	x.o.Depth = orDefault(o.Depth, 10)
	x.o.Batch = orDefault(o.Batch, 64)
	if x.o.Width < 2 || x.o.Depth < 2 || x.o.Batch < 2 {
		return nil, fmt.Errorf("plots: InitScaleExplorer: Width = %d, Depth = %d, Batch = %d, want at least 2 each", x.o.Width, x.o.Depth, x.o.Batch)
	}
	if x.o.Scales == nil {
		for k := -4; k <= 4; k++ {
			x.o.Scales = append(x.o.Scales, math.Pow(2, float64(k)/2))
		}
	}
	if x.o.Scale == 0 {
		x.o.Scale = 1
	}
	if x.o.Activations == nil {
		x.o.Activations = []nn.Activation{nn.Tanh, nn.Sigmoid, nn.ReLU}
	}
	if len(x.o.Scales) == 0 || len(x.o.Activations) == 0 {
		return nil, fmt.Errorf("plots: InitScaleExplorer: no slider stops")
	}
	for _, s := range x.o.Scales {
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("plots: InitScaleExplorer: scale %g, want a finite s > 0", s)
		}
	}
	for _, a := range x.o.Activations {
		if a.String() == "invalid" {
			return nil, fmt.Errorf("plots: InitScaleExplorer: an activation is not set (use nn.Tanh, nn.ReLU, …)")
		}
	}
	if x.o.Activation < 0 || x.o.Activation >= len(x.o.Activations) {
		return nil, fmt.Errorf("plots: InitScaleExplorer: Activation = %d, want 0 … %d", x.o.Activation, len(x.o.Activations)-1)
	}
	rng := rand.New(rand.NewPCG(x.o.Seed, 0x1d17))
	normal := func() *mat.Dense {
		m := mat.NewDense(x.o.Batch, x.o.Width, nil)
		for i := range x.o.Batch {
			for j := range x.o.Width {
				m.Set(i, j, rng.NormFloat64())
			}
		}
		return m
	}
	x.in, x.gout = normal(), normal()
	// s^{Depth} at the extreme scales, and sigmoid's gradients shrinking (s/4)^Depth.
	smin, smax := math.Inf(1), 0.0
	for _, s := range x.o.Scales {
		smin, smax = min(smin, s), max(smax, s)
	}
	d := float64(x.o.Depth)
	x.hi = max(10, math.Pow(10, math.Ceil(math.Log10(math.Sqrt2*math.Pow(max(smax, 1), d+1))+2.5)))
	x.lo = min(0.01, math.Pow(10, math.Floor(math.Log10(math.Pow(min(smin, 1)/4, d)))))
	x.lo = max(x.lo, 1e-30)
	return x, nil
}

// isReLU tells whether a is ReLU or leaky ReLU, which start from He's initialisation.
func isReLU(a nn.Activation) bool { return strings.Contains(a.String(), "relu") }

// gain is nσ_w² for the multiplier s: s² with Xavier, 2s² with He (equal widths).
func initGain(a nn.Activation, s float64) float64 {
	if isReLU(a) {
		return 2 * s * s
	}
	return s * s
}

// initLabel names an activation with its initialisation.
func initLabel(a nn.Activation) string {
	if isReLU(a) {
		return a.String() + ", He"
	}
	return a.String() + ", Xavier"
}

func (x *initExplorer) explorer() *Explorer {
	title := fmt.Sprintf("Initial scale: %d layers of %d units", x.o.Depth, x.o.Width)
	g := NewGrid(title, 2, x.panel("(a) std of activations x_l", &x.acts), x.panel("(b) std of gradients ∂L/∂x_l", &x.grads))
	g.Height = vg.Length(Theme.TitleSize)*1.6 + g.Width/2*1.3
	labels := make([]string, len(x.o.Activations))
	idx := make([]float64, len(x.o.Activations))
	for i, a := range x.o.Activations {
		labels[i], idx[i] = initLabel(a), float64(i)
	}
	return NewExplorer(title, g, x.frame,
		Param{Name: "scale s × std", Values: x.o.Scales, Default: nearest(x.o.Scales, x.o.Scale), Format: "%.2g", Play: true},
		Param{Name: "activation", Values: idx, Labels: labels, Default: x.o.Activation})
}

// initStats is what one network shows: for hidden layers l = 1 … Depth, the standard
// deviation of the activations and of the gradient with respect to them, measured.
type initStats struct {
	act, grad []float64
}

// network builds the MLP for activation a and multiplier s: nn.Normal(s·σ₀), σ₀ Xavier's or
// He's standard deviation for equal widths, with an MSE output (the loss of the gradient).
func (x *initExplorer) network(a nn.Activation, s float64) (*nn.MLP, error) {
	sizes := make([]int, x.o.Depth+2)
	for i := range sizes {
		sizes[i] = x.o.Width
	}
	std := s * math.Sqrt(initGain(a, 1)/float64(x.o.Width))
	return nn.New(nn.Config{Sizes: sizes, Activation: a, Init: nn.Normal(std), Loss: nn.MSE, Seed: x.o.Seed})
}

// stdOf is the standard deviation of the entries of v.
func stdOf(v []float64) float64 {
	var s, s2 float64
	for _, x := range v {
		s += x
		s2 += x * x
	}
	n := float64(len(v))
	m := s / n
	return math.Sqrt(max(s2/n-m*m, 0))
}

// measure runs the network on the inputs: the forward statistics from nn's Inspect (its own
// loss gradient is not used), then the gradients with respect to the hidden activations,
// back-propagated from the standard normal output gradient G with nn's weights. It also
// returns nn's network and LayerStats and the gradient dZ_l with respect to the output of
// every layer l, for the tests.
func (x *initExplorer) measure(a nn.Activation, s float64) (initStats, *nn.MLP, []nn.LayerStats, []*mat.Dense, error) {
	net, err := x.network(a, s)
	if err != nil {
		return initStats{}, nil, nil, nil, err
	}
	obj, err := nn.NewRegressionObjective(net, x.in, mat.NewDense(x.o.Batch, x.o.Width, nil))
	if err != nil {
		return initStats{}, nil, nil, nil, err
	}
	ls, _ := obj.Inspect(net.Params(), nil)
	L := net.NumLayers()
	st := initStats{act: make([]float64, L-1), grad: make([]float64, L-1)}
	dz := make([]*mat.Dense, L)
	dz[L-1] = mat.DenseCopyOf(x.gout)
	for l := L - 1; l >= 1; l-- {
		var dx mat.Dense // ∂L/∂x_l, x_l the input of layer l
		dx.Mul(dz[l], net.Layer(net.Params(), l).W.T())
		st.grad[l-1] = stdOf(dx.RawMatrix().Data)
		pre := ls[l-1].Pre // y of hidden layer l, B×n row-major
		d := dx.RawMatrix().Data
		for i := range d {
			d[i] *= a.Deriv(pre[i])
		}
		dz[l-1] = &dx
	}
	for l := range L - 1 {
		st.act[l] = stdOf(ls[l].Act)
	}
	return st, net, ls, dz, nil
}

// gaussMean is E[h(z)] for z ~ N(0, q), by Simpson's rule on ±12 standard deviations.
func gaussMean(h func(float64) float64, q float64) float64 {
	if q == 0 {
		return h(0)
	}
	const n = 2400 // even, with a node at 0 (where ReLU has its kink)
	sd := math.Sqrt(q)
	step := 24.0 / n
	var sum float64
	for i := 0; i <= n; i++ {
		u := -12 + step*float64(i)
		w := 2.0
		switch {
		case i == 0 || i == n:
			w = 1
		case i%2 == 1:
			w = 4
		}
		sum += w * h(sd*u) * math.Exp(-u*u/2)
	}
	return sum * step / 3 / math.Sqrt(2*math.Pi)
}

// meanField is the prediction of InitScaleExplorer's doc comment for hidden layers
// 1 … depth of width n, gain nσ_w² and inputs with E[x_0²] = m2: the standard deviations of
// the activations and of the gradients (for a gradient of variance 1 at the output).
func meanField(a nn.Activation, gain, m2 float64, depth int) (act, grad []float64) {
	return meanFieldOf(a, false, gain, m2, depth)
}

// linearRegime is meanField with f replaced by its linearisation at 0, f(0) + f'(0)z:
// E f = f(0), E f² = f(0)² + f'(0)²q, E f'² = f'(0)². For tanh (and the identity) both
// variances are multiplied by nσ_w² at every layer, s² with Xavier.
func linearRegime(a nn.Activation, gain, m2 float64, depth int) (act, grad []float64) {
	return meanFieldOf(a, true, gain, m2, depth)
}

func meanFieldOf(a nn.Activation, linear bool, gain, m2 float64, depth int) (act, grad []float64) {
	f0, d0 := a.F(0), a.Deriv(0)
	ef := func(q float64) (mean, sq, dsq float64) { // E f, E f², E f'²
		if linear {
			return f0, f0*f0 + d0*d0*q, d0 * d0
		}
		switch a.String() {
		case "identity":
			return 0, q, 1
		case "relu":
			return math.Sqrt(q / (2 * math.Pi)), q / 2, 0.5
		}
		return gaussMean(a.F, q), gaussMean(func(z float64) float64 { v := a.F(z); return v * v }, q),
			gaussMean(func(z float64) float64 { v := a.Deriv(z); return v * v }, q)
	}
	act, grad = make([]float64, depth), make([]float64, depth)
	dsq := make([]float64, depth)
	q := gain * m2
	for l := range depth {
		mean, sq, d := ef(q)
		act[l] = math.Sqrt(max(sq-mean*mean, 0))
		dsq[l] = d
		q = gain * sq
	}
	v := gain // through the output layer
	for l := depth - 1; l >= 0; l-- {
		grad[l] = math.Sqrt(v)
		v *= dsq[l] * gain
	}
	return act, grad
}

// perLayer is the geometric mean of v[l+1]/v[l]: the factor per layer.
func perLayer(v []float64) float64 {
	return math.Pow(v[len(v)-1]/v[0], 1/float64(len(v)-1))
}

func (x *initExplorer) frame(f *Frame) error {
	s := f.Values[0]
	a := x.o.Activations[f.Index[1]]
	st, _, _, _, err := x.measure(a, s)
	if err != nil {
		return err
	}
	tAct, tGrad := meanField(a, initGain(a, s), 1, x.o.Depth)
	lAct, lGrad := linearRegime(a, initGain(a, s), 1, x.o.Depth)
	col := Color(0)
	layers := make([]float64, x.o.Depth)
	for l := range layers {
		layers[l] = float64(l + 1)
	}
	for i, c := range [2][3][]float64{{st.act, tAct, lAct}, {st.grad, tGrad, lGrad}} {
		lay := []*Layer{x.acts, x.grads}[i]
		meas := zip(layers, floored(c[0], x.lo))
		if !isReLU(a) { // for ReLU, positively homogeneous, the linear regime is the mean field
			f.Add(lay, &polyline{xy: zip(layers, floored(c[2], x.lo)), style: dotted(Theme.Ink, Theme.Thin*2)})
		}
		f.Add(lay, &polyline{xy: meas, style: line(col, Theme.Line)},
			&marks{xy: meas, glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker, Shape: disc}},
			&polyline{xy: zip(layers, floored(c[1], x.lo)), style: dashed(Theme.Ink, Theme.Line*0.7)})
		m, t := perLayer(c[0]), perLayer(c[1])
		where, back := 0.0, ""
		if i == 1 { // gradients grow or shrink going back: say so, and keep clear of layer 1
			m, t, where, back = 1/m, 1/t, 1, " back"
		}
		first := fmt.Sprintf("×%.3g per layer%s", m, back)
		for l, v := range c[0] {
			if !(v > 0) || math.IsInf(v, 0) { // the signal overflowed, or vanished below the doubles
				first = fmt.Sprintf("std %g at layer %d", v, l+1)
				break
			}
		}
		f.Add(lay, TextBox{Text: first + fmt.Sprintf("\n- - theory ×%.3g", t), X: where, Y: 1,
			Colors: []color.Color{col, Theme.Ink}})
	}
	return nil
}

// panel is one of the two panels: a log axis over the range of every frame, layers on x,
// the quantity in the title (see explore_kit.go).
func (x *initExplorer) panel(title string, layer **Layer) *Plot {
	p := NewPlot(title, "hidden layer l", "")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0.5, float64(x.o.Depth)+0.5, x.lo, x.hi
	LogAxis(&p.Y)
	p.X.Tick.Marker = niceTicks{n: 5}
	p.Add(gridLines())
	p.Add(&polyline{xy: [][2]float64{{p.X.Min, 1}, {p.X.Max, 1}}, style: line(Theme.Contour, Theme.Thin)})
	if layer == &x.acts { // the key, where no frame draws: activations stay above s^Depth
		p.Add(TextBox{Text: "—— measured\n- - theory (mean field)\n··· f linearised at 0", X: 0, Y: 0, Colors: []color.Color{Color(0), Theme.Ink, Theme.Ink}})
	}
	*layer = NewLayer()
	p.Add(*layer)
	return p
}
