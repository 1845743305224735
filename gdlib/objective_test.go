package gdlib

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

func randMatrix(r *rand.Rand, n, d int) *mat.Dense {
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, r.NormFloat64())
		}
	}
	return X
}

func randVec(r *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * r.NormFloat64()
	}
	return v
}

type testObjective interface {
	Objective
	ExampleLossGrad(grad, params []float64, i int) float64
}

func testObjectives(t *testing.T, n int, l2 float64) map[string]testObjective {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	const d = 4
	X := randMatrix(r, n, d)
	y := randVec(r, n, 1)
	bin := make([]int, n)
	multi := make([]int, n)
	for i := range bin {
		bin[i] = r.IntN(2)
		multi[i] = r.IntN(3)
	}
	ls, err := NewLeastSquares(X, y, l2)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := NewLogistic(X, bin, l2)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := NewSoftmax(X, multi, 3, l2)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]testObjective{"least squares": ls, "logistic": lg, "softmax": sm}
}

func TestObjectiveGradientsAgainstFiniteDifferences(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{30, 1300} { // 1300 > 2 chunks of the softmax batch product
		for _, l2 := range []float64{0, 0.3} {
			for name, o := range testObjectives(t, n, l2) {
				params := randVec(r, o.Dim(), 0.7)
				grad := make([]float64, o.Dim())
				batches := [][]int{nil, {3, 1, 4, 1, 5, 9, 2, 6}, {7}}
				for _, batch := range batches {
					loss := o.LossGrad(grad, params, batch)
					if l := o.Loss(params, batch); math.Abs(l-loss) > 1e-12*(1+math.Abs(l)) {
						t.Errorf("%s: LossGrad returns %g, Loss %g", name, loss, l)
					}
					f := func(p []float64) float64 { return o.Loss(p, batch) }
					want := fd.Gradient(nil, f, params, &fd.Settings{Formula: fd.Central})
					for j := range grad {
						if math.Abs(grad[j]-want[j]) > 1e-7*(1+math.Abs(want[j])) {
							t.Errorf("%s (n=%d, l2=%g, batch %v): ∂L/∂p%d = %g, central differences %g", name, n, l2, batch, j, grad[j], want[j])
						}
					}
				}
				// The full gradient is the mean of the per-example gradients, and a nil batch
				// is the same as the explicit list of all examples.
				all := make([]int, n)
				for i := range all {
					all[i] = i
				}
				g1, g2, gi, mean := make([]float64, o.Dim()), make([]float64, o.Dim()), make([]float64, o.Dim()), make([]float64, o.Dim())
				l1 := o.LossGrad(g1, params, nil)
				l2v := o.LossGrad(g2, params, all)
				var lmean float64
				for i := 0; i < n; i++ {
					lmean += o.ExampleLossGrad(gi, params, i) / float64(n)
					for j := range gi {
						mean[j] += gi[j] / float64(n)
					}
				}
				if math.Abs(l1-l2v) > 1e-12 || math.Abs(l1-lmean) > 1e-10 {
					t.Errorf("%s: full loss %g, explicit batch %g, mean of examples %g", name, l1, l2v, lmean)
				}
				for j := range g1 {
					if math.Abs(g1[j]-g2[j]) > 1e-12 || math.Abs(g1[j]-mean[j]) > 1e-10 {
						t.Errorf("%s: full grad[%d] %g, explicit batch %g, mean of examples %g", name, j, g1[j], g2[j], mean[j])
					}
				}
			}
		}
	}
}

