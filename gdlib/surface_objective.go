package gdlib

import (
	"errors"
	"math"
)

// ObjectiveSurface views the full-batch loss of an objective as a Surface, so that Minimize
// and the contour and trajectory figures work on a model's parameters (a model with two
// parameters, such as a one-feature LeastSquares [w, b], gives a landscape to draw):
//
//	F(x) = obj.Loss(x, nil),   Grad(g, x): obj.LossGrad(g, x, nil)
//
// where the nil batch means all obj.N() examples; Dim is obj.Dim(). An Objective knows
// nothing more, so the rest is left for the caller: Hess is nil (so Newton's method cannot
// run on it), Minima and Saddles are nil, FMin is NaN and Window is FromFunc's default
// {−2, 2, −2, 2} ({−2, 2, NaN, NaN} for Dim 1). Set Window, and Minima and FMin when known
// (LeastSquares.Solve gives the minimum). The closures call obj, which reuses its buffers:
// like obj, the surface must not be used from several goroutines at once. It returns an
// error for a nil objective or one with Dim < 1.
func ObjectiveSurface(obj Objective, name string) (Surface, error) {
	if obj == nil {
		return Surface{}, errors.New("gdlib: ObjectiveSurface: nil objective")
	}
	dim := obj.Dim()
	if dim < 1 {
		return Surface{}, errors.New("gdlib: ObjectiveSurface: objective has no parameters")
	}
	return Surface{
		Name:   name,
		Dim:    dim,
		F:      func(x []float64) float64 { return obj.Loss(x, nil) },
		Grad:   func(grad, x []float64) { obj.LossGrad(grad, x, nil) },
		FMin:   math.NaN(),
		Window: defaultWindow(dim),
	}, nil
}
