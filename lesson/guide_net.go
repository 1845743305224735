package lesson

import (
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
)

// GuideNetwork is the network row: a 784-32-10 ReLU network (He initialisation, weights drawn
// from the seed) on the first 1000 MNIST training digits, trained for 60 steps (3 epochs' worth)
// on mini-batches of 50 drawn with replacement (from the seed), by SGD, heavy ball (μ = 0.9) and
// Adam, each with its η tuned. The score is the training loss on all 1000 digits at the end
// (+Inf for a run that diverged): an optimisation race, as in 05 §6 and 07 §7.
func GuideNetwork(grid, seeds int) GuideRow {
	train, _, err := data.MNISTSubset(1000, 0)
	if err != nil {
		return GuideRow{Problem: "MNIST not available: " + err.Error()}
	}
	run := func(name string) func(float64, uint64) float64 {
		return func(eta float64, seed uint64) float64 {
			net := gdlib.Must(nn.New(nn.Config{Sizes: []int{784, 32, 10}, Activation: nn.ReLU, Init: nn.He,
				Loss: nn.SoftmaxCrossEntropy, Seed: seed}))
			obj := gdlib.Must(nn.NewObjective(net, train.X, train.Labels))
			w, g := net.Params(), make([]float64, net.Dim())
			opt := guideOpt(name, net.Dim(), eta)
			r, batch := rand.New(rand.NewPCG(seed, 17)), make([]int, 50)
			for range 60 {
				for i := range batch {
					batch[i] = r.IntN(obj.N())
				}
				obj.LossGrad(g, w, batch)
				opt.Step(w, g)
			}
			if f := obj.Loss(w, nil); !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
			return math.Inf(1)
		}
	}
	cs := []guideContender{{"SGD", 0.01, 3, run("SGD")}, {"heavy ball", 0.001, 0.3, run("heavy ball")}, {"Adam", 0.0001, 0.1, run("Adam")}}
	return guideTune("MNIST net 784-32-10, 1000 digits", "training loss after 60 steps", "05/07", cs, grid, seeds)
}
