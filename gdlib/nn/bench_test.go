package nn

import (
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// MNIST's shape: 60000 examples of 784 pixels, 10 classes; a 784-128-10 network, batch 128.
const (
	mnistN     = 60000
	mnistIn    = 784
	mnistHid   = 128
	mnistOut   = 10
	mnistBatch = 128
)

var mnistData = sync.OnceValues(func() (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, mnistN*mnistIn)
	for i := range x {
		x[i] = rng.Float64() // random pixels in [0, 1): the values do not matter for timing
	}
	labels := make([]int, mnistN)
	for i := range labels {
		labels[i] = rng.IntN(mnistOut)
	}
	return mat.NewDense(mnistN, mnistIn, x), labels
})

// BenchmarkEpochMNISTShape is one epoch of mini-batch SGD: shuffled batches of 128, for each
// a forward and backward pass (LossGrad) and the update θ ← θ − 0.01 g.
func BenchmarkEpochMNISTShape(b *testing.B) {
	X, labels := mnistData()
	net, err := New(Config{Sizes: []int{mnistIn, mnistHid, mnistOut}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	o, err := NewObjective(net, X, labels)
	if err != nil {
		b.Fatal(err)
	}
	p, g := net.Params(), make([]float64, net.Dim())
	rng := rand.New(rand.NewPCG(3, 4))
	order := rng.Perm(mnistN)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rng.Shuffle(mnistN, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for lo := 0; lo < mnistN; lo += mnistBatch {
			o.LossGrad(g, p, order[lo:min(lo+mnistBatch, mnistN)])
			for i := range p {
				p[i] -= 0.01 * g[i]
			}
		}
	}
}

// BenchmarkEpochGemmFloor is the matrix products of that epoch alone, on the same shapes:
// per batch and layer the forward product X_l W_l, the weight gradient X_lᵀ dZ_l and, for the
// second layer only, dX_1 = dZ_1 W_1ᵀ (backprop needs no gradient for the input).
// TransFlag computes X_lᵀ dZ_l with Dgemm's transpose flag; TransposedCopy as backward does,
// from an explicit copy of X_lᵀ (copy included), which gonum multiplies faster.
func BenchmarkEpochGemmFloor(b *testing.B) {
	X, _ := mnistData()
	x := X.RawMatrix()
	mk := func(r, c int) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: c, Data: make([]float64, r*c)}
	}
	W0, dW0, W1, dW1 := mk(mnistIn, mnistHid), mk(mnistIn, mnistHid), mk(mnistHid, mnistOut), mk(mnistHid, mnistOut)
	z0, z1, d1, d0 := mk(mnistBatch, mnistHid), mk(mnistBatch, mnistOut), mk(mnistBatch, mnistOut), mk(mnistBatch, mnistHid)
	xT := make([]float64, mnistIn*mnistBatch)
	// Nonzero values everywhere: gonum's Dgemm skips zero entries of its first operand.
	for _, m := range []blas64.General{W0, W1, d1} {
		for i := range m.Data {
			m.Data[i] = 0.01
		}
	}
	rows := func(m blas64.General, B int) blas64.General { return rowsOf(m, 0, B) }
	for _, copyT := range []bool{false, true} {
		name := "TransFlag"
		if copyT {
			name = "TransposedCopy"
		}
		// weightGrad is dW = Aᵀ D.
		weightGrad := func(a, d, dW blas64.General) {
			if copyT {
				blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, transpose(xT, a), d, 0, dW)
			} else {
				blas64.Gemm(blas.Trans, blas.NoTrans, 1, a, d, 0, dW)
			}
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for lo := 0; lo < mnistN; lo += mnistBatch {
					B := min(lo+mnistBatch, mnistN) - lo
					x0 := rowsOf(x, lo, lo+B)
					z0, z1, d1, d0 := rows(z0, B), rows(z1, B), rows(d1, B), rows(d0, B)
					blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, x0, W0, 0, z0) // Z_0 = X_0 W_0
					blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, z0, W1, 0, z1) // Z_1 = X_1 W_1
					weightGrad(z0, d1, dW1)                                   // dW_1 = X_1ᵀ dZ_1
					blas64.Gemm(blas.NoTrans, blas.Trans, 1, d1, W1, 0, d0)   // dX_1 = dZ_1 W_1ᵀ
					weightGrad(x0, d0, dW0)                                   // dW_0 = X_0ᵀ dZ_0
				}
			}
		})
	}
}
