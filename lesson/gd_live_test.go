package lesson

import (
	"math"
	"testing"
	"time"
)

func TestLiveTick(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want int
	}{{-2, 0}, {2, 400}, {0, 200}, {-3, 0}, {5, 400}, {0.771, 277}} {
		if got := liveTick(c.x, LiveX0Min, LiveX0Max, liveX0Ticks); got != c.want {
			t.Errorf("liveTick(%g) = %d, want %d", c.x, got, c.want)
		}
	}
}

func TestQuarticFigure(t *testing.T) {
	fig, tr := QuarticFigure(-2, 0.1, 30)
	if fig.Err() != nil || len(tr.X) != 31 || math.Abs(tr.X[30][0]-QuarticMin) > 1e-4 {
		t.Errorf("figure error %v, %d iterates ending at %g", fig.Err(), len(tr.X), tr.X[len(tr.X)-1][0])
	}
}

func TestLiveGDNeverBlocksHeadless(t *testing.T) {
	t.Setenv("DESCENT_HEADLESS", "1")
	for _, live := range []string{"off", "on"} {
		done := make(chan bool)
		go func() { LiveGD(-2, 0.1, 30, live); done <- true }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("LiveGD with live = %q blocked in a headless run", live)
		}
	}
}
