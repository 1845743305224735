package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
)

// FinalTrainLoss is the full training loss at the end of a run, or +Inf when it diverged (a
// run that diverged in the middle of an epoch keeps the finite loss of the epoch before).
func FinalTrainLoss(h gdlib.History) float64 {
	if h.Diverged || len(h.EpochTrain) == 0 {
		return math.Inf(1)
	}
	return h.EpochTrain[len(h.EpochTrain)-1]
}

// MLPTask is notebook 05's "real task" for a fair comparison of optimizers: a 784 → 32 ReLU →
// 10 network (He initialisation, softmax cross-entropy) trained with mini-batches of 50 on
// 2000 MNIST training digits, tuned on 500 validation digits held out from the same 2500, and
// tested on 1000 test digits.
type MLPTask struct {
	Train, Val, Test data.Dataset
}

// NewMLPTask loads the digits: the first 2500 training digits split 2000/500 (seed 1) and the
// first 1000 test digits.
func NewMLPTask() (MLPTask, error) {
	all, test, err := data.MNISTSubset(2500, 1000)
	if err != nil {
		return MLPTask{}, err
	}
	train, val, err := all.Split(0.8, 1)
	if err != nil {
		return MLPTask{}, err
	}
	return MLPTask{Train: train, Val: val, Test: test}, nil
}

// MLPFit is a trained network and the history of its training.
type MLPFit struct {
	Net     *nn.MLP
	History gdlib.History
}

// Fit trains a new network with the named optimizer (OptimizerByName) at learning rate lr for
// the given number of epochs; seed sets both the initial weights and the batch order.
func (t MLPTask) Fit(method string, lr float64, epochs int, seed uint64) (MLPFit, error) {
	net, err := nn.New(nn.Config{Sizes: []int{784, 32, 10}, Activation: nn.ReLU, Init: nn.He,
		Loss: nn.SoftmaxCrossEntropy, Seed: seed})
	if err != nil {
		return MLPFit{}, err
	}
	obj, err := nn.NewObjective(net, t.Train.X, t.Train.Labels)
	if err != nil {
		return MLPFit{}, err
	}
	opt, err := OptimizerByName(method, obj.Dim(), lr)
	if err != nil {
		return MLPFit{}, err
	}
	b, err := gdlib.MiniBatch(t.Train.N(), 50, seed)
	if err != nil {
		return MLPFit{}, err
	}
	h, err := gdlib.Train(obj, net.Params(), opt, b, gdlib.TrainOptions{Epochs: epochs, Label: fmt.Sprintf("%s, η=%g", method, lr)})
	return MLPFit{Net: net, History: h}, err
}

// Loss is the mean cross-entropy of net on d, +Inf when it is not finite (a diverged network).
func (t MLPTask) Loss(net *nn.MLP, d data.Dataset) float64 {
	obj, err := nn.NewObjective(net, d.X, d.Labels)
	if err != nil {
		return math.Inf(1)
	}
	if l := obj.Loss(net.Params(), nil); adaFinite(l) {
		return l
	}
	return math.Inf(1)
}

// TrainSoftmax trains the named optimizer (OptimizerByName, learning rate lr) on obj from zero
// weights for epochs passes of mini-batches of 50 in the order the seed draws, and returns
// the history, labelled label.
func TrainSoftmax(obj *gdlib.Softmax, method string, lr float64, seed uint64, epochs int, label string) gdlib.History {
	opt := gdlib.Must(OptimizerByName(method, obj.Dim(), lr))
	return gdlib.Must(gdlib.Train(obj, make([]float64, obj.Dim()), opt, gdlib.Must(gdlib.MiniBatch(obj.N(), 50, seed)),
		gdlib.TrainOptions{Epochs: epochs, Label: label}))
}
