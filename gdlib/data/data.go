// Package data holds the data sets of the Descent course: synthetic problems drawn from a
// seed (noisy linear regression, blobs, two moons, spirals, sparse features) and MNIST.
//
// A Dataset keeps one example per row of X. Regression sets fill Y; classification sets fill
// Labels (0..Classes-1). Everything random takes a seed (math/rand/v2's PCG), so the same call
// gives the same numbers on every run and machine.
package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a set of n examples with d features.
type Dataset struct {
	Name string
	// X holds one example per row (n×d).
	X *mat.Dense
	// Y holds the regression targets (length n), or nil for a classification set.
	Y []float64
	// Labels holds the class of each example in 0..Classes-1 (length n), or nil for a
	// regression set.
	Labels []int
	// Classes is the number of classes (0 for a regression set).
	Classes int
}

// N is the number of examples.
func (d Dataset) N() int {
	if d.X == nil {
		return 0
	}
	r, _ := d.X.Dims()
	return r
}

// Dim is the number of features.
func (d Dataset) Dim() int {
	if d.X == nil {
		return 0
	}
	_, c := d.X.Dims()
	return c
}

// Subset returns a new Dataset holding copies of the examples idx, in that order.
func (d Dataset) Subset(idx []int) Dataset {
	out := Dataset{Name: d.Name, Classes: d.Classes}
	dim := d.Dim()
	if len(idx) == 0 {
		return out
	}
	out.X = mat.NewDense(len(idx), dim, nil)
	if d.Y != nil {
		out.Y = make([]float64, len(idx))
	}
	if d.Labels != nil {
		out.Labels = make([]int, len(idx))
	}
	for k, i := range idx {
		copy(out.X.RawRowView(k), d.X.RawRowView(i))
		if d.Y != nil {
			out.Y[k] = d.Y[i]
		}
		if d.Labels != nil {
			out.Labels[k] = d.Labels[i]
		}
	}
	return out
}

// Split shuffles the examples with seed and returns the first round(frac·n) of them as train
// and the rest as heldOut (copies; d is unchanged). frac must be in (0, 1) and both parts must
// be non-empty.
func (d Dataset) Split(frac float64, seed uint64) (train, heldOut Dataset, err error) {
	n := d.N()
	if !(frac > 0 && frac < 1) {
		return Dataset{}, Dataset{}, fmt.Errorf("data: split fraction must be in (0, 1), got %g", frac)
	}
	k := int(math.Round(frac * float64(n)))
	if k < 1 || k > n-1 {
		return Dataset{}, Dataset{}, fmt.Errorf("data: splitting %d examples at %g leaves an empty part", n, frac)
	}
	perm := newRand(seed).Perm(n)
	train, heldOut = d.Subset(perm[:k]), d.Subset(perm[k:])
	return train, heldOut, nil
}

// ClassCounts returns the number of examples of each class.
func (d Dataset) ClassCounts() []int {
	c := make([]int, d.Classes)
	for _, l := range d.Labels {
		if l >= 0 && l < d.Classes {
			c[l]++
		}
	}
	return c
}

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// NoisyLinear draws n examples with d standard-normal features and targets
// y = w·x + b + noise·ε, ε ~ N(0, 1), where the true weights w and bias b are themselves
// standard normal draws. It returns the data and the true parameters [w_1 … w_d, b], in the
// layout of gdlib.LeastSquares.
func NoisyLinear(n, d int, noise float64, seed uint64) (Dataset, []float64, error) {
	if n < 1 || d < 1 {
		return Dataset{}, nil, fmt.Errorf("data: NoisyLinear needs n >= 1 and d >= 1, got n = %d, d = %d", n, d)
	}
	if noise < 0 || math.IsNaN(noise) {
		return Dataset{}, nil, fmt.Errorf("data: noise must be >= 0, got %g", noise)
	}
	r := newRand(seed)
	truth := make([]float64, d+1)
	for j := range truth {
		truth[j] = r.NormFloat64()
	}
	X := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		row := X.RawRowView(i)
		s := truth[d]
		for j := range row {
			row[j] = r.NormFloat64()
			s += truth[j] * row[j]
		}
		y[i] = s + noise*r.NormFloat64()
	}
	return Dataset{Name: fmt.Sprintf("NoisyLinear(n=%d,d=%d)", n, d), X: X, Y: y}, truth, nil
}

// Blobs draws n points in d >= 2 dimensions from `classes` Gaussian blobs with standard
// deviation spread around centers placed evenly on a circle of radius 3 in the first two
// coordinates (0 in the others); example i belongs to class i mod classes.
func Blobs(n, classes, d int, spread float64, seed uint64) (Dataset, error) {
	if n < 1 || classes < 2 || d < 2 {
		return Dataset{}, fmt.Errorf("data: Blobs needs n >= 1, classes >= 2, d >= 2; got %d, %d, %d", n, classes, d)
	}
	if spread < 0 || math.IsNaN(spread) {
		return Dataset{}, fmt.Errorf("data: spread must be >= 0, got %g", spread)
	}
	r := newRand(seed)
	X := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		c := i % classes
		labels[i] = c
		t := 2 * math.Pi * float64(c) / float64(classes)
		row := X.RawRowView(i)
		for j := range row {
			row[j] = spread * r.NormFloat64()
		}
		row[0] += 3 * math.Cos(t)
		row[1] += 3 * math.Sin(t)
	}
	return Dataset{Name: fmt.Sprintf("Blobs(%d classes)", classes), X: X, Labels: labels, Classes: classes}, nil
}

