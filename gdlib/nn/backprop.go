package nn

import (
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib/internal/fastblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// evalChunk is the number of rows evaluated at once when a pass can be split (Forward, and
// Loss without batch-norm batch statistics), to bound memory on large data sets.
const evalChunk = 1024

// work holds the buffers of one forward and backward pass for up to rows examples. They are
// allocated once and reused, so a training step allocates nothing. Layer l's buffers are
// B×n_{l+1}, row-major; only their first B rows are used for a batch of B.
type work struct {
	rows  int
	x0    []float64   // gathered input rows (B×n_0), grown by Objective.load
	t     []float64   // gathered MSE targets (B×n_L), grown by Objective.load
	label []int       // gathered labels, grown by Objective.load
	z     [][]float64 // Z_l, the dense output
	zhat  [][]float64 // Ẑ_l, the normalised Z_l (batch norm only)
	y     [][]float64 // Y_l, the activation's input (the same slice as z without batch norm)
	x     [][]float64 // X_{l+1} = f(Y_l) for hidden layers; softmax probabilities P for the last
	mean  [][]float64 // μ_l used by batch norm
	istd  [][]float64 // 1/√(σ²_l + ε) used by batch norm
	xT    []float64   // X_lᵀ for the weight gradient, sized for the widest layer input
	// d[l] is the backward signal of layer l, overwritten in place: first dX_{l+1}, then
	// dY_l, then dZ_l. nil until a backward pass needs it.
	d [][]float64
}

// ensure makes the buffers hold at least rows examples (and the backward ones if backward).
func (ws *work) ensure(m *MLP, rows int, backward bool) {
	L := len(m.layers)
	if rows > ws.rows || ws.z == nil {
		*ws = work{rows: rows, x0: ws.x0, t: ws.t, label: ws.label}
		ws.z, ws.zhat, ws.y, ws.x = make([][]float64, L), make([][]float64, L), make([][]float64, L), make([][]float64, L)
		ws.mean, ws.istd = make([][]float64, L), make([][]float64, L)
		for l, ly := range m.layers {
			ws.z[l] = make([]float64, rows*ly.out)
			ws.y[l] = ws.z[l]
			if ly.bn() {
				ws.zhat[l] = make([]float64, rows*ly.out)
				ws.y[l] = make([]float64, rows*ly.out)
				ws.mean[l], ws.istd[l] = make([]float64, ly.out), make([]float64, ly.out)
			}
			if l < L-1 || m.cfg.Loss == SoftmaxCrossEntropy {
				ws.x[l] = make([]float64, rows*ly.out)
			}
		}
	}
	if backward && ws.d == nil {
		ws.xT = make([]float64, ws.rows*slices.Max(m.cfg.Sizes[:L]))
		ws.d = make([][]float64, L)
		for l, ly := range m.layers {
			ws.d[l] = make([]float64, ws.rows*ly.out)
		}
	}
}

// grow returns s resliced to length n, reallocated when its capacity is too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// general views the first rows×cols entries of data as a BLAS matrix.
func general(rows, cols int, data []float64) blas64.General {
	return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: data[:rows*cols]}
}

// rowsOf views rows lo..hi−1 of a as a BLAS matrix (no copy).
func rowsOf(a blas64.General, lo, hi int) blas64.General {
	if hi == lo {
		return blas64.General{Cols: a.Cols, Stride: a.Stride}
	}
	return blas64.General{Rows: hi - lo, Cols: a.Cols, Stride: a.Stride, Data: a.Data[lo*a.Stride : (hi-1)*a.Stride+a.Cols]}
}

// forward computes Z_l, Y_l and X_{l+1} for every layer on the batch X_0 = x. With
// batchStats, batch norm normalises with the batch's own mean and variance (training mode),
// and with update it also moves the running averages; otherwise it uses the running
// statistics (inference mode). For softmax cross-entropy ws.x of the last layer receives the
// probabilities P = softmax(Z_{L−1}) row by row.
func (m *MLP) forward(ws *work, x blas64.General, batchStats, update bool) {
	B := x.Rows
	in := x
	for l := range m.layers {
		ly := &m.layers[l]
		z := general(B, ly.out, ws.z[l])
		// Z_l = X_l W_l + 1 b_lᵀ
		fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, in, ly.weights(m.params), 0, z)
		if !ly.bn() {
			b := m.params[ly.b : ly.b+ly.out]
			for i := 0; i < B; i++ {
				row := z.Data[i*ly.out : (i+1)*ly.out]
				for j := range row {
					row[j] += b[j]
				}
			}
		} else {
			m.batchNormForward(ws, l, B, batchStats, update)
		}
		if l == len(m.layers)-1 {
			if m.cfg.Loss == SoftmaxCrossEntropy {
				softmax(ws.x[l][:B*ly.out], z.Data, ly.out)
			}
			return
		}
		// X_{l+1} = f(Y_l)
		f, y, a := m.cfg.Activation, ws.y[l][:B*ly.out], ws.x[l][:B*ly.out]
		if f.kind == actReLU { // the common case without a call per entry: the same values
			for i, v := range y {
				a[i] = max(v, 0)
			}
		} else {
			for i, v := range y {
				a[i] = f.F(v)
			}
		}
		in = general(B, ly.out, a)
	}
}

