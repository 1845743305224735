package lesson

import (
	"fmt"
	"slices"

	"github.com/descent-course/descent/gdlib"
)

// FrictionRun is one momentum of Friction's runs.
type FrictionRun struct {
	Mu, Theory, Measured float64 // μ, the theory rate given to RunFriction, TailRate
	Settled              int     // SettledAt below 1e-10·f(x0); −1 when it never does
	BlowUp               int     // BlowUpAt(1e6); −1 when it did not diverge
	Trace                gdlib.Trace
}

// Friction is section 3's table: heavy ball at one step size and several momenta.
type Friction struct {
	Steps int
	Runs  []FrictionRun
}

// RunFriction runs heavy ball (RunHeavyBall) on s from x0 at step size η for each momentum of
// mus (sorted, duplicates dropped) for steps steps, and records the theory rate(μ), the
// measured rate, the step from which f stays below 10^−10 f(x0), and a blow-up.
func RunFriction(s gdlib.Surface, x0 []float64, lr float64, mus []float64, steps int, rate func(mu float64) float64) Friction {
	fr := Friction{Steps: steps}
	for _, mu := range slices.Compact(slices.Sorted(slices.Values(mus))) {
		tr := RunHeavyBall(s, x0, lr, mu, steps, fmt.Sprintf("μ = %.3g", mu))
		fr.Runs = append(fr.Runs, FrictionRun{Mu: mu, Theory: rate(mu), Measured: TailRate(tr, s.Minima[0]),
			Settled: SettledAt(tr, 0, 1e-10*tr.F[0]), BlowUp: BlowUpAt(tr, 1e6), Trace: tr})
	}
	return fr
}

// Print prints the table: μ, theory rate, measured rate, and the settling step or the
// divergence.
func (fr Friction) Print() {
	fmt.Printf("%6s %12s %10s   %s\n", "μ", "theory rate", "measured", "f < 1e-10·f(x0) for good from step")
	for _, r := range fr.Runs {
		reach := StepsWithin(r.Settled, fr.Steps)
		if r.BlowUp >= 0 {
			reach = fmt.Sprintf("diverged at step %d (f > 10⁶·f(x0))", r.BlowUp)
		}
		fmt.Printf("%6.3g %12.5f %10.5f   %s\n", r.Mu, r.Theory, r.Measured, reach)
	}
}

// Run is the run at momentum μ (the zero FrictionRun if there is none).
func (fr Friction) Run(mu float64) FrictionRun {
	i := slices.IndexFunc(fr.Runs, func(r FrictionRun) bool { return r.Mu == mu })
	if i < 0 {
		return FrictionRun{Settled: -1, BlowUp: -1}
	}
	return fr.Runs[i]
}

// SettlesFirst reports whether the run at μ settles, and no other run settles earlier.
func (fr Friction) SettlesFirst(mu float64) bool {
	k := fr.Run(mu).Settled
	for _, r := range fr.Runs {
		if r.Settled >= 0 && (k < 0 || r.Settled < k) {
			return false
		}
	}
	return k >= 0
}

// Traces returns the runs' traces, cut to their first n steps when n > 0.
func (fr Friction) Traces(n int) []gdlib.Trace {
	var trs []gdlib.Trace
	for _, r := range fr.Runs {
		if n > 0 {
			trs = append(trs, FirstSteps(r.Trace, n))
		} else {
			trs = append(trs, r.Trace)
		}
	}
	return trs
}
