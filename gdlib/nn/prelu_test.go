package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descent-course/descent/gdlib"
)

var _ gdlib.Objective = (*PReLUObjective)(nil)

func preluData(n, d, k int, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	X := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	for i := range n {
		for j := range d {
			X.Set(i, j, rng.NormFloat64())
		}
		labels[i] = rng.IntN(k)
	}
	return X, labels
}

// With every slope fixed at a, the PReLU objective is the leaky-ReLU network of Objective
// (a second implementation): the same loss, weight gradients and accuracy.
func TestPReLUMatchesLeakyReLU(t *testing.T) {
	X, labels := preluData(12, 4, 3, 1)
	for _, a := range []float64{0, 0.1, 0.25} {
		net, err := New(Config{Sizes: []int{4, 6, 5, 3}, Activation: LeakyReLU(a), Init: He, Loss: SoftmaxCrossEntropy, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		leaky, _ := NewObjective(net, X, labels)
		pr, err := NewPReLUObjective(net, X, labels)
		if err != nil {
			t.Fatal(err)
		}
		p := pr.Start(a)
		if pr.Dim() != net.Dim()+2 || len(pr.Slopes(p)) != 2 || pr.Slopes(p)[1] != a {
			t.Fatalf("layout: Dim %d, net %d, slopes %v", pr.Dim(), net.Dim(), pr.Slopes(p))
		}
		for _, batch := range [][]int{nil, {3, 0, 7, 7, 11}} {
			g1, g2 := make([]float64, net.Dim()), make([]float64, pr.Dim())
			l1 := leaky.LossGrad(g1, net.Params(), batch)
			l2 := pr.LossGrad(g2, p, batch)
			if math.Abs(l1-l2) > 1e-13*math.Abs(l1) || math.Abs(pr.Loss(p, batch)-l1) > 1e-13*math.Abs(l1) {
				t.Errorf("a = %g: loss %v against leaky %v", a, l2, l1)
			}
			if d := floats.Distance(g1, g2[:net.Dim()], math.Inf(1)); d > 1e-13 {
				t.Errorf("a = %g: weight gradients differ by %g", a, d)
			}
		}
		if acc, want := pr.Accuracy(p, X, labels), net.Accuracy(X, labels); acc != want {
			t.Errorf("a = %g: accuracy %v, MLP.Accuracy %v", a, acc, want)
		}
	}
}

// The whole gradient, the slopes' entries included, against central differences.
func TestPReLUGradientCheck(t *testing.T) {
	X, labels := preluData(10, 4, 3, 2)
	net, _ := New(Config{Sizes: []int{4, 5, 5, 3}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 5})
	pr, _ := NewPReLUObjective(net, X, labels)
	p := pr.Start(0.2)
	g := make([]float64, pr.Dim())
	pr.LossGrad(g, p, nil)
	const h = 1e-6
	for i := range p {
		t0 := p[i]
		p[i] = t0 + h
		up := pr.Loss(p, nil)
		p[i] = t0 - h
		down := pr.Loss(p, nil)
		p[i] = t0
		if fd := (up - down) / (2 * h); math.Abs(fd-g[i]) > 1e-7*(1+math.Abs(fd)) {
			t.Errorf("parameter %d: backprop %.10g, central difference %.10g", i, g[i], fd)
		}
	}
	if s := pr.Slopes(g); s[0] == 0 || s[1] == 0 {
		t.Errorf("the slopes get no gradient: %v", s)
	}
}

func TestPReLURejects(t *testing.T) {
	X, labels := preluData(5, 4, 3, 1)
	bn, _ := New(Config{Sizes: []int{4, 5, 3}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, BatchNorm: true, Seed: 1})
	if _, err := NewPReLUObjective(bn, X, labels); err == nil {
		t.Error("batch norm accepted")
	}
	net, _ := New(Config{Sizes: []int{3, 5, 3}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 1})
	if _, err := NewPReLUObjective(net, X, labels); err == nil {
		t.Error("wrong input width accepted")
	}
}