// batchNormForward computes Ẑ_l = (Z_l − μ)/√(σ² + ε) and Y_l = γ ⊙ Ẑ_l + β per feature j,
// with μ_j = (1/B) Σ_i z_ij and σ²_j = (1/B) Σ_i (z_ij − μ_j)² from the batch (batchStats)
// or the running averages. With update, the running averages move towards the batch's:
// running = (1−m) running + m batch, with the unbiased variance B/(B−1) σ².
func (m *MLP) batchNormForward(ws *work, l, B int, batchStats, update bool) {
	ly := &m.layers[l]
	n := ly.out
	z, zhat, y := ws.z[l][:B*n], ws.zhat[l][:B*n], ws.y[l][:B*n]
	mean, istd := ws.mean[l], ws.istd[l]
	gamma, beta := m.params[ly.gamma:ly.gamma+n], m.params[ly.beta:ly.beta+n]
	for j := 0; j < n; j++ {
		if !batchStats {
			mean[j], istd[j] = ly.runMean[j], 1/math.Sqrt(ly.runVar[j]+BatchNormEps)
			continue
		}
		var mu, v float64
		for i := 0; i < B; i++ {
			mu += z[i*n+j]
		}
		mu /= float64(B)
		for i := 0; i < B; i++ {
			d := z[i*n+j] - mu
			v += d * d
		}
		v /= float64(B)
		mean[j], istd[j] = mu, 1/math.Sqrt(v+BatchNormEps)
		if update {
			unbiased := v
			if B > 1 {
				unbiased = v * float64(B) / float64(B-1)
			}
			ly.runMean[j] = (1-BatchNormMomentum)*ly.runMean[j] + BatchNormMomentum*mu
			ly.runVar[j] = (1-BatchNormMomentum)*ly.runVar[j] + BatchNormMomentum*unbiased
		}
	}
	for i := 0; i < B; i++ {
		for j := 0; j < n; j++ {
			k := i*n + j
			zhat[k] = (z[k] - mean[j]) * istd[j]
			y[k] = gamma[j]*zhat[k] + beta[j]
		}
	}
}

// softmax writes p_i = exp(z_i − max z_i) / Σ_j exp(z_ij − max z_i) for every row i.
func softmax(p, z []float64, n int) {
	for i := 0; i < len(z); i += n {
		row, prow := z[i:i+n], p[i:i+n]
		mx := row[0]
		for _, v := range row {
			mx = max(mx, v)
		}
		var s float64
		for j, v := range row {
			prow[j] = math.Exp(v - mx)
			s += prow[j]
		}
		for j := range prow {
			prow[j] /= s
		}
	}
}

// outputLoss returns the summed loss of the B examples of the last forward pass, against
// labels (softmax cross-entropy, −log p_{i,y_i}) or the target rows t (MSE, ½|z_i − t_i|²).
// With grad it writes dZ_{L−1} = scale·(P − onehot(y)) or scale·(Z − T) into ws.d; scale is
// 1/B for the mean loss of the batch.
func (m *MLP) outputLoss(ws *work, B int, labels []int, t blas64.General, grad bool, scale float64) float64 {
	L := len(m.layers)
	n := m.layers[L-1].out
	z := ws.z[L-1]
	var sum float64
	if m.cfg.Loss == SoftmaxCrossEntropy {
		p := ws.x[L-1]
		for i := 0; i < B; i++ {
			// −log p_{i,y} = logsumexp(z_i) − z_{i,y}, computed without overflow.
			row, y := z[i*n:(i+1)*n], labels[i]
			mx := row[0]
			for _, v := range row {
				mx = max(mx, v)
			}
			var s float64
			for _, v := range row {
				s += math.Exp(v - mx)
			}
			sum += mx + math.Log(s) - row[y]
			if grad {
				d := ws.d[L-1][i*n : (i+1)*n]
				for j := range d {
					d[j] = scale * p[i*n+j]
				}
				d[y] -= scale
			}
		}
		return sum
	}
	for i := 0; i < B; i++ {
		trow := t.Data[i*t.Stride : i*t.Stride+n]
		for j, tv := range trow {
			r := z[i*n+j] - tv
			sum += 0.5 * r * r
			if grad {
				ws.d[L-1][i*n+j] = scale * r
			}
		}
	}
	return sum
}

