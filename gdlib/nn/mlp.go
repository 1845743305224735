package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Batch-norm constants, as torch.nn.BatchNorm1d: ε in √(σ² + ε), and the momentum m of the
// running averages  running = (1−m)·running + m·batch  (the variance average uses the
// unbiased batch variance, the normalisation the biased one, as PyTorch does).
const (
	BatchNormEps      = 1e-5
	BatchNormMomentum = 0.1
)

// Config describes a network.
type Config struct {
	Sizes      []int      // layer widths n_0 (inputs), n_1, ..., n_L (outputs); at least two
	Activation Activation // activation of the hidden layers; the last layer has none
	Init       Init       // initial weights
	BatchNorm  bool       // batch norm after every hidden dense layer, before the activation
	Loss       Loss       // loss on the output of the last layer
	Seed       uint64     // seed of the initial weights
}

// MLP is a multilayer perceptron. Its parameters are one flat vector (Params); its layers
// are offsets into that vector.
type MLP struct {
	cfg    Config
	params []float64
	layers []layer
}

// layer holds the offsets of one dense layer's parameters in the flat vector.
type layer struct {
	in, out     int
	w           int // W: in×out, row-major, at params[w : w+in*out]
	b           int // bias at params[b : b+out]; -1 with batch norm
	gamma, beta int // batch-norm scale and shift; -1 without batch norm
	// Running averages of the batch mean and variance (batch norm only). They are state,
	// not parameters: no gradient flows to them.
	runMean, runVar []float64
}

func (ly *layer) bn() bool { return ly.gamma >= 0 }

// New builds a network and draws its initial weights from cfg.Init with cfg.Seed.
func New(cfg Config) (*MLP, error) {
	if len(cfg.Sizes) < 2 {
		return nil, errors.New("nn: Config.Sizes needs at least an input and an output size")
	}
	for _, n := range cfg.Sizes {
		if n < 1 {
			return nil, fmt.Errorf("nn: layer size %d in %v; sizes must be positive", n, cfg.Sizes)
		}
	}
	if cfg.Activation.kind == actInvalid {
		return nil, errors.New("nn: Config.Activation not set (use nn.ReLU, nn.Tanh, ...)")
	}
	if cfg.Init.kind == initInvalid {
		return nil, errors.New("nn: Config.Init not set (use nn.He, nn.XavierNormal, ...)")
	}
	if cfg.Init.kind == initNormal && !(cfg.Init.std > 0) {
		return nil, fmt.Errorf("nn: Normal(%g): the standard deviation must be positive", cfg.Init.std)
	}
	if cfg.Loss != SoftmaxCrossEntropy && cfg.Loss != MSE {
		return nil, errors.New("nn: Config.Loss not set (use nn.SoftmaxCrossEntropy or nn.MSE)")
	}
	if cfg.Loss == SoftmaxCrossEntropy && cfg.Sizes[len(cfg.Sizes)-1] < 2 {
		return nil, errors.New("nn: softmax cross-entropy needs at least two outputs")
	}
	cfg.Sizes = append([]int(nil), cfg.Sizes...)

	m := &MLP{cfg: cfg}
	dim := 0
	for l := 0; l+1 < len(cfg.Sizes); l++ {
		ly := layer{in: cfg.Sizes[l], out: cfg.Sizes[l+1], w: dim, b: -1, gamma: -1, beta: -1}
		dim += ly.in * ly.out
		if cfg.BatchNorm && l+2 < len(cfg.Sizes) {
			ly.gamma, ly.beta = dim, dim+ly.out
			dim += 2 * ly.out
			ly.runMean = make([]float64, ly.out)
			ly.runVar = make([]float64, ly.out)
		} else {
			ly.b = dim
			dim += ly.out
		}
		m.layers = append(m.layers, ly)
	}
	m.params = make([]float64, dim)
	m.Reinit(cfg.Seed)
	return m, nil
}

// Reinit draws fresh initial parameters with the given seed (weights from the Init scheme,
// b = β = 0, γ = 1) and resets the batch-norm running statistics (mean 0, variance 1).
func (m *MLP) Reinit(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for i := range m.layers {
		ly := &m.layers[i]
		m.cfg.Init.draw(m.params[ly.w:ly.w+ly.in*ly.out], ly.in, ly.out, rng)
		if ly.bn() {
			for j := 0; j < ly.out; j++ {
				m.params[ly.gamma+j], m.params[ly.beta+j] = 1, 0
				ly.runMean[j], ly.runVar[j] = 0, 1
			}
		} else {
			clear(m.params[ly.b : ly.b+ly.out])
		}
	}
}

// Config returns the configuration the network was built from.
func (m *MLP) Config() Config { c := m.cfg; c.Sizes = append([]int(nil), c.Sizes...); return c }

// Params is the flat parameter vector itself (not a copy): writing to it changes the network.
func (m *MLP) Params() []float64 { return m.params }

// Dim is the number of parameters, len(Params()).
func (m *MLP) Dim() int { return len(m.params) }

// NumLayers is the number L of dense layers.
func (m *MLP) NumLayers() int { return len(m.layers) }

// SetParams copies p into the network's parameters. It panics if len(p) != Dim().
func (m *MLP) SetParams(p []float64) {
	if len(p) != len(m.params) {
		panic(fmt.Sprintf("nn: %d parameters given, the network has %d", len(p), len(m.params)))
	}
	if len(p) > 0 && &p[0] != &m.params[0] {
		copy(m.params, p)
	}
}

// LayerView is one layer's part of a vector with the parameter layout.
type LayerView struct {
	W           *mat.Dense // n_l×n_{l+1}, sharing memory with the vector
	B           []float64  // bias; nil with batch norm
	Gamma, Beta []float64  // batch-norm scale and shift; nil without batch norm
}

