package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
)

// PaperMethods are the three optimisers of the Adam paper's comparisons (Kingma and Ba,
// 2015, figures 1 and 2), in the order the course prints them.
var PaperMethods = []string{"Adam", "AdaGrad", "SGDNesterov"}

// PaperOptimizer builds one of PaperMethods with step size alpha and the paper's other
// settings: Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8; AdaGrad with gdlib's defaults;
// SGD with Nesterov momentum 0.9.
func PaperOptimizer(method string, dim int, alpha float64) (gdlib.Optimizer, error) {
	switch method {
	case "Adam":
		return gdlib.NewAdam(dim, gdlib.AdamConfig{LR: alpha, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
	case "AdaGrad":
		c := gdlib.DefaultAdaGradConfig()
		c.LR = alpha
		return gdlib.NewAdaGrad(dim, c)
	case "SGDNesterov":
		return gdlib.NewNesterov(dim, gdlib.NesterovConfig{LR: alpha, Momentum: 0.9})
	}
	return nil, fmt.Errorf("no method %q in the paper's comparison (want one of %s)", method, strings.Join(PaperMethods, ", "))
}

// RaceEntry is one method's result in PaperRace.
type RaceEntry struct {
	Method string
	Alpha  float64       // the step size with the lowest final loss on the grid, seed 1
	Grid   []float64     // final loss at each step size of the grid, seed 1 (+Inf: diverged)
	Finals []float64     // final losses at Alpha over seeds 1..seeds, sorted (+Inf: diverged)
	Best   gdlib.History // the seed-1 run at Alpha, labelled "method α=…"
}

// Median is the median of e.Finals: the middle value, or the mean of the two middle ones.
func (e RaceEntry) Median() float64 {
	n := len(e.Finals)
	if n%2 == 1 {
		return e.Finals[n/2]
	}
	return (e.Finals[n/2-1] + e.Finals[n/2]) / 2
}

// PaperRace tunes each method's step size the way the course reruns the Adam paper: run(m, α,
// 1) for every α of grids[m], keep the α with the lowest final training loss (a diverged run
// counts as +Inf), rerun it with seeds 2..seeds, and print the grid and the median and range
// of the final losses over the seeds. run must return the run's history.
func PaperRace(methods []string, grids map[string][]float64, seeds int,
	run func(method string, alpha float64, seed uint64) gdlib.History) []RaceEntry {
	var out []RaceEntry
	fmt.Println("method        final loss for each α on the grid (seed 1)")
	for _, m := range methods {
		e := RaceEntry{Method: m}
		var line []string
		for i, a := range grids[m] {
			h := run(m, a, 1)
			loss, text := RunEnd(h)
			e.Grid = append(e.Grid, loss)
			line = append(line, fmt.Sprintf("α=%g: %s", a, text))
			if i == 0 || loss < e.Finals[0] {
				e.Alpha, e.Best, e.Finals = a, h, []float64{loss}
			}
		}
		fmt.Printf("%-12s  %s\n", m, strings.Join(line, "   "))
		for s := 2; s <= seeds; s++ {
			loss, _ := RunEnd(run(m, e.Alpha, uint64(s)))
			e.Finals = append(e.Finals, loss)
		}
		slices.Sort(e.Finals)
		e.Best.Label = fmt.Sprintf("%s α=%g", m, e.Alpha)
		out = append(out, e)
	}
	fmt.Println()
	for _, e := range out {
		fmt.Printf("%-12s  best α = %-6g  final loss over %d seeds: median %s, range %s–%s\n", e.Method, e.Alpha,
			len(e.Finals), raceText(e.Median()), raceText(e.Finals[0]), raceText(e.Finals[len(e.Finals)-1]))
	}
	return out
}

func raceText(loss float64) string {
	if math.IsInf(loss, 1) || math.IsNaN(loss) {
		return "diverged"
	}
	return fmt.Sprintf("%.4f", loss)
}

// PaperRegression is the objective of the course's rerun of the Adam paper's figure 1:
// L2-regularised softmax regression (strength l2) on the first n MNIST training images. It
// stops the cell with one line if MNIST cannot be loaded.
func PaperRegression(n int, l2 float64) *gdlib.Softmax {
	train, _, err := data.MNISTSubset(n, 0)
	if err != nil {
		landStop(err)
	}
	obj, err := gdlib.NewSoftmax(train.X, train.Labels, 10, l2)
	if err != nil {
		landStop(err)
	}
	return obj
}
