package lesson

import (
	"math"
	"testing"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
)

func TestRunTunedRates(t *testing.T) {
	r := RunTunedRates(100, 300)
	// GD at η = 2/(λmin+λmax) contracts both directions by exactly (κ−1)/(κ+1) = 99/101.
	if math.Abs(r.RhoGD-99.0/101) > 1e-15 || math.Abs(r.MeasGD-r.RhoGD) > 1e-9 {
		t.Errorf("GD: theory %v, measured %v", r.RhoGD, r.MeasGD)
	}
	if math.Abs(r.RhoHB-9.0/11) > 1e-15 || !(r.MeasHB > r.RhoHB) || r.HB.F[r.PeakHB] < r.HB.F[0] {
		t.Errorf("heavy ball: theory %v, measured %v, peak at %d", r.RhoHB, r.MeasHB, r.PeakHB)
	}
	if r.String() == "" || r.Figure() == nil {
		t.Error("String or Figure empty")
	}
	// 10⁻⁶ at ρ = 0.9: ln(10⁻⁶)/ln(0.9) steps.
	if got, want := StepsPerDecades(0.9, 6), math.Log(1e-6)/math.Log(0.9); math.Abs(got-want) > 1e-9 {
		t.Errorf("StepsPerDecades = %v, want %v", got, want)
	}
}

func TestRunFriction(t *testing.T) {
	s, x0 := Valley(100)
	rate := func(mu float64) float64 { return plots.HeavyBallRate(1, mu, 1, 0.01) }
	fr := RunFriction(s, x0, 1, []float64{0.9, 0, 0.81, 0.9}, 300, rate)
	if len(fr.Runs) != 3 || fr.Runs[0].Mu != 0 || fr.Runs[2].Mu != 0.9 {
		t.Fatalf("runs: %+v", fr.Runs)
	}
	// μ = 0 is GD at η = 1: over-damped, rate exactly 1 − ηλmin = 0.99.
	if r := fr.Run(0); math.Abs(r.Measured-0.99) > 1e-6 || r.Theory != rate(0) || r.BlowUp != -1 {
		t.Errorf("μ = 0: %+v", r)
	}
	if !fr.SettlesFirst(0.81) || fr.SettlesFirst(0.9) || fr.SettlesFirst(0) {
		t.Error("SettlesFirst: the critical μ = 0.81 should settle first")
	}
	if fr.Run(0.5).Settled != -1 || len(fr.Traces(60)[0].X) != 61 || len(fr.Traces(0)[0].X) != 301 {
		t.Error("Run of a missing μ, or Traces")
	}
	// A divergent run is reported.
	if d := RunFriction(s, x0, 2.5, []float64{0}, 300, rate); d.Runs[0].BlowUp < 0 {
		t.Error("η = 2.5, μ = 0 should blow up")
	}
}

func TestRunEscapes(t *testing.T) {
	es := RunEscapes(0.1, []float64{0, 0.9})
	if !EscapesFound(es) || len(EscapeTraces(es)) != 2 {
		t.Fatalf("escapes: %+v", es)
	}
	// GD at the saddle: y grows by 1 + 2η = 1.2 per step, ln(10⁸)/ln(1.2) ≈ 101 steps.
	if want := math.Log(1e8) / math.Log(1.2); math.Abs(es[0].SaddleTheory-want) > 1e-9 || math.Abs(float64(es[0].Saddle)-want) > 2 {
		t.Errorf("GD saddle: %d steps, theory %v", es[0].Saddle, es[0].SaddleTheory)
	}
	if !(es[1].Plateau < es[0].Plateau/5) {
		t.Errorf("plateau: μ = 0.9 %d steps, GD %d", es[1].Plateau, es[0].Plateau)
	}
	if EscapesFound([]MomentumEscape{{Plateau: 3, Saddle: -1}}) {
		t.Error("EscapesFound with a missing escape")
	}
}

func TestForms(t *testing.T) {
	s, x0 := Valley(100)
	hand, la := SeedNesterov(s, x0, 1, 0.9, 100), RunNesterovForm(s, x0, 1, 0.9, gdlib.NesterovLookahead, 100)
	if d := MaxDistance(hand, la, 0, 100); d > 1e-13 {
		t.Errorf("the seed's lines differ from the look-ahead form by %v", d)
	}
	if got := LargestNorm(gdlib.Trace{X: [][]float64{{3, 4}, {1, 0}}}); got != 5 {
		t.Errorf("LargestNorm = %v", got)
	}
	sf := RunScheduleForms(s, x0, 0.5, 0.9, 10, 10)
	if MaxDistance(sf.Traces[0], sf.Traces[1], 0, 10) > 1e-12 || MaxDistance(sf.Traces[0], sf.Traces[1], 11, 20) < 1e-6 || sf.Len() != 20 {
		t.Error("the two forms should agree up to the cut and part after it")
	}
	if sf.Figure(0.5) == nil {
		t.Error("Figure: nil")
	}
}

func TestRaceHelpers(t *testing.T) {
	if len(NarrowValleys()) != 3 || NarrowValleys()[2].Surface.FMin != 0 {
		t.Error("NarrowValleys")
	}
	st := Setting{LR: 1, Mom: 0.9, Steps: []float64{3, 9, 5}, Traces: []gdlib.Trace{{X: [][]float64{{0}, {1}, {2}}, F: []float64{0, 1, 2}}}}
	if st.Slowest() != 9 || st.Shown("NAG", "μ", 1).Label != "NAG η=1 μ=0.9" || len(st.Shown("NAG", "μ", 1).X) != 2 {
		t.Error("Setting.Slowest or Shown")
	}
	// Adam's effective step on the steep axis is η/(√v̂ + ε); the jump needs it past the limit.
	a := RunAdamJump(0.03, 0.95, 1, 5000)
	if math.Abs(a.Limit-78) > 1e-9 || !(a.Low > 0 && a.Pass > a.Low && a.Jump > a.Pass) || len(a.Eff) != 5001 {
		t.Errorf("Adam jump: limit %v, low %d, pass %d, jump %d", a.Limit, a.Low, a.Pass, a.Jump)
	}
	if a.Figure() == nil {
		t.Error("Figure: nil")
	}
}
