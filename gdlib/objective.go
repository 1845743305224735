package gdlib

import (
	"fmt"
	"math"

	"github.com/descent-course/descent/gdlib/internal/fastblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// This file holds losses on data: least squares, binary logistic regression and softmax
// regression. All three implement Objective on a data matrix X (one example per row, n×d)
// and share these conventions:
//
//   - The loss is the mean over the batch of the per-example loss, plus (L2/2)·|w|² when
//     L2 > 0. The L2 term covers the weights only, not the biases, and is added once per
//     batch (so the batch loss is an unbiased estimate of the full loss).
//   - A nil batch means all n examples. Batches may repeat indices.
//   - Parameters are one flat vector; each type documents its layout.
//   - The methods reuse internal buffers, so one objective value must not be used from
//     several goroutines at once. They panic with a clear message when len(params) or
//     len(grad) is not Dim() (the Objective interface has no error result; Train and
//     Minimize check sizes before they call).

func checkObjectiveData(name string, X *mat.Dense, n int) (int, int, error) {
	if X == nil {
		return 0, 0, fmt.Errorf("gdlib: %s: nil data matrix", name)
	}
	r, c := X.Dims()
	if r == 0 || c == 0 {
		return 0, 0, fmt.Errorf("gdlib: %s: empty data matrix (%d×%d)", name, r, c)
	}
	if n != r {
		return 0, 0, fmt.Errorf("gdlib: %s: %d targets for %d examples", name, n, r)
	}
	return r, c, nil
}

// objCheckLen panics unless v (the parameter or gradient vector: what) has length dim.
func objCheckLen(name, what string, v []float64, dim int) {
	if len(v) != dim {
		panic(fmt.Sprintf("gdlib: %s: %s vector has length %d, want Dim() = %d", name, what, len(v), dim))
	}
}

// objIndex is the example index of the k-th entry of batch (k itself when batch is nil).
func objIndex(batch []int, k int) int {
	if batch == nil {
		return k
	}
	return batch[k]
}

func objBatchLen(batch []int, n int) int {
	if batch == nil {
		return n
	}
	return len(batch)
}

func objL2Term(l2 float64, w []float64) float64 {
	if l2 == 0 {
		return 0
	}
	return 0.5 * l2 * floats.Dot(w, w)
}

// linearLoss is a loss on the score z = w·x_i + b of a linear model: the loss of example i
// at z and its derivative in z.
type linearLoss interface {
	exampleLoss(z float64, i int) (loss, slope float64)
}

// linearEval is the mean of ℓ(z_i) over batch, z_i = w·x_i + b with params = [w, b], plus
// ½λ|w|². With grad != nil it also writes the gradient: ∂/∂w = mean ℓ′(z_i) x_i + λw and
// ∂/∂b = mean ℓ′(z_i).
func linearEval(name string, f linearLoss, X *mat.Dense, l2 float64, grad, params []float64, batch []int) float64 {
	n, d := X.Dims()
	objCheckLen(name, "parameter", params, d+1)
	w, b := params[:d], params[d]
	var gw []float64
	if grad != nil {
		objCheckLen(name, "gradient", grad, d+1)
		gw = grad[:d]
		clear(grad)
	}
	m := objBatchLen(batch, n)
	var sum, gb float64
	for k := 0; k < m; k++ {
		i := objIndex(batch, k)
		row := X.RawRowView(i)
		loss, slope := f.exampleLoss(floats.Dot(w, row)+b, i)
		sum += loss
		if grad != nil {
			floats.AddScaled(gw, slope, row)
			gb += slope
		}
	}
	inv := 1 / float64(m)
	if grad != nil {
		floats.Scale(inv, gw)
		grad[d] = gb * inv
		if l2 != 0 {
			floats.AddScaled(gw, l2, w)
		}
	}
	return sum*inv + objL2Term(l2, w)
}

// ---------------------------------------------------------------------------------------------

// LeastSquares is linear regression with the squared error:
//
//	L(w, b) = 1/m Σ_{i∈batch} ½ (w·x_i + b − y_i)² + (L2/2)|w|²
//
// (the ½ makes the gradient 1/m Σ r_i x_i with residual r_i = w·x_i + b − y_i, with no factor 2;
// the loss is half the mean squared error). Parameters: [w_1 … w_d, b], Dim = d + 1.
type LeastSquares struct {
	X   *mat.Dense
	Y   []float64
	L2  float64
	n   int
	d   int
	one [1]int
}

// NewLeastSquares returns the least-squares objective on the rows of X with targets y.
func NewLeastSquares(X *mat.Dense, y []float64, l2 float64) (*LeastSquares, error) {
	n, d, err := checkObjectiveData("least squares", X, len(y))
	if err != nil {
		return nil, err
	}
	if l2 < 0 || math.IsNaN(l2) {
		return nil, fmt.Errorf("gdlib: least squares: L2 must be >= 0, got %g", l2)
	}
	return &LeastSquares{X: X, Y: y, L2: l2, n: n, d: d}, nil
}

// N is the number of examples.
func (o *LeastSquares) N() int { return o.n }

// Dim is d + 1 (weights, then the bias).
func (o *LeastSquares) Dim() int { return o.d + 1 }

func (o *LeastSquares) eval(grad, params []float64, batch []int) float64 {
	return linearEval("least squares", o, o.X, o.L2, grad, params, batch)
}

// exampleLoss is ½(z − y_i)² and its derivative z − y_i.
func (o *LeastSquares) exampleLoss(z float64, i int) (loss, slope float64) {
	r := z - o.Y[i]
	return 0.5 * r * r, r
}

// Loss is the mean loss over batch (all examples when batch is nil).
func (o *LeastSquares) Loss(params []float64, batch []int) float64 { return o.eval(nil, params, batch) }

// LossGrad writes the gradient of Loss into grad and returns the loss.
func (o *LeastSquares) LossGrad(grad, params []float64, batch []int) float64 {
	return o.eval(grad, params, batch)
}

// ExampleLossGrad is LossGrad on the single example i (the "stochastic" gradient).
func (o *LeastSquares) ExampleLossGrad(grad, params []float64, i int) float64 {
	o.one[0] = i
	return o.eval(grad, params, o.one[:])
}

// Solve returns the exact minimiser of the full loss, [w, b], from the normal equations
// (AᵀA + n·L2·D) p = Aᵀy with A = [X 1] and D = diag(1, …, 1, 0), solved by Cholesky. When
// Cholesky fails or finds them too ill-conditioned, it solves the same problem as least
// squares, [A; √(n·L2)·[I 0]] p ≈ [y; 0], through QR (whose condition number is the square
// root of theirs); it returns an error when that is singular too.
func (o *LeastSquares) Solve() ([]float64, error) {
	p := o.d + 1
	A := mat.NewDense(o.n, p, nil)
	for i := 0; i < o.n; i++ {
		row := A.RawRowView(i)
		copy(row, o.X.RawRowView(i))
		row[o.d] = 1
	}
	var ata mat.SymDense
	ata.SymOuterK(1, A.T())
	if o.L2 != 0 {
		for j := 0; j < o.d; j++ {
			ata.SetSym(j, j, ata.At(j, j)+float64(o.n)*o.L2)
		}
	}
	aty := mat.NewVecDense(p, nil)
	aty.MulVec(A.T(), mat.NewVecDense(o.n, o.Y))
	var ch mat.Cholesky
	sol := mat.NewVecDense(p, nil)
	if ch.Factorize(&ata) {
		if err := ch.SolveVecTo(sol, aty); err == nil {
			return sol.RawVector().Data, nil
		}
	}
	rows := o.n
	if o.L2 != 0 {
		rows += o.d
	}
	aug := mat.NewDense(rows, p, nil)
	aug.Slice(0, o.n, 0, p).(*mat.Dense).Copy(A)
	for j := o.n; j < rows; j++ {
		aug.Set(j, j-o.n, math.Sqrt(float64(o.n)*o.L2))
	}
	rhs := mat.NewVecDense(rows, nil)
	copy(rhs.RawVector().Data, o.Y)
	if err := sol.SolveVec(aug, rhs); err != nil {
		return nil, fmt.Errorf("gdlib: least squares: %v", err)
	}
	return sol.RawVector().Data, nil
}

// ---------------------------------------------------------------------------------------------

// softplus returns log(1 + e^z) without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// Logistic is binary logistic regression with labels 0 and 1 and the mean cross-entropy
//
//	L(w, b) = 1/m Σ_{i∈batch} [ log(1 + e^{z_i}) − y_i z_i ] + (L2/2)|w|²,  z_i = w·x_i + b,
//
// which equals −[y log σ(z) + (1−y) log(1−σ(z))], computed without overflow for any z. The
// gradient is 1/m Σ (σ(z_i) − y_i) x_i. Parameters: [w_1 … w_d, b], Dim = d + 1.
type Logistic struct {
	X      *mat.Dense
	Labels []int
	L2     float64
	n, d   int
	one    [1]int
}

// NewLogistic returns the binary logistic-regression objective; every label must be 0 or 1.
func NewLogistic(X *mat.Dense, labels []int, l2 float64) (*Logistic, error) {
	n, d, err := checkObjectiveData("logistic", X, len(labels))
	if err != nil {
		return nil, err
	}
	for i, l := range labels {
		if l != 0 && l != 1 {
			return nil, fmt.Errorf("gdlib: logistic: label %d of example %d is not 0 or 1", l, i)
		}
	}
	if l2 < 0 || math.IsNaN(l2) {
		return nil, fmt.Errorf("gdlib: logistic: L2 must be >= 0, got %g", l2)
	}
	return &Logistic{X: X, Labels: labels, L2: l2, n: n, d: d}, nil
}

// N is the number of examples.
func (o *Logistic) N() int { return o.n }

// Dim is d + 1 (weights, then the bias).
func (o *Logistic) Dim() int { return o.d + 1 }

func (o *Logistic) eval(grad, params []float64, batch []int) float64 {
	return linearEval("logistic", o, o.X, o.L2, grad, params, batch)
}

// exampleLoss is the cross-entropy softplus(z) − y_i z (stable for any z) and its
// derivative σ(z) − y_i.
func (o *Logistic) exampleLoss(z float64, i int) (loss, slope float64) {
	y := float64(o.Labels[i])
	return softplus(z) - y*z, sigmoidStable(z) - y
}

// Loss is the mean cross-entropy over batch (all examples when batch is nil).
func (o *Logistic) Loss(params []float64, batch []int) float64 { return o.eval(nil, params, batch) }

// LossGrad writes the gradient of Loss into grad and returns the loss.
func (o *Logistic) LossGrad(grad, params []float64, batch []int) float64 {
	return o.eval(grad, params, batch)
}

// ExampleLossGrad is LossGrad on the single example i.
func (o *Logistic) ExampleLossGrad(grad, params []float64, i int) float64 {
	o.one[0] = i
	return o.eval(grad, params, o.one[:])
}

// Accuracy is the fraction of examples in batch (all when nil) whose label is predicted
// correctly, predicting 1 when w·x + b > 0.
func (o *Logistic) Accuracy(params []float64, batch []int) float64 {
	objCheckLen("logistic", "parameter", params, o.d+1)
	w, b := params[:o.d], params[o.d]
	m := objBatchLen(batch, o.n)
	correct := 0
	for k := 0; k < m; k++ {
		i := objIndex(batch, k)
		pred := 0
		if floats.Dot(w, o.X.RawRowView(i))+b > 0 {
			pred = 1
		}
		if pred == o.Labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(m)
}

// ---------------------------------------------------------------------------------------------

// softmaxChunk is the number of examples whose logits are computed in one matrix product.
const softmaxChunk = 512

// Softmax is multiclass (softmax, multinomial logistic) regression with K classes and the mean
// cross-entropy
//
//	L(W, b) = 1/m Σ_{i∈batch} [ logsumexp(z_i) − z_{i,y_i} ] + (L2/2)|W|²,  z_i = W x_i + b,
//
// where logsumexp(z) = max z + log Σ_k exp(z_k − max z) is computed stably. The gradient with
// respect to row k of W is 1/m Σ (softmax(z_i)_k − [y_i = k]) x_i.
//
// Parameters: W row-major (K rows of d, so W_kj is params[k*d+j]), then b (K values);
// Dim = K·d + K. The batch gradient computes the logits of up to 512 examples at a time as
// one matrix product, and the weight gradient as another, through gdlib/internal/fastblas: on
// the system's OpenBLAS in the course's kernel, on gonum's pure-Go BLAS in the default build
// (BenchmarkSoftmaxMNIST* times both on full MNIST, 60000×784, K = 10).
type Softmax struct {
	X      *mat.Dense
	Labels []int
	K      int
	L2     float64
	n, d   int
	xbuf   []float64 // gathered batch rows, softmaxChunk×d
	zbuf   []float64 // logits, softmaxChunk×K
	one    [1]int
}

// NewSoftmax returns the softmax-regression objective; labels must lie in 0..classes-1 and
// classes must be at least 2.
func NewSoftmax(X *mat.Dense, labels []int, classes int, l2 float64) (*Softmax, error) {
	n, d, err := checkObjectiveData("softmax", X, len(labels))
	if err != nil {
		return nil, err
	}
	if classes < 2 {
		return nil, fmt.Errorf("gdlib: softmax: need at least 2 classes, got %d", classes)
	}
	for i, l := range labels {
		if l < 0 || l >= classes {
			return nil, fmt.Errorf("gdlib: softmax: label %d of example %d is outside 0..%d", l, i, classes-1)
		}
	}
	if l2 < 0 || math.IsNaN(l2) {
		return nil, fmt.Errorf("gdlib: softmax: L2 must be >= 0, got %g", l2)
	}
	return &Softmax{
		X: X, Labels: labels, K: classes, L2: l2, n: n, d: d,
		xbuf: make([]float64, softmaxChunk*d),
		zbuf: make([]float64, softmaxChunk*classes),
	}, nil
}

// N is the number of examples.
func (o *Softmax) N() int { return o.n }

// Dim is K·d + K.
func (o *Softmax) Dim() int { return o.K*o.d + o.K }

// logits computes Z = Xc Wᵀ + b for examples start..start+c-1 of the batch and returns Z
// and the rows Xc it used.
func (o *Softmax) logits(params []float64, batch []int, start, c int) (z, xc blas64.General) {
	K, d := o.K, o.d
	raw := o.X.RawMatrix()
	if batch == nil {
		xc = blas64.General{Rows: c, Cols: d, Stride: raw.Stride, Data: raw.Data[start*raw.Stride:]}
	} else {
		for r := 0; r < c; r++ {
			copy(o.xbuf[r*d:(r+1)*d], o.X.RawRowView(batch[start+r]))
		}
		xc = blas64.General{Rows: c, Cols: d, Stride: d, Data: o.xbuf[:c*d]}
	}
	W := blas64.General{Rows: K, Cols: d, Stride: d, Data: params[:K*d]}
	z = blas64.General{Rows: c, Cols: K, Stride: K, Data: o.zbuf[:c*K]}
	fastblas.Gemm(blas.NoTrans, blas.Trans, 1, xc, W, 0, z)
	bias := params[K*d:]
	for r := 0; r < c; r++ {
		floats.Add(z.Data[r*K:(r+1)*K], bias)
	}
	return z, xc
}

func objLogSumExp(z []float64) float64 {
	mx := z[0]
	for _, v := range z[1:] {
		if v > mx {
			mx = v
		}
	}
	if math.IsInf(mx, 0) {
		return mx
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - mx)
	}
	return mx + math.Log(s)
}

func (o *Softmax) eval(grad, params []float64, batch []int) float64 {
	objCheckLen("softmax", "parameter", params, o.Dim())
	K, d := o.K, o.d
	var gW blas64.General
	var gb []float64
	if grad != nil {
		objCheckLen("softmax", "gradient", grad, o.Dim())
		clear(grad)
		gW = blas64.General{Rows: K, Cols: d, Stride: d, Data: grad[:K*d]}
		gb = grad[K*d:]
	}
	m := objBatchLen(batch, o.n)
	var sum float64
	for start := 0; start < m; start += softmaxChunk {
		c := min(softmaxChunk, m-start)
		z, xc := o.logits(params, batch, start, c)
		for r := 0; r < c; r++ {
			i := objIndex(batch, start+r)
			row := z.Data[r*K : (r+1)*K]
			y := o.Labels[i]
			lse := objLogSumExp(row)
			sum += lse - row[y]
			if grad != nil {
				for k := range row {
					row[k] = math.Exp(row[k] - lse)
				}
				row[y]--
				floats.Add(gb, row)
			}
		}
		if grad != nil {
			// gW += Zᵀ Xc, with Z now holding softmax − onehot.
			fastblas.Gemm(blas.Trans, blas.NoTrans, 1, z, xc, 1, gW)
		}
	}
	inv := 1 / float64(m)
	w := params[:K*d]
	if grad != nil {
		floats.Scale(inv, grad)
		if o.L2 != 0 {
			floats.AddScaled(grad[:K*d], o.L2, w)
		}
	}
	return sum*inv + objL2Term(o.L2, w)
}

// Loss is the mean cross-entropy over batch (all examples when batch is nil).
func (o *Softmax) Loss(params []float64, batch []int) float64 { return o.eval(nil, params, batch) }

// LossGrad writes the gradient of Loss into grad and returns the loss.
func (o *Softmax) LossGrad(grad, params []float64, batch []int) float64 {
	return o.eval(grad, params, batch)
}

// ExampleLossGrad is LossGrad on the single example i.
func (o *Softmax) ExampleLossGrad(grad, params []float64, i int) float64 {
	o.one[0] = i
	return o.eval(grad, params, o.one[:])
}

// Predict writes the predicted class (the largest logit; the first on ties) of each example
// in batch (all when nil) into dst, which must have the batch's length, and returns dst.
// A nil dst is allocated.
func (o *Softmax) Predict(dst []int, params []float64, batch []int) []int {
	objCheckLen("softmax", "parameter", params, o.Dim())
	m := objBatchLen(batch, o.n)
	if dst == nil {
		dst = make([]int, m)
	}
	K := o.K
	for start := 0; start < m; start += softmaxChunk {
		c := min(softmaxChunk, m-start)
		z, _ := o.logits(params, batch, start, c)
		for r := 0; r < c; r++ {
			dst[start+r] = floats.MaxIdx(z.Data[r*K : (r+1)*K])
		}
	}
	return dst
}

// Accuracy is the fraction of examples in batch (all when nil) whose label is the class with
// the largest logit.
func (o *Softmax) Accuracy(params []float64, batch []int) float64 {
	objCheckLen("softmax", "parameter", params, o.Dim())
	m := objBatchLen(batch, o.n)
	K := o.K
	correct := 0
	for start := 0; start < m; start += softmaxChunk {
		c := min(softmaxChunk, m-start)
		z, _ := o.logits(params, batch, start, c)
		for r := 0; r < c; r++ {
			i := objIndex(batch, start+r)
			if floats.MaxIdx(z.Data[r*K:(r+1)*K]) == o.Labels[i] {
				correct++
			}
		}
	}
	return float64(correct) / float64(m)
}
