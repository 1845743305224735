package nn

import (
	"fmt"

	"gonum.org/v1/gonum/floats"
)

// hvScratch holds the vectors of HessVec, allocated on first use.
type hvScratch struct {
	base, theta, gp, gm, hg []float64
	active                  []bool // signs y > 0 of the hidden units in the θ + εv pass
}

// HessVecStep is δ in the step of HessVec: the perturbation εv has length δ·(1 + |θ|).
// For smooth losses it sits near the balance of the O(ε²) truncation error and the O(u/ε)
// rounding error (u = 2⁻⁵²); it is also small enough that few ReLU kinks lie within reach.
const HessVecStep = 1e-6

// hessVecMinStep is the smallest δ HessVec retries with at a ReLU kink.
const hessVecMinStep = 1e-9

// HessVec writes the Hessian-vector product H v into hv, H = ∇²Loss(θ) on batch at θ = params,
// by central differences of the gradient:
//
//	H v ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε),   ε = HessVecStep·(1 + |θ|) / |v|.
//
// The error has two parts: truncation (ε²/6)·∂³L[v,v,v,·] = O(ε²) (zero for a quadratic
// loss), and rounding, about u·|g|/ε with u = 2⁻⁵² the machine epsilon and |g| the size of
// the gradient's terms. Measured (hessian_test.go) against exact products from a second
// implementation in hyperdual numbers: relative error |Hv − H_exact v|/|H_exact v| of 1e-10
// to 1e-9 on tiny tanh/sigmoid networks with and without batch norm, 1e-10 on linear
// regression; the error falls as δ² from δ = 1e-2 (5e-4) to 1e-5 (5e-10) and grows as 1/δ
// below 1e-6 (1e-8 at δ = 1e-8).
//
// ReLU and leaky ReLU are not differentiable at 0: when a hidden unit's input changes sign
// between θ + εv and θ − εv for some example, the difference quotient measures a jump, not
// a curvature (on a 100-128-64-10 ReLU network, δ = 1e-5 gave gᵀHg 15 times too large).
// HessVec therefore compares the two passes' signs and, if any differs, retries with ε/10,
// down to δ = 1e-9; the Hessian it approximates is then the one of the piecewise-smooth
// region around θ, the H of Pearlmutter's exact R-operator (not implemented here).
//
// It costs two forward and backward passes (more on a retry). Batch norm uses the same mode
// as LossGrad and the running statistics do not move. Afterwards the network holds params
// again. It panics on length mismatches.
func (o *Objective) HessVec(hv, params, v []float64, batch []int) {
	o.hessVec(hv, params, v, batch, HessVecStep)
}

func (o *Objective) hessVec(hv, params, v []float64, batch []int, delta float64) {
	d := o.Dim()
	if len(hv) != d || len(params) != d || len(v) != d {
		panic(fmt.Sprintf("nn: HessVec: lengths %d, %d, %d, the network has %d parameters", len(hv), len(params), len(v), d))
	}
	s := &o.hv
	if s.base == nil {
		s.base, s.theta, s.gp, s.gm = make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)
	}
	copy(s.base, params) // params may be the network's own vector, which the passes overwrite
	vn := floats.Norm(v, 2)
	if vn == 0 {
		clear(hv)
		return
	}
	kinks := o.net.cfg.Activation.kind == actReLU || o.net.cfg.Activation.kind == actLeakyReLU
	B := o.size(batch)
	scale := (1 + floats.Norm(s.base, 2)) / vn
	var eps float64
	for ; ; delta /= 10 {
		eps = delta * scale
		floats.AddScaledTo(s.theta, s.base, eps, v)
		o.lossGrad(s.gp, s.theta, batch, false)
		if kinks {
			s.active = o.signs(s.active[:0], B)
		}
		floats.AddScaledTo(s.theta, s.base, -eps, v)
		o.lossGrad(s.gm, s.theta, batch, false)
		// The last retry is δ = 1e-9 (the factor 1.5 absorbs the rounding of δ/10/10/...).
		if !kinks || delta < 1.5*hessVecMinStep || o.sameSigns(s.active, B) {
			break
		}
	}
	for i := range hv {
		hv[i] = (s.gp[i] - s.gm[i]) / (2 * eps)
	}
	o.net.SetParams(s.base)
}

// signs appends y > 0 for every hidden-layer entry of the last pass over B examples.
func (o *Objective) signs(dst []bool, B int) []bool {
	for l := 0; l < len(o.net.layers)-1; l++ {
		for _, y := range o.ws.y[l][:B*o.net.layers[l].out] {
			dst = append(dst, y > 0)
		}
	}
	return dst
}

// sameSigns tells whether the last pass has the signs recorded in active.
func (o *Objective) sameSigns(active []bool, B int) bool {
	k := 0
	for l := 0; l < len(o.net.layers)-1; l++ {
		for _, y := range o.ws.y[l][:B*o.net.layers[l].out] {
			if (y > 0) != active[k] {
				return false
			}
			k++
		}
	}
	return true
}

// GradNormSq is gᵀg = |∇L(θ)|² on batch at θ = params (running statistics unchanged).
func (o *Objective) GradNormSq(params []float64, batch []int) float64 {
	if o.g == nil {
		o.g = make([]float64, o.Dim())
	}
	o.lossGrad(o.g, params, batch, false)
	return floats.Dot(o.g, o.g)
}

// CurvatureAlongGradient returns gᵀHg and gᵀg on batch at θ = params, g = ∇L(θ), with Hg
// from HessVec (three forward and backward passes in all). A gradient step θ − ηg changes
// the loss by −η gᵀg + ½η² gᵀHg + O(η³): when gᵀHg grows while gᵀg does not shrink, the
// second term catches up with the first and the step must shrink (ill-conditioning).
// gᵀHg/gᵀg is the curvature along g; to second order the step lowers the loss only for
// η < 2gᵀg/gᵀHg, and lowers it most at η = gᵀg/gᵀHg.
func (o *Objective) CurvatureAlongGradient(params []float64, batch []int) (gHg, gg float64) {
	gg = o.GradNormSq(params, batch)
	if o.hv.hg == nil {
		o.hv.hg = make([]float64, o.Dim())
	}
	o.HessVec(o.hv.hg, params, o.g, batch)
	return floats.Dot(o.g, o.hv.hg), gg
}
