package lesson

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// This file holds the machinery of notebook 06's cells, so that a cell reads as the lesson.

// WarmedNet is section 1's network: 784-32-32-10 ReLU with He initialisation and softmax
// cross-entropy on the first 1000 MNIST images, after `epochs` epochs of SGD (η = 0.1,
// batches of 50, 20 updates an epoch) from the weights and batch order of seed.
func WarmedNet(seed uint64, epochs int) (*nn.MLP, *nn.Objective) {
	net, obj := NetOnMNIST(1000, nn.Config{Sizes: []int{784, 32, 32, 10}, Activation: nn.ReLU,
		Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: seed})
	sgd := gdlib.Must(gdlib.NewSGD(net.Dim(), gdlib.SGDConfig{LR: 0.1}))
	gdlib.Must(gdlib.Train(obj, net.Params(), sgd, gdlib.Must(gdlib.MiniBatch(obj.N(), 50, seed)),
		gdlib.TrainOptions{Epochs: epochs}))
	return net, obj
}

// StepSizes is section 1's measurement: one gradient step θ − ηg of several sizes η, each
// compared with the second-order model ΔL ≈ −η gᵀg + ½η² gᵀHg and with seed 003's
// formula ½η gᵀHg − η gᵀg (η where η² belongs).
type StepSizes struct {
	L0, GG, GHG float64   // the loss, gᵀg and gᵀHg at θ on the batch
	Best        float64   // η* = gᵀg / gᵀHg, where the model's change is most negative
	Ratios      []float64 // the steps tried, as multiples of η*
	Measured    []float64 // L(θ − ηg) − L(θ)
	Model       []float64 // −η gᵀg + ½η² gᵀHg
	SeedSays    []float64 // ½η gᵀHg − η gᵀg
}

// MeasureSteps measures StepSizes at θ = params on the batch, for η = r·η* for each r of ratios.
func MeasureSteps(obj *nn.Objective, params []float64, batch []int, ratios []float64) StepSizes {
	theta := slices.Clone(params)
	g := make([]float64, len(theta))
	s := StepSizes{Ratios: ratios}
	s.L0 = obj.LossGrad(g, theta, batch)
	s.GHG, s.GG = obj.CurvatureAlongGradient(theta, batch)
	s.Best = s.GG / s.GHG
	for _, r := range ratios {
		eta := r * s.Best
		step := slices.Clone(theta)
		floats.AddScaled(step, -eta, g) // θ − ηg
		s.Measured = append(s.Measured, obj.Loss(step, batch)-s.L0)
		s.Model = append(s.Model, 0.5*eta*eta*s.GHG-eta*s.GG)
		s.SeedSays = append(s.SeedSays, 0.5*eta*s.GHG-eta*s.GG)
	}
	return s
}

// Table is StepSizes as notebook 06 prints it, one row per step.
func (s StepSizes) Table() string {
	var b strings.Builder
	b.WriteString("   η/η*        η   measured ΔL   ½η²gᵀHg − ηgᵀg   seed 003: ½ηgᵀHg − ηgᵀg\n")
	for i, r := range s.Ratios {
		fmt.Fprintf(&b, "%7.2f %8.4f %13.5f %16.5f %22.5f\n", r, r*s.Best, s.Measured[i], s.Model[i], s.SeedSays[i])
	}
	return b.String()
}

// Ratio is gᵀHg/gᵀg at each checkpoint: the curvature along the gradient (a Rayleigh
// quotient of H). By the second-order model a step of size η along g raises the loss once
// η > 2gᵀg/gᵀHg, that is once the ratio exceeds 2/η.
func (w Watched) Ratio() []float64 {
	r := make([]float64, len(w.GG))
	for k := range r {
		r[k] = w.GHG[k] / w.GG[k]
	}
	return r
}

// Edge is 2/η at each checkpoint, with η the learning rate in force after it.
func (w Watched) Edge() []float64 {
	e := make([]float64, len(w.LR))
	for k, lr := range w.LR {
		e[k] = 2 / lr
	}
	return e
}

