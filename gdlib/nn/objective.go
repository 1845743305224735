package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Objective is the network's mean loss on a data set. It implements gdlib.Objective (N, Dim,
// Loss, LossGrad), so any gdlib optimizer or runner trains the network through it.
//
// Loss and LossGrad first copy their params argument into the network (MLP.SetParams; nothing
// is copied when params is net.Params() itself), so after a call the network holds the
// parameters last evaluated. Several Objectives may share one network (training and held-out
// data); an Objective reuses its buffers and is not safe for concurrent use.
type Objective struct {
	net     *MLP
	x       blas64.General // the data X, one example per row
	labels  []int          // class labels (softmax cross-entropy)
	targets blas64.General // target rows T (MSE)
	ws      work           // buffers of LossGrad, Inspect and HessVec
	eval    work           // forward-only buffers of Loss
	g       []float64      // scratch gradient for Inspect and the curvature helpers
	hv      hvScratch

	// Inference, when true, makes batch norm use its running statistics in Loss and
	// LossGrad (and LossGrad leaves them unchanged): set it on a held-out Objective. When
	// false (the default) batch norm normalises with the statistics of the batch, and
	// LossGrad moves the running averages, as a training step does. Without batch norm it
	// changes nothing.
	Inference bool
}

// NewObjective is the softmax cross-entropy of net on the rows of X with integer labels in
// 0..n_L−1. X is not copied: it must not change while the Objective is in use.
func NewObjective(net *MLP, X *mat.Dense, labels []int) (*Objective, error) {
	if net.cfg.Loss != SoftmaxCrossEntropy {
		return nil, fmt.Errorf("nn: NewObjective needs a softmax cross-entropy network, this one has loss %v (use NewRegressionObjective)", net.cfg.Loss)
	}
	r, c := X.Dims()
	if c != net.cfg.Sizes[0] {
		return nil, fmt.Errorf("nn: X has %d columns, the network %d inputs", c, net.cfg.Sizes[0])
	}
	if len(labels) != r {
		return nil, fmt.Errorf("nn: %d labels for %d rows of X", len(labels), r)
	}
	nOut := net.cfg.Sizes[len(net.cfg.Sizes)-1]
	for i, y := range labels {
		if y < 0 || y >= nOut {
			return nil, fmt.Errorf("nn: label %d of example %d is outside 0..%d", y, i, nOut-1)
		}
	}
	return &Objective{net: net, x: X.RawMatrix(), labels: labels}, nil
}

// NewRegressionObjective is the mean squared error of net on the rows of X against the
// rows of T (one target row of n_L values per example). X and T are not copied.
func NewRegressionObjective(net *MLP, X, T *mat.Dense) (*Objective, error) {
	if net.cfg.Loss != MSE {
		return nil, fmt.Errorf("nn: NewRegressionObjective needs an MSE network, this one has loss %v (use NewObjective)", net.cfg.Loss)
	}
	r, c := X.Dims()
	tr, tc := T.Dims()
	if c != net.cfg.Sizes[0] {
		return nil, fmt.Errorf("nn: X has %d columns, the network %d inputs", c, net.cfg.Sizes[0])
	}
	if tr != r || tc != net.cfg.Sizes[len(net.cfg.Sizes)-1] {
		return nil, fmt.Errorf("nn: T is %d×%d, want %d×%d", tr, tc, r, net.cfg.Sizes[len(net.cfg.Sizes)-1])
	}
	return &Objective{net: net, x: X.RawMatrix(), targets: T.RawMatrix()}, nil
}

// Net is the network the Objective evaluates.
func (o *Objective) Net() *MLP { return o.net }

// N is the number of examples.
func (o *Objective) N() int { return o.x.Rows }

// Dim is the number of parameters.
func (o *Objective) Dim() int { return len(o.net.params) }

// batchStats tells whether batch norm uses the statistics of the batch.
func (o *Objective) batchStats() bool { return !o.Inference }

// load prepares examples lo..hi−1 of the batch (of the whole data set when batch is nil):
// rows of X and T are viewed in place for the whole data set and gathered into the work
// buffers for an index batch.
func (o *Objective) load(ws *work, batch []int, lo, hi int) (x blas64.General, labels []int, t blas64.General) {
	if batch == nil {
		x = rowsOf(o.x, lo, hi)
		if o.labels != nil {
			labels = o.labels[lo:hi]
		} else {
			t = rowsOf(o.targets, lo, hi)
		}
		return x, labels, t
	}
	B, n0 := hi-lo, o.x.Cols
	ws.x0 = grow(ws.x0, B*n0)
	x = general(B, n0, ws.x0)
	for i, k := range batch[lo:hi] {
		copy(x.Data[i*n0:(i+1)*n0], o.x.Data[k*o.x.Stride:k*o.x.Stride+n0])
	}
	if o.labels != nil {
		ws.label = grow(ws.label, B)
		for i, k := range batch[lo:hi] {
			ws.label[i] = o.labels[k]
		}
		return x, ws.label, t
	}
	nL := o.targets.Cols
	ws.t = grow(ws.t, B*nL)
	t = general(B, nL, ws.t)
	for i, k := range batch[lo:hi] {
		copy(t.Data[i*nL:(i+1)*nL], o.targets.Data[k*o.targets.Stride:k*o.targets.Stride+nL])
	}
	return x, labels, t
}

func (o *Objective) size(batch []int) int {
	if batch == nil {
		return o.x.Rows
	}
	return len(batch)
}

