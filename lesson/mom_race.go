package lesson

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

// NewHeavyBall makes gdlib's Momentum (heavy ball) in two dimensions with step η and momentum
// μ: the optimiser-from-setting that TuneSettle and RunSetting take.
func NewHeavyBall(lr, mu float64) gdlib.Optimizer {
	return gdlib.Must(gdlib.NewMomentum(2, gdlib.MomentumConfig{LR: lr, Momentum: mu}))
}

// NewNAG makes gdlib's Nesterov (PyTorch form) in two dimensions with step η and momentum μ.
func NewNAG(lr, mu float64) gdlib.Optimizer {
	return gdlib.Must(gdlib.NewNesterov(2, gdlib.NesterovConfig{LR: lr, Momentum: mu}))
}

// NewAdam2 makes gdlib's Adam in two dimensions with step η and β1, β2 and ε at PyTorch's
// defaults (0.999, 1e-8).
func NewAdam2(lr, beta1 float64) gdlib.Optimizer {
	return gdlib.Must(gdlib.NewAdam(2, gdlib.AdamConfig{LR: lr, Beta1: beta1, Beta2: 0.999, Eps: 1e-8}))
}

// Shown is the setting's run from its first start, cut to n steps and labelled
// "name η=… μ=…" (with μ written as the given symbol), for a figure.
func (s Setting) Shown(name, mom string, n int) gdlib.Trace {
	tr := FirstSteps(s.Traces[0], n)
	tr.Label = fmt.Sprintf("%s η=%g %s=%g", name, s.LR, mom, s.Mom)
	return tr
}

// NarrowValley is one problem of section 7's test of "NAG converges faster than Adam in narrow
// valleys": the surface, the box its start points are drawn from, and its name.
type NarrowValley struct {
	Name    string
	Surface gdlib.Surface
	Box     [4]float64
}

// NarrowValleys are section 7's three problems: the axis-aligned quadratic with κ = 100
// (IllConditioned), the same valley rotated by 30° (Valley), and Rosenbrock's banana.
func NarrowValleys() []NarrowValley {
	rot, _ := Valley(100)
	return []NarrowValley{
		{"axis-aligned valley, κ = 100", gdlib.IllConditioned(100), [4]float64{-2, 2, -0.8, 0.8}},
		{"rotated valley, κ = 100", rot, [4]float64{-1, 1, -1.7, 1.7}},
		{"Rosenbrock", gdlib.Rosenbrock(), [4]float64{-2, 2, -1, 3}},
	}
}

// RaceNAGAdam tunes NAG and Adam on p from 5 start points drawn with rng (TuneSettle over the
// step sizes lrs and the momenta moms, NAG's μ and Adam's β1, to f − f* < 10⁻⁸ within
// maxSteps), prints both tuned settings, and shows each one's run from the first start until
// a little after the later of the two has settled.
func RaceNAGAdam(p NarrowValley, rng *rand.Rand, lrs, moms []float64, maxSteps int) (nag, adam Setting) {
	starts := RandomStarts(rng, 5, p.Box)
	nag, adam = TuneSettle(p.Surface, starts, NewNAG, lrs, moms, 1e-8, maxSteps), TuneSettle(p.Surface, starts, NewAdam2, lrs, moms, 1e-8, maxSteps)
	fmt.Printf("%s\n  NAG   η=%-6g μ=%-5g %s\n  Adam  η=%-6g β1=%-4g %s\n", p.Name, nag.LR, nag.Mom, nag.Summary(maxSteps), adam.LR, adam.Mom, adam.Summary(maxSteps))
	upTo := int(1.2 * max(nag.Steps[0], adam.Steps[0]))
	plots.Show(plots.Convergence(plots.ConvergenceOptions{Title: p.Name + ": tuned, start 1", Y: plots.Gap, FStar: p.Surface.FMin, Floor: 1e-12,
		Traces: []gdlib.Trace{nag.Shown("NAG", "μ", upTo), adam.Shown("Adam", "β1", upTo)}}))
	return nag, adam
}

// Slowest is the largest of a setting's steps to settle.
func (s Setting) Slowest() float64 { return slices.Max(s.Steps) }