// AboveEdge counts the checkpoints where gᵀHg/gᵀg > 2/η, and those of them after the rule
// last fired (all of them when it never fired).
func (w Watched) AboveEdge() (above, afterLast int) {
	last := -1
	if len(w.Fired) > 0 {
		last = w.Fired[len(w.Fired)-1]
	}
	r, e := w.Ratio(), w.Edge()
	for k := range r {
		if r[k] > e[k] {
			above++
			if k > last {
				afterLast++
			}
		}
	}
	return above, afterLast
}

// CurvatureFigure is gᵀg and gᵀHg at the checkpoints of w, on a log axis, with the
// checkpoints where the rule fired marked.
func (w Watched) CurvatureFigure(title string) *plots.Plot {
	fx, fy := w.Marks(w.GHG)
	return plots.Lines(plots.LinesOptions{Title: title, XLabel: "update", YLabel: "value (log scale)", LogY: true,
		Curves: []plots.Curve{{Label: "gᵀg", X: w.Update, Y: w.GG}, {Label: "gᵀHg", X: w.Update, Y: w.GHG},
			{Label: "rule fires", X: fx, Y: fy, NoLine: true, Color: plots.Theme.Ink}}})
}

// WatchLossFigure is the training loss of the constant run and of the run that obeys the
// rule, with the checkpoints where the rule halved η marked.
func WatchLossFigure(fixed, ruled Watched) *plots.Plot {
	rx, ry := ruled.Marks(ruled.Loss)
	return plots.Lines(plots.LinesOptions{Title: "Training loss on the 1000 images", XLabel: "update",
		YLabel: "loss (log scale)", LogY: true, Curves: []plots.Curve{
			{Label: "constant η", X: fixed.Update, Y: fixed.Loss, Color: plots.Color(0)},
			{Label: "rule applied", X: ruled.Update, Y: ruled.Loss, Color: plots.Color(2)},
			{Label: "η halved", X: rx, Y: ry, NoLine: true, Color: plots.Theme.Ink}}})
}

// CurvatureEdgeFigure is gᵀHg/gᵀg of both runs against the line 2/η it is compared with (a staircase
// for the run whose η is halved): above its line, a step of size η along g raises the loss
// by the second-order model.
func CurvatureEdgeFigure(fixed, ruled Watched) *plots.Plot {
	stairs := func(w Watched) (x, y []float64) {
		for k := range w.Update {
			if k > 0 {
				x, y = append(x, w.Update[k]), append(y, 2/w.LR[k-1])
			}
			x, y = append(x, w.Update[k]), append(y, 2/w.LR[k])
		}
		return x, y
	}
	sx, sy := stairs(ruled)
	return plots.Lines(plots.LinesOptions{Title: "Curvature along the gradient against 2/η", XLabel: "update",
		YLabel: "gᵀHg / gᵀg (log scale)", LogY: true, Curves: []plots.Curve{
			{Label: "constant η", X: fixed.Update, Y: fixed.Ratio(), Color: plots.Color(0)},
			{Label: "2/η, constant", X: fixed.Update, Y: fixed.Edge(), Dashed: true, Color: plots.Color(0)},
			{Label: "rule applied", X: ruled.Update, Y: ruled.Ratio(), Color: plots.Color(2)},
			{Label: "2/η, halved", X: sx, Y: sy, Dashed: true, Color: plots.Color(2)}}})
}

// RuleVerdict is what section 2's table found for a list of learning rates: the rows where
// a constant rate fails (ends above 0.5 or diverges) and where it works (ends below 0.05),
// whether obeying the rule ended lower in every failing row (Helped) and higher in every
// working row (Hurt).
type RuleVerdict struct {
	Fails, Works []string
	Helped, Hurt bool
}

