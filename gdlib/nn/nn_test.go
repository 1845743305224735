package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descent-course/descent/gdlib"
)

var _ gdlib.Objective = (*Objective)(nil)

// randData returns n examples with d normal inputs, labels in 0..k−1 and k normal targets.
func randData(n, d, k int, seed uint64) (*mat.Dense, []int, *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, 1))
	X := mat.NewDense(n, d, nil)
	T := mat.NewDense(n, k, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, rng.NormFloat64())
		}
		for j := 0; j < k; j++ {
			T.Set(i, j, rng.NormFloat64())
		}
		labels[i] = rng.IntN(k)
	}
	return X, labels, T
}

func newObjective(t testing.TB, net *MLP, X *mat.Dense, labels []int, T *mat.Dense) *Objective {
	t.Helper()
	var o *Objective
	var err error
	if net.cfg.Loss == MSE {
		o, err = NewRegressionObjective(net, X, T)
	} else {
		o, err = NewObjective(net, X, labels)
	}
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// relErr is |a − b| / |b| in the Euclidean norm.
func relErr(a, b []float64) float64 {
	return floats.Distance(a, b, 2) / floats.Norm(b, 2)
}

// TestGradientCheck compares backpropagation with central finite differences of Loss for
// every activation × loss × initialisation × batch norm (both modes) on a 4-5-3-2 network.
func TestGradientCheck(t *testing.T) {
	acts := []Activation{Identity, Sigmoid, Tanh, ReLU, LeakyReLU(0.1)}
	inits := []Init{Normal(0.01), XavierNormal, XavierUniform, He}
	X, labels, T := randData(9, 4, 2, 7)
	batch := []int{6, 1, 3, 0, 4, 8}
	worst := 0.0
	for _, loss := range []Loss{SoftmaxCrossEntropy, MSE} {
		for _, act := range acts {
			for _, init := range inits {
				for _, bn := range []string{"off", "train", "inference"} {
					name := fmt.Sprintf("%v/%v/%v/bn-%s", loss, act, init, bn)
					net, err := New(Config{Sizes: []int{4, 5, 3, 2}, Activation: act, Init: init, BatchNorm: bn != "off", Loss: loss, Seed: 3})
					if err != nil {
						t.Fatal(err)
					}
					o := newObjective(t, net, X, labels, T)
					// Move biases, γ and β away from 0 and 1 so that every term is exercised.
					rng := rand.New(rand.NewPCG(5, 5))
					for l := range net.layers {
						lv := net.Layer(net.Params(), l)
						for _, v := range [][]float64{lv.B, lv.Gamma, lv.Beta} {
							for i := range v {
								v[i] += 0.3 * rng.NormFloat64()
							}
						}
					}
					p := append([]float64(nil), net.Params()...)
					g := make([]float64, len(p))
					if bn == "inference" {
						for range 3 { // move the running statistics away from 0 and 1
							o.LossGrad(g, p, batch[:4])
						}
						o.Inference = true
					}
					o.LossGrad(g, p, batch)
					num := make([]float64, len(p))
					fd.Gradient(num, func(x []float64) float64 { return o.Loss(x, batch) }, p,
						&fd.Settings{Formula: fd.Central, Step: 1e-6})
					e := relErr(g, num)
					worst = max(worst, e)
					if !(e < 1e-6) {
						t.Errorf("%s: relative gradient error %.3g", name, e)
					}
				}
			}
		}
	}
	t.Logf("120 configurations, max relative gradient error |g − g_fd|/|g_fd| = %.2g", worst)
}

func TestLossValues(t *testing.T) {
	X, labels, T := randData(20, 3, 4, 1)
	for _, loss := range []Loss{SoftmaxCrossEntropy, MSE} {
		net, _ := New(Config{Sizes: []int{3, 6, 4}, Activation: Tanh, Init: He, Loss: loss, Seed: 1})
		o := newObjective(t, net, X, labels, T)
		zero := make([]float64, net.Dim())
		got := o.Loss(zero, nil)
		want := math.Log(4) // uniform softmax over 4 classes
		if loss == MSE {
			want = 0.5 * mat.Norm(T, 2) * mat.Norm(T, 2) / 20 // ½|t|² averaged, outputs are 0
		}
		if math.Abs(got-want) > 1e-14*want {
			t.Errorf("%v at zero parameters: loss %v, want %v", loss, got, want)
		}
	}
}

// TestLossChunks checks that a large Loss evaluated in chunks equals the one-pass value.
func TestLossChunks(t *testing.T) {
	X, labels, _ := randData(2500, 5, 3, 2)
	net, _ := New(Config{Sizes: []int{5, 7, 3}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 2})
	o := newObjective(t, net, X, labels, nil)
	chunked := o.Loss(net.Params(), nil)
	g := make([]float64, net.Dim())
	whole := o.LossGrad(g, net.Params(), nil)
	idx := make([]int, 2500)
	for i := range idx {
		idx[i] = 2499 - i
	}
	gathered := o.Loss(net.Params(), idx)
	if math.Abs(chunked-whole) > 1e-13*whole || math.Abs(gathered-whole) > 1e-13*whole {
		t.Errorf("chunked %v, gathered %v, one pass %v", chunked, gathered, whole)
	}
}

func TestBatchNorm(t *testing.T) {
	X, labels, _ := randData(50, 3, 2, 4)
	net, _ := New(Config{Sizes: []int{3, 6, 2}, Activation: Tanh, Init: XavierNormal, BatchNorm: true, Loss: SoftmaxCrossEntropy, Seed: 4})
	o := newObjective(t, net, X, labels, nil)
	lv := net.Layer(net.Params(), 0)
	for j := range lv.Gamma {
		lv.Gamma[j], lv.Beta[j] = 2, 0.5
	}
	batch := []int{1, 4, 9, 16, 25, 36, 49, 0, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}
	g := make([]float64, net.Dim())
	o.LossGrad(g, net.Params(), batch)

	// Training mode: every feature of Ẑ has batch mean 0 and variance σ²/(σ²+ε) ≈ 1.
	B, n := len(batch), 6
	zhat := mat.NewDense(B, n, o.ws.zhat[0][:B*n])
	z := mat.NewDense(B, n, o.ws.z[0][:B*n])
	for j := 0; j < n; j++ {
		col := mat.Col(nil, j, zhat)
		mean := floats.Sum(col) / float64(B)
		v := floats.Dot(col, col)/float64(B) - mean*mean
		zcol := mat.Col(nil, j, z)
		zm := floats.Sum(zcol) / float64(B)
		zv := floats.Dot(zcol, zcol)/float64(B) - zm*zm
		if math.Abs(mean) > 1e-12 || math.Abs(v-zv/(zv+BatchNormEps)) > 1e-10 || math.Abs(v-1) > 1e-3 {
			t.Errorf("feature %d: Ẑ mean %g, variance %g", j, mean, v)
		}
		// Running statistics after one step from (0, 1): 0.1·μ and 0.9 + 0.1·unbiased σ².
		rm, rv := net.RunningStats(0)
		if math.Abs(rm[j]-0.1*zm) > 1e-14 || math.Abs(rv[j]-(0.9+0.1*zv*float64(B)/float64(B-1))) > 1e-14 {
			t.Errorf("feature %d: running mean %g, variance %g", j, rm[j], rv[j])
		}
		// Y = γẐ + β.
		ycol := mat.Col(nil, j, mat.NewDense(B, n, o.ws.y[0][:B*n]))
		for i := range ycol {
			if math.Abs(ycol[i]-(2*col[i]+0.5)) > 1e-14 {
				t.Fatalf("Y ≠ γẐ + β at (%d, %d)", i, j)
			}
		}
	}

	// Inference mode: Forward uses the running statistics, written out here by hand.
	rm, rv := net.RunningStats(0)
	rm[0], rv[0] = 0.7, 2.5
	out := net.Forward(X)
	W0, W1, b1 := net.Layer(net.Params(), 0).W, net.Layer(net.Params(), 1).W, net.Layer(net.Params(), 1).B
	var Z mat.Dense
	Z.Mul(X, W0)
	Z.Apply(func(i, j int, v float64) float64 {
		return math.Tanh(2*(v-rm[j])/math.Sqrt(rv[j]+BatchNormEps) + 0.5)
	}, &Z)
	var want mat.Dense
	want.Mul(&Z, W1)
	want.Apply(func(i, j int, v float64) float64 { return v + b1[j] }, &want)
	if !mat.EqualApprox(out, &want, 1e-13) {
		t.Errorf("inference-mode Forward differs from the running-statistics formula")
	}
	// In inference mode an example's output does not depend on its batch.
	one := net.Forward(mat.DenseCopyOf(X.Slice(3, 4, 0, 3)))
	if !mat.EqualApprox(one, out.Slice(3, 4, 0, 2), 1e-14) {
		t.Errorf("inference output of row 3 depends on the batch")
	}
}

func TestPermuteSymmetry(t *testing.T) {
	X, labels, _ := randData(40, 4, 3, 5)
	for _, bn := range []bool{false, true} {
		net, _ := New(Config{Sizes: []int{4, 8, 6, 3}, Activation: Tanh, Init: XavierNormal, BatchNorm: bn, Loss: SoftmaxCrossEntropy, Seed: 9})
		o := newObjective(t, net, X, labels, nil)
		g := make([]float64, net.Dim())
		o.LossGrad(g, net.Params(), []int{1, 2, 3, 4, 5, 6, 7, 8}) // moves running statistics
		before := append([]float64(nil), net.Params()...)
		lossBefore := o.Loss(net.Params(), nil)
		outBefore := net.Forward(X)

		perm0 := []int{3, 7, 0, 1, 6, 2, 5, 4}
		perm1 := []int{5, 4, 3, 2, 1, 0}
		if err := net.Permute(0, perm0); err != nil {
			t.Fatal(err)
		}
		if err := net.Permute(1, perm1); err != nil {
			t.Fatal(err)
		}
		lossAfter := o.Loss(net.Params(), nil)
		if d := math.Abs(lossAfter - lossBefore); d > 1e-12 {
			t.Errorf("bn=%v: loss changed by %g after permuting hidden units", bn, d)
		}
		if !mat.EqualApprox(net.Forward(X), outBefore, 1e-12) {
			t.Errorf("bn=%v: inference outputs changed after permuting", bn)
		}
		if d := floats.Distance(before, net.Params(), 2); d < 0.5 {
			t.Errorf("bn=%v: parameters moved only %g", bn, d)
		}
		// The inverse permutations restore the parameters exactly.
		inv := func(p []int) []int {
			q := make([]int, len(p))
			for j, v := range p {
				q[v] = j
			}
			return q
		}
		net.Permute(1, inv(perm1))
		net.Permute(0, inv(perm0))
		if !floats.Equal(before, net.Params()) {
			t.Errorf("bn=%v: inverse permutation does not restore the parameters", bn)
		}
	}
	net, _ := New(Config{Sizes: []int{4, 3, 2}, Activation: Tanh, Init: He, Loss: MSE})
	for _, c := range []struct {
		l    int
		perm []int
	}{{1, []int{1, 0}}, {0, []int{0, 1}}, {0, []int{0, 0, 1}}, {-1, []int{0, 1, 2}}} {
		if net.Permute(c.l, c.perm) == nil {
			t.Errorf("Permute(%d, %v) accepted", c.l, c.perm)
		}
	}
}

// TestInitVariance checks the weight variance of each scheme against its formula, with a
// tolerance of 5 standard errors of the sample variance over n = fan_in·fan_out draws.
func TestInitVariance(t *testing.T) {
	fanIn, fanOut := 400, 300
	n := float64(fanIn * fanOut)
	for _, c := range []struct {
		init    Init
		want    float64
		kurtRel float64 // Var(s²) = kurtRel·σ⁴/n: 2 for the normal, 0.8 for the uniform
	}{
		{Normal(0.01), 1e-4, 2},
		{XavierNormal, 2.0 / float64(fanIn+fanOut), 2},
		{XavierUniform, 2.0 / float64(fanIn+fanOut), 0.8},
		{He, 2.0 / float64(fanIn), 2},
	} {
		net, err := New(Config{Sizes: []int{fanIn, fanOut, 2}, Activation: ReLU, Init: c.init, Loss: SoftmaxCrossEntropy, Seed: 11})
		if err != nil {
			t.Fatal(err)
		}
		w := net.Layer(net.Params(), 0).W.RawMatrix().Data
		mean := floats.Sum(w) / n
		v := floats.Dot(w, w)/n - mean*mean
		se := c.want * math.Sqrt(c.kurtRel/n)
		if math.Abs(v-c.want) > 5*se || math.Abs(mean) > 5*math.Sqrt(c.want/n) {
			t.Errorf("%v: mean %.3g, variance %.5g, want variance %.5g ± %.2g", c.init, mean, v, c.want, 5*se)
		}
		if c.init == XavierUniform {
			a := math.Sqrt(6 / float64(fanIn+fanOut))
			if floats.Max(w) > a || floats.Min(w) < -a {
				t.Errorf("xavier-uniform weight outside ±%g", a)
			}
		}
	}
	// Same seed, same weights; another seed, other weights.
	a, _ := New(Config{Sizes: []int{5, 4, 2}, Activation: ReLU, Init: He, Loss: MSE, Seed: 1})
	b, _ := New(Config{Sizes: []int{5, 4, 2}, Activation: ReLU, Init: He, Loss: MSE, Seed: 1})
	c, _ := New(Config{Sizes: []int{5, 4, 2}, Activation: ReLU, Init: He, Loss: MSE, Seed: 2})
	if !floats.Equal(a.Params(), b.Params()) || floats.Equal(a.Params(), c.Params()) {
		t.Error("initialisation is not a function of the seed")
	}
}

// TestDeadReLU builds a layer with one dead unit (pre-activation < 0 on every example), one
// always active and one active on some examples.
func TestDeadReLU(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})
	labels := []int{0, 1, 1}
	for _, act := range []Activation{ReLU, LeakyReLU(0.1)} {
		net, _ := New(Config{Sizes: []int{2, 3, 2}, Activation: act, Init: He, Loss: SoftmaxCrossEntropy})
		lv := net.Layer(net.Params(), 0)
		lv.W.Copy(mat.NewDense(2, 3, []float64{-1, 1, 1, -1, 1, -1})) // columns: dead, alive, mixed
		clear(lv.B)
		o := newObjective(t, net, X, labels, nil)
		stats, _ := o.Inspect(net.Params(), nil)
		// Pre-activations: unit 0: −1, −1, −2; unit 1: 1, 1, 2; unit 2: 1, −1, 0.
		// Saturated counts f' < 0.01: the 5 entries y ≤ 0 for ReLU, none for leaky ReLU (f' = 0.1).
		wantSat := 5.0 / 9
		if act != ReLU {
			wantSat = 0
		}
		if stats[0].Dead != 1.0/3 || stats[0].Saturated != wantSat || stats[1].Dead != 0 {
			t.Errorf("%v: dead fraction %v, saturated %v, want 1/3 and %v", act, stats[0].Dead, stats[0].Saturated, wantSat)
		}
		if !floats.Equal(stats[0].Pre, []float64{-1, 1, 1, -1, 1, -1, -2, 2, 0}) {
			t.Errorf("%v: pre-activations %v", act, stats[0].Pre)
		}
		// A dead ReLU unit passes no gradient to its incoming weights; a leaky one does.
		g := make([]float64, net.Dim())
		o.LossGrad(g, net.Params(), nil)
		gW := net.Layer(g, 0).W
		dead := math.Abs(gW.At(0, 0)) + math.Abs(gW.At(1, 0))
		if (act == ReLU) != (dead == 0) {
			t.Errorf("%v: gradient of the dead unit's weights %g", act, dead)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	bad := []Config{
		{Sizes: []int{3}, Activation: ReLU, Init: He, Loss: MSE},
		{Sizes: []int{3, 0, 2}, Activation: ReLU, Init: He, Loss: MSE},
		{Sizes: []int{3, 2}, Init: He, Loss: MSE},
		{Sizes: []int{3, 2}, Activation: ReLU, Loss: MSE},
		{Sizes: []int{3, 2}, Activation: ReLU, Init: Normal(0), Loss: MSE},
		{Sizes: []int{3, 2}, Activation: ReLU, Init: He},
		{Sizes: []int{3, 1}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy},
	}
	for _, c := range bad {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
	net, _ := New(Config{Sizes: []int{2, 3}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy})
	X := mat.NewDense(2, 2, nil)
	if _, err := NewObjective(net, X, []int{0, 3}); err == nil {
		t.Error("label 3 of 3 classes accepted")
	}
	if _, err := NewObjective(net, X, []int{0}); err == nil {
		t.Error("1 label for 2 rows accepted")
	}
	if _, err := NewRegressionObjective(net, X, mat.NewDense(2, 3, nil)); err == nil {
		t.Error("regression objective on a cross-entropy network accepted")
	}
}

// TestTrainingStepAllocations: a LossGrad on a batch allocates nothing once warm (small
// layers, where gonum's Dgemm runs serially).
func TestTrainingStepAllocations(t *testing.T) {
	X, labels, _ := randData(500, 20, 10, 3)
	net, _ := New(Config{Sizes: []int{20, 30, 10}, Activation: ReLU, Init: He, BatchNorm: true, Loss: SoftmaxCrossEntropy, Seed: 1})
	o := newObjective(t, net, X, labels, nil)
	g := make([]float64, net.Dim())
	batch := []int{1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233}
	o.LossGrad(g, net.Params(), batch)
	if a := testing.AllocsPerRun(20, func() { o.LossGrad(g, net.Params(), batch) }); a != 0 {
		t.Errorf("LossGrad allocates %v times per call", a)
	}
}

// TestTrainWithGdlib trains through gdlib.Train with gdlib's SGD and mini-batches, with
// batch norm, and a held-out objective on the same network in inference mode.
func TestTrainWithGdlib(t *testing.T) {
	clusters := func(n int, seed uint64) (*mat.Dense, []int) {
		rng := rand.New(rand.NewPCG(seed, 3))
		X, labels := mat.NewDense(n, 2, nil), make([]int, n)
		for i := range labels {
			c := i % 3
			X.Set(i, 0, []float64{-2, 2, 0}[c]+rng.NormFloat64())
			X.Set(i, 1, []float64{0, 0, 2.5}[c]+rng.NormFloat64())
			labels[i] = c
		}
		return X, labels
	}
	X, labels := clusters(300, 1)
	Xh, labelsH := clusters(150, 2)
	net, _ := New(Config{Sizes: []int{2, 16, 16, 3}, Activation: ReLU, Init: He, BatchNorm: true, Loss: SoftmaxCrossEntropy, Seed: 1})
	obj := newObjective(t, net, X, labels, nil)
	held := newObjective(t, net, Xh, labelsH, nil)
	held.Inference = true
	opt, err := gdlib.NewSGD(obj.Dim(), gdlib.SGDConfig{LR: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	batches, err := gdlib.MiniBatch(obj.N(), 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	params := append([]float64(nil), net.Params()...)
	h, err := gdlib.Train(obj, params, opt, batches, gdlib.TrainOptions{Epochs: 20, HeldOut: held})
	if err != nil || h.Diverged {
		t.Fatalf("Train: %v, diverged %v", err, h.Diverged)
	}
	first, last := h.EpochHeldOut[0], h.EpochHeldOut[len(h.EpochHeldOut)-1]
	net.SetParams(params)
	acc := net.Accuracy(Xh, labelsH)
	if !(last < first/2) || acc < 0.85 {
		t.Errorf("held-out loss %.3f -> %.3f, accuracy %.3f", first, last, acc)
	}
	t.Logf("held-out loss %.3f -> %.3f, held-out accuracy %.3f", first, last, acc)
}
