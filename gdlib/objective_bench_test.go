package gdlib

import (
	"math"
	"testing"
	"time"

	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/internal/fastblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
)

// Benchmarks of softmax regression on full MNIST (60000×784, 10 classes). The floor is one
// pass that only reads every pixel once (floats.Sum): an epoch cannot be faster than that.

func mnistSoftmax(b *testing.B) (*Softmax, []float64) {
	train, _, err := data.MNIST()
	if err != nil {
		b.Skip(err)
	}
	obj, err := NewSoftmax(train.X, train.Labels, train.Classes, 0)
	if err != nil {
		b.Fatal(err)
	}
	p := make([]float64, obj.Dim())
	for i := range p {
		p[i] = 1e-3 * float64(i%7-3)
	}
	return obj, p
}

func BenchmarkMNISTReadFloor(b *testing.B) {
	obj, _ := mnistSoftmax(b)
	raw := obj.X.RawMatrix().Data
	var s float64
	for b.Loop() {
		s += floats.Sum(raw)
	}
	_ = s
}

// BenchmarkSoftmaxMNISTFullBatch is one full-batch gradient: one epoch of batch GD.
func BenchmarkSoftmaxMNISTFullBatch(b *testing.B) {
	obj, p := mnistSoftmax(b)
	g := make([]float64, obj.Dim())
	for b.Loop() {
		obj.LossGrad(g, p, nil)
	}
}

// BenchmarkSoftmaxMNISTEpochBatch128 is one epoch of mini-batch SGD (batch 128, 469 updates)
// through Train, including the epoch-end full-loss evaluation, against its floor measured in
// the same rounds: the epoch's matrix products alone, on the same shapes and through the same
// BLAS (fastblas.Gemm): per batch the logits Z = X_b Wᵀ and the weight gradient Zᵀ X_b, and
// the logits of all 60000 examples in chunks of 512 for the evaluation. Reported: epoch-s,
// floor-s, epoch/floor and the floor's GFLOP/s (best of the rounds).
func BenchmarkSoftmaxMNISTEpochBatch128(b *testing.B) {
	obj, p := mnistSoftmax(b)
	bt, _ := MiniBatch(obj.N(), 128, 1)
	const K, d = 10, data.MNISTPixels
	xb, z := make([]float64, 512*d), make([]float64, 512*K)
	for i := range xb {
		xb[i] = 0.01 * float64(1+i%7) // nonzero: gonum's Dgemm skips zero entries
	}
	gW := blas64.General{Rows: K, Cols: d, Stride: d, Data: make([]float64, K*d)}
	W := blas64.General{Rows: K, Cols: d, Stride: d, Data: p[:K*d]}
	floor := func() float64 {
		for lo := 0; lo < obj.N(); lo += 128 {
			B := min(128, obj.N()-lo)
			x := blas64.General{Rows: B, Cols: d, Stride: d, Data: xb[:B*d]}
			zb := blas64.General{Rows: B, Cols: K, Stride: K, Data: z[:B*K]}
			fastblas.Gemm(blas.NoTrans, blas.Trans, 1, x, W, 0, zb)
			fastblas.Gemm(blas.Trans, blas.NoTrans, 1, zb, x, 1, gW)
		}
		raw := obj.X.RawMatrix()
		for lo := 0; lo < obj.N(); lo += softmaxChunk {
			c := min(softmaxChunk, obj.N()-lo)
			x := blas64.General{Rows: c, Cols: d, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride:]}
			fastblas.Gemm(blas.NoTrans, blas.Trans, 1, x, W, 0, blas64.General{Rows: c, Cols: K, Stride: K, Data: z[:c*K]})
		}
		return 2 * float64(obj.N()) * d * K * 3 // flops: two products per batch, one in the evaluation
	}
	bestEpoch, bestFloor, flops := math.Inf(1), math.Inf(1), 0.0
	for b.Loop() {
		t := time.Now()
		if _, err := Train(obj, p, &testGD{lr: 0.1}, bt, TrainOptions{Epochs: 1}); err != nil {
			b.Fatal(err)
		}
		bestEpoch = min(bestEpoch, time.Since(t).Seconds())
		t = time.Now()
		flops = floor()
		bestFloor = min(bestFloor, time.Since(t).Seconds())
	}
	b.ReportMetric(bestEpoch, "epoch-s")
	b.ReportMetric(bestFloor, "floor-s")
	b.ReportMetric(bestEpoch/bestFloor, "epoch/floor")
	b.ReportMetric(flops/bestFloor/1e9, "floor-GFLOP/s")
}

// BenchmarkSoftmaxMNISTEpochBatch1 is one epoch of single-example SGD (60000 updates).
func BenchmarkSoftmaxMNISTEpochBatch1(b *testing.B) {
	obj, p := mnistSoftmax(b)
	bt, _ := SingleExample(obj.N(), 1)
	g := make([]float64, obj.Dim())
	for b.Loop() {
		bt.Epoch(0)
		for {
			batch, ok := bt.Next()
			if !ok {
				break
			}
			obj.LossGrad(g, p, batch)
			floats.AddScaled(p, -1e-3, g)
		}
	}
}
