package gdlib

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/num/hyperdual"
)

// FromFunc builds a Surface from one function written with gonum's hyperdual numbers
// (hyperdual.Add, hyperdual.Mul, hyperdual.Sin, ...; Go has no operator overloading).
// F evaluates f with all infinitesimal parts zero. Grad seeds the E1 part of coordinate i
// and reads E1mag: Dim passes, exact to rounding (forward-mode automatic differentiation).
// Hess seeds E1 on coordinate i and E2 on coordinate j and reads E1E2mag:
// Dim(Dim+1)/2 passes, also exact. Constants inside f are hyperdual.Number{Real: c}.
//
// The surface has no known stationary points (Minima and Saddles are nil), FMin is NaN and
// Window is {−2, 2, −2, 2} (for Dim 1: {−2, 2, NaN, NaN}); set the fields afterwards when you
// know better. The closures are safe for concurrent use; after the first calls they do not
// allocate (they reuse buffers from a sync.Pool). f must not keep or modify its argument.
func FromFunc(name string, dim int, f func(x []hyperdual.Number) hyperdual.Number) Surface {
	pool := sync.Pool{New: func() any {
		b := make([]hyperdual.Number, dim)
		return &b
	}}
	load := func(x []float64) *[]hyperdual.Number {
		p := pool.Get().(*[]hyperdual.Number)
		for i, v := range x {
			(*p)[i] = hyperdual.Number{Real: v}
		}
		return p
	}
	s := Surface{
		Name: name,
		Dim:  dim,
		F: func(x []float64) float64 {
			p := load(x)
			v := f(*p).Real
			pool.Put(p)
			return v
		},
		Grad: func(grad, x []float64) {
			p := load(x)
			h := *p
			for i := range h {
				h[i].E1mag = 1
				grad[i] = f(h).E1mag
				h[i].E1mag = 0
			}
			pool.Put(p)
		},
		Hess: func(hess *mat.SymDense, x []float64) {
			p := load(x)
			h := *p
			for i := range h {
				h[i].E1mag = 1
				for j := i; j < len(h); j++ {
					h[j].E2mag = 1
					hess.SetSym(i, j, f(h).E1E2mag)
					h[j].E2mag = 0
				}
				h[i].E1mag = 0
			}
			pool.Put(p)
		},
		FMin:   math.NaN(),
		Window: defaultWindow(dim),
	}
	return s
}

// defaultWindow is the plotting window of a surface whose shape is not known:
// {−2, 2, −2, 2}, and {−2, 2, NaN, NaN} for dim 1 (the range of f is not known either).
func defaultWindow(dim int) [4]float64 {
	if dim == 1 {
		return [4]float64{-2, 2, math.NaN(), math.NaN()}
	}
	return [4]float64{-2, 2, -2, 2}
}
