package gdlib

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Benchmarks of Step at 1e3 and 1e6 parameters (run with -bench 'Optim|Adam' -benchmem).
// BenchmarkAdamFloor streams the arrays Adam touches, with trivial arithmetic, to give
// the memory floor; BenchmarkAdamVsFloor reports the ratio measured in the same run.

// optBenchData returns parameters and a gradient of n elements, away from zero.
func optBenchData(n int) (params, grad []float64) {
	params, grad = make([]float64, n), make([]float64, n)
	for i := range n {
		params[i] = 1 + float64(i%13)*0.1
		grad[i] = (1 + float64(i%7)*0.1) * float64(1-2*(i%2))
	}
	return params, grad
}

func BenchmarkOptim(b *testing.B) {
	for _, n := range []int{1e3, 1e6} {
		opts := optAll(n)
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range opts {
				if !yield(k) {
					return
				}
			}
		})
		for _, name := range names {
			opt := opts[name]
			b.Run(fmt.Sprintf("%s/n=%.0e", name, float64(n)), func(b *testing.B) {
				params, grad := optBenchData(n)
				b.ReportAllocs()
				b.SetBytes(int64(8 * n))
				for b.Loop() {
					if err := opt.Step(params, grad); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkOptimNewton(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			opt := Must(NewNewton(n, DefaultNewtonConfig()))
			h := mat.NewSymDense(n, nil)
			for i := range n {
				h.SetSym(i, i, 4)
				if i > 0 {
					h.SetSym(i, i-1, 1)
				}
			}
			params, grad := optBenchData(n)
			b.ReportAllocs()
			for b.Loop() {
				if err := opt.StepHessian(params, grad, h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// adamFloor reads params, grad, m, v and writes params, m, v, like Adam, with the
// cheapest arithmetic that keeps the values bounded.
func adamFloor(params, grad, m, v []float64) {
	grad, m, v = grad[:len(params)], m[:len(params)], v[:len(params)]
	for i, p := range params {
		g := grad[i]
		m[i] = 0.5*m[i] + g
		v[i] = 0.5*v[i] + g
		params[i] = p - 1e-9*(m[i]+v[i])
	}
}

func BenchmarkAdamFloor(b *testing.B) {
	for _, n := range []int{1e3, 1e6} {
		b.Run(fmt.Sprintf("n=%.0e", float64(n)), func(b *testing.B) {
			params, grad := optBenchData(n)
			m, v := make([]float64, n), make([]float64, n)
			b.ReportAllocs()
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				adamFloor(params, grad, m, v)
			}
		})
	}
}

// BenchmarkAdamVsFloor alternates an Adam step and a floor pass on 1e6 parameters and
// reports the ratio of their total times as "adam/floor".
func BenchmarkAdamVsFloor(b *testing.B) {
	const n = 1e6
	opt := Must(NewAdam(n, DefaultAdamConfig()))
	params, grad := optBenchData(n)
	fp, fg := optBenchData(n)
	m, v := make([]float64, n), make([]float64, n)
	var tAdam, tFloor time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := opt.Step(params, grad); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		adamFloor(fp, fg, m, v)
		tAdam, tFloor = tAdam+t1.Sub(t0), tFloor+time.Since(t1)
	}
	if tFloor > 0 {
		b.ReportMetric(float64(tAdam)/float64(tFloor), "adam/floor")
	}
	if math.IsNaN(params[0]) {
		b.Fatal("NaN")
	}
}
