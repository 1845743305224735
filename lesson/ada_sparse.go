package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/plots"
)

// SparseProblem is notebook 05's regression with rare features: data.SparseFeatures with 2000
// examples, Dense standard-normal features, Rare features that are 1 with probability P and 0
// otherwise, and label noise 0.1, fitted by least squares (half the mean squared error) with
// mini-batches of Batch. Parameters are [dense weights, rare weights, bias].
type SparseProblem struct {
	Obj   *gdlib.LeastSquares
	Truth []float64 // the weights the data were drawn from
	P     float64
	// Solution is the exact least-squares fit and MinLoss its training loss: the lowest any
	// optimizer can reach on these data (about ½·0.1², the noise floor). A rare feature that
	// never occurs leaves its weight undetermined: Solution gives it 0, as training from 0 does.
	MinLoss  float64
	Solution []float64
}

// The shape of SparseProblem's data.
const (
	SparseExamples = 2000
	SparseDense    = 5
	SparseRare     = 5
	SparseNoise    = 0.1
	SparseBatch    = 20
)

// NewSparseProblem draws the data with rare-feature probability p from seed.
func NewSparseProblem(p float64, seed uint64) (SparseProblem, error) {
	ds, truth, err := data.SparseFeatures(SparseExamples, SparseDense, SparseRare, p, SparseNoise, seed)
	if err != nil {
		return SparseProblem{}, err
	}
	obj, err := gdlib.NewLeastSquares(ds.X, ds.Y, 0)
	if err != nil {
		return SparseProblem{}, err
	}
	// A vanishing ridge makes the fit unique (an absent feature's weight is 0) and changes
	// the others by far less than the digits printed.
	ridge, err := gdlib.NewLeastSquares(ds.X, ds.Y, 1e-12)
	if err != nil {
		return SparseProblem{}, err
	}
	w, err := ridge.Solve()
	if err != nil {
		return SparseProblem{}, err
	}
	return SparseProblem{Obj: obj, Truth: truth, P: p, Solution: w, MinLoss: obj.Loss(w, nil)}, nil
}

// RareStart is the RMS error of the rare weights at w = 0, where every run starts.
func (sp SparseProblem) RareStart() float64 { return sp.RareErr(make([]float64, sp.Obj.Dim())) }

// DenseErr and RareErr are the root-mean-square errors of the dense and of the rare weights of
// w against the weights the data were drawn from.
func (sp SparseProblem) DenseErr(w []float64) float64 { return adaRMS(w, sp.Truth, 0, SparseDense) }

// RareErr: see DenseErr.
func (sp SparseProblem) RareErr(w []float64) float64 {
	return adaRMS(w, sp.Truth, SparseDense, SparseDense+SparseRare)
}

func adaRMS(w, truth []float64, lo, hi int) float64 {
	var s float64
	for j := lo; j < hi; j++ {
		s += (w[j] - truth[j]) * (w[j] - truth[j])
	}
	return math.Sqrt(s / float64(hi-lo))
}

// SparseRun is the record of one mini-batch run on a SparseProblem from w = 0.
type SparseRun struct {
	Method     string
	LR         float64
	W          []float64 // the final parameters
	Loss       float64   // the final training loss, +Inf when the run diverged
	DivergedAt int       // the update at which the run diverged, 0 when it did not
	// DenseErr[u−1] and RareErr[u−1] are the RMS errors of the two groups of weights after
	// update u; DenseStep and RareStep the mean effective step η_i of each group (for an
	// optimizer with per-parameter steps; nil for the others).
	DenseErr, RareErr   []float64
	DenseStep, RareStep []float64
}