// backward runs backpropagation from dZ_{L−1} (already in ws.d by outputLoss) down to the
// first layer and writes the gradient, in the parameter layout, into grad. x is the batch
// X_0 of the forward pass; batchStats must match it.
func (m *MLP) backward(ws *work, x blas64.General, grad []float64, batchStats bool) {
	B := x.Rows
	for l := len(m.layers) - 1; l >= 0; l-- {
		ly := &m.layers[l]
		dz := general(B, ly.out, ws.d[l])
		in := x // X_l, the layer's input
		if l > 0 {
			in = general(B, ly.in, ws.x[l-1])
		}
		// dW_l = X_lᵀ dZ_l
		if transposeByCopy() {
			fastblas.Gemm(blas.NoTrans, blas.NoTrans, 1, transpose(ws.xT, in), dz, 0, ly.weights(grad))
		} else {
			fastblas.Gemm(blas.Trans, blas.NoTrans, 1, in, dz, 0, ly.weights(grad))
		}
		if !ly.bn() {
			// db_l = column sums of dZ_l
			db := grad[ly.b : ly.b+ly.out]
			clear(db)
			for i := 0; i < B; i++ {
				for j, v := range dz.Data[i*ly.out : (i+1)*ly.out] {
					db[j] += v
				}
			}
		}
		if l == 0 {
			return // the input needs no gradient
		}
		// dX_l = dZ_l W_lᵀ, into the previous layer's signal.
		prev := &m.layers[l-1]
		dx := general(B, ly.in, ws.d[l-1])
		fastblas.Gemm(blas.NoTrans, blas.Trans, 1, dz, ly.weights(m.params), 0, dx)
		// dY_{l−1} = dX_l ⊙ f'(Y_{l−1})
		f, y := m.cfg.Activation, ws.y[l-1]
		if f.kind == actReLU { // as Deriv: ×1 for y > 0, ×0 otherwise (the same bits)
			for i := range dx.Data {
				if !(y[i] > 0) {
					dx.Data[i] *= 0
				}
			}
		} else {
			for i := range dx.Data {
				dx.Data[i] *= f.Deriv(y[i])
			}
		}
		if prev.bn() {
			m.batchNormBackward(ws, l-1, B, grad, batchStats)
		}
	}
}

// transpose copies aᵀ into buf and returns it as a matrix. On gonum's BLAS (transposeByCopy)
// backward computes X_lᵀ dZ_l as (X_lᵀ) dZ_l from this copy: for MNIST's shapes gonum's Dgemm
// kernel for A·B runs about twice as fast as its kernel for Aᵀ·B (2.2 ms against 4.0 ms for
// 784×128 = (128×784)ᵀ·(128×128) on the course machine, the copy included). OpenBLAS is
// faster with its transpose flag than with the copy (0.6 ms against 1.2 ms).
func transpose(buf []float64, a blas64.General) blas64.General {
	t := general(a.Cols, a.Rows, buf)
	for i := 0; i < a.Rows; i++ {
		for j, v := range a.Data[i*a.Stride : i*a.Stride+a.Cols] {
			t.Data[j*t.Stride+i] = v
		}
	}
	return t
}

// batchNormBackward turns dY_l (in ws.d[l]) into dZ_l in place and writes dγ_l and dβ_l:
//
//	dβ_j = Σ_i dy_ij        dγ_j = Σ_i dy_ij ẑ_ij
//	dz_ij = γ_j/√(σ²_j+ε) · (dy_ij − dβ_j/B − ẑ_ij dγ_j/B)    with batch statistics
//	dz_ij = γ_j/√(σ²_j+ε) · dy_ij                              with running statistics
//
// The two extra terms of the first line are the paths through μ_j and σ²_j, which depend on
// every example of the batch.
func (m *MLP) batchNormBackward(ws *work, l, B int, grad []float64, batchStats bool) {
	ly := &m.layers[l]
	n := ly.out
	d, zhat, istd := ws.d[l][:B*n], ws.zhat[l][:B*n], ws.istd[l]
	gamma := m.params[ly.gamma : ly.gamma+n]
	dgamma, dbeta := grad[ly.gamma:ly.gamma+n], grad[ly.beta:ly.beta+n]
	clear(dgamma)
	clear(dbeta)
	for i := 0; i < B; i++ {
		for j := 0; j < n; j++ {
			dbeta[j] += d[i*n+j]
			dgamma[j] += d[i*n+j] * zhat[i*n+j]
		}
	}
	for i := 0; i < B; i++ {
		for j := 0; j < n; j++ {
			k := i*n + j
			if batchStats {
				d[k] = gamma[j] * istd[j] * (d[k] - dbeta[j]/float64(B) - zhat[k]*dgamma[j]/float64(B))
			} else {
				d[k] = gamma[j] * istd[j] * d[k]
			}
		}
	}
}
