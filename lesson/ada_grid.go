package lesson

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// LRGrid runs every method at every learning rate and returns vals[i][j], the median over
// seeds 1, 2, …, seeds of run(methods[i], lrs[j], seed). A run whose result is not finite
// counts as +Inf (diverged), so a median of +Inf means that at least half the seeds diverged.
// The median of an even number of seeds is the upper of the two middle values.
func LRGrid(methods []string, lrs []float64, seeds int, run func(method string, lr float64, seed uint64) float64) [][]float64 {
	out := make([][]float64, len(methods))
	for i, m := range methods {
		out[i] = make([]float64, len(lrs))
		for j, lr := range lrs {
			vals := make([]float64, max(seeds, 1))
			for s := range vals {
				v := run(m, lr, uint64(s+1))
				if !adaFinite(v) {
					v = math.Inf(1)
				}
				vals[s] = v
			}
			out[i][j], _, _ = MedianRange(vals)
		}
	}
	return out
}

// MedianRange returns the median, the smallest and the largest of xs (NaN for all three when
// xs is empty). The median of an even number of values is the upper of the two middle ones.
func MedianRange(xs []float64) (median, lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return Median(xs), slices.Min(xs), slices.Max(xs)
}

// BestLR returns the learning rate of the smallest value of row (lrs[j] for row[j]) and that
// value; (0, +Inf) when every run diverged.
func BestLR(lrs, row []float64) (lr, best float64) {
	best = math.Inf(1)
	for j, v := range row {
		if v < best {
			lr, best = lrs[j], v
		}
	}
	return lr, best
}

// PrintLRTable prints vals (from LRGrid) with one row per method and one column per learning
// rate, "diverged" where a value is +Inf, and after each row the learning rate of its smallest
// value, "tuned η". It returns the tuned rates in the order of methods (0 for a method that
// diverged at every rate).
func PrintLRTable(methods []string, lrs []float64, vals [][]float64) []float64 {
	fmt.Printf("%-9s", "η")
	for _, lr := range lrs {
		fmt.Printf("%10g", lr)
	}
	fmt.Println()
	tuned := make([]float64, len(methods))
	for i, m := range methods {
		fmt.Printf("%-9s", m)
		for _, v := range vals[i] {
			fmt.Printf("%10s", LossText(v))
		}
		var best float64
		tuned[i], best = BestLR(lrs, vals[i])
		if math.IsInf(best, 1) {
			fmt.Println("   -> diverged at every rate")
			continue
		}
		fmt.Printf("   -> tuned η %g\n", tuned[i])
	}
	return tuned
}

// LossText prints a loss with three significant digits, or "diverged" when it is not finite.
func LossText(v float64) string {
	if !adaFinite(v) {
		return "diverged"
	}
	return fmt.Sprintf("%.3g", v)
}

// InfCells lists the grid cells of vals that are +Inf, method by method, such as
// "Momentum at η 1, 3; Adam at η 3"; "" when there is none.
func InfCells(methods []string, lrs []float64, vals [][]float64) string {
	var parts []string
	for i, m := range methods {
		var at []string
		for j, v := range vals[i] {
			if math.IsInf(v, 1) {
				at = append(at, fmt.Sprint(lrs[j]))
			}
		}
		if len(at) > 0 {
			parts = append(parts, m+" at η "+strings.Join(at, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

// LRLabels formats learning rates as axis or heat-map labels.
func LRLabels(lrs []float64) []string {
	out := make([]string, len(lrs))
	for i, lr := range lrs {
		out[i] = fmt.Sprint(lr)
	}
	return out
}

// LRRange is how wide a method's range of good learning rates is on a grid (see Sensitivity).
type LRRange struct {
	Method       string
	BestLR, Best float64   // the grid rate of the method's lowest value, and that value
	Within10     []float64 // the grid rates whose value is at most 1.1 × the method's best
	Within2      []float64 // … at most 2 × the method's best
	NearAll      int       // the number of grid rates within 1.1 × the best of all methods
}

// Sensitivity measures, for each method (a row of vals from LRGrid; lower is better), the
// grid learning rates whose value is within 10% and within a factor 2 of the method's own
// best, and how many are within 10% of the best of all methods. On a grid spaced by half a
// decade, each rate in a range widens it by half a decade.
func Sensitivity(methods []string, lrs []float64, vals [][]float64) []LRRange {
	overall := math.Inf(1)
	for _, row := range vals {
		overall = min(overall, slices.Min(row))
	}
	out := make([]LRRange, len(methods))
	for i, row := range vals {
		r := LRRange{Method: methods[i]}
		r.BestLR, r.Best = BestLR(lrs, row)
		for j, v := range row {
			if v <= 1.1*r.Best {
				r.Within10 = append(r.Within10, lrs[j])
			}
			if v <= 2*r.Best {
				r.Within2 = append(r.Within2, lrs[j])
			}
			if v <= 1.1*overall {
				r.NearAll++
			}
		}
		out[i] = r
	}
	return out
}

// PrintSensitivity prints the table of Sensitivity's ranges.
func PrintSensitivity(rs []LRRange) {
	list := func(lrs []float64) string {
		s := make([]string, len(lrs))
		for i, lr := range lrs {
			s[i] = fmt.Sprint(lr)
		}
		return fmt.Sprintf("%d: %s", len(lrs), strings.Join(s, ", "))
	}
	fmt.Println("grid learning rates (half a decade apart) whose final loss is within a factor of the best")
	fmt.Printf("%-9s %8s %9s   %-24s %-24s %s\n", "method", "best η", "best", "≤ 1.1 × own best", "≤ 2 × own best", "≤ 1.1 × best of all")
	for _, r := range rs {
		if math.IsInf(r.Best, 1) {
			fmt.Printf("%-9s diverged at every rate\n", r.Method)
			continue
		}
		fmt.Printf("%-9s %8g %9.4g   %-24s %-24s %d\n", r.Method, r.BestLR, r.Best, list(r.Within10), list(r.Within2), r.NearAll)
	}
}