// CompareRule runs WatchCurvature twice for each learning rate of lrs (rule only reporting,
// rule halving η), prints one table row per rate, and sorts the rows into a RuleVerdict.
func CompareRule(lrs []float64, epochs int, seed uint64, pr *plots.Progress) RuleVerdict {
	v := RuleVerdict{Helped: true, Hurt: true}
	fmt.Println("      η   firings    final loss, constant η    final loss, rule applied   final η")
	for _, lr := range lrs {
		o := WatchOptions{LR: lr, Epochs: epochs, Seed: seed, Progress: pr, Label: fmt.Sprintf("η %g constant", lr)}
		fixed := WatchCurvature(1000, o)
		o.Halve, o.Label = true, fmt.Sprintf("η %g rule", lr)
		ruled := WatchCurvature(1000, o)
		fmt.Printf("%7g %9d %25s %27s %9.4g\n", lr, len(fixed.Fired), fixed.End(), ruled.End(), ruled.FinalLR)
		row := fmt.Sprintf("η %g: %s → %s after %d firings", lr, fixed.End(), ruled.End(), len(fixed.Fired))
		if fixed.DivergedAt > 0 || fixed.FinalLoss > 0.5 {
			v.Fails = append(v.Fails, row)
			v.Helped = v.Helped && ruled.DivergedAt == 0 && !(ruled.FinalLoss >= fixed.FinalLoss)
		} else if fixed.FinalLoss < 0.05 {
			v.Works = append(v.Works, row)
			v.Hurt = v.Hurt && (ruled.DivergedAt > 0 || ruled.FinalLoss > fixed.FinalLoss)
		}
	}
	return v
}

// adamConfig is the Adam of sections 3 and 4: η = 0.01, β1 = 0.9, β2 = 0.999, ε = 1e-8.
var adamConfig = gdlib.AdamConfig{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}

// TrainedTanhNet is section 3's network: 784-n-n-10 tanh with Xavier-normal initialisation
// and softmax cross-entropy on the first 1000 MNIST images, after 15 epochs of Adam
// (η = 0.01, batches of 50) from the weights and batch order of seed.
func TrainedTanhNet(n int, seed uint64) (*nn.MLP, *nn.Objective) {
	net, obj := NetOnMNIST(1000, nn.Config{Sizes: []int{784, n, n, 10}, Activation: nn.Tanh,
		Init: nn.XavierNormal, Loss: nn.SoftmaxCrossEntropy, Seed: seed})
	adam := gdlib.Must(gdlib.NewAdam(net.Dim(), adamConfig))
	gdlib.Must(gdlib.Train(obj, net.Params(), adam, gdlib.Must(gdlib.MiniBatch(obj.N(), 50, seed)),
		gdlib.TrainOptions{Epochs: 15}))
	return net, obj
}

// PermuteHidden reorders the units of every hidden layer of net at random (PCG seeded with
// (seed, 7)), in place, and returns a copy of the new parameter vector. The network computes
// the same function as before.
func PermuteHidden(net *nn.MLP, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	sizes := net.Config().Sizes
	for l := 0; l+2 < len(sizes); l++ {
		if err := net.Permute(l, r.Perm(sizes[l+1])); err != nil {
			landStop(err)
		}
	}
	return slices.Clone(net.Params())
}

// LossOnSegment is the training loss at (1−s)·a + s·b for `points` values of s evenly
// spaced from 0 to 1.
func LossOnSegment(obj *nn.Objective, a, b []float64, points int) (s, loss []float64) {
	mid := make([]float64, len(a))
	for k := 0; k < points; k++ {
		t := float64(k) / float64(points-1)
		for i := range mid {
			mid[i] = (1-t)*a[i] + t*b[i]
		}
		s, loss = append(s, t), append(loss, obj.Loss(mid, nil))
	}
	return s, loss
}

// WidthSpread is section 4's experiment for one width: a 784-h-10 tanh network trained from
// several random starts, and where each ended.
type WidthSpread struct {
	Name    string
	Seeds   []float64 // 1, 2, …
	Final   []float64 // the final training loss of each seed's run
	Sorted  []float64 // Final, sorted
	Falling bool      // every run lowered its loss in its last epoch
}