// AdamJump is section 7's rerun of Adam on the axis-aligned valley with the effective step on
// the steep axis recorded after every step.
type AdamJump struct {
	LR, Beta1 float64
	Trace     gdlib.Trace
	Eff       []float64 // η/(√v̂ + ε) on the steep axis (λ = 1) after each step
	Limit     float64   // 2(1+β1)/(1−β1): the largest stable step of averaged momentum on λ = 1
	Low       int       // the first step with f < 1e-12 (−1: none)
	Jump      int       // the first step after Low with f > 1e-6 again (−1: none)
	Pass      int       // the first step at which Eff exceeds Limit (−1: none)
}

// RunAdamJump runs Adam (β2 = 0.999, ε = 1e-8) with step η and β1 on IllConditioned(100)
// from the first start point that seed draws in section 7's box, for maxSteps steps.
func RunAdamJump(lr, beta1 float64, seed, maxSteps int) AdamJump {
	s := gdlib.IllConditioned(100)
	x0 := RandomStarts(rand.New(rand.NewPCG(uint64(seed), 0)), 1, NarrowValleys()[0].Box)[0]
	opt := gdlib.Must(gdlib.NewAdam(2, gdlib.AdamConfig{LR: lr, Beta1: beta1, Beta2: 0.999, Eps: 1e-8}))
	a := AdamJump{LR: lr, Beta1: beta1, Limit: 2 * (1 + beta1) / (1 - beta1), Jump: -1}
	a.Trace = gdlib.Must(gdlib.Minimize(s, x0, opt, gdlib.RunOptions{Steps: maxSteps,
		Callback: func(k int, x []float64) bool { a.Eff = append(a.Eff, opt.EffectiveStep()[1]); return false }}))
	a.Low = slices.IndexFunc(a.Trace.F, func(f float64) bool { return f < 1e-12 })
	a.Pass = slices.IndexFunc(a.Eff, func(e float64) bool { return e > a.Limit })
	if a.Low >= 0 {
		if j := slices.IndexFunc(a.Trace.F[a.Low:], func(f float64) bool { return f > 1e-6 }); j >= 0 {
			a.Jump = a.Low + j
		}
	}
	return a
}

// Print prints when f fell below 1e-12, when it came back above 1e-6, when the effective step
// passed the limit, and the effective step and f's peak at the jump.
func (a AdamJump) Print(maxSteps int) {
	fmt.Printf("Adam η=%g β1=%g, %s: f below 1e-12 from step %s, back above 1e-6 at step %s\n", a.LR, a.Beta1, a.Trace.Status(),
		StepsWithin(a.Low, maxSteps), StepsWithin(a.Jump, maxSteps))
	fmt.Printf("the effective step on the steep axis passes the limit 2(1+β1)/(1−β1) = %.0f at step %s\n", a.Limit, StepsWithin(a.Pass, maxSteps))
	if a.Jump >= 0 {
		fmt.Printf("at the jump: effective step %.0f (√v = %.1e); f peaks at %.1e\n", a.Eff[a.Jump], a.LR/a.Eff[a.Jump], slices.Max(a.Trace.F[a.Jump:]))
	}
}

// Figure draws f, the effective step on the steep axis and the stability limit (log axis).
func (a AdamJump) Figure() *plots.Plot {
	return plots.Lines(plots.LinesOptions{Title: "Adam on the axis-aligned valley, start 1", XLabel: "step k", LogY: true, Floor: 1e-16,
		Curves: []plots.Curve{{Label: "f(x_k)", X: StepAxis(len(a.Trace.F)), Y: a.Trace.F},
			{Label: "effective step, steep axis", X: StepAxis(len(a.Eff))[1:], Y: a.Eff[1:]},
			{Label: fmt.Sprintf("stability limit %.0f", a.Limit), X: []float64{0, float64(len(a.Eff))}, Y: []float64{a.Limit, a.Limit}, Dashed: true}}})
}

// PrintOvershoot prints, for each run, its end (f after its steps, or its divergence) and how
// far it went past the minimum along the valley floor (Overshoot).
func PrintOvershoot(trs ...gdlib.Trace) {
	for _, tr := range trs {
		end := fmt.Sprintf("f after %d steps: %.2e", len(tr.F)-1, tr.F[len(tr.F)-1])
		if k := BlowUpAt(tr, 1e6); k >= 0 {
			end = fmt.Sprintf("diverged at step %d (f > 10⁶·f(x0))", k)
		}
		fmt.Printf("%-20s %-28s farthest past the minimum along the floor: %.3g\n", tr.Label, end, Overshoot(tr, ValleyFloor()))
	}
}
