package plots

import (
	"fmt"
	"html"
	"time"

	"github.com/descent-course/descent/gdlib"
	"github.com/janpfeifer/gonb/gonbui"
)

// Progress is a one-line status that a long computation updates in place in a notebook cell,
// such as "epoch 3/10 · loss 0.4123 · 51 200 examples/s". It is drawn as HTML, not printed,
// so that run-to-run figures (a speed, a time) never enter the cell's text output. Outside a
// notebook it shows nothing.
//
//	pr := plots.NewProgress()
//	for e := 1; e <= epochs; e++ {
//		... train one epoch ...
//		pr.Printf("epoch %d/%d · loss %.4f", e, epochs, loss)
//	}
//	pr.Done()
type Progress struct {
	id    string
	start time.Time
	last  string
}

// NewProgress starts a progress line and its clock. In a notebook it reserves the line's place
// at once (empty until the first Printf) and waits until GoNB has placed it, so that text the
// cell prints later comes after it.
func NewProgress() *Progress {
	p := &Progress{start: time.Now()}
	if gonbui.IsNotebook {
		p.id = gonbui.UniqueId()
		gonbui.UpdateHtml(p.id, "<div></div>")
		gonbui.Sync()
	}
	return p
}

// Elapsed is the time since NewProgress, in seconds.
func (p *Progress) Elapsed() float64 { return time.Since(p.start).Seconds() }

// Printf replaces the line with the formatted text.
func (p *Progress) Printf(format string, a ...any) {
	p.last = fmt.Sprintf(format, a...)
	if p.id == "" {
		return
	}
	gonbui.UpdateHtml(p.id, `<div style="font-family:monospace;color:#555">`+html.EscapeString(p.last)+`</div>`)
}

// Done leaves the last line in place, marked as finished, and returns once GoNB has it.
func (p *Progress) Done() {
	if p.last != "" {
		p.Printf("%s · done in %.1f s", p.last, p.Elapsed())
	}
	gonbui.Sync()
}

// Train returns a gdlib.TrainOptions Callback that shows, after each epoch, the run's label,
// the epoch, the training loss (and held-out loss, when recorded) and the training speed in
// examples per second. It never stops training.
func (p *Progress) Train(label string, epochs int) func(epoch int, h *gdlib.History) bool {
	return func(epoch int, h *gdlib.History) bool {
		speed := 0.0
		if n := len(h.StepSeconds); n > 0 && h.StepSeconds[n-1] > 0 {
			speed = float64(h.StepExamples[n-1]) / h.StepSeconds[n-1]
		}
		loss := h.EpochTrain[len(h.EpochTrain)-1]
		held := ""
		if len(h.EpochHeldOut) > 0 {
			held = fmt.Sprintf(" · held-out %.4f", h.EpochHeldOut[len(h.EpochHeldOut)-1])
		}
		p.Printf("%s · epoch %d/%d · loss %.4f%s · %.0f examples/s", label, epoch, epochs, loss, held, speed)
		return false
	}
}
