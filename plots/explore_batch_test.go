package plots

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"gonum.org/v1/gonum/mat"
)

// combinations calls f with every b-subset of 0 … n−1, in lexicographic order.
func combinations(n, b int, f func([]int)) {
	idx := make([]int, b)
	for i := range idx {
		idx[i] = i
	}
	for {
		f(idx)
		i := b - 1
		for i >= 0 && idx[i] == n-b+i {
			i--
		}
		if i < 0 {
			return
		}
		idx[i]++
		for j := i + 1; j < b; j++ {
			idx[j] = idx[j-1] + 1
		}
	}
}

// The covariance of the batch gradient, averaged over every b-subset of a small data set
// (the exact distribution of sampling without replacement), is (N − B)/((N − 1)B)·Σ.
func TestBatchGradientCovarianceByEnumeration(t *testing.T) {
	x, err := newBatchExplorer(BatchNoiseOptions{N: 9, Seed: 4, Batches: []int{1, 9}, Draws: 10})
	if err != nil {
		t.Fatal(err)
	}
	th := x.o.Theta0
	for b := 1; b <= 9; b++ {
		var cov sym2
		count := 0
		gr := make([]float64, 2)
		combinations(9, b, func(idx []int) {
			x.obj.LossGrad(gr, th, idx)
			d := [2]float64{gr[0] - x.g[0], gr[1] - x.g[1]}
			for r := range 2 {
				for c := range 2 {
					cov[r][c] += d[r] * d[c]
				}
			}
			count++
		})
		for r := range 2 {
			for c := range 2 {
				got, want := cov[r][c]/float64(count), x.fpc(b)*x.sigma[r][c]
				if math.Abs(got-want) > 1e-12*(1+math.Abs(x.sigma[r][c])) {
					t.Errorf("B=%d: Cov[%d][%d] over all %d subsets = %.15g, (N−B)/((N−1)B)·Σ = %.15g", b, r, c, count, got, want)
				}
			}
		}
	}
}

// Over many random batches the spread is √(tr Σ (N − B)/((N − 1)B)): the 1/√B law with
// its finite-population correction.
func TestBatchSpreadFollowsTheSquareRootLaw(t *testing.T) {
	x, err := newBatchExplorer(BatchNoiseOptions{Draws: 10})
	if err != nil {
		t.Fatal(err)
	}
	s1 := x.theorySpread(1)
	for _, b := range []int{1, 4, 16, 64, 150} {
		cloud, err := x.draw(b, 20000)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := x.spread(cloud)
		want := s1 / math.Sqrt(float64(b)) * math.Sqrt(float64(200-b)/199)
		if math.Abs(x.theorySpread(b)-want) > 1e-12*want {
			t.Errorf("B=%d: theory %g, want σ₁/√B·√((N−B)/(N−1)) = %g", b, x.theorySpread(b), want)
		}
		// The batch gradients are heavy-tailed (g_i = r_i (x_i, 1)): 20000 draws pin the
		// spread to about 3%.
		if math.Abs(got/want-1) > 0.04 {
			t.Errorf("B=%d: measured spread %.4g over 20000 batches, theory %.4g (ratio %.3f)", b, got, want, got/want)
		}
		// The batches are distinct uniform subsets.
		bt, _ := gdlib.MiniBatch(200, b, x.o.Seed+uint64(b)*7919)
		bt.Epoch(3)
		batch, _ := bt.Next()
		c := slices.Clone(batch)
		slices.Sort(c)
		if len(slices.Compact(c)) != b {
			t.Errorf("B=%d: batch %v repeats an example", b, batch)
		}
	}
	if got := x.theorySpread(200); got != 0 {
		t.Errorf("theory at B = N is %g, want 0", got)
	}
}

// The expected loss of SGD from the moment recursion matches the mean over many runs, and
// its limit matches the mean of one long run; both are independent of the recursion.
func TestBatchExpectedLoss(t *testing.T) {
	x, err := newBatchExplorer(BatchNoiseOptions{Draws: 10, Updates: 60})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []int{1, 10} {
		exp := x.expected(b)
		const seeds = 500
		mean := make([]float64, len(exp))
		for s := range uint64(seeds) {
			tr, err := x.sgd(b, 100+s)
			if err != nil || tr.Diverged {
				t.Fatal(err, tr.Diverged)
			}
			for k, f := range tr.F {
				mean[k] += (f - x.fstar) / seeds
			}
		}
		for _, k := range []int{0, 1, 5, 10, 20, 40, 60} {
			// At the floor the excess loss is about a sum of two squared Gaussians: its
			// standard deviation is about its mean, so 500 runs pin the mean to 4.5%.
			if r := mean[k] / exp[k]; math.Abs(r-1) > 0.15 {
				t.Errorf("B=%d, update %d: mean excess loss %.4g over %d runs, expected %.4g (ratio %.3f)", b, k, mean[k], seeds, exp[k], r)
			}
		}
		if k := 0; math.Abs(mean[k]-exp[k]) > 1e-12 {
			t.Errorf("B=%d: the runs start at %g, the recursion at %g", b, mean[k], exp[k])
		}
	}
	// The floor against one long run from θ*.
	x.o.Theta0 = slices.Clone(x.best)
	x.o.Updates = 40000
	for _, b := range []int{1, 10} {
		tr, err := x.sgd(b, 7)
		if err != nil {
			t.Fatal(err)
		}
		var m float64
		for _, f := range tr.F[1000:] {
			m += (f - x.fstar) / float64(len(tr.F)-1000)
		}
		if floor := x.noiseFloor(b); math.Abs(m/floor-1) > 0.06 {
			t.Errorf("B=%d: a long run averages %.4g above L*, the floor is %.4g (ratio %.3f)", b, m, floor, m/floor)
		}
	}
	if f := x.noiseFloor(200); f != 0 {
		t.Errorf("no noise at B = N, but a floor of %g", f)
	}
	// Too large a step with single examples: the second moment grows although gradient
	// descent, at ηλmax < 2, converges.
	x.o.LR = 1.5
	if f := x.noiseFloor(1); !math.IsInf(f, 1) {
		t.Errorf("η = 1.5, B = 1: floor %g, want +Inf (unstable in the mean square)", f)
	}
}

