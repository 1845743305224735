package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// PReLUObjective is the softmax cross-entropy of an MLP whose hidden activations are the
// parametric ReLU of He et al. (2015, "Delving deep into rectifiers"):
//
//	f(y) = y for y > 0,   f(y) = a_l·y for y ≤ 0,
//
// with one slope a_l per hidden layer (the paper's "channel-shared" variant) learned by
// gradient descent with the weights. Leaky ReLU is the same function with a fixed a. The
// parameter vector is the MLP's own layout (MLP.Params, MLP.Layer) followed by the L−1 slopes
// a_1, …, a_{L−1}; Dim = MLP.Dim() + L − 1. The backward pass is the chain rule of
// backprop.go plus, per hidden layer,
//
//	∂loss/∂y = ∂loss/∂x · (1 if y > 0 else a_l),   ∂loss/∂a_l = Σ_{entries with y ≤ 0} ∂loss/∂x · y.
//
// The MLP supplies the layout, the sizes and the initial weights only (its Activation is not
// used); it must have softmax cross-entropy loss and no batch norm. The products go through
// gonum's mat (and so through whatever BLAS gonum's blas64 uses). Not safe for concurrent use.
type PReLUObjective struct {
	net    *MLP
	x      *mat.Dense
	labels []int
	hidden int
}

// NewPReLUObjective returns the objective on examples X (one per row) with integer labels.
func NewPReLUObjective(net *MLP, X *mat.Dense, labels []int) (*PReLUObjective, error) {
	cfg := net.Config()
	if cfg.BatchNorm || cfg.Loss != SoftmaxCrossEntropy {
		return nil, fmt.Errorf("nn: PReLU objective needs softmax cross-entropy and no batch norm")
	}
	n, d := X.Dims()
	if d != cfg.Sizes[0] || n != len(labels) || n == 0 {
		return nil, fmt.Errorf("nn: PReLU objective: X is %d×%d with %d labels; the network takes %d inputs", n, d, len(labels), cfg.Sizes[0])
	}
	k := cfg.Sizes[len(cfg.Sizes)-1]
	for i, y := range labels {
		if y < 0 || y >= k {
			return nil, fmt.Errorf("nn: PReLU objective: label %d of example %d is outside 0..%d", y, i, k-1)
		}
	}
	return &PReLUObjective{net: net, x: X, labels: labels, hidden: net.NumLayers() - 1}, nil
}

// N is the number of examples.
func (o *PReLUObjective) N() int { r, _ := o.x.Dims(); return r }

// Dim is the MLP's parameter count plus one slope per hidden layer.
func (o *PReLUObjective) Dim() int { return o.net.Dim() + o.hidden }

// Start is a parameter vector to train from: a copy of the MLP's parameters followed by the
// slope a0 in every hidden layer (He et al. start at 0.25).
func (o *PReLUObjective) Start(a0 float64) []float64 {
	p := append(append([]float64(nil), o.net.Params()...), make([]float64, o.hidden)...)
	for l := range o.hidden {
		p[o.net.Dim()+l] = a0
	}
	return p
}

// Slopes is the view of the slopes a_1, …, a_{L−1} in a parameter vector.
func (o *PReLUObjective) Slopes(params []float64) []float64 { return params[o.net.Dim():] }

// Loss is the mean cross-entropy over batch (all examples when nil).
func (o *PReLUObjective) Loss(params []float64, batch []int) float64 {
	return o.eval(nil, params, o.rows(batch), o.labelsOf(batch), nil)
}

// LossGrad writes the gradient of Loss into grad and returns the loss.
func (o *PReLUObjective) LossGrad(grad, params []float64, batch []int) float64 {
	return o.eval(grad, params, o.rows(batch), o.labelsOf(batch), nil)
}

