package gdlib

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// emptyObjective has no parameters.
type emptyObjective struct{}

func (emptyObjective) N() int                                   { return 1 }
func (emptyObjective) Dim() int                                 { return 0 }
func (emptyObjective) Loss([]float64, []int) float64            { return 0 }
func (emptyObjective) LossGrad(_, _ []float64, _ []int) float64 { return 0 }

func TestObjectiveSurface(t *testing.T) {
	// One feature: L(w, b) = 1/4 Σ ½ (w x_i + b − y_i)² on four points.
	xs, ys := []float64{0, 1, 2, 3}, []float64{1, 3, 4, 8}
	obj, err := NewLeastSquares(mat.NewDense(4, 1, xs), ys, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ObjectiveSurface(obj, "line fit")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "line fit" || s.Dim != 2 || s.Hess != nil || s.Minima != nil || s.Saddles != nil ||
		!math.IsNaN(s.FMin) || s.Window != [4]float64{-2, 2, -2, 2} {
		t.Errorf("fields: %+v", s)
	}
	// At (w, b) = (1.5, 0.5) the residuals are (−0.5, −1, −0.5, −3): L = 10.5/8 = 1.3125,
	// ∇L = (Σ r_i x_i, Σ r_i)/4 = (−11/4, −5/4).
	x := []float64{1.5, 0.5}
	g := make([]float64, 2)
	s.Grad(g, x)
	if f := s.F(x); math.Abs(f-1.3125) > 1e-15 || math.Abs(g[0]+2.75) > 1e-15 || math.Abs(g[1]+1.25) > 1e-15 {
		t.Errorf("F = %g, want 1.3125; ∇F = %v, want [-2.75 -1.25]", f, g)
	}
	if x[0] != 1.5 || x[1] != 0.5 {
		t.Error("F or Grad modified x")
	}
	// Gradient descent on the surface reaches the least-squares line: w* = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)²
	// = 11/5, b* = ȳ − w* x̄ = 4 − 3.3.
	tr, err := Minimize(s, []float64{0, 0}, &testGD{lr: 0.3}, RunOptions{Steps: 10000, Tol: 1e-12})
	last := tr.X[len(tr.X)-1]
	if err != nil || !tr.Converged || math.Abs(last[0]-2.2) > 1e-11 || math.Abs(last[1]-0.7) > 1e-11 {
		t.Errorf("GD on the surface: %s, err %v, last iterate %v, want (2.2, 0.7)", tr.Status(), err, last)
	}
	// Newton's method needs the Hessian the surface does not have: an error, not a panic.
	newton, _ := NewNewton(2, DefaultNewtonConfig())
	if _, err := Minimize(s, []float64{0, 0}, newton, RunOptions{Steps: 1}); err == nil {
		t.Error("Newton on a surface without Hess: no error")
	}
	for name, o := range map[string]Objective{"nil": nil, "no parameters": emptyObjective{}} {
		if _, err := ObjectiveSurface(o, "bad"); err == nil || !strings.HasPrefix(err.Error(), "gdlib: ObjectiveSurface:") {
			t.Errorf("%s objective: err %v", name, err)
		}
	}
}