// The Hessian of least squares is the mean of a_i a_iᵀ: check it against gonum.
func TestBatchExplorerHessian(t *testing.T) {
	x, err := newBatchExplorer(BatchNoiseOptions{Draws: 10})
	if err != nil {
		t.Fatal(err)
	}
	A := mat.NewDense(200, 2, nil)
	for i, a := range x.a {
		A.SetRow(i, a[:])
	}
	var h mat.Dense
	h.Mul(A.T(), A)
	h.Scale(1.0/200, &h)
	for r := range 2 {
		for c := range 2 {
			if math.Abs(h.At(r, c)-x.hess[r][c]) > 1e-13 {
				t.Errorf("H[%d][%d] = %g, AᵀA/N = %g", r, c, x.hess[r][c], h.At(r, c))
			}
		}
	}
	// At θ* the mean gradient vanishes.
	g := make([]float64, 2)
	x.obj.LossGrad(g, x.best, nil)
	if math.Hypot(g[0], g[1]) > 1e-12 {
		t.Errorf("|∇L(θ*)| = %g", math.Hypot(g[0], g[1]))
	}
}

func TestBatchNoiseExplorerHTML(t *testing.T) {
	e := BatchNoiseExplorer(BatchNoiseOptions{})
	h, p := explorerHTML(t, e)
	if len(h) > ExplorerBudget {
		t.Errorf("%d KB, over the budget of %d KB", len(h)>>10, ExplorerBudget>>10)
	}
	writeExplorerFrames(t, "batch", e, 0, 2, 6, 7)
	if got := strings.Join(p.data.Params[0].Labels, " "); got != "1 2 5 10 20 50 100 200" || p.data.Params[0].Name != "batch size B" {
		t.Errorf("slider %q labelled %q", p.data.Params[0].Name, got)
	}
	if got := p.data.Params[0].Labels[p.data.Params[0].Value]; got != "10" {
		t.Errorf("default B = %s, want 10", got)
	}
	bg := p.background()
	wellFormed(t, "background", bg)
	for _, s := range []string{"(a) batch gradients at θ₀", "(b) σ_B = rms |g_B − g|", "(c) SGD path", "(d) loss L(θ_k) − L*", "σ₁/√B", "grey: gradient descent"} {
		if !hasText(bg, s) {
			t.Errorf("the background lacks %q", s)
		}
	}
	for f := range p.data.Frames {
		svg := p.frameSVG(f)
		wellFormed(t, "frame", svg)
		for _, s := range []string{"measured σ_B = ", "- - theory σ_B = ", "- - expected → ", " updates: "} {
			if !hasText(svg, s) {
				t.Errorf("frame %d lacks %q", f, s)
			}
		}
	}
	if !hasText(p.data.Frames[p.data.Index[7]], "theory σ_B = 0") {
		t.Error("at B = N the theory is not 0")
	}
	// A step too large for small batches: the frames say where the runs diverge.
	e = BatchNoiseExplorer(BatchNoiseOptions{LR: 1.9, Batches: []int{1, 200}, Updates: 200})
	_, p = explorerHTML(t, e)
	if !strings.Contains(p.data.Frames[p.data.Index[0]], "diverged at step ") || !strings.Contains(p.data.Frames[p.data.Index[0]], "expected: grows") {
		t.Error("at η = 1.9 and B = 1, the frame does not say that the run diverged and the expected loss grows")
	}
}

func TestBatchNoiseExplorerOptions(t *testing.T) {
	for _, o := range []BatchNoiseOptions{
		{N: 1},
		{Noise: -1},
		{Batches: []int{0, 5}},
		{Batches: []int{300}},
		{Batches: []int{}},
		{LR: -1},
		{Theta0: []float64{1}},
	} {
		e := BatchNoiseExplorer(o)
		if _, err := e.HTML(); e.Err() == nil || err == nil || !strings.Contains(err.Error(), "BatchNoiseExplorer") {
			t.Errorf("%+v: error %v, want the option's error", o, err)
		}
	}
}

// BenchmarkBatchNoiseExplorer renders the mini-batch explorer with its default options and
// reports its size.
func BenchmarkBatchNoiseExplorer(b *testing.B) {
	var n int
	for b.Loop() {
		h, err := BatchNoiseExplorer(BatchNoiseOptions{}).HTML()
		if err != nil {
			b.Fatal(err)
		}
		n = len(h)
	}
	b.ReportMetric(float64(n)/1024, "KB")
}