// WidthRuns trains a 784-h-10 tanh network (Xavier normal, softmax cross-entropy) on the
// first 500 MNIST images with Adam (η = 0.01, batches of 100) for `epochs` epochs, from
// seeds 1 to `seeds`, and records each run's final training loss.
func WidthRuns(h, seeds, epochs int, pr *plots.Progress) WidthSpread {
	sp := WidthSpread{Name: fmt.Sprintf("784-%d-10", h), Falling: true}
	for s := 1; s <= seeds; s++ {
		net, obj := NetOnMNIST(500, nn.Config{Sizes: []int{784, h, 10}, Activation: nn.Tanh,
			Init: nn.XavierNormal, Loss: nn.SoftmaxCrossEntropy, Seed: uint64(s)})
		adam := gdlib.Must(gdlib.NewAdam(net.Dim(), adamConfig))
		hist := gdlib.Must(gdlib.Train(obj, net.Params(), adam, gdlib.Must(gdlib.MiniBatch(obj.N(), 100, uint64(s))),
			gdlib.TrainOptions{Epochs: epochs, Callback: pr.Train(fmt.Sprintf("%s, seed %d", sp.Name, s), epochs)}))
		sp.Seeds, sp.Final = append(sp.Seeds, float64(s)), append(sp.Final, hist.EpochTrain[epochs])
		sp.Falling = sp.Falling && hist.EpochTrain[epochs] < hist.EpochTrain[epochs-1]
	}
	sp.Sorted = slices.Sorted(slices.Values(sp.Final))
	return sp
}

// Best and Worst are the lowest and highest final losses.
func (sp WidthSpread) Best() float64  { return sp.Sorted[0] }
func (sp WidthSpread) Worst() float64 { return sp.Sorted[len(sp.Sorted)-1] }

// WidthHeader is the header of the rows WidthSpread.String prints.
const WidthHeader = "network      best    median   worst   worst−best  worst/best"

func (sp WidthSpread) String() string {
	return fmt.Sprintf("%-10s %7.4f %8.4f %7.4f %11.4f %10.2f", sp.Name, sp.Best(),
		stat.Quantile(0.5, stat.Empirical, sp.Sorted, nil), sp.Worst(), sp.Worst()-sp.Best(), sp.Worst()/sp.Best())
}

// WidthFigure draws each run's final loss against its seed, one colour per network.
func WidthFigure(spreads ...WidthSpread) *plots.Plot {
	var cs []plots.Curve
	for _, sp := range spreads {
		cs = append(cs, plots.Curve{Label: sp.Name, X: sp.Seeds, Y: sp.Final, NoLine: true})
	}
	return plots.Lines(plots.LinesOptions{Title: fmt.Sprintf("Final training loss from %d random starts", len(spreads[0].Seeds)),
		XLabel: "seed of the initial weights", YLabel: "final training loss (log)", LogY: true, Curves: cs})
}

// RunNewton runs gdlib.Newton (its default configuration) on s from x0 for at most `steps`
// steps, stopping at |∇f| < 1e-9 (1e-12 on request through tol > 0).
func RunNewton(s gdlib.Surface, x0 []float64, steps int, tol float64, label string) (gdlib.Trace, error) {
	if tol <= 0 {
		tol = 1e-9
	}
	return gdlib.Minimize(s, x0, gdlib.Must(gdlib.NewNewton(s.Dim, gdlib.DefaultNewtonConfig())),
		gdlib.RunOptions{Steps: steps, Tol: tol, Label: label})
}

// EndCounts starts Newton's method (at most 50 steps) and gradient descent (learning rate
// lr, at most 3000 steps), both stopping at |∇f| < 1e-9, from a grid×grid grid of points on
// [−4.5, 4.5]² and counts, for each method, the kinds of end point EndKind reports.
func EndCounts(s gdlib.Surface, grid int, lr float64) map[string]map[string]int {
	counts := map[string]map[string]int{"Newton": {}, "GD": {}}
	for i := 0; i < grid; i++ {
		for j := 0; j < grid; j++ {
			x0 := []float64{-4.5 + 9*float64(i)/float64(grid-1), -4.5 + 9*float64(j)/float64(grid-1)}
			tr, err := RunNewton(s, x0, 50, 0, "")
			counts["Newton"][EndKind(s, tr, err)]++
			tr, err = gdlib.Minimize(s, x0, gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr})),
				gdlib.RunOptions{Steps: 3000, Tol: 1e-9})
			counts["GD"][EndKind(s, tr, err)]++
		}
	}
	return counts
}