// TestObjectiveValues checks losses against naive textbook formulas at moderate values and
// stays finite at extreme ones.
func TestObjectiveValues(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, -1, 0.5, 0, -3})
	p := []float64{0.3, -0.2, 0.1}
	// Least squares: mean of ½ r².
	ls, _ := NewLeastSquares(X, []float64{1, -1, 2}, 0.5)
	var want float64
	for i := 0; i < 3; i++ {
		r := p[0]*X.At(i, 0) + p[1]*X.At(i, 1) + p[2] - []float64{1, -1, 2}[i]
		want += 0.5 * r * r / 3
	}
	want += 0.25 * (p[0]*p[0] + p[1]*p[1])
	if got := ls.Loss(p, nil); math.Abs(got-want) > 1e-15 {
		t.Errorf("least squares loss %g, want %g", got, want)
	}
	// Logistic: −[y log σ + (1−y) log(1−σ)].
	labels := []int{1, 0, 1}
	lg, _ := NewLogistic(X, labels, 0)
	want = 0
	for i := 0; i < 3; i++ {
		z := p[0]*X.At(i, 0) + p[1]*X.At(i, 1) + p[2]
		s := 1 / (1 + math.Exp(-z))
		y := float64(labels[i])
		want -= (y*math.Log(s) + (1-y)*math.Log(1-s)) / 3
	}
	if got := lg.Loss(p, nil); math.Abs(got-want) > 1e-15 {
		t.Errorf("logistic loss %g, want %g", got, want)
	}
	if got := lg.Loss([]float64{-1000, 0, 0}, []int{0}); got != 1000 {
		t.Errorf("logistic loss at z = −1000, y = 1: %g, want 1000", got)
	}
	correct := 0
	for i := 0; i < 3; i++ {
		z := p[0]*X.At(i, 0) + p[1]*X.At(i, 1) + p[2]
		if (z > 0) == (labels[i] == 1) {
			correct++
		}
	}
	if got := lg.Accuracy(p, nil); got != float64(correct)/3 {
		t.Errorf("logistic accuracy %g, want %d/3", got, correct)
	}
	// Softmax: −log(e^{z_y} / Σ e^{z_k}).
	sm, _ := NewSoftmax(X, []int{0, 2, 1}, 3, 0)
	ps := []float64{0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.01, 0.02, 0.03}
	want = 0
	for i := 0; i < 3; i++ {
		var z [3]float64
		var sum float64
		for k := 0; k < 3; k++ {
			z[k] = ps[2*k]*X.At(i, 0) + ps[2*k+1]*X.At(i, 1) + ps[6+k]
			sum += math.Exp(z[k])
		}
		want -= math.Log(math.Exp(z[sm.Labels[i]])/sum) / 3
	}
	if got := sm.Loss(ps, nil); math.Abs(got-want) > 1e-15 {
		t.Errorf("softmax loss %g, want %g", got, want)
	}
	big := []float64{1000, 0, -1000, 0, 0, 0, 0, 0, 0}
	g := make([]float64, 9)
	if l := sm.LossGrad(g, big, nil); math.IsNaN(l) || math.IsInf(l, 0) || !allFinite(g) {
		t.Errorf("softmax with logits ±1000: loss %g grad %v", l, g)
	}
	pred := sm.Predict(nil, ps, nil)
	correct = 0
	for i, c := range pred {
		if c == sm.Labels[i] {
			correct++
		}
	}
	if got := sm.Accuracy(ps, nil); got != float64(correct)/3 {
		t.Errorf("softmax accuracy %g, predictions %v", got, pred)
	}
}

func TestObjectiveErrors(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	if _, err := NewLeastSquares(X, []float64{1}, 0); err == nil {
		t.Error("least squares with 1 target for 2 examples: no error")
	}
	if _, err := NewLogistic(X, []int{0, 2}, 0); err == nil {
		t.Error("logistic with label 2: no error")
	}
	if _, err := NewSoftmax(X, []int{0, 3}, 3, 0); err == nil {
		t.Error("softmax with label 3 of 3 classes: no error")
	}
	if _, err := NewSoftmax(X, []int{0, 1}, 2, -1); err == nil {
		t.Error("softmax with L2 < 0: no error")
	}
}

