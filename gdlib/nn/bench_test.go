package nn

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/descent-course/descent/gdlib/internal/fastblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// MNIST's shape: 60000 examples of 784 pixels, 10 classes; a 784-128-10 network, batch 128.
const (
	mnistN     = 60000
	mnistIn    = 784
	mnistHid   = 128
	mnistOut   = 10
	mnistBatch = 128
	peakN      = 1024 // the square product that measures a BLAS's peak
)

var mnistData = sync.OnceValues(func() (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, mnistN*mnistIn)
	for i := range x {
		x[i] = rng.Float64() // random pixels in [0, 1): the values do not matter for timing
	}
	labels := make([]int, mnistN)
	for i := range labels {
		labels[i] = rng.IntN(mnistOut)
	}
	return mat.NewDense(mnistN, mnistIn, x), labels
})

// blasPath is a BLAS this build can run: gonum's always, OpenBLAS when built with -tags openblas.
type blasPath struct {
	name string
	impl blas.Float64
}

func blasPaths() []blasPath {
	paths := []blasPath{{"gonum", gonum.Implementation{}}}
	if fastblas.Optimised != nil {
		paths = append(paths, blasPath{fastblas.OptimisedName, fastblas.Optimised})
	}
	return paths
}

// useBLAS makes b the network's BLAS for the rest of the (sub)test or benchmark.
func useBLAS(tb testing.TB, b blas.Float64) {
	old := fastblas.Impl
	fastblas.Impl = b
	tb.Cleanup(func() { fastblas.Impl = old })
}

// BenchmarkEpoch measures, on each BLAS path of the build and in the same rounds:
//
//   - epoch: one epoch of mini-batch SGD on MNIST's shape (784-128-10, shuffled batches of
//     128; per batch a forward and backward pass, LossGrad, and θ ← θ − 0.01 g);
//   - floor: the epoch's matrix products alone, the same Dgemm calls on the same shapes
//     (per batch X_0 W_0, X_1 W_1, dW_1 = X_1ᵀ dZ_1, dX_1 = dZ_1 W_1ᵀ, dW_0 = X_0ᵀ dZ_0),
//     which no code around them can beat;
//   - peak: a 1024×1024 product on the same BLAS, the most it does on this machine.
//
// Each figure is the best of the rounds (the least disturbed by other work on the machine).
// Reported: epoch-s and floor-s; epoch/floor (the cost of everything that is not a product;
// target ≤ 1.3); floor-GFLOP/s, peak-GFLOP/s and floor/peak (how well the network's shapes
// use the BLAS; target ≥ 0.5 on OpenBLAS); allocs/epoch (heap allocations of one epoch: the
// network allocates none once warm, gonum's Dgemm allocates for the goroutines it starts per
// call). ns/op is one round of all three.
func BenchmarkEpoch(b *testing.B) {
	for _, p := range blasPaths() {
		b.Run(p.name, func(b *testing.B) {
			useBLAS(b, p.impl)
			r := newEpochRun(b)
			r.epoch() // warm: buffers grown, pages touched
			best := map[string]float64{"epoch": inf, "floor": inf, "peak": inf}
			var allocs uint64
			for b.Loop() {
				var ms0, ms1 runtime.MemStats
				runtime.ReadMemStats(&ms0)
				t := time.Now()
				r.epoch()
				best["epoch"] = min(best["epoch"], time.Since(t).Seconds())
				runtime.ReadMemStats(&ms1)
				allocs = ms1.Mallocs - ms0.Mallocs
				t = time.Now()
				r.floor()
				best["floor"] = min(best["floor"], time.Since(t).Seconds())
				best["peak"] = min(best["peak"], r.peak())
			}
			floorGF := r.flops / best["floor"] / 1e9
			peakGF := 2 * peakN * peakN * peakN / best["peak"] / 1e9
			b.ReportMetric(best["epoch"], "epoch-s")
			b.ReportMetric(best["floor"], "floor-s")
			b.ReportMetric(best["epoch"]/best["floor"], "epoch/floor")
			b.ReportMetric(floorGF, "floor-GFLOP/s")
			b.ReportMetric(peakGF, "peak-GFLOP/s")
			b.ReportMetric(floorGF/peakGF, "floor/peak")
			b.ReportMetric(float64(allocs), "allocs/epoch")
		})
	}
}

var inf = 1e300

// epochRun holds one network, its data and the buffers of the floor.
type epochRun struct {
	o      *Objective
	p, g   []float64
	rng    *rand.Rand
	order  []int
	flops  float64 // floating-point operations of the floor's products
	fw     map[string]blas64.General
	pa, pc blas64.General // peak operands
}

