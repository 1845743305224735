package lesson

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib"
)

// Escape is one run of plain gradient descent from (1, δ) near a saddle at the origin.
type Escape struct {
	Trace   gdlib.Trace
	Steps   int  // steps taken until f ≤ −1 (or until the run ended otherwise)
	Near    int  // iterates within distance 0.1 of the origin
	Escaped bool // the run reached f ≤ −1 within MaxEscapeSteps steps
}

// MaxEscapeSteps bounds EscapeSaddle's runs.
const MaxEscapeSteps = 200000

// EscapeSaddle runs gradient descent with learning rate lr on the 2-D surface s from
// (1, delta) until f ≤ −1 (the run has clearly left the saddle at the origin), at most
// MaxEscapeSteps steps, and counts the iterates spent within distance 0.1 of the origin.
// A run that overflows has Trace.Diverged set and Escaped false.
func EscapeSaddle(s gdlib.Surface, delta, lr float64) Escape {
	var e Escape
	opt := gdlib.Must(gdlib.NewSGD(2, gdlib.SGDConfig{LR: lr}))
	e.Trace = gdlib.Must(gdlib.Minimize(s, []float64{1, delta}, opt, gdlib.RunOptions{Steps: MaxEscapeSteps,
		Callback: func(k int, x []float64) bool {
			if math.Hypot(x[0], x[1]) < 0.1 {
				e.Near++
			}
			return s.F(x) <= -1
		}}))
	e.Steps, e.Escaped = len(e.Trace.X)-1, e.Trace.Stopped
	return e
}

// String is the number of steps the run took to escape, "diverged", or "> 200000" when it
// did not escape within MaxEscapeSteps.
func (e Escape) String() string {
	switch {
	case e.Escaped:
		return fmt.Sprint(e.Steps)
	case e.Trace.Diverged:
		return "diverged"
	}
	return fmt.Sprintf("> %d", e.Steps)
}

// EscapeSaddles runs EscapeSaddle from (1, δ) for each δ of deltas, and returns the runs
// and their step counts.
func EscapeSaddles(s gdlib.Surface, deltas []float64, lr float64) ([]Escape, []float64) {
	es, steps := make([]Escape, len(deltas)), make([]float64, len(deltas))
	for i, d := range deltas {
		es[i] = EscapeSaddle(s, d, lr)
		steps[i] = float64(es[i].Steps)
	}
	return es, steps
}
