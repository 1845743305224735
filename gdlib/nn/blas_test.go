package nn

import (
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/descent-course/descent/gdlib/internal/fastblas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestBLASChoice: the default build runs on gonum's BLAS; a build with -tags openblas on
// OpenBLAS, unless DESCENT_BLAS=gonum forces the fallback (checked in a child process, since
// the choice is made when the package starts).
func TestBLASChoice(t *testing.T) {
	forced := os.Getenv("DESCENT_BLAS") == "gonum"
	want := "gonum"
	if fastblas.Optimised != nil && !forced {
		want = fastblas.OptimisedName
	}
	if got := BLAS(); got != want {
		t.Fatalf("BLAS() = %q, want %q (fastblas.Optimised compiled in: %v, DESCENT_BLAS=%q)", got, want, fastblas.Optimised != nil, os.Getenv("DESCENT_BLAS"))
	}
	if fastblas.Optimised == nil || forced {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBLASChoice$", "-test.v")
	cmd.Env = append(os.Environ(), "DESCENT_BLAS=gonum")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestBLASChoice") {
		t.Fatalf("with DESCENT_BLAS=gonum: %v\n%s", err, out)
	}
	t.Logf("%s here; gonum with DESCENT_BLAS=gonum", want)
}

// otherBLAS is gonum's BLAS under another name: BLAS() says "other", so backward takes the
// path of an fastblas.Optimised BLAS (Dgemm's transpose flag instead of a transposed copy).
type otherBLAS struct{ gonum.Implementation }

// TestBLASPathsAgree: the gradient of a 784-64-10 network on a batch of 128 is the same on
// every BLAS path of the build, and on gonum with the transpose flag, to rounding (1e-12
// relative to the largest entry): the paths differ in the order of the sums only.
func TestBLASPathsAgree(t *testing.T) {
	X, labels, _ := randData(300, 784, 10, 7)
	batch := make([]int, 128)
	for i := range batch {
		batch[i] = (i * 37) % 300
	}
	grad := func(p blasPath) ([]float64, float64) {
		var g []float64
		var loss float64
		t.Run(p.name, func(t *testing.T) {
			useBLAS(t, p.impl)
			if got := BLAS(); got != p.name {
				t.Fatalf("BLAS() = %q on the path %q", got, p.name)
			}
			net, _ := New(Config{Sizes: []int{784, 64, 10}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 3})
			o := newObjective(t, net, X, labels, nil)
			g = make([]float64, net.Dim())
			loss = o.LossGrad(g, net.Params(), batch)
		})
		return g, loss
	}
	ref, refLoss := grad(blasPath{"gonum", gonum.Implementation{}})
	scale := 0.0
	for _, v := range ref {
		scale = max(scale, math.Abs(v))
	}
	for _, p := range append(blasPaths()[1:], blasPath{"other", otherBLAS{}}) {
		g, loss := grad(p)
		// The committed notebook outputs need each path to give the same bits every run.
		if again, _ := grad(p); !slices.Equal(g, again) {
			t.Errorf("%s: two runs give different gradients", p.name)
		}
		if math.Abs(loss-refLoss) > 1e-12*refLoss {
			t.Errorf("%s: loss %.17g, gonum %.17g", p.name, loss, refLoss)
		}
		worst := 0.0
		for i := range g {
			worst = max(worst, math.Abs(g[i]-ref[i]))
		}
		if worst > 1e-12*scale {
			t.Errorf("%s: gradient differs from gonum's by %.3g (largest entry %.3g)", p.name, worst, scale)
		}
		t.Logf("%s: gradient within %.3g of gonum's (largest entry %.3g)", p.name, worst, scale)
	}
}

// TestSmallProductsOnGonum: a small network's products (m·n·k < fastblas.Small) stay on gonum's
// BLAS on every path, so its gradient is the same to the last bit.
func TestSmallProductsOnGonum(t *testing.T) {
	X, labels, _ := randData(40, 4, 3, 9)
	batch := []int{0, 3, 5, 7, 11, 13, 17, 19, 23, 29}
	var ref []float64
	for _, p := range append(blasPaths(), blasPath{"other", otherBLAS{}}) {
		t.Run(p.name, func(t *testing.T) {
			useBLAS(t, p.impl)
			net, _ := New(Config{Sizes: []int{4, 5, 3}, Activation: Tanh, Init: XavierNormal, Loss: SoftmaxCrossEntropy, Seed: 5})
			o := newObjective(t, net, X, labels, nil)
			g := make([]float64, net.Dim())
			o.LossGrad(g, net.Params(), batch)
			if ref == nil {
				ref = g
				return
			}
			for i := range g {
				if g[i] != ref[i] {
					t.Fatalf("%s: gradient entry %d is %.17g, on gonum %.17g", p.name, i, g[i], ref[i])
				}
			}
		})
	}
}
