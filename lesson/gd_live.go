package lesson

import (
	"fmt"
	"os"
	"time"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/plots"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// This file holds notebook 01's one live exploration through GoNB's widgets: dragging the
// start point x0 and the learning rate η of gradient descent on the Quartic and watching the
// path redrawn. GoNB v0.11.4's widgets work only in a live page the kernel can reach by
// ws://host/api/kernels/… (no base_url, no wss: not behind JupyterHub, Binder or https), their
// slider takes integers only, and a cold start can fail its comm handshake; a headless run
// (nbclient, the course's tests) never answers the handshake and would block. So the live
// part runs only on request, never headless, and gives up after LiveConnectWait.

// Live slider ranges: x0 from LiveX0Min to LiveX0Max in 400 steps, η from 0.01 to 0.60 in
// steps of 0.01.
const (
	LiveX0Min, LiveX0Max = -2.0, 2.0
	liveX0Ticks          = 400
	liveLRTicks          = 60
)

// LiveConnectWait is how long LiveGD waits for the page to answer the sliders' handshake,
// and LiveIdle how long it keeps listening without a move before it ends the exploration.
const (
	LiveConnectWait = 10 * time.Second
	LiveIdle        = 5 * time.Minute
)

// QuarticFigure is notebook 01's tangent figure for gradient descent on the Quartic from x0
// with learning rate lr for `steps` steps: the function, its derivative, the iterates and the
// tangents at the first four.
func QuarticFigure(x0, lr float64, steps int) (*plots.Plot, gdlib.Trace) {
	f := Quartic()
	tr := RunGD(f, []float64{x0}, lr, steps, fmt.Sprintf("GD from %.2f, η = %.2f", x0, lr))
	return plots.Function(f, plots.FunctionOptions{Title: "GD on x⁴/4 + (x−1)², with tangent lines",
		Traces: []gdlib.Trace{tr}, Derivative: true, Tangents: 4, Window: [4]float64{-2.2, 2.2, -8, 14}}), tr
}

// LiveGD shows the Quartic figure from x0 with learning rate lr and, when live is "on" in a
// live page, two sliders (x0 and η) and a Done button that redraw it in place through
// gonbui.UpdateHtml at each move. It says in one line why it shows only the static figure
// when live is "off", when the run is headless (DESCENT_HEADLESS is set, as in the course's
// tests), or when the page did not answer within LiveConnectWait. It ends on Done or after
// LiveIdle without a move, and leaves the last figure in the output.
func LiveGD(x0, lr float64, steps int, live string) {
	static := func(line string) {
		fmt.Println(line)
		fig, tr := QuarticFigure(x0, lr, steps)
		fmt.Printf("from x0 = %g with η = %g: %s, last x = %.4g\n", x0, lr, Outcome(tr), tr.X[len(tr.X)-1][0])
		plots.Show(fig)
	}
	switch {
	case live != "on":
		static("live sliders are off: rerun this cell with `%% --live=on` in a live page (see above) to drag x0 and η")
		return
	case os.Getenv("DESCENT_HEADLESS") != "" || !gonbui.IsNotebook:
		static("live sliders need a live page: this run is headless, so here is the static figure")
		return
	}
	div := dom.CreateTransientDiv()
	type built struct{ x, eta *widgets.SliderBuilder }
	ready := make(chan built, 1)
	go func() { // Done waits for the page's first answer: in a page that cannot connect, forever
		dom.Append(div, fmt.Sprintf("<div>start point x0, from %g to %g</div>", LiveX0Min, LiveX0Max))
		x := widgets.Slider(0, liveX0Ticks, liveTick(x0, LiveX0Min, LiveX0Max, liveX0Ticks)).AppendTo(div).Done()
		dom.Append(div, fmt.Sprintf("<div>learning rate η, from 0.01 to %.2f</div>", float64(liveLRTicks)/100))
		eta := widgets.Slider(1, liveLRTicks, min(max(int(lr*100+0.5), 1), liveLRTicks)).AppendTo(div).Done()
		ready <- built{x, eta}
	}()
	var s built
	select {
	case s = <-ready:
	case <-time.After(LiveConnectWait):
		static(fmt.Sprintf("the sliders got no answer from the page within %v (GoNB's widgets need a direct ws:// connection to the kernel; "+
			"behind JupyterHub, Binder or https they cannot connect): use the explorers of notebook 02 instead", LiveConnectWait))
		return
	}
	done := widgets.Button("Done").AppendTo(div).Done()
	id := "live-gd-" + gonbui.UniqueId()
	draw := func() {
		fig, tr := QuarticFigure(x0, lr, steps)
		svg, err := plots.SVG(fig)
		if err != nil {
			gonbui.UpdateHtml(id, err.Error())
			return
		}
		gonbui.UpdateHtml(id, fmt.Sprintf("<p>x0 = %.2f, η = %.2f: %s, last x = %.4g</p>%s", x0, lr, Outcome(tr), tr.X[len(tr.X)-1][0], svg))
	}
	draw()
	xs, etas, stop := s.x.Listen().LatestOnly(), s.eta.Listen().LatestOnly(), done.Listen()
loop:
	for {
		select {
		case v := <-xs.C:
			x0 = LiveX0Min + (LiveX0Max-LiveX0Min)*float64(v)/liveX0Ticks
		case v := <-etas.C:
			lr = float64(v) / 100
		case <-stop.C:
			break loop
		case <-time.After(LiveIdle):
			break loop
		}
		draw()
	}
	gonbui.UpdateHtml(id, "")
	static(fmt.Sprintf("live exploration ended at x0 = %.2f, η = %.2f", x0, lr))
}

// liveTick is the slider position (0 … ticks) nearest to x in [lo, hi].
func liveTick(x, lo, hi float64, ticks int) int {
	t := int((x-lo)/(hi-lo)*float64(ticks) + 0.5)
	return min(max(t, 0), ticks)
}