// EndTable prints EndCounts as a table, one row per method.
func EndTable(counts map[string]map[string]int, starts int) {
	fmt.Printf("%d starts   minimum  saddle  maximum  nowhere  diverged\n", starts)
	for _, m := range []string{"Newton", "GD"} {
		c := counts[m]
		fmt.Printf("%-10s %9d %7d %8d %8d %9d\n", m, c["minimum"], c["saddle"], c["maximum"], c["nowhere"], c["diverged"])
	}
}

// PrintEigenvalues prints up to 8 eigenvalues (largest |λ| first, as Eigenvalues returns
// them) with their moduli, before and after dividing by the spectral radius rho.
func PrintEigenvalues(lambda []complex128, rho float64) {
	fmt.Printf("eigenvalues of the random matrix before rescaling (ρ = %.4f), largest first (at most 8):\n", rho)
	for _, l := range lambda[:min(len(lambda), 8)] {
		fmt.Printf("  %.4f%+.4fi (|λ| = %.4f, %.3f after rescaling to ρ = 1)\n", real(l), imag(l), cmplx.Abs(l), cmplx.Abs(l)/rho)
	}
}

// RelGap is the largest |a_i − b_i| / |a_i|.
func RelGap(a, b []float64) float64 {
	worst := 0.0
	for i := range a {
		worst = math.Max(worst, math.Abs(a[i]-b[i])/a[i])
	}
	return worst
}

// RunGDTol runs plain gradient descent, x ← x − η∇f(x), from x0 for at most `steps` steps,
// stopping at the first iterate with |∇f| < tol.
func RunGDTol(s gdlib.Surface, x0 []float64, lr float64, steps int, tol float64, label string) gdlib.Trace {
	return gdlib.Must(gdlib.Minimize(s, x0, gdlib.Must(gdlib.NewSGD(s.Dim, gdlib.SGDConfig{LR: lr})),
		gdlib.RunOptions{Steps: steps, Tol: tol, Label: label}))
}

// WatchBoth runs WatchCurvature twice on the first 1000 MNIST images from the same start
// and batches, with a progress line: once at the constant learning rate lr (the rule only
// reports), once halving η each time the rule fires.
func WatchBoth(lr float64, epochs int, seed uint64) (fixed, ruled Watched) {
	pr := plots.NewProgress()
	o := WatchOptions{LR: lr, Epochs: epochs, Seed: seed, Progress: pr, Label: "constant η"}
	fixed = WatchCurvature(1000, o)
	o.Halve, o.Label = true, "rule on"
	ruled = WatchCurvature(1000, o)
	pr.Done()
	return fixed, ruled
}

// NearSaddles starts Newton's method (at most 50 steps) and gradient descent (learning rate
// lr, at most 3000 steps), both stopping at |∇f| < 1e-9, from 0.3 off each listed saddle of
// s in both coordinates, prints where each run ends (EndKind), and counts the starts from
// which Newton ends at that saddle within 5 steps while GD ends at a minimum.
func NearSaddles(s gdlib.Surface, lr float64) (traces []gdlib.Trace, pulled int) {
	for k, sp := range s.Saddles {
		x0 := []float64{sp[0] + 0.3, sp[1] + 0.3}
		nt, errN := RunNewton(s, x0, 50, 0, fmt.Sprintf("Newton, start %d", k+1))
		gd := RunGDTol(s, x0, lr, 3000, 1e-9, fmt.Sprintf("GD, start %d", k+1))
		en, eg := EndKind(s, nt, errN), EndKind(s, gd, nil)
		fmt.Printf("start %d (%5.2f, %5.2f): Newton ends at a %s after %d steps; GD at a %s, %s\n",
			k+1, x0[0], x0[1], en, len(nt.X)-1, eg, gd.Status())
		end := nt.X[len(nt.X)-1]
		if math.Hypot(end[0]-sp[0], end[1]-sp[1]) < 1e-6 && len(nt.X)-1 <= 5 && eg == "minimum" {
			pulled++
		}
		traces = append(traces, nt, gd)
	}
	return traces, pulled
}

// PowerRun is |Wᵗv| for one rescaling W = (ρ/ρ_A)A of section 6's random matrix.
type PowerRun struct {
	Rho, Norm           float64   // ρ and the spectral norm ‖W‖₂
	Measured, Predicted []float64 // |Wᵗv| by multiplication and from the eigen-decomposition (PowerNorms)
	Gap                 float64   // the largest relative gap between them
	Ratio               float64   // |W^T v| / (ρ^T |v|) at the last power T
}