// TwoMoons draws n points in 2-D from two interleaving half circles (the construction of
// scikit-learn's make_moons): class 0 on (cos t, sin t), class 1 on (1 − cos t, 0.5 − sin t),
// t uniform in [0, π], plus Gaussian noise of standard deviation noise. Example i belongs to
// class i mod 2. Not linearly separable.
func TwoMoons(n int, noise float64, seed uint64) (Dataset, error) {
	if n < 2 {
		return Dataset{}, fmt.Errorf("data: TwoMoons needs n >= 2, got %d", n)
	}
	if noise < 0 || math.IsNaN(noise) {
		return Dataset{}, fmt.Errorf("data: noise must be >= 0, got %g", noise)
	}
	r := newRand(seed)
	X := mat.NewDense(n, 2, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		t := math.Pi * r.Float64()
		var x, y float64
		if i%2 == 0 {
			x, y = math.Cos(t), math.Sin(t)
		} else {
			x, y = 1-math.Cos(t), 0.5-math.Sin(t)
			labels[i] = 1
		}
		X.Set(i, 0, x+noise*r.NormFloat64())
		X.Set(i, 1, y+noise*r.NormFloat64())
	}
	return Dataset{Name: "TwoMoons", X: X, Labels: labels, Classes: 2}, nil
}

// Spirals draws n points in 2-D on `classes` interleaved spiral arms (the CS231n toy data):
// point j of arm c has radius ρ = j/m (m points on that arm) and angle 4c + 4ρ + noise·ε, at
// (ρ sin θ, ρ cos θ). Examples are ordered arm by arm; arm c holds examples
// ⌊cn/classes⌋ to ⌊(c+1)n/classes⌋ − 1, so the arms differ in size by at most one point.
func Spirals(n, classes int, noise float64, seed uint64) (Dataset, error) {
	if classes < 2 || n < classes {
		return Dataset{}, fmt.Errorf("data: Spirals needs classes >= 2 and n >= classes, got n = %d, classes = %d", n, classes)
	}
	if noise < 0 || math.IsNaN(noise) {
		return Dataset{}, fmt.Errorf("data: noise must be >= 0, got %g", noise)
	}
	r := newRand(seed)
	X := mat.NewDense(n, 2, nil)
	labels := make([]int, n)
	for c := 0; c < classes; c++ {
		lo, hi := c*n/classes, (c+1)*n/classes
		for i := lo; i < hi; i++ {
			rho := float64(i-lo) / float64(hi-lo)
			theta := 4*float64(c) + 4*rho + noise*r.NormFloat64()
			X.Set(i, 0, rho*math.Sin(theta))
			X.Set(i, 1, rho*math.Cos(theta))
			labels[i] = c
		}
	}
	return Dataset{Name: fmt.Sprintf("Spirals(%d arms)", classes), X: X, Labels: labels, Classes: classes}, nil
}

// SparseFeatures draws a regression problem for the AdaGrad lesson: `dense` features are
// standard normal in every example, `rare` features are 0 except with probability pRare,
// when they are 1 (like the occurrence of a rare word). Every feature is informative: the
// true weights are ±(1 + u), u uniform in [0, 1), with random signs, the bias is 0.5, and
// y = w·x + b + noise·ε. Because a rare feature's gradient is non-zero only in the few
// examples that contain it, plain SGD learns its weight slowly while AdaGrad gives it a larger
// effective learning rate. It returns the data and the true parameters [w, b]; the dense
// features come first.
func SparseFeatures(n, dense, rare int, pRare, noise float64, seed uint64) (Dataset, []float64, error) {
	if n < 1 || dense < 0 || rare < 0 || dense+rare < 1 {
		return Dataset{}, nil, fmt.Errorf("data: SparseFeatures needs n >= 1 and at least one feature, got n = %d, dense = %d, rare = %d", n, dense, rare)
	}
	if !(pRare > 0 && pRare <= 1) {
		return Dataset{}, nil, fmt.Errorf("data: pRare must be in (0, 1], got %g", pRare)
	}
	if noise < 0 || math.IsNaN(noise) {
		return Dataset{}, nil, fmt.Errorf("data: noise must be >= 0, got %g", noise)
	}
	r := newRand(seed)
	d := dense + rare
	truth := make([]float64, d+1)
	for j := 0; j < d; j++ {
		truth[j] = 1 + r.Float64()
		if r.IntN(2) == 0 {
			truth[j] = -truth[j]
		}
	}
	truth[d] = 0.5
	X := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		row := X.RawRowView(i)
		s := truth[d]
		for j := 0; j < dense; j++ {
			row[j] = r.NormFloat64()
			s += truth[j] * row[j]
		}
		for j := dense; j < d; j++ {
			if r.Float64() < pRare {
				row[j] = 1
				s += truth[j]
			}
		}
		y[i] = s + noise*r.NormFloat64()
	}
	name := fmt.Sprintf("SparseFeatures(dense=%d, rare=%d, p=%g)", dense, rare, pRare)
	return Dataset{Name: name, X: X, Y: y}, truth, nil
}
