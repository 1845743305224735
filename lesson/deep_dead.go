package lesson

import (
	"fmt"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
)

// DeadRun is one run of DeadSweep.
type DeadRun struct {
	LR float64
	// Dead is the mean over the three hidden layers of the fraction of units whose input is
	// ≤ 0 on every training image (nn.LayerStats.Dead), before training and after each epoch.
	Dead []float64
	// Layers[l][e] is the dead fraction of hidden layer l+1 alone, before training (e = 0)
	// and after epoch e; Revived[l] counts the units of hidden layer l+1 that were dead at
	// one epoch's end and alive at the next, summed over the run. A unit of the first hidden
	// layer can never revive: its input (the images) is fixed and, dead, its weights get no
	// gradient. A unit further up can, when the layers below it change.
	Layers     [][]float64
	Revived    []int
	Loss       float64 // final training loss (+Inf if the run diverged)
	DivergedAt int     // the update at which the run diverged; 0 if it did not
}

// Final is the dead fraction at the end of the run.
func (r DeadRun) Final() float64 { return r.Dead[len(r.Dead)-1] }

// Epochs is 0, 1, …: the epoch of each entry of Dead.
func (r DeadRun) Epochs() []float64 {
	e := make([]float64, len(r.Dead))
	for i := range e {
		e[i] = float64(i)
	}
	return e
}

// DeadSweep trains notebook 07's 784-64-64-64-10 network (He initialisation, softmax
// cross-entropy) with plain SGD, batches of 50, on the first n MNIST training images, once
// for each activation and learning rate, and records the dead fraction of its hidden units
// after every epoch. It prints one row per rate: each activation's final dead fraction and
// loss, or the update at which it diverged; a progress line shows the run in progress. The
// result is indexed [activation][rate].
func DeadSweep(n int, acts []nn.Activation, rates []float64, epochs int, seed uint64) [][]DeadRun {
	pr := plots.NewProgress()
	defer pr.Done()
	runs := make([][]DeadRun, len(acts))
	fmt.Print("     lr")
	for _, a := range acts {
		fmt.Printf("   %16s   loss", a.String()+": dead")
	}
	fmt.Println()
	for _, lr := range rates {
		fmt.Printf("%7g", lr)
		for i, act := range acts {
			net, obj := NetOnMNIST(n, nn.Config{Sizes: []int{784, 64, 64, 64, 10}, Activation: act,
				Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: seed})
			r := DeadRun{LR: lr, Layers: make([][]float64, 3), Revived: make([]int, 3)}
			var masks [][]bool
			record := func() {
				st, _ := obj.Inspect(net.Params(), nil)
				r.Dead = append(r.Dead, (st[0].Dead+st[1].Dead+st[2].Dead)/3)
				now := make([][]bool, 3)
				for l := range 3 {
					m := DeadUnits(st[l].Pre, 64)
					now[l] = m
					r.Layers[l] = append(r.Layers[l], st[l].Dead)
					if masks != nil {
						for j, d := range m {
							if masks[l][j] && !d {
								r.Revived[l]++
							}
						}
					}
				}
				masks = now
			}
			record()
			label := fmt.Sprintf("%v, lr %g", act, lr)
			sgd, err := gdlib.NewSGD(net.Dim(), gdlib.SGDConfig{LR: lr})
			if err != nil {
				landStop(err)
			}
			batches, err := gdlib.MiniBatch(n, 50, seed)
			if err != nil {
				landStop(err)
			}
			h, err := gdlib.Train(obj, net.Params(), sgd, batches, gdlib.TrainOptions{Epochs: epochs,
				Callback: func(e int, h *gdlib.History) bool {
					record()
					pr.Printf("%s · epoch %d/%d · loss %.4f", label, e, epochs, h.EpochTrain[len(h.EpochTrain)-1])
					return false
				}})
			if err != nil {
				landStop(err)
			}
			var text string
			r.Loss, text = RunEnd(h)
			r.DivergedAt = h.DivergedAt
			if h.Diverged {
				fmt.Printf("   %-23s", text)
			} else {
				fmt.Printf("   %16.2f %6.3f", r.Final(), r.Loss)
			}
			runs[i] = append(runs[i], r)
		}
		fmt.Println()
	}
	return runs
}

// DeadAtEnd turns DeadSweep's runs into one curve per activation: the final dead fraction
// against the learning rate, over the runs that did not diverge.
func DeadAtEnd(acts []nn.Activation, runs [][]DeadRun) []plots.Curve {
	var curves []plots.Curve
	for i, act := range acts {
		c := plots.Curve{Label: act.String(), Points: true}
		for _, r := range runs[i] {
			if r.DivergedAt == 0 {
				c.X, c.Y = append(c.X, r.LR), append(c.Y, r.Final())
			}
		}
		curves = append(curves, c)
	}
	return curves
}

// DeadUnits marks, for a layer of n units whose pre-activations pre are stored one example
// per row (nn.LayerStats.Pre), the units whose input is ≤ 0 on every example.
func DeadUnits(pre []float64, n int) []bool {
	dead := make([]bool, n)
	for j := range dead {
		dead[j] = true
	}
	for i, y := range pre {
		if y > 0 {
			dead[i%n] = false
		}
	}
	return dead
}

// DeadLayersFigure draws, for each DeadRun given (one per activation, labelled by acts), the
// dead fraction of each hidden layer against the epoch: one colour per layer, solid for the
// first run and dashed for the second.
func DeadLayersFigure(title string, acts []nn.Activation, runs ...DeadRun) *plots.Plot {
	var curves []plots.Curve
	for k, r := range runs {
		for l, y := range r.Layers {
			curves = append(curves, plots.Curve{Label: fmt.Sprintf("%v, layer %d", acts[k], l+1), X: r.Epochs(), Y: y,
				Color: plots.Color(l), Dashed: k > 0, Points: true})
		}
	}
	p := plots.Lines(plots.LinesOptions{Title: title, XLabel: "epoch", YLabel: "fraction of the layer's units", Curves: curves})
	p.Y.Min = 0
	return p
}