// Layer cuts layer l (0 ≤ l < NumLayers) out of v, a vector with the parameter layout: the
// parameters themselves (Params), a gradient, an update. The views share v's memory.
func (m *MLP) Layer(v []float64, l int) LayerView {
	if len(v) != len(m.params) {
		panic(fmt.Sprintf("nn: vector of length %d, the network has %d parameters", len(v), len(m.params)))
	}
	ly := &m.layers[l]
	lv := LayerView{W: mat.NewDense(ly.in, ly.out, v[ly.w:ly.w+ly.in*ly.out])}
	if ly.bn() {
		lv.Gamma = v[ly.gamma : ly.gamma+ly.out]
		lv.Beta = v[ly.beta : ly.beta+ly.out]
	} else {
		lv.B = v[ly.b : ly.b+ly.out]
	}
	return lv
}

// RunningStats returns the batch-norm running mean and variance of hidden layer l (the
// network's own slices), or nil, nil when layer l has no batch norm.
func (m *MLP) RunningStats(l int) (mean, variance []float64) {
	return m.layers[l].runMean, m.layers[l].runVar
}

// weights is W_l of the vector v as a BLAS matrix.
func (ly *layer) weights(v []float64) blas64.General {
	return blas64.General{Rows: ly.in, Cols: ly.out, Stride: ly.out, Data: v[ly.w : ly.w+ly.in*ly.out]}
}

// Permute reorders the hidden units that layer l outputs (0 ≤ l < NumLayers−1): new unit j
// is old unit perm[j]. It moves column perm[j] of W_l to column j, likewise b_l (or γ_l, β_l
// and the running statistics), and row perm[j] of W_{l+1} to row j. The network computes
// the same function with different parameters: there are n! such copies of every layer of n
// hidden units.
func (m *MLP) Permute(l int, perm []int) error {
	if l < 0 || l >= len(m.layers)-1 {
		return fmt.Errorf("nn: Permute(%d): only hidden layers 0..%d can be permuted", l, len(m.layers)-2)
	}
	ly, next := &m.layers[l], &m.layers[l+1]
	n := ly.out
	if len(perm) != n {
		return fmt.Errorf("nn: Permute(%d): permutation of length %d, the layer has %d units", l, len(perm), n)
	}
	seen := make([]bool, n)
	for _, p := range perm {
		if p < 0 || p >= n || seen[p] {
			return fmt.Errorf("nn: Permute(%d): %v is not a permutation of 0..%d", l, perm, n-1)
		}
		seen[p] = true
	}
	old := append([]float64(nil), m.params...)
	permuteVec := func(dst, src []float64) {
		for j, p := range perm {
			dst[j] = src[p]
		}
	}
	for i := 0; i < ly.in; i++ { // columns of W_l
		permuteVec(m.params[ly.w+i*n:ly.w+(i+1)*n], old[ly.w+i*n:ly.w+(i+1)*n])
	}
	for j, p := range perm { // rows of W_{l+1}
		copy(m.params[next.w+j*next.out:next.w+(j+1)*next.out], old[next.w+p*next.out:next.w+(p+1)*next.out])
	}
	if ly.bn() {
		permuteVec(m.params[ly.gamma:ly.gamma+n], old[ly.gamma:ly.gamma+n])
		permuteVec(m.params[ly.beta:ly.beta+n], old[ly.beta:ly.beta+n])
		permuteVec(ly.runMean, append([]float64(nil), ly.runMean...))
		permuteVec(ly.runVar, append([]float64(nil), ly.runVar...))
	} else {
		permuteVec(m.params[ly.b:ly.b+n], old[ly.b:ly.b+n])
	}
	return nil
}

// Forward returns the network's outputs for the rows of X (logits for softmax cross-entropy,
// predictions for MSE), one row per example. Batch norm uses its running statistics
// (inference mode), so each row's output depends on that row alone.
func (m *MLP) Forward(X *mat.Dense) *mat.Dense {
	r, c := X.Dims()
	if c != m.cfg.Sizes[0] {
		panic(fmt.Sprintf("nn: Forward: X has %d columns, the network %d inputs", c, m.cfg.Sizes[0]))
	}
	nOut := m.cfg.Sizes[len(m.cfg.Sizes)-1]
	out := mat.NewDense(r, nOut, nil)
	ws := &work{}
	x := X.RawMatrix()
	for lo := 0; lo < r; lo += evalChunk {
		hi := min(lo+evalChunk, r)
		ws.ensure(m, hi-lo, false)
		m.forward(ws, rowsOf(x, lo, hi), false, false)
		z := ws.z[len(m.layers)-1]
		for i := lo; i < hi; i++ {
			copy(out.RawRowView(i), z[(i-lo)*nOut:(i-lo+1)*nOut])
		}
	}
	return out
}

// Predict returns the predicted class (the index of the largest output) of each row of X.
func (m *MLP) Predict(X *mat.Dense) []int {
	out := m.Forward(X)
	r, _ := out.Dims()
	pred := make([]int, r)
	for i := range pred {
		row := out.RawRowView(i)
		for j, v := range row {
			if v > row[pred[i]] {
				pred[i] = j
			}
		}
	}
	return pred
}

// Accuracy is the fraction of rows of X whose predicted class equals the label.
func (m *MLP) Accuracy(X *mat.Dense, labels []int) float64 {
	pred := m.Predict(X)
	if len(pred) != len(labels) {
		panic(fmt.Sprintf("nn: Accuracy: %d rows, %d labels", len(pred), len(labels)))
	}
	right := 0
	for i, p := range pred {
		if p == labels[i] {
			right++
		}
	}
	if len(pred) == 0 {
		return math.NaN()
	}
	return float64(right) / float64(len(pred))
}
