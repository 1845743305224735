package lesson

import (
	"fmt"

	"github.com/descent-course/descent/gdlib/nn"
	"github.com/descent-course/descent/plots"
)

// PreActivationHistograms draws the distribution of the pre-activations of the given hidden
// layers (numbered from 1) out of nn.Objective.Inspect's statistics st: one outline per
// layer, its legend giving the mean μ and standard deviation σ (plots.Histograms).
func PreActivationHistograms(title string, st []nn.LayerStats, layers ...int) *plots.Plot {
	var series []plots.Series
	for _, l := range layers {
		series = append(series, plots.Series{Name: fmt.Sprintf("layer %d", l), Values: st[l-1].Pre})
	}
	return plots.Histograms(plots.HistogramOptions{Title: title, XLabel: "pre-activation value", Series: series})
}
