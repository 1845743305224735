package lesson

import (
	"fmt"
	"math"
	"strings"
)

// GuideClaim is one of the sources' claims (paraphrased), the seed it comes from, where the
// course tests it, and our verdict with its number.
type GuideClaim struct{ Claim, Seed, Where, Verdict string }

// guideVerdict turns a ratio (the claimed loser's score over the claimed winner's: above 1
// means the claim holds) into "supported (×r)", "not supported (×r)" or, within 10 %, "it
// depends (×r, a tie)"; +Inf (the claimed loser never arrived) counts as supported, 0 as not.
func guideVerdict(r float64, what string) string {
	switch {
	case math.IsNaN(r):
		return "undecided: neither arrived (or a contender is missing)"
	case r > 1.1:
		return fmt.Sprintf("supported: %s %s", what, GuideX(r))
	case r < 1/1.1:
		return fmt.Sprintf("not supported: %s %s", what, GuideX(r))
	}
	return fmt.Sprintf("it depends: %s %s, within 10%%", what, GuideX(r))
}

// GuideClaims computes the verdicts the rows of GuideAll decide (rows in GuideAll's order) and
// lists the claims that need the longer experiments of 03, 06 and 07 with the notebook that
// decides them.
func GuideClaims(rows []GuideRow) []GuideClaim {
	v, ax, tu, sa, no, sp, sc, in := rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7]
	adamWins, adamRows := 0, 0
	for _, r := range rows {
		if r.Index("Adam") >= 0 {
			adamRows++
			if r.WinnerName() == "Adam" {
				adamWins++
			}
		}
	}
	lo, hi := math.Inf(1), 0.0
	for _, r := range rows[:7] {
		for _, e := range r.Eta {
			lo, hi = math.Min(lo, e), math.Max(hi, e)
		}
	}
	slow := math.Max(sa.Score[sa.Index("AdaGrad")], sa.Score[sa.Index("RMSProp")])
	nt := GuideNewtonSaddle(1e-6)
	return []GuideClaim{
		{"Nesterov beats Adam in a narrow valley", "001", "04 §7; row 1", guideVerdict(v.Ratio("Adam", "Nesterov"), "Adam's steps / Nesterov's")},
		{"Adam is less sensitive to its learning rate", "001", "05 §5; row 1", fmt.Sprintf("it depends: η values within 2× of the best: Adam %d, GD %d, Nesterov %d of %d",
			GuideWithin(v.Sweep[v.Index("Adam")], 2), GuideWithin(v.Sweep[v.Index("GD")], 2), GuideWithin(v.Sweep[v.Index("Nesterov")], 2), v.Grid)},
		{"Adam is the safe default choice", "002", "05 §6, 07 §7; rows 1-4, 9", fmt.Sprintf("it depends: Adam won %d of the %d rows it ran in", adamWins, adamRows)},
		{"AdaGrad and RMSProp struggle to leave saddles", "001", "05 §9; row 4", guideVerdict(slow/sa.Score[sa.Index("GD")], "the slower of AdaGrad's and RMSProp's steps / GD's")},
		{"per-coordinate steps fix any narrow valley", "001, 002", "05 §8; rows 2-3", fmt.Sprintf("it depends: axis-aligned, AdaGrad beats GD %s; turned 45°, %s",
			GuideX(ax.Ratio("GD", "AdaGrad")), GuideX(tu.Ratio("GD", "AdaGrad")))},
		{"AdaGrad suits sparse features", "001, 002", "05 §1; row 6", guideVerdict(sp.Ratio("SGD", "AdaGrad"), "SGD's loss / AdaGrad's")},
		{"momentum helps most with noisy gradients", "001", "04 §8; row 5", guideVerdict(no.Ratio("constant η", "heavy ball"), "constant-η loss / heavy ball's")},
		{"a decaying step gets below SGD's noise floor", "001, 004", "03 §5; row 5", guideVerdict(no.Ratio("constant η", "η0/(1+η0·λmin·t)"), "constant-η loss / 1/t's")},
		{"decay the rate late in training (step, cosine)", "001, 002, 004", "02 §6, §10; row 7", guideVerdict(sc.Ratio("constant", sc.WinnerName()), "constant's validation loss / the best schedule's")},
		{"start from η = 0.1, 0.01 or 0.001", "004", "02 §4; rows 1-7", fmt.Sprintf("it depends: the tuned η ranged from %.2g to %.2g", lo, hi)},
		{"initialisation matters in deep nets", "000, 003", "07 §5; row 8", guideVerdict(in.Ratio("N(0,0.01²)", "He"), "naive's gradient-ratio factor / He's")},
		{"Newton's method is drawn to saddle points", "003", "06 §5; here", fmt.Sprintf("supported: one Newton step from (1, 1e-6) lands at (%.2g, %.2g), the saddle", nt[0], nt[1])},
		{"SGD's noise leads to better generalisation", "001", "03 §7", "decided by 03's printed checks (not rerun here)"},
		{"stochasticity helps escape poor minima and saddles", "001, 002", "03 §4, §7", "decided by 03's printed checks (not rerun here)"},
		{"bigger networks look more like a bowl", "002", "06 §4", "decided by 06's printed checks (not rerun here)"},
	}
}

// PrintClaims prints the claims as a table of fixed-width columns.
func PrintClaims(cs []GuideClaim) {
	fmt.Printf("%-50s %-13s %-25s %s\n", "claim (paraphrased)", "seed", "tested in", "verdict")
	for _, c := range cs {
		fmt.Printf("%-50s %-13s %-25s %s\n", c.Claim, c.Seed, c.Where, c.Verdict)
	}
	fmt.Println(strings.Repeat("─", 40))
}
