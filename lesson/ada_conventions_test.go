package lesson

import (
	"math"
	"testing"
)

func TestConventionsAndLion(t *testing.T) {
	first := PrintConventions(0.01, []float64{1, 0.01, 1e-6})
	// Closed forms at t = 1: PyTorch's AdaGrad g/(|g| + 1e-10); Keras's AdaGrad g/√(0.1 + g² + 1e-7);
	// RMSProp (PyTorch) g/(√(0.01g²) + 1e-8); Adam (PyTorch) g/(|g| + 1e-8).
	for j, g := range []float64{1, 0.01, 1e-6} {
		want := []float64{g / (g + 1e-10), g / math.Sqrt(0.1+g*g+1e-7), g / (math.Sqrt(0.01*g*g) + 1e-8)}
		for i, w := range want {
			if math.Abs(first[i][j]-w) > 1e-9*math.Max(1, w) {
				t.Errorf("variant %d at g = %g: %g, want %g", i, g, first[i][j], w)
			}
		}
		if w := g / (g + 1e-8); math.Abs(first[5][j]-w) > 1e-9 {
			t.Errorf("Adam at g = %g: %g, want %g", g, first[5][j], w)
		}
	}
	if gap := LionStepGap(1000, 0.01); gap > 1e-14 {
		t.Errorf("Lion's steps differ from lr by %g", gap)
	}
	obj, _ := MNISTSoftmax(100, 0, 0)
	h := TrainSoftmax(obj, "SGD", 0.1, 1, 1, "x")
	// Zero weights give the uniform distribution over 10 classes: loss ln 10 before training.
	if h.Label != "x" || len(h.EpochTrain) != 2 || math.Abs(h.EpochTrain[0]-math.Log(10)) > 1e-12 || !(h.EpochTrain[1] < h.EpochTrain[0]) {
		t.Errorf("TrainSoftmax: %q, %v (want ln 10, then one epoch lower)", h.Label, h.EpochTrain)
	}
}
