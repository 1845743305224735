package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
)

// The methods of the course's reruns of the Adam paper (Kingma and Ba, 2015). Figure 1
// (softmax regression) compares Adam, AdaGrad and SGD with Nesterov momentum, all with the
// step decayed as η/√t; we add "AdaGrad const", AdaGrad with a constant η, as a control:
// AdaGrad's own 1/√(Σg²) already shrinks its step, so a second 1/√t decay may handicap it.
// Figure 2 (the multilayer network) adds RMSProp and Adadelta, with a constant η.
var (
	PaperRegressionMethods = []string{"Adam", "AdaGrad", "AdaGrad const", "SGDNesterov"}
	PaperNetMethods        = []string{"Adam", "AdaGrad", "RMSProp", "SGDNesterov", "Adadelta"}
)

// PaperOptimizer builds one of the paper's methods with learning rate eta (the paper's α,
// our η) and the paper's other settings: Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8;
// AdaGrad (and "AdaGrad const") with PyTorch's defaults (ε = 1e-10, s0 = 0); RMSProp with
// smoothing 0.9 and ε = 1e-8 (Tieleman and Hinton's setting); SGD with Nesterov momentum
// μ = 0.9; Adadelta with ρ = 0.95, ε = 1e-6 (Zeiler's setting) and η multiplying its unit-free
// step (η = 1 is Zeiler's rule).
func PaperOptimizer(method string, dim int, eta float64) (gdlib.Optimizer, error) {
	switch method {
	case "Adam":
		return gdlib.NewAdam(dim, gdlib.AdamConfig{LR: eta, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
	case "AdaGrad", "AdaGrad const":
		c := gdlib.DefaultAdaGradConfig()
		c.LR = eta
		return gdlib.NewAdaGrad(dim, c)
	case "RMSProp":
		return gdlib.NewRMSProp(dim, gdlib.RMSPropConfig{LR: eta, Alpha: 0.9, Eps: 1e-8})
	case "SGDNesterov":
		return gdlib.NewNesterov(dim, gdlib.NesterovConfig{LR: eta, Momentum: 0.9})
	case "Adadelta":
		return gdlib.NewAdadelta(dim, gdlib.AdadeltaConfig{LR: eta, Rho: 0.95, Eps: 1e-6})
	}
	all := append(slices.Clone(PaperRegressionMethods), PaperNetMethods[2], PaperNetMethods[4])
	return nil, fmt.Errorf("no method %q in the paper's comparison (want one of %s)", method, strings.Join(all, ", "))
}

// PaperRun is one training run of a race: method at learning rate eta, seed, epochs. It
// returns the history and a function that measures the trained model's test accuracy
// (called only for the reported runs). pr shows the run's progress.
type PaperRun func(method string, eta float64, seed uint64, epochs int, pr *plots.Progress) (gdlib.History, func() float64)

// PaperSpec is the protocol of a race.
type PaperSpec struct {
	Methods    []string
	Grids      map[string][]float64 // η values tried for each method
	TuneSeed   uint64               // the seed of the tuning runs; not one of the reported seeds
	TuneEpochs int                  // the length of a tuning run (short)
	Seeds      int                  // reported seeds 1, …, Seeds, each run for Epochs at the tuned η
	Epochs     int
}

// RaceEntry is one method's result in PaperRace.
type RaceEntry struct {
	Method string
	Eta    float64         // the η with the lowest final training loss in the tuning runs
	Grid   []float64       // final tuning loss at each η of the grid (+Inf: diverged)
	Finals []float64       // final training losses of the reported seeds, sorted (+Inf: diverged)
	Acc    []float64       // test accuracies of the reported seeds, sorted
	Runs   []gdlib.History // the reported runs, seed 1 first
}

// Median is the median of e.Finals (lesson.Median's rule).
func (e RaceEntry) Median() float64 { return Median(e.Finals) }

// Range is the range of e.Finals as text, "lowest–highest" ("diverged" for a run that did).
func (e RaceEntry) Range() string {
	return raceText(e.Finals[0]) + "–" + raceText(e.Finals[len(e.Finals)-1])
}

// Overlaps reports whether the final losses of e and o over their seeds overlap: each one's
// lowest is at most the other's highest. Two methods whose ranges overlap are not separated
// by these seeds.
func (e RaceEntry) Overlaps(o RaceEntry) bool {
	return e.Finals[0] <= o.Finals[len(o.Finals)-1] && o.Finals[0] <= e.Finals[len(e.Finals)-1]
}

// TunedInside reports whether every entry's tuned η lies strictly inside its grid in s, at
// neither end: a tuned η at an end says that the grid should have gone further.
func TunedInside(race []RaceEntry, s PaperSpec) bool {
	for _, e := range race {
		g := s.Grids[e.Method]
		if len(g) == 0 || e.Eta <= slices.Min(g) || e.Eta >= slices.Max(g) {
			return false
		}
	}
	return true
}

// MedianAcc is the median test accuracy over the reported seeds.
func (e RaceEntry) MedianAcc() float64 { return Median(e.Acc) }

// MedianRun is the reported run whose final loss is the median (lesson.Median's rule: the
// upper middle one for an even count): the run a figure should draw.
func (e RaceEntry) MedianRun() gdlib.History {
	finals := make([]float64, len(e.Runs))
	for i, h := range e.Runs {
		finals[i], _ = RunEnd(h)
	}
	order := make([]int, len(finals))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(finals[a], finals[b]) })
	h := e.Runs[order[len(order)/2]]
	h.Label = fmt.Sprintf("%s η=%g", e.Method, e.Eta)
	return h
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// PaperRace runs the protocol: every η of Grids[m] for TuneEpochs on TuneSeed, keeps the η
// with the lowest final training loss (a diverged run counts as +Inf), then trains seeds
// 1..Seeds for Epochs at that η and measures each one's test accuracy. The tuning seed is
// not among the reported ones, so the reported numbers are not the ones the choice was made
// on. It prints the tuning grid, then the median and range of the final losses and the
// median test accuracy per method.
func PaperRace(s PaperSpec, run PaperRun) []RaceEntry {
	pr := plots.NewProgress()
	defer pr.Done()
	var out []RaceEntry
	unit := "epochs"
	if s.TuneEpochs == 1 {
		unit = "epoch"
	}
	fmt.Printf("tuning: final training loss after %d %s, seed %d\n", s.TuneEpochs, unit, s.TuneSeed)
	for _, m := range s.Methods {
		e := RaceEntry{Method: m}
		var line []string
		best := math.Inf(1)
		for i, eta := range s.Grids[m] {
			h, _ := run(m, eta, s.TuneSeed, s.TuneEpochs, pr)
			loss, text := RunEnd(h)
			e.Grid = append(e.Grid, loss)
			line = append(line, fmt.Sprintf("η=%g: %s", eta, text))
			if i == 0 || loss < best {
				e.Eta, best = eta, loss
			}
		}
		fmt.Printf("  %-13s %s\n", m, strings.Join(line, "   "))
		out = append(out, e)
	}
	fmt.Printf("reported: seeds 1-%d, %d epochs at the tuned η\n", s.Seeds, s.Epochs)
	for i := range out {
		e := &out[i]
		for seed := 1; seed <= s.Seeds; seed++ {
			h, acc := run(e.Method, e.Eta, uint64(seed), s.Epochs, pr)
			loss, _ := RunEnd(h)
			e.Finals, e.Runs = append(e.Finals, loss), append(e.Runs, h)
			if h.Diverged {
				e.Acc = append(e.Acc, 0)
			} else {
				e.Acc = append(e.Acc, acc())
			}
		}
		slices.Sort(e.Finals)
		slices.Sort(e.Acc)
		fmt.Printf("  %-13s η = %-6g training loss: median %s, range %s   test accuracy: median %.2f%%\n", e.Method, e.Eta,
			raceText(e.Median()), e.Range(), 100*e.MedianAcc())
	}
	return out
}

func raceText(loss float64) string {
	if math.IsInf(loss, 1) || math.IsNaN(loss) {
		return "diverged"
	}
	return fmt.Sprintf("%.4f", loss)
}

// RaceCurves is each entry's median run (MedianRun), for plots.Convergence.
func RaceCurves(race []RaceEntry) []gdlib.History {
	var hs []gdlib.History
	for _, e := range race {
		hs = append(hs, e.MedianRun())
	}
	return hs
}

// Entry is the race entry of method m (the zero RaceEntry when m did not run).
func Entry(race []RaceEntry, m string) RaceEntry {
	for _, e := range race {
		if e.Method == m {
			return e
		}
	}
	return RaceEntry{}
}

func mnistTest(nTest int) data.Dataset {
	_, test, err := data.MNISTSubset(1, nTest)
	if err != nil {
		landStop(err)
	}
	return test
}

func must[T any](v T, err error) T {
	if err != nil {
		landStop(err)
	}
	return v
}

// PaperRegressionRun trains the figure-1 problem (PaperRegression(n, l2), parameters from
// zero, batches of 128) with the step η/√s at update s = 1, 2, … (gdlib.NewInverseSqrtLR(η, 1)
// applied per update, the paper's α/√t), except for "AdaGrad const", which keeps η. Test
// accuracy is measured on the first nTest MNIST test images.
func PaperRegressionRun(n, nTest int, l2 float64) PaperRun {
	return func(m string, eta float64, seed uint64, epochs int, pr *plots.Progress) (gdlib.History, func() float64) {
		obj, test := MNISTSoftmax(n, nTest, l2)
		label := fmt.Sprintf("%s η=%g seed %d", m, eta, seed)
		o := gdlib.TrainOptions{Epochs: epochs, Label: label, Callback: pr.Train(label, epochs)}
		if m != "AdaGrad const" {
			o.Schedule, o.ScheduleEvery = must(gdlib.NewInverseSqrtLR(eta, 1)), gdlib.PerUpdate
		}
		p := make([]float64, obj.Dim())
		h := must(gdlib.Train(obj, p, must(PaperOptimizer(m, obj.Dim(), eta)), must(gdlib.MiniBatch(n, 128, seed)), o))
		return h, func() float64 { return test.Accuracy(p, nil) }
	}
}

// PaperNetRun trains the figure-2 problem: a 784-width-width-10 ReLU network with He
// initialisation (weights drawn from seed) on the first n MNIST training images, batches of
// 128, constant η, no dropout. Test accuracy is measured on the first nTest test images.
func PaperNetRun(n, nTest, width int) PaperRun {
	return func(m string, eta float64, seed uint64, epochs int, pr *plots.Progress) (gdlib.History, func() float64) {
		net, obj := NetOnMNIST(n, nn.Config{Sizes: []int{784, width, width, 10}, Activation: nn.ReLU, Init: nn.He,
			Loss: nn.SoftmaxCrossEntropy, Seed: seed})
		label := fmt.Sprintf("%s η=%g seed %d", m, eta, seed)
		h := must(gdlib.Train(obj, net.Params(), must(PaperOptimizer(m, net.Dim(), eta)), must(gdlib.MiniBatch(n, 128, seed)),
			gdlib.TrainOptions{Epochs: epochs, Label: label, Callback: pr.Train(label, epochs)}))
		return h, func() float64 {
			test := mnistTest(nTest)
			return net.Accuracy(test.X, test.Labels)
		}
	}
}
