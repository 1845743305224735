//go:build !amd64 || amd64.v3

package gdlib

// adamStepKernel is adamStep: the AVX2 kernel exists only on amd64 below GOAMD64=v3,
// where the compiler does not fuse adamStep's x*y + z into FMA (see adam_amd64.go).
func adamStepKernel(params, grad, m, v []float64, b1, b2, step, a, eps, keep, l2 float64) {
	adamStep(params, grad, m, v, b1, b2, step, a, eps, keep, l2)
}
