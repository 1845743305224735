package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
)

// CurvatureRule is seed 003's alarm for ill-conditioning, read literally: given gᵀg and gᵀHg
// at successive checkpoints, it remembers the checkpoint with the smallest gᵀHg since it last
// fired, and fires when gᵀHg is at least Factor times that value while gᵀg is at least as
// large as it was there. After firing, the current checkpoint becomes the reference.
type CurvatureRule struct {
	Factor float64 // 10 in the seed
	has    bool
	gg     float64 // gᵀg and gᵀHg at the reference checkpoint
	gHg    float64
}

// Observe feeds one checkpoint to the rule and says whether it fires there.
func (r *CurvatureRule) Observe(gg, gHg float64) bool {
	switch {
	case !r.has || gHg < r.gHg:
		r.has, r.gg, r.gHg = true, gg, gHg
		return false
	case gHg >= r.Factor*r.gHg && gg >= r.gg:
		r.gg, r.gHg = gg, gHg
		return true
	}
	return false
}

// WatchOptions configures WatchCurvature.
type WatchOptions struct {
	LR     float64 // SGD's learning rate at the start
	Epochs int     // passes over the training images, in batches of 50
	Halve  bool    // halve the learning rate each time the rule fires (else only record it)
	Seed   uint64  // seed of the initial weights and the batch order
	Every  int     // updates between checkpoints; 10 when 0
	// Progress, when not nil, shows the run's label, epoch and loss after each epoch.
	Progress *plots.Progress
	Label    string
}

// Watched is the record of a run of WatchCurvature, one entry per checkpoint.
type Watched struct {
	Update        []float64 // update number of each checkpoint: 0, Every, 2·Every, …
	Loss          []float64 // full training loss there
	GG, GHG       []float64 // gᵀg and gᵀHg on the monitoring batch there
	LR            []float64 // learning rate in force after the checkpoint
	Fired         []int     // the checkpoints (indices) at which the rule fired
	FinalLoss     float64   // full training loss after the last update
	FinalLR       float64
	Updates       int // updates done
	DivergedAt    int // the update (from 1) at which a loss or gradient was not finite; 0 if none
	MonitorImages int
}

// WatchCurvature trains the 784-32-32-10 ReLU network of notebook 06 (He initialisation,
// softmax cross-entropy) with SGD on the first n MNIST training images, in batches of 50,
// and every o.Every updates measures the full training loss, and gᵀg and gᵀHg on the first
// 250 images (nn.Objective.CurvatureAlongGradient), feeding them to a CurvatureRule with
// factor 10. With o.Halve the learning rate is halved each time the rule fires. A run whose
// loss or gradient turns non-finite stops there and records DivergedAt.
func WatchCurvature(n int, o WatchOptions) Watched {
	every := o.Every
	if every <= 0 {
		every = 10
	}
	net, obj := NetOnMNIST(n, nn.Config{Sizes: []int{784, 32, 32, 10}, Activation: nn.ReLU,
		Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: o.Seed})
	opt, err := gdlib.NewSGD(net.Dim(), gdlib.SGDConfig{LR: o.LR})
	if err != nil {
		landStop(err)
	}
	batches, err := gdlib.MiniBatch(n, 50, o.Seed)
	if err != nil {
		landStop(err)
	}
	w := Watched{MonitorImages: min(250, n)}
	mon := FirstImages(w.MonitorImages)
	rule := CurvatureRule{Factor: 10}
	grad := make([]float64, net.Dim())
	theta := net.Params()
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	u := 0
train:
	for e := 0; e < o.Epochs; e++ {
		batches.Epoch(e)
		for batch, ok := batches.Next(); ok; batch, ok = batches.Next() {
			if u%every == 0 {
				gHg, gg := obj.CurvatureAlongGradient(theta, mon)
				loss := obj.Loss(theta, nil)
				if !finite(gHg, gg, loss) {
					w.DivergedAt = max(u, 1)
					break train
				}
				if rule.Observe(gg, gHg) {
					w.Fired = append(w.Fired, len(w.Update))
					if o.Halve {
						opt.SetLR(opt.LR() / 2)
					}
				}
				w.Update = append(w.Update, float64(u))
				w.Loss, w.GG, w.GHG = append(w.Loss, loss), append(w.GG, gg), append(w.GHG, gHg)
				w.LR = append(w.LR, opt.LR())
			}
			loss := obj.LossGrad(grad, theta, batch)
			if !finite(loss) || !finite(grad...) {
				w.DivergedAt = u + 1
				break train
			}
			if err := opt.Step(theta, grad); err != nil {
				landStop(err)
			}
			u++
		}
		if o.Progress != nil {
			o.Progress.Printf("%s · epoch %d/%d · loss %.4f", o.Label, e+1, o.Epochs, w.Loss[len(w.Loss)-1])
		}
	}
	w.Updates, w.FinalLR = u, opt.LR()
	w.FinalLoss = math.NaN()
	if w.DivergedAt == 0 {
		w.FinalLoss = obj.Loss(theta, nil)
		if !finite(w.FinalLoss) {
			w.DivergedAt = u
		}
	}
	return w
}

// FiredUpdates are the update numbers at which the rule fired.
func (w Watched) FiredUpdates() []int {
	at := make([]int, len(w.Fired))
	for i, k := range w.Fired {
		at[i] = int(w.Update[k])
	}
	return at
}

// Marks picks the points of the checkpoints at which the rule fired from one of the
// recorded series (w.Loss, w.GG, w.GHG), to mark them on its curve.
func (w Watched) Marks(series []float64) (x, y []float64) {
	for _, k := range w.Fired {
		x, y = append(x, w.Update[k]), append(y, series[k])
	}
	return x, y
}

// End is the final training loss, or "diverged at update k".
func (w Watched) End() string {
	if w.DivergedAt > 0 {
		return fmt.Sprintf("diverged at update %d", w.DivergedAt)
	}
	return fmt.Sprintf("%.4f", w.FinalLoss)
}