// Accuracy is the fraction of the examples of X whose label is the class with the largest
// output (the first on ties).
func (o *PReLUObjective) Accuracy(params []float64, X *mat.Dense, labels []int) float64 {
	hit := 0
	o.eval(nil, params, X, labels, &hit)
	return float64(hit) / float64(len(labels))
}

func (o *PReLUObjective) rows(batch []int) *mat.Dense {
	if batch == nil {
		return o.x
	}
	_, d := o.x.Dims()
	x := mat.NewDense(len(batch), d, nil)
	for i, j := range batch {
		x.SetRow(i, o.x.RawRowView(j))
	}
	return x
}

func (o *PReLUObjective) labelsOf(batch []int) []int {
	if batch == nil {
		return o.labels
	}
	y := make([]int, len(batch))
	for i, j := range batch {
		y[i] = o.labels[j]
	}
	return y
}

// eval runs the forward pass on X, and the backward pass when grad is not nil; with hit not
// nil it counts the correct predictions instead of needing the loss.
func (o *PReLUObjective) eval(grad, params []float64, X *mat.Dense, labels []int, hit *int) float64 {
	m, L := o.net, o.net.NumLayers()
	if len(params) != o.Dim() {
		panic(fmt.Sprintf("nn: PReLU objective has %d parameters, got %d", o.Dim(), len(params)))
	}
	core, slopes := params[:m.Dim()], params[m.Dim():]
	B := len(labels)
	ins := []*mat.Dense{X} // ins[l] is the input of layer l
	pres := make([]*mat.Dense, L)
	for l := range L {
		lv := m.Layer(core, l)
		_, n := lv.W.Dims()
		y := mat.NewDense(B, n, nil)
		y.Mul(ins[l], lv.W)
		for i := range B {
			row := y.RawRowView(i)
			for j := range row {
				row[j] += lv.B[j]
			}
		}
		pres[l] = y
		if l < L-1 {
			a := slopes[l]
			x := mat.NewDense(B, n, nil)
			x.Apply(func(_, _ int, v float64) float64 {
				if v > 0 {
					return v
				}
				return a * v
			}, y)
			ins = append(ins, x)
		}
	}
	// Softmax and the loss; the output pre-activations become ∂loss/∂z = (p − onehot)/B.
	z := pres[L-1]
	loss := 0.0
	for i, yi := range labels {
		row := z.RawRowView(i)
		mx, arg := math.Inf(-1), 0
		for j, v := range row {
			if v > mx {
				mx, arg = v, j
			}
		}
		if hit != nil && arg == yi {
			*hit++
		}
		s := 0.0
		for j, v := range row {
			row[j] = math.Exp(v - mx)
			s += row[j]
		}
		loss -= math.Log(row[yi] / s)
		for j := range row {
			row[j] /= s * float64(B)
		}
		row[yi] -= 1 / float64(B)
	}
	loss /= float64(B)
	if grad == nil {
		return loss
	}
	gcore, gslopes := grad[:m.Dim()], grad[m.Dim():]
	delta := z
	for l := L - 1; l >= 0; l-- {
		g, lv := m.Layer(gcore, l), m.Layer(core, l)
		g.W.Mul(ins[l].T(), delta)
		for j := range g.B {
			g.B[j] = 0
		}
		for i := range B {
			for j, v := range delta.RawRowView(i) {
				g.B[j] += v
			}
		}
		if l == 0 {
			break
		}
		var dx mat.Dense
		dx.Mul(delta, lv.W.T()) // ∂loss/∂x_l, then ∂loss/∂y_{l−1} in place
		a, da := slopes[l-1], 0.0
		y := pres[l-1]
		r, c := dx.Dims()
		for i := range r {
			drow, yrow := dx.RawRowView(i), y.RawRowView(i)
			for j := range c {
				if yrow[j] <= 0 {
					da += drow[j] * yrow[j]
					drow[j] *= a
				}
			}
		}
		gslopes[l-1] = da
		delta = &dx
	}
	return loss
}
