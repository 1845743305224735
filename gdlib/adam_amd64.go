// The compiler fuses x*y + z into FMA from GOAMD64=v3 on, so adamStep then rounds
// differently from this kernel (which has no FMA); it is used only below v3.

//go:build !amd64.v3

package gdlib

import "golang.org/x/sys/cpu"

// useAVX2 selects adamStepAVX2 in adamStepKernel.
var useAVX2 = cpu.X86.HasAVX2

// adamStepAVX2 is adamStep on the first len(params)&^3 elements, four lanes at a time
// (adam_amd64.s). grad, m and v must be at least as long as params.
//
//go:noescape
func adamStepAVX2(params, grad, m, v []float64, b1, c1, b2, c2, step, a, eps, keep, l2 float64)

// adamStepKernel computes exactly adamStep, with the AVX2 kernel on the multiple-of-4
// prefix when the CPU has AVX2 and the Go loop on the rest.
func adamStepKernel(params, grad, m, v []float64, b1, b2, step, a, eps, keep, l2 float64) {
	grad, m, v = grad[:len(params)], m[:len(params)], v[:len(params)]
	if n := len(params) &^ 3; useAVX2 && n > 0 {
		adamStepAVX2(params[:n], grad[:n], m[:n], v[:n], b1, 1-b1, b2, 1-b2, step, a, eps, keep, l2)
		params, grad, m, v = params[n:], grad[n:], m[n:], v[n:]
	}
	adamStep(params, grad, m, v, b1, b2, step, a, eps, keep, l2)
}