// Run trains the named optimizer (OptimizerByName) at learning rate lr from w = 0 for the
// given number of epochs, with the batch order drawn from seed.
func (sp SparseProblem) Run(method string, lr float64, epochs int, seed uint64) (SparseRun, error) {
	opt, err := OptimizerByName(method, sp.Obj.Dim(), lr)
	if err != nil {
		return SparseRun{}, err
	}
	b, err := gdlib.MiniBatch(sp.Obj.N(), SparseBatch, seed)
	if err != nil {
		return SparseRun{}, err
	}
	r := SparseRun{Method: method, LR: lr, W: make([]float64, sp.Obj.Dim()), Loss: math.Inf(1)}
	es, perParam := opt.(gdlib.EffectiveStepper)
	h, err := gdlib.Train(sp.Obj, r.W, opt, b, gdlib.TrainOptions{Epochs: epochs,
		UpdateCallback: func(_, _ int, _ float64, w []float64) bool {
			r.DenseErr, r.RareErr = append(r.DenseErr, sp.DenseErr(w)), append(r.RareErr, sp.RareErr(w))
			if perParam {
				eff := es.EffectiveStep()
				r.DenseStep = append(r.DenseStep, adaMean(eff[:SparseDense]))
				r.RareStep = append(r.RareStep, adaMean(eff[SparseDense:SparseDense+SparseRare]))
			}
			return false
		}})
	if err != nil {
		return SparseRun{}, err
	}
	if h.Diverged {
		r.DivergedAt = max(h.DivergedAt, 1)
	} else {
		r.Loss = FinalTrainLoss(h)
	}
	return r, nil
}

// String is one line: the method, its rate, its final loss and the errors of both groups.
func (r SparseRun) String() string {
	if r.DivergedAt > 0 {
		return fmt.Sprintf("%-8s η %-5g diverged at update %d", r.Method, r.LR, r.DivergedAt)
	}
	n := len(r.RareErr)
	return fmt.Sprintf("%-8s η %-5g final loss %.4f   RMS error: dense weights %.3f, rare weights %.3f",
		r.Method, r.LR, r.Loss, r.DenseErr[n-1], r.RareErr[n-1])
}

// SGDRareTheory is the prediction for plain SGD's rare weights: the expected gradient of a
// rare weight is P times its error (a batch contains its feature with probability about P per
// example), so the error shrinks by about (1 − lr·P) per update from its start |w* − 0|:
// theory[u−1] = RareErr(0)·(1 − lr·P)^u for u = 1 … updates.
func (sp SparseProblem) SGDRareTheory(lr float64, updates int) []float64 {
	start := sp.RareStart()
	out := make([]float64, max(updates, 0))
	for u := range out {
		out[u] = start * math.Pow(1-lr*sp.P, float64(u+1))
	}
	return out
}

func adaMean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// SparseFigures draws section 1's two figures of notebook 05 from an SGD run, an AdaGrad run
// and SGD's predicted rare-weight error (SGDRareTheory): the effective step of each group of
// weights per update (SGD's is its learning rate), and the RMS error of each group per update.
func SparseFigures(sgd, ada SparseRun, theory []float64) (steps, errs *plots.Plot) {
	x := OneTo(len(sgd.RareErr))
	steps = plots.Lines(plots.LinesOptions{
		Title: "Effective step per parameter", XLabel: "update", YLabel: "effective step", LogY: true,
		Curves: []plots.Curve{
			{Label: "AdaGrad, rare weights", X: OneTo(len(ada.RareStep)), Y: ada.RareStep},
			{Label: "AdaGrad, dense weights", X: OneTo(len(ada.DenseStep)), Y: ada.DenseStep},
			{Label: "SGD, all weights", X: x, Y: Filled(len(x), sgd.LR)},
		},
	})
	// Until a rare feature first appears its sum s is 0 and η̃ = η/ε ≈ 3e9 (its gradient is 0,
	// so nothing moves): the axis starts below that.
	steps.Y.Min, steps.Y.Max = 0.01, 10
	errs = plots.Lines(plots.LinesOptions{
		Title: "Weight error, SGD vs AdaGrad", XLabel: "update", YLabel: "RMS error of the weights", LogY: true,
		Curves: []plots.Curve{
			{Label: "SGD, rare", X: x, Y: sgd.RareErr},
			{Label: "SGD, rare: theory (1−ηp)^u", X: x, Y: theory, Dashed: true, Color: plots.Color(0)},
			{Label: "SGD, dense", X: x, Y: sgd.DenseErr},
			{Label: "AdaGrad, rare", X: OneTo(len(ada.RareErr)), Y: ada.RareErr},
			{Label: "AdaGrad, dense", X: OneTo(len(ada.DenseErr)), Y: ada.DenseErr},
		},
	})
	return steps, errs
}