func newEpochRun(b *testing.B) *epochRun {
	X, labels := mnistData()
	net, err := New(Config{Sizes: []int{mnistIn, mnistHid, mnistOut}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	o, err := NewObjective(net, X, labels)
	if err != nil {
		b.Fatal(err)
	}
	r := &epochRun{o: o, p: net.Params(), g: make([]float64, net.Dim()), rng: rand.New(rand.NewPCG(3, 4))}
	r.order = r.rng.Perm(mnistN)
	mk := func(rows, cols int) blas64.General {
		m := blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: make([]float64, rows*cols)}
		for i := range m.Data {
			// Nonzero values everywhere: gonum's Dgemm skips zero entries of its first operand.
			m.Data[i] = 0.01 * float64(1+i%7)
		}
		return m
	}
	r.fw = map[string]blas64.General{
		"W0": mk(mnistIn, mnistHid), "dW0": mk(mnistIn, mnistHid), "W1": mk(mnistHid, mnistOut), "dW1": mk(mnistHid, mnistOut),
		"z0": mk(mnistBatch, mnistHid), "z1": mk(mnistBatch, mnistOut), "d1": mk(mnistBatch, mnistOut), "d0": mk(mnistBatch, mnistHid),
		"x0T": mk(mnistIn, mnistBatch), "x1T": mk(mnistHid, mnistBatch), "x0": mk(mnistBatch, mnistIn),
	}
	for lo := 0; lo < mnistN; lo += mnistBatch {
		B := float64(min(lo+mnistBatch, mnistN) - lo)
		r.flops += 2 * B * (2*mnistIn*mnistHid + 3*mnistHid*mnistOut)
	}
	r.pa, r.pc = mk(peakN, peakN), mk(peakN, peakN)
	return r
}

// epoch is one epoch of SGD through Objective.LossGrad.
func (r *epochRun) epoch() {
	r.rng.Shuffle(mnistN, func(i, j int) { r.order[i], r.order[j] = r.order[j], r.order[i] })
	for lo := 0; lo < mnistN; lo += mnistBatch {
		r.o.LossGrad(r.g, r.p, r.order[lo:min(lo+mnistBatch, mnistN)])
		floats.AddScaled(r.p, -0.01, r.g) // θ ← θ − 0.01 g
	}
}

// floor is the epoch's Dgemm calls alone, as forward and backward make them, on operands laid
// out as theirs: the batch X_0 in a buffer of its own (the epoch gathers the batch's rows into
// one; multiplying rows straight out of the 60000-row data set is slower, the data being cold),
// the weight gradient from a transposed copy of X_l where backward makes one
// (transposeByCopy), with Dgemm's transpose flag otherwise. Copies and gathers are not
// products and are not timed here.
func (r *epochRun) floor() {
	f := r.fw
	byCopy := transposeByCopy()
	for lo := 0; lo < mnistN; lo += mnistBatch {
		B := min(lo+mnistBatch, mnistN) - lo
		x0 := rowsOf(f["x0"], 0, B)
		z0, z1, d1, d0 := rowsOf(f["z0"], 0, B), rowsOf(f["z1"], 0, B), rowsOf(f["d1"], 0, B), rowsOf(f["d0"], 0, B)
		fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, x0, f["W0"], 0, z0) // Z_0 = X_0 W_0
		fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, z0, f["W1"], 0, z1) // Z_1 = X_1 W_1
		if byCopy {
			fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, general(mnistHid, B, f["x1T"].Data), d1, 0, f["dW1"]) // dW_1 = X_1ᵀ dZ_1
		} else {
			fastblas.Gemm(blas.Trans, blas.NoTrans, 1, z0, d1, 0, f["dW1"])
		}
		fastblas.Gemm(blas.NoTrans, blas.Trans, 1, d1, f["W1"], 0, d0) // dX_1 = dZ_1 W_1ᵀ
		if byCopy {
			fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, general(mnistIn, B, f["x0T"].Data), d0, 0, f["dW0"]) // dW_0 = X_0ᵀ dZ_0
		} else {
			fastblas.Gemm(blas.Trans, blas.NoTrans, 1, x0, d0, 0, f["dW0"])
		}
	}
}

// peak is the best time of three 1024×1024 products.
func (r *epochRun) peak() float64 {
	ts := make([]float64, 3)
	for i := range ts {
		t := time.Now()
		fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, r.pa, r.pa, 0, r.pc)
		ts[i] = time.Since(t).Seconds()
	}
	return slices.Min(ts)
}