// normalEquations solves min ½|Ap − y|²/n + (l2/2)|w|² directly: with A = [X 1],
// (AᵀA/n + l2·D) p = Aᵀy/n, using a general LU solve of the explicitly formed matrix.
func normalEquations(X *mat.Dense, y []float64, l2 float64) []float64 {
	n, d := X.Dims()
	A := mat.NewDense(n, d+1, nil)
	A.Augment(X, mat.NewDense(n, 1, ones(n)))
	var M mat.Dense
	M.Mul(A.T(), A)
	M.Scale(1/float64(n), &M)
	for j := 0; j < d; j++ {
		M.Set(j, j, M.At(j, j)+l2)
	}
	var rhs mat.VecDense
	rhs.MulVec(A.T(), mat.NewVecDense(n, y))
	rhs.ScaleVec(1/float64(n), &rhs)
	var p mat.VecDense
	if err := p.SolveVec(&M, &rhs); err != nil {
		panic(err)
	}
	return p.RawVector().Data
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

func TestLeastSquaresSolve(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	X := randMatrix(r, 200, 5)
	y := randVec(r, 200, 2)
	for _, l2 := range []float64{0, 0.1} {
		ls, _ := NewLeastSquares(X, y, l2)
		p, err := ls.Solve()
		if err != nil {
			t.Fatal(err)
		}
		want := normalEquations(X, y, l2)
		g := make([]float64, ls.Dim())
		ls.LossGrad(g, p, nil)
		for j := range p {
			if math.Abs(p[j]-want[j]) > 1e-12 || math.Abs(g[j]) > 1e-12 {
				t.Errorf("l2=%g: Solve p[%d] = %g, normal equations %g, gradient there %g", l2, j, p[j], want[j], g[j])
			}
		}
	}
}

// Nearly collinear features (condition number of [X 1] about 1e9, so AᵀA + n·L2·D is too
// ill-conditioned for Cholesky) with a tiny L2 that still matters: Solve must not drop the
// L2 term. The reference is the ridge problem as least squares on [A; √(n·L2)·[I 0]],
// solved by SVD.
func TestLeastSquaresSolveIllConditioned(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{1, 1 + 1e-9, 2, 2 - 1e-9, 3, 3, 4, 4 + 2e-9})
	y := []float64{1, -1, 2, 0.5}
	const l2 = 1e-16
	aug := mat.NewDense(6, 3, nil)
	for i := 0; i < 4; i++ {
		aug.Set(i, 0, X.At(i, 0))
		aug.Set(i, 1, X.At(i, 1))
		aug.Set(i, 2, 1)
	}
	aug.Set(4, 0, math.Sqrt(4*l2))
	aug.Set(5, 1, math.Sqrt(4*l2))
	var svd mat.SVD
	if !svd.Factorize(aug, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	var want mat.Dense
	svd.SolveTo(&want, mat.NewDense(6, 1, []float64{1, -1, 2, 0.5, 0, 0}), 3)
	ls, _ := NewLeastSquares(X, y, l2)
	p, err := ls.Solve()
	if err != nil {
		t.Fatal(err)
	}
	for j := range p {
		if w := want.At(j, 0); math.Abs(p[j]-w) > 1e-6*math.Abs(w) {
			t.Errorf("Solve p[%d] = %.10g, ridge solution %.10g", j, p[j], w)
		}
	}
}

func TestSoftmaxLossGradAllocationFree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	X := randMatrix(r, 600, 20)
	labels := make([]int, 600)
	for i := range labels {
		labels[i] = r.IntN(4)
	}
	sm, _ := NewSoftmax(X, labels, 4, 0.01)
	p := randVec(r, sm.Dim(), 0.1)
	g := make([]float64, sm.Dim())
	// A mini-batch small enough for gonum's serial matrix product allocates nothing. (For
	// large batches gonum's parallel Dgemm allocates a few values for its worker goroutines.)
	batch := []int{5, 6, 7, 100, 599}
	if a := testing.AllocsPerRun(20, func() { sm.LossGrad(g, p, batch) }); a != 0 {
		t.Errorf("softmax LossGrad allocates %v times", a)
	}
}

func TestLinearLossGradAllocationFree(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	X := randMatrix(r, 50, 3)
	labels, y := make([]int, 50), randVec(r, 50, 1)
	for i := range labels {
		labels[i] = r.IntN(2)
	}
	ls, _ := NewLeastSquares(X, y, 0.01)
	lg, _ := NewLogistic(X, labels, 0.01)
	p, g, batch := randVec(r, 4, 0.1), make([]float64, 4), []int{1, 7, 49}
	for _, o := range []Objective{ls, lg} {
		if a := testing.AllocsPerRun(20, func() { o.LossGrad(g, p, batch) }); a != 0 {
			t.Errorf("%T LossGrad allocates %v times", o, a)
		}
	}
}
