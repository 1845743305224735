package gdlib

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/descent-course/descent/gdlib/internal/fastblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// TestSoftmaxBLASPaths: softmax regression's loss and gradient on MNIST's shape (784 features,
// 10 classes, a batch of 128 and the full batch of 600) are the same on every BLAS path of the
// build, to rounding (1e-12 relative to the largest entry), and each path gives the same bits
// on every run, which the committed notebook outputs need.
func TestSoftmaxBLASPaths(t *testing.T) {
	const n, d, K = 600, 784, 10
	rng := rand.New(rand.NewPCG(5, 6))
	x, labels := make([]float64, n*d), make([]int, n)
	for i := range x {
		x[i] = rng.Float64()
	}
	for i := range labels {
		labels[i] = rng.IntN(K)
	}
	obj, err := NewSoftmax(mat.NewDense(n, d, x), labels, K, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]float64, obj.Dim())
	for i := range p {
		p[i] = 0.05 * rng.NormFloat64()
	}
	batch := rng.Perm(n)[:128]
	paths := map[string]blas.Float64{"gonum": gonum.Implementation{}}
	if fastblas.Optimised != nil {
		paths[fastblas.OptimisedName] = fastblas.Optimised
	}
	for _, b := range [][]int{batch, nil} {
		size := len(b)
		if b == nil {
			size = n
		}
		grad := func(impl blas.Float64) ([]float64, float64) {
			old := fastblas.Impl
			defer func() { fastblas.Impl = old }()
			fastblas.Impl = impl
			g := make([]float64, obj.Dim())
			return g, obj.LossGrad(g, p, b)
		}
		ref, refLoss := grad(gonum.Implementation{})
		scale := 0.0
		for _, v := range ref {
			scale = max(scale, math.Abs(v))
		}
		for name, impl := range paths {
			g, loss := grad(impl)
			if again, _ := grad(impl); !slices.Equal(g, again) {
				t.Errorf("%s: two runs give different gradients", name)
			}
			worst := 0.0
			for i := range g {
				worst = max(worst, math.Abs(g[i]-ref[i]))
			}
			if worst > 1e-12*scale || math.Abs(loss-refLoss) > 1e-12*refLoss {
				t.Errorf("%s, batch of %d: gradient off gonum's by %.3g (largest entry %.3g), loss %.17g against %.17g",
					name, size, worst, scale, loss, refLoss)
			}
			t.Logf("%s, batch of %d: gradient within %.3g of gonum's (largest entry %.3g)", name, size, worst, scale)
		}
	}
}
