package lesson

import (
	"math"
	"slices"
)

// guideContender is one method in a row of the field guide: a name, the range [lo, hi] of
// its learning rate η searched on a log grid, and run(η, seed), which returns the row's score
// (lower is better; +Inf for a run that never reached the target or diverged).
type guideContender struct {
	name   string
	lo, hi float64
	run    func(eta float64, seed uint64) float64
}

// GuideRow is one line of the "what won where" table. Every contender's η is tuned on a log
// grid of Grid values, each scored by the median over Seeds tuning seeds (1..Seeds); the
// reported Score is the median over Seeds other seeds (1001..1000+Seeds) at the tuned η, so
// the numbers reported are not the ones the tuning chose on.
type GuideRow struct {
	Problem, Metric, Notebook string
	Names                     []string
	Eta                       []float64   // tuned η of each contender (0 when not tuned)
	Score                     []float64   // median reported score at the tuned η (lower is better)
	Sweep                     [][]float64 // tuning-seed median score at each grid point, per contender
	Grid, Seeds               int
	Winner, Runner            int     // indices of the lowest and second-lowest Score
	Margin                    float64 // Score[Runner] / Score[Winner]; +Inf when the runner-up never arrived
}

// GuideGrid is n log-spaced values from lo to hi: lo·(hi/lo)^(i/(n−1)); {√(lo·hi)} for n = 1.
func GuideGrid(lo, hi float64, n int) []float64 {
	if n <= 1 {
		return []float64{math.Sqrt(lo * hi)}
	}
	g := make([]float64, n)
	for i := range g {
		g[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	return g
}

// guideSeedScores runs c at η on seeds base+1..base+k and returns the median score.
func guideSeedScores(c guideContender, eta float64, base uint64, k int) float64 {
	xs := make([]float64, k)
	for s := range xs {
		xs[s] = c.run(eta, base+uint64(s)+1)
	}
	return Median(xs)
}

// guideTune fills a row: tune each contender's η on the grid with seeds 1..seeds (the lowest
// median wins, the smaller η on a tie), then score it on seeds 1001..1000+seeds. A contender
// with lo == hi is not tuned (its one value is used, and the row still says grid 1 for it).
func guideTune(problem, metric, notebook string, cs []guideContender, grid, seeds int) GuideRow {
	r := GuideRow{Problem: problem, Metric: metric, Notebook: notebook, Grid: grid, Seeds: seeds}
	for _, c := range cs {
		etas := GuideGrid(c.lo, c.hi, grid)
		if c.lo == c.hi {
			etas = []float64{c.lo}
		}
		sweep := make([]float64, len(etas))
		best := 0
		for i, eta := range etas {
			sweep[i] = guideSeedScores(c, eta, 0, seeds)
			if sweep[i] < sweep[best] {
				best = i
			}
		}
		r.Names = append(r.Names, c.name)
		r.Eta = append(r.Eta, etas[best])
		r.Sweep = append(r.Sweep, sweep)
		r.Score = append(r.Score, guideSeedScores(c, etas[best], 1000, seeds))
	}
	r.Winner, r.Runner, r.Margin = guideRank(r.Score)
	return r
}

// guideRank returns the indices of the lowest and second-lowest score and their ratio
// second/lowest (+Inf when the second is +Inf, NaN when the lowest is +Inf: no one arrived).
func guideRank(score []float64) (win, run int, margin float64) {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] < score[b]:
			return -1
		case score[a] > score[b]:
			return 1
		}
		return 0
	})
	win, run = idx[0], idx[0]
	if len(idx) > 1 {
		run = idx[1]
	}
	if math.IsInf(score[win], 1) {
		return win, run, math.NaN()
	}
	return win, run, score[run] / score[win]
}

// Index returns the position of the contender called name, or −1.
func (r GuideRow) Index(name string) int { return slices.Index(r.Names, name) }

// Ratio is Score[a]/Score[b] for the contenders called a and b (NaN if either is missing).
func (r GuideRow) Ratio(a, b string) float64 {
	i, j := r.Index(a), r.Index(b)
	if i < 0 || j < 0 {
		return math.NaN()
	}
	return r.Score[i] / r.Score[j]
}

// WinnerName is the name of the contender with the lowest score.
func (r GuideRow) WinnerName() string { return r.Names[r.Winner] }
