package lesson

import (
	"math"
	"testing"

	"github.com/descent-course/descent/gdlib"
)

func TestValley(t *testing.T) {
	for _, kappa := range []float64{1, 10, 100, 1000} {
		s, x0 := Valley(kappa)
		// x0 = 1.6 along the floor (curvature 1/κ) and 0.3 up the wall (curvature 1).
		if want := 0.5 * (0.3*0.3 + 1.6*1.6/kappa); math.Abs(s.F(x0)-want) > 1e-15 {
			t.Errorf("κ = %g: f(x0) = %v, want %v", kappa, s.F(x0), want)
		}
		floor, g := ValleyFloor(), make([]float64, 2)
		s.Grad(g, floor) // A·floor = floor/κ: the floor is the flat eigendirection
		if math.Abs(g[0]-floor[0]/kappa) > 1e-15 || math.Abs(g[1]-floor[1]/kappa) > 1e-15 || math.Abs(math.Hypot(floor[0], floor[1])-1) > 1e-15 {
			t.Errorf("κ = %g: A·floor = %v, want %v/κ with |floor| = 1", kappa, g, floor)
		}
		if floor[0]*x0[0]+floor[1]*x0[1] != 1.6 && math.Abs(floor[0]*x0[0]+floor[1]*x0[1]-1.6) > 1e-15 {
			t.Errorf("κ = %g: x0 is %v along the floor, want 1.6", kappa, floor[0]*x0[0]+floor[1]*x0[1])
		}
	}
}

func TestBestGD(t *testing.T) {
	lr, rho := BestGD(0.01, 1)
	if math.Abs(lr-2/1.01) > 1e-15 || math.Abs(rho-99.0/101) > 1e-15 {
		t.Errorf("BestGD(0.01, 1) = %v, %v, want 2/1.01, 99/101", lr, rho)
	}
	// at the best rate the two extreme factors 1 − ηλ are −ρ and +ρ
	if math.Abs((1-lr*1)+rho) > 1e-15 || math.Abs((1-lr*0.01)-rho) > 1e-15 {
		t.Errorf("factors %v, %v, want −%v and %v", 1-lr, 1-lr*0.01, rho, rho)
	}
}

// TestRuns compares the runners with closed forms and with the update rules written out here.
func TestRuns(t *testing.T) {
	s, x0 := Valley(10)
	floor, wall := ValleyFloor(), []float64{math.Cos(math.Pi / 6), math.Sin(math.Pi / 6)}
	// GD: the error along each eigenvector is multiplied by 1 − ηλ per step.
	gd := RunGD(s, x0, 0.5, 20, "gd")
	cw, cf := 0.3*math.Pow(1-0.5, 20), 1.6*math.Pow(1-0.05, 20)
	for i := range 2 {
		if want := cw*wall[i] + cf*floor[i]; math.Abs(gd.X[20][i]-want) > 1e-15 {
			t.Errorf("GD x_20[%d] = %v, want %v", i, gd.X[20][i], want)
		}
	}
	if gd.Label != "gd" || len(gd.X) != 21 {
		t.Errorf("GD trace: label %q, %d iterates", gd.Label, len(gd.X))
	}
	// Heavy ball, v ← μv − η∇f, x ← x + v, and Nesterov in the seed's look-ahead form.
	hb, nag := RunHeavyBall(s, x0, 1, 0.9, 50, ""), RunNesterov(s, x0, 1, 0.9, 50, "")
	x, v, y, w, g := []float64{x0[0], x0[1]}, []float64{0, 0}, []float64{x0[0], x0[1]}, []float64{0, 0}, []float64{0, 0}
	for k := range 51 {
		for i := range 2 {
			if math.Abs(hb.X[k][i]-x[i]) > 1e-13 || math.Abs(nag.X[k][i]-y[i]) > 1e-13 {
				t.Fatalf("step %d: heavy ball %v, want %v; Nesterov %v, want %v", k, hb.X[k], x, nag.X[k], y)
			}
		}
		s.Grad(g, x)
		for i := range 2 {
			v[i] = 0.9*v[i] - g[i]
			x[i] += v[i]
		}
		s.Grad(g, y)
		for i := range 2 {
			prev := w[i]
			w[i] = 0.9*w[i] - g[i]
			y[i] += -0.9*prev + 1.9*w[i]
		}
	}
}

func TestOvershoot(t *testing.T) {
	tr := gdlib.Trace{X: [][]float64{{2, 1}, {-0.5, 3}, {-1.5, 0}, {0.2, 0}}}
	if got := Overshoot(tr, []float64{1, 0}); got != 1.5 {
		t.Errorf("Overshoot = %v, want 1.5", got)
	}
	if got := Overshoot(gdlib.Trace{X: [][]float64{{2, 1}, {0.1, 0}}}, []float64{1, 0}); got != 0 {
		t.Errorf("Overshoot without a crossing = %v, want 0", got)
	}
}