// Loss is the mean loss over the examples in batch (all examples when batch is nil) at
// params. Without batch norm, or in Inference mode, large batches are evaluated in chunks of
// 1024 rows. With batch statistics the whole batch must be one pass, since every example's
// output depends on the batch mean and variance: its buffers (about 4·B·n_l floats per
// hidden layer, some 250 MB for 60000×128) are kept for the next call.
// Loss never changes the running statistics.
func (o *Objective) Loss(params []float64, batch []int) float64 {
	o.net.SetParams(params)
	B := o.size(batch)
	if B == 0 {
		return math.NaN()
	}
	chunk := B
	if !o.batchStats() || !o.net.cfg.BatchNorm {
		chunk = min(B, evalChunk)
	}
	o.eval.ensure(o.net, chunk, false)
	var sum float64
	for lo := 0; lo < B; lo += chunk {
		hi := min(lo+chunk, B)
		x, labels, t := o.load(&o.eval, batch, lo, hi)
		o.net.forward(&o.eval, x, o.batchStats(), false)
		sum += o.net.outputLoss(&o.eval, hi-lo, labels, t, false, 0)
	}
	return sum / float64(B)
}

// LossGrad writes the gradient of Loss(params, batch) into grad and returns the loss: one
// forward pass, then backpropagation (see the package doc). The whole batch is one pass;
// once the buffers have grown to the batch size, a call allocates nothing. Unless Inference
// is set, it also moves the batch-norm running averages. It panics if len(grad) != Dim().
func (o *Objective) LossGrad(grad, params []float64, batch []int) float64 {
	return o.lossGrad(grad, params, batch, o.batchStats())
}

func (o *Objective) lossGrad(grad, params []float64, batch []int, updateRunning bool) float64 {
	if len(grad) != len(o.net.params) {
		panic(fmt.Sprintf("nn: gradient of length %d, the network has %d parameters", len(grad), len(o.net.params)))
	}
	o.net.SetParams(params)
	B := o.size(batch)
	if B == 0 {
		clear(grad)
		return math.NaN()
	}
	o.ws.ensure(o.net, B, true)
	x, labels, t := o.load(&o.ws, batch, 0, B)
	o.net.forward(&o.ws, x, o.batchStats(), updateRunning)
	loss := o.net.outputLoss(&o.ws, B, labels, t, true, 1/float64(B)) / float64(B)
	o.net.backward(&o.ws, x, grad, o.batchStats())
	return loss
}

// LayerStats describes one layer in a forward and backward pass over a batch.
type LayerStats struct {
	// Pre holds the activation's input Y_l (after batch norm when on; for the last layer the
	// outputs Z_{L−1}), B×n_{l+1} row-major, one row per example.
	Pre []float64
	// Act holds X_{l+1} = f(Y_l) (for the last layer: the softmax probabilities, or the
	// predictions for MSE).
	Act []float64
	// GradNorm is |∂loss/∂W_l| (Frobenius norm) and WeightNorm is |W_l|.
	GradNorm, WeightNorm float64
	// Dead is the fraction of the layer's units whose input y is ≤ 0 for every example in
	// the batch: with ReLU such a unit outputs 0 and passes no gradient (it is dead on this
	// batch); with leaky ReLU it still passes slope times the gradient. 0 for the last layer.
	Dead float64
	// Saturated is the fraction of entries of Y_l where f'(y) < 0.01·max f' (for ReLU: y ≤ 0;
	// for sigmoid f' < 0.0025; for tanh f' < 0.01, i.e. |y| > 2.993). 0 for the last layer.
	Saturated float64
}

// Inspect runs one forward and backward pass on batch at params (as LossGrad does, without
// moving the running statistics) and returns per-layer statistics for plots: the values
// entering and leaving each activation, the gradient norm per layer, the dead-unit fraction.
// It also returns the loss. The slices are fresh copies.
func (o *Objective) Inspect(params []float64, batch []int) ([]LayerStats, float64) {
	if o.g == nil {
		o.g = make([]float64, o.Dim())
	}
	loss := o.lossGrad(o.g, params, batch, false)
	B := o.size(batch)
	m := o.net
	f := m.cfg.Activation
	stats := make([]LayerStats, len(m.layers))
	for l := range m.layers {
		ly := &m.layers[l]
		n := ly.out
		s := &stats[l]
		s.GradNorm = floats.Norm(ly.weights(o.g).Data, 2)
		s.WeightNorm = floats.Norm(ly.weights(m.params).Data, 2)
		if l == len(m.layers)-1 {
			s.Pre = append([]float64(nil), o.ws.z[l][:B*n]...)
			s.Act = s.Pre
			if m.cfg.Loss == SoftmaxCrossEntropy {
				s.Act = append([]float64(nil), o.ws.x[l][:B*n]...)
			}
			continue
		}
		s.Pre = append([]float64(nil), o.ws.y[l][:B*n]...)
		s.Act = append([]float64(nil), o.ws.x[l][:B*n]...)
		dead, sat := 0, 0
		for j := 0; j < n; j++ {
			alive := false
			for i := 0; i < B; i++ {
				y := s.Pre[i*n+j]
				alive = alive || y > 0
				if f.Deriv(y) < 0.01*f.maxDeriv() {
					sat++
				}
			}
			if !alive {
				dead++
			}
		}
		s.Dead = float64(dead) / float64(n)
		s.Saturated = float64(sat) / float64(B*n)
	}
	return stats, loss
}
