package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
)

// This file holds notebook 02's three-way split of MNIST (training, validation, test) and
// training runs that decide on the validation digits and report on the test digits.

// ValPool is the block of MNIST training digits, 2000 … 4999, from which notebook 02 draws its
// validation digits: disjoint from the first 2000 on which it trains.
const ValPool = 3000

// Digits are notebook 02's data: Train, the first n MNIST training digits (n <= 2000);
// Val, 500 digits drawn with seed 1 from training digits 2000 … 4999 (held out from the
// training set: the validation split that every decision of the notebook uses); Test, the
// first 1000 test digits, only ever reported.
type Digits struct{ Train, Val, Test data.Dataset }

// LRDigits loads notebook 02's digits with the first n training digits (1 <= n <= 2000).
func LRDigits(n int) Digits {
	all, test, err := data.MNISTSubset(2000+ValPool, 1000)
	if err != nil {
		landStop(err)
	}
	idx := make([]int, ValPool)
	for i := range idx {
		idx[i] = 2000 + i
	}
	_, val, err := all.Subset(idx).Split(1-500.0/ValPool, 1)
	if err != nil {
		panic(err) // the sizes are constants
	}
	return Digits{Train: all.Subset(FirstImages(n)), Val: val, Test: test}
}

// Problem is one model on notebook 02's digits: the mean loss on the training, validation and
// test digits as gdlib Objectives of the same parameters, the starting parameters for a seed,
// and the test accuracy (fraction of test digits classified right) of a parameter vector.
type Problem struct {
	Name             string
	Train, Val, Test gdlib.Objective
	Init             func(seed uint64) []float64
	Accuracy         func(params []float64) float64
}

// Softmax is softmax regression with L2 penalty ½·10⁻³‖W‖² (the loss of sections 4 to 8)
// on the digits, started from zero weights whatever the seed.
func (d Digits) Softmax() Problem {
	mk := func(s data.Dataset) *gdlib.Softmax {
		return gdlib.Must(gdlib.NewSoftmax(s.X, s.Labels, 10, 1e-3))
	}
	test := mk(d.Test)
	return Problem{
		Name: "softmax regression", Train: mk(d.Train), Val: mk(d.Val), Test: test,
		Init:     func(uint64) []float64 { return make([]float64, test.Dim()) },
		Accuracy: func(p []float64) float64 { return test.Accuracy(p, nil) },
	}
}

// MLP is a 784 → hidden → 10 ReLU network with softmax cross-entropy on the digits, its
// weights drawn with He initialisation from the seed: a non-convex loss.
func (d Digits) MLP(hidden int) Problem {
	cfg := nn.Config{Sizes: []int{784, hidden, 10}, Activation: nn.ReLU, Init: nn.He, Loss: nn.SoftmaxCrossEntropy}
	net := gdlib.Must(nn.New(cfg))
	mk := func(s data.Dataset) *nn.Objective { return gdlib.Must(nn.NewObjective(net, s.X, s.Labels)) }
	return Problem{
		Name: fmt.Sprintf("MLP 784-%d-10", hidden), Train: mk(d.Train), Val: mk(d.Val), Test: mk(d.Test),
		Init: func(seed uint64) []float64 {
			net.Reinit(seed)
			return slices.Clone(net.Params())
		},
		Accuracy: func(p []float64) float64 {
			net.SetParams(p)
			return net.Accuracy(d.Test.X, d.Test.Labels)
		},
	}
}

// Fit is one training run: its history (EpochHeldOut is the validation loss), the parameters
// at the end, and those after the epoch of lowest validation loss (early stopping's pick).
type Fit struct {
	gdlib.History
	Final, Best []float64
	BestEpoch   int // 0: the starting parameters
}

// FitWith trains p from p.Init(seed) with opt on mini-batches of BatchSize (order from seed)
// for the given epochs, the validation loss evaluated after every epoch (and driving
// o.Plateau, if set): o may set a schedule, a plateau rule, a label.
func FitWith(p Problem, opt gdlib.Optimizer, epochs int, seed uint64, o gdlib.TrainOptions) Fit {
	x := p.Init(seed)
	f := Fit{Best: slices.Clone(x)}
	o.Epochs, o.HeldOut = epochs, p.Val
	o.Callback = func(e int, h *gdlib.History) bool {
		if v := h.EpochHeldOut[e]; v < h.EpochHeldOut[f.BestEpoch] {
			f.BestEpoch = e
			copy(f.Best, x)
		}
		return false
	}
	b := gdlib.Must(gdlib.MiniBatch(p.Train.N(), BatchSize, seed))
	f.History = gdlib.Must(gdlib.Train(p.Train, x, opt, b, o))
	f.Final = x
	return f
}

// FitSGD is FitWith with plain SGD at learning rate η.
func FitSGD(p Problem, eta float64, epochs int, seed uint64, o gdlib.TrainOptions) Fit {
	return FitWith(p, gdlib.Must(gdlib.NewSGD(p.Train.Dim(), gdlib.SGDConfig{LR: eta})), epochs, seed, o)
}

// Report is the test loss and test accuracy of the final parameters, or "diverged".
func (f Fit) Report(p Problem) string {
	if f.Diverged {
		return "diverged"
	}
	return testText(p, f.Final)
}

// BestReport is the test loss and test accuracy of the parameters early stopping keeps: those
// after the epoch of lowest validation loss.
func (f Fit) BestReport(p Problem) string {
	return fmt.Sprintf("epoch %d: %s", f.BestEpoch, testText(p, f.Best))
}

// TestAccuracy is the test accuracy of the final parameters; 0 for a run that diverged.
func (f Fit) TestAccuracy(p Problem) float64 {
	if f.Diverged {
		return 0
	}
	return p.Accuracy(f.Final)
}

func testText(p Problem, params []float64) string {
	return fmt.Sprintf("test loss %.4f, test accuracy %.1f%%", p.Test.Loss(params, nil), 100*p.Accuracy(params))
}

// FinalVal is the validation loss after the last epoch; +Inf for a run that diverged.
func (f Fit) FinalVal() float64 {
	if f.Diverged || len(f.EpochHeldOut) == 0 {
		return math.Inf(1)
	}
	return f.EpochHeldOut[len(f.EpochHeldOut)-1]
}

// ValTable is the per-epoch table of a run on n training examples: the learning rate η used
// in each epoch and the validation loss after it.
func ValTable(f Fit, n int) string {
	var b strings.Builder
	rates := EpochLR(f.History, n)
	b.WriteString("epoch  η used  validation loss after it\n")
	for e := 1; e < len(f.EpochHeldOut) && e <= len(rates); e++ {
		fmt.Fprintf(&b, "%5d  %6.4g  %.4f\n", e, rates[e-1], f.EpochHeldOut[e])
	}
	return b.String()
}
