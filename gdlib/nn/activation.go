package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

type actKind int

const (
	actInvalid actKind = iota
	actIdentity
	actSigmoid
	actTanh
	actReLU
	actLeakyReLU
)

// Activation is the function f applied entrywise after each hidden layer. Use the values
// Identity, Sigmoid, Tanh, ReLU or LeakyReLU(slope).
type Activation struct {
	kind  actKind
	slope float64
}

var (
	Identity = Activation{kind: actIdentity} // f(y) = y
	Sigmoid  = Activation{kind: actSigmoid}  // f(y) = 1/(1+e^{-y}), f' = f(1−f) ≤ 1/4
	Tanh     = Activation{kind: actTanh}     // f(y) = tanh y, f' = 1 − f² ≤ 1
	ReLU     = Activation{kind: actReLU}     // f(y) = max(0, y), f' = 1 for y > 0, else 0
)

// LeakyReLU is f(y) = y for y > 0 and slope·y otherwise; f' = 1 or slope (slope at y = 0).
// PyTorch's default slope is 0.01.
func LeakyReLU(slope float64) Activation { return Activation{kind: actLeakyReLU, slope: slope} }

// F is f(y).
func (a Activation) F(y float64) float64 {
	switch a.kind {
	case actSigmoid:
		return 1 / (1 + math.Exp(-y))
	case actTanh:
		return math.Tanh(y)
	case actReLU:
		return max(y, 0)
	case actLeakyReLU:
		if y > 0 {
			return y
		}
		return a.slope * y
	}
	return y
}

// Deriv is f'(y). At the kink y = 0, ReLU's derivative is taken as 0 (as PyTorch does).
func (a Activation) Deriv(y float64) float64 {
	switch a.kind {
	case actSigmoid:
		s := 1 / (1 + math.Exp(-y))
		return s * (1 - s)
	case actTanh:
		t := math.Tanh(y)
		return 1 - t*t
	case actReLU:
		if y > 0 {
			return 1
		}
		return 0
	case actLeakyReLU:
		if y > 0 {
			return 1
		}
		return a.slope
	}
	return 1
}

// maxDeriv is max_y f'(y), the scale used to call a unit saturated.
func (a Activation) maxDeriv() float64 {
	if a.kind == actSigmoid {
		return 0.25
	}
	return 1
}

func (a Activation) String() string {
	switch a.kind {
	case actIdentity:
		return "identity"
	case actSigmoid:
		return "sigmoid"
	case actTanh:
		return "tanh"
	case actReLU:
		return "relu"
	case actLeakyReLU:
		return fmt.Sprintf("leakyrelu(%g)", a.slope)
	}
	return "invalid"
}

type initKind int

const (
	initInvalid initKind = iota
	initNormal
	initXavierNormal
	initXavierUniform
	initHe
)

// Init is the scheme that draws the initial weights W_l (fan_in = n_l, fan_out = n_{l+1}).
// Biases and β start at 0, γ at 1. The schemes follow torch.nn.init with gain 1 (Xavier) and
// the ReLU gain √2 (He).
type Init struct {
	kind initKind
	std  float64
}

var (
	// XavierNormal (Glorot): W ~ N(0, 2/(fan_in+fan_out)).
	XavierNormal = Init{kind: initXavierNormal}
	// XavierUniform (Glorot): W ~ U(−a, a), a = √(6/(fan_in+fan_out)): the same variance.
	XavierUniform = Init{kind: initXavierUniform}
	// He (Kaiming, normal, fan_in mode): W ~ N(0, 2/fan_in), made for ReLU.
	He = Init{kind: initHe}
)

// Normal is the naive scheme W ~ N(0, std²) with a fixed std such as 0.01, whatever the layer size.
func Normal(std float64) Init { return Init{kind: initNormal, std: std} }

// draw fills w (fanIn×fanOut weights) from the scheme.
func (in Init) draw(w []float64, fanIn, fanOut int, rng *rand.Rand) {
	if in.kind == initXavierUniform {
		a := math.Sqrt(6 / float64(fanIn+fanOut))
		for i := range w {
			w[i] = a * (2*rng.Float64() - 1)
		}
		return
	}
	var std float64
	switch in.kind {
	case initNormal:
		std = in.std
	case initXavierNormal:
		std = math.Sqrt(2 / float64(fanIn+fanOut))
	case initHe:
		std = math.Sqrt(2 / float64(fanIn))
	}
	for i := range w {
		w[i] = std * rng.NormFloat64()
	}
}

func (in Init) String() string {
	switch in.kind {
	case initNormal:
		return fmt.Sprintf("normal(%g)", in.std)
	case initXavierNormal:
		return "xavier-normal"
	case initXavierUniform:
		return "xavier-uniform"
	case initHe:
		return "he"
	}
	return "invalid"
}

// Loss is the loss on the output Z_{L−1} of the last layer, averaged over the B examples of a
// batch.
type Loss int

const (
	_ Loss = iota
	// SoftmaxCrossEntropy: loss = (1/B) Σ_i −log p_{i,y_i}, p_i = softmax(z_i), integer labels
	// y_i. Its gradient is ∂loss/∂Z = (P − onehot(y)) / B. As torch.nn.CrossEntropyLoss.
	SoftmaxCrossEntropy
	// MSE: loss = (1/(2B)) Σ_i |z_i − t_i|², real targets t_i. Its gradient is (Z − T) / B.
	// Note the ½ and the sum over outputs: torch.nn.MSELoss has no ½ and averages over
	// outputs too, so its value is (2/n_L) times this one.
	MSE
)

func (l Loss) String() string {
	switch l {
	case SoftmaxCrossEntropy:
		return "softmax-cross-entropy"
	case MSE:
		return "mse"
	}
	return "invalid"
}
