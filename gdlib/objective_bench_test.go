package gdlib

import (
	"testing"

	"github.com/descent-course/descent/gdlib/data"
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

// BenchmarkSoftmaxMNISTEpochBatch128 is one epoch of mini-batch SGD (batch 128, 469
// updates) through Train, including the epoch-end full-loss evaluation.
func BenchmarkSoftmaxMNISTEpochBatch128(b *testing.B) {
	obj, p := mnistSoftmax(b)
	bt, _ := MiniBatch(obj.N(), 128, 1)
	for b.Loop() {
		if _, err := Train(obj, p, &testGD{lr: 0.1}, bt, TrainOptions{Epochs: 1}); err != nil {
			b.Fatal(err)
		}
	}
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
