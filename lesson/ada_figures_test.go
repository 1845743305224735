package lesson

import (
	"strings"
	"testing"
)

func TestBugFiguresAndTables(t *testing.T) {
	f := []float64{1, 0.5, 0.25}
	for _, p := range []interface{ Err() error }{
		SourceVsCorrect("t", "a", "b", "c", f, f, f),
		RMSPropCacheFigure(f, f, 0.9),
		AdamStepFigure(f, f),
		FirstStepsFigure(f, f, f),
	} {
		if p.Err() != nil {
			t.Error(p.Err())
		}
	}
	if s := FrozenText(37, []float64{-0.8714, 0.0081}); !strings.Contains(s, "from step 37 on") || !strings.Contains(s, "(-0.871, 0.008)") {
		t.Errorf("FrozenText: %q", s)
	}
	if s := FrozenText(-1, []float64{1, 2}); !strings.Contains(s, "still takes steps longer") {
		t.Errorf("FrozenText, never: %q", s)
	}
}