// PowerRuns computes a PowerRun for each ρ of rhos, t = 0 … steps, and prints one table
// row for each: ρ, ‖W‖₂, the first step's stretch |Wv|/|v|, |W^T v| both ways, and ρ^T|v|.
func PowerRuns(A *mat.Dense, v []float64, rhos []float64, steps int) []PowerRun {
	fmt.Printf("   ρ   ‖W‖₂   |Wv|/|v|   |W^%d v| measured   predicted (eigen)   ρ^t·|v|\n", steps)
	var runs []PowerRun
	for _, rho := range rhos {
		W := WithRadius(A, rho)
		meas, pred := PowerNorms(W, v, steps)
		bound := math.Pow(rho, float64(steps)) * meas[0]
		r := PowerRun{Rho: rho, Norm: SpectralNorm(W), Measured: meas, Predicted: pred, Gap: RelGap(meas, pred), Ratio: meas[steps] / bound}
		fmt.Printf("%5.2g %6.3f %10.3f %18.6g %19.6g %9.4g\n", rho, r.Norm, meas[min(1, steps)]/meas[0], meas[steps], pred[steps], bound)
		runs = append(runs, r)
	}
	return runs
}

// PowerFigure draws each run's predicted |Wᵗv| as a line and the measured values as dots
// of the same colour, on a log axis.
func PowerFigure(runs []PowerRun, title string) *plots.Plot {
	var cs []plots.Curve
	for k, r := range runs {
		t := floats.Span(make([]float64, len(r.Measured)), 0, float64(len(r.Measured)-1))
		cs = append(cs, plots.Curve{Label: fmt.Sprintf("ρ = %g", r.Rho), X: t, Y: r.Predicted, Color: plots.Color(k)},
			plots.Curve{X: t, Y: r.Measured, NoLine: true, Color: plots.Color(k)})
	}
	return plots.Lines(plots.LinesOptions{Title: title, XLabel: "t", YLabel: "|Wᵗv| (log)", LogY: true, Curves: cs})
}

// String is the measurement as notebook 06 prints it: the loss, gᵀg and gᵀHg, the best step
// η* and the step 2η* past which the model says the loss rises, then the table.
func (s StepSizes) String() string {
	return fmt.Sprintf("loss %.4f   gᵀg = %.4g   gᵀHg = %.4g\nbest step η* = gᵀg/gᵀHg = %.4g; steps longer than 2η* = %.4g should raise the loss\n\n%s",
		s.L0, s.GG, s.GHG, s.Best, 2*s.Best, s.Table())
}

// PrintWatch prints where the rule fired in each run and how each run ended, and how many
// checkpoints had gᵀHg/gᵀg above 2/η; it returns that count for the constant run and, for
// the run that obeys the rule, the count after its last cut.
func PrintWatch(fixed, ruled Watched) (fixedAbove, ruledAfterLast int) {
	fmt.Printf("constant η = %g: rule would fire at updates %v; final loss %s\n", fixed.LR[0], fixed.FiredUpdates(), fixed.End())
	fmt.Printf("rule applied: fired at updates %v, final η %.4g; final loss %s\n", ruled.FiredUpdates(), ruled.FinalLR, ruled.End())
	fa, _ := fixed.AboveEdge()
	ra, rafter := ruled.AboveEdge()
	fmt.Printf("checkpoints with gᵀHg/gᵀg > 2/η: %d of %d at constant η, %d of %d with the rule (%d after its last cut)\n",
		fa, len(fixed.Update), ra, len(ruled.Update), rafter)
	return fa, rafter
}

// SegmentFigure is the training loss on the straight line (1−s)·θ + s·θ' between two
// equivalent networks.
func SegmentFigure(s, loss []float64) *plots.Plot {
	return plots.Lines(plots.LinesOptions{Title: "Loss on the line between two equivalent networks",
		XLabel: "s in (1−s)·θ + s·θ'", YLabel: "training loss", Curves: []plots.Curve{{X: s, Y: loss}}})
}
