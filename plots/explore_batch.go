package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"gonum.org/v1/plot/vg/draw"
)

// BatchNoiseOptions configures BatchNoiseExplorer. The zero value gives the lesson's
// defaults: notebook 03's two-parameter least-squares problem.
type BatchNoiseOptions struct {
	// N, Noise and Seed make the data, data.NoisyLinear(N, 1, Noise, Seed): one standard
	// normal feature x and y = w x + b + Noise·ε (defaults 200, 0.5 and 1; Seed 0 means 1).
	N     int
	Noise float64
	Seed  uint64
	// Batches are the slider's batch sizes (default 1, 2, 5, 10, 20, 50, 100, N) and Batch
	// the one shown first (the nearest stop to it; default 10).
	Batches []int
	Batch   int
	// Draws is the number of random mini-batches measured at each batch size (default
	// 2000); panel (a) draws the first 400 of them.
	Draws int
	// LR and Updates are the step size and the number of updates of the SGD runs
	// (defaults 0.2 and 80). Theta0 is the point where the gradients are drawn and the
	// runs start (default θ* + (−2.5, 2), θ* the least-squares solution).
	LR      float64
	Updates int
	Theta0  []float64
}

// BatchNoiseExplorer shows the noise of mini-batch gradients on the least-squares loss
// L(w, b) = 1/N Σ_i ½(w x_i + b − y_i)² (gdlib.LeastSquares on data.NoisyLinear), with a
// slider for the batch size B. With g_i the gradient of example i at θ₀ and g their mean, the
// full gradient, the gradient of a batch of B examples drawn without replacement is unbiased,
// with the covariance
//
//	Cov(g_B) = (N − B)/((N − 1) B) · Σ,   Σ = 1/N Σ_i (g_i − g)(g_i − g)ᵀ,
//
// so its spread σ_B = √E|g_B − g|² = √(tr Σ (N − B)/((N − 1)B)) falls like 1/√B, reaching 0 at
// B = N (the finite-population correction (N − B)/(N − 1) bends it down there). The panels:
//
//	(a) the gradients of Draws random batches (gdlib.MiniBatch, each the first batch of a
//	    fresh epoch, so a uniformly random B-subset; 400 of them drawn) around the full
//	    gradient g, with the 2σ ellipse of their measured covariance and, dashed, that of
//	    Cov(g_B) above;
//	(b) the measured spread σ_B at every slider stop, the theory dashed and σ₁/√B (sampling
//	    with replacement) dotted, on log axes;
//	(c) the path of mini-batch SGD, θ ← θ − η g_B, from θ₀ over the contours of L, with the
//	    path of gradient descent in grey;
//	(d) its loss L(θ_k) − L* on a log axis and, dashed, its expectation, computed exactly.
//	    With e = θ − θ*, a_i = (x_i, 1) and r_i the residual of example i at θ*, the
//	    gradient of example i is a_i(a_iᵀe + r_i), so with H = 1/N Σ_i a_i a_iᵀ and
//	    A = I − ηH the moments m_k = E[e_k] and M_k = E[e_k e_kᵀ] obey
//
//	        m_{k+1} = A m_k,   M_{k+1} = A M_k A + η² (N − B)/((N − 1)B) · C(M_k, m_k),
//	        C(M, m) = 1/N Σ_i (a_iᵀM a_i + 2 r_i a_iᵀm + r_i²) a_i a_iᵀ − H M H,
//
//	    and E[L(θ_k)] − L* = ½ tr(H M_k). It levels off at the noise floor printed, the
//	    recursion's fixed point, or grows without bound: SGD with batches of B is then
//	    unstable in the mean square, even where gradient descent converges.
//
// Every update draws a fresh random batch (the first batch of a new epoch of gdlib.MiniBatch),
// so that successive batches are independent, as the recursion assumes; the reshuffled
// epochs of notebook 03's sgdPath, which visit every example once per epoch, settle lower.
// Errors in the options are kept in the explorer and returned by HTML.
func BatchNoiseExplorer(o BatchNoiseOptions) *Explorer {
	x, err := newBatchExplorer(o)
	if err != nil {
		return &Explorer{Title: "Mini-batch noise explorer", err: err}
	}
	return x.explorer()
}

// batchExplorer holds what the frames of BatchNoiseExplorer share.
type batchExplorer struct {
	o          BatchNoiseOptions
	obj        *gdlib.LeastSquares
	best       []float64
	fstar      float64
	g          [2]float64    // the full gradient at θ₀
	sigma      [2][2]float64 // Σ at θ₀
	hess       [2][2]float64
	a          [][2]float64 // the rows (x_i, 1) of the model's design matrix
	rstar      []float64    // the residuals at θ*
	clouds     map[int][][2]float64
	surface    gdlib.Surface
	window     [4]float64 // of panel (c)
	gwin       [4]float64 // of panel (a)
	lossLo     float64
	lossHi     float64
	cloud, fan *Layer
	path, loss *Layer
}

func newBatchExplorer(o BatchNoiseOptions) (*batchExplorer, error) {
	x := &batchExplorer{o: o}
	x.o.N = orDefault(o.N, 200)
	if x.o.N < 2 {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: N = %d, want at least 2 examples", x.o.N)
	}
	if x.o.Noise == 0 {
		x.o.Noise = 0.5
	}
	if x.o.Seed == 0 {
		x.o.Seed = 1
	}
	ds, _, err := data.NoisyLinear(x.o.N, 1, x.o.Noise, x.o.Seed)
	if err != nil {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: %w", err)
	}
	if x.o.Batches == nil {
		for _, b := range []int{1, 2, 5, 10, 20, 50, 100} {
			if b < x.o.N {
				x.o.Batches = append(x.o.Batches, b)
			}
		}
		x.o.Batches = append(x.o.Batches, x.o.N)
	}
	if len(x.o.Batches) == 0 {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: no slider stops")
	}
	for _, b := range x.o.Batches {
		if b < 1 || b > x.o.N {
			return nil, fmt.Errorf("plots: BatchNoiseExplorer: batch size %d, want 1 ≤ B ≤ N = %d", b, x.o.N)
		}
	}
	if x.o.Batch == 0 {
		x.o.Batch = 10
	}
	x.o.Draws = orDefault(o.Draws, 2000)
	if x.o.LR == 0 {
		x.o.LR = 0.2
	}
	if !(x.o.LR > 0) || math.IsInf(x.o.LR, 0) {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: LR = %g, want a finite η > 0", x.o.LR)
	}
	x.o.Updates = orDefault(o.Updates, 80)
	x.obj, err = gdlib.NewLeastSquares(ds.X, ds.Y, 0)
	if err != nil {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: %w", err)
	}
	if x.best, err = x.obj.Solve(); err != nil {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: %w", err)
	}
	x.fstar = x.obj.Loss(x.best, nil)
	if x.o.Theta0 == nil {
		x.o.Theta0 = []float64{x.best[0] - 2.5, x.best[1] + 2}
	}
	if len(x.o.Theta0) != 2 || !finite(x.o.Theta0[0]) || !finite(x.o.Theta0[1]) {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: Theta0 = %v, want two finite coordinates", x.o.Theta0)
	}
	var g []float64
	g, x.sigma = x.gradientCovariance(x.o.Theta0)
	x.g = [2]float64{g[0], g[1]}
	for i := range x.o.N {
		a := [2]float64{ds.X.At(i, 0), 1}
		x.a = append(x.a, a)
		x.rstar = append(x.rstar, a[0]*x.best[0]+a[1]*x.best[1]-ds.Y[i])
		for r := range 2 {
			for c := range 2 {
				x.hess[r][c] += a[r] * a[c] / float64(x.o.N)
			}
		}
	}
	x.clouds = map[int][][2]float64{}
	for _, b := range x.o.Batches {
		if x.clouds[b], err = x.draw(b, x.o.Draws); err != nil {
			return nil, err
		}
	}
	x.surface = gdlib.Surface{Name: "least squares", Dim: 2,
		F:    func(p []float64) float64 { return x.obj.Loss(p, nil) },
		Grad: func(gr, p []float64) { x.obj.LossGrad(gr, p, nil) },
		FMin: x.fstar}
	w0, b0 := x.best[0], x.best[1]
	x.window = [4]float64{w0 - 3.5, w0 + 1.5, b0 - 1.5, b0 + 3.5}
	x.window = [4]float64{min(x.window[0], x.o.Theta0[0]-0.5), max(x.window[1], x.o.Theta0[0]+0.5),
		min(x.window[2], x.o.Theta0[1]-0.5), max(x.window[3], x.o.Theta0[1]+0.5)}
	rw, rb := 2.2*math.Sqrt(max(x.sigma[0][0], 1e-12)), 2.2*math.Sqrt(max(x.sigma[1][1], 1e-12))
	x.gwin = [4]float64{x.g[0] - rw, x.g[0] + rw, x.g[1] - rb, x.g[1] + 1.3*rb} // room for a line of text
	x.lossHi = 10 * (x.obj.Loss(x.o.Theta0, nil) - x.fstar)
	x.lossLo = x.lossHi * 1e-7
	return x, nil
}

// gradientCovariance returns the full gradient g at θ and Σ = 1/N Σ_i (g_i − g)(g_i − g)ᵀ of
// the per-example gradients g_i (gdlib's ExampleLossGrad).
func (x *batchExplorer) gradientCovariance(theta []float64) ([]float64, [2][2]float64) {
	n := x.o.N
	gs := make([][2]float64, n)
	gi := make([]float64, 2)
	g := make([]float64, 2)
	for i := range n {
		x.obj.ExampleLossGrad(gi, theta, i)
		gs[i] = [2]float64{gi[0], gi[1]}
		g[0] += gi[0] / float64(n)
		g[1] += gi[1] / float64(n)
	}
	var s [2][2]float64
	for _, v := range gs {
		d := [2]float64{v[0] - g[0], v[1] - g[1]}
		for r := range 2 {
			for c := range 2 {
				s[r][c] += d[r] * d[c] / float64(n)
			}
		}
	}
	return g, s
}

// fpc is the factor (N − B)/((N − 1)B) of Cov(g_B) = fpc·Σ.
func (x *batchExplorer) fpc(b int) float64 {
	return float64(x.o.N-b) / float64(x.o.N-1) / float64(b)
}

// draw returns the gradients at θ₀ of n random batches of b examples: the first batch of
// epochs 0 … n−1 of gdlib.MiniBatch, each a uniformly random b-subset.
func (x *batchExplorer) draw(b, n int) ([][2]float64, error) {
	bt, err := gdlib.MiniBatch(x.o.N, b, x.o.Seed+uint64(b)*7919)
	if err != nil {
		return nil, fmt.Errorf("plots: BatchNoiseExplorer: %w", err)
	}
	out := make([][2]float64, n)
	gr := make([]float64, 2)
	for e := range n {
		bt.Epoch(e)
		batch, _ := bt.Next()
		x.obj.LossGrad(gr, x.o.Theta0, batch)
		out[e] = [2]float64{gr[0], gr[1]}
	}
	return out, nil
}

// spread is the measured √(mean |g_B − g|²) of a cloud and its covariance about g.
func (x *batchExplorer) spread(cloud [][2]float64) (float64, [2][2]float64) {
	var cov [2][2]float64
	for _, v := range cloud {
		d := [2]float64{v[0] - x.g[0], v[1] - x.g[1]}
		for r := range 2 {
			for c := range 2 {
				cov[r][c] += d[r] * d[c] / float64(len(cloud))
			}
		}
	}
	return math.Sqrt(cov[0][0] + cov[1][1]), cov
}

// theorySpread is √(tr Σ (N − B)/((N − 1)B)).
func (x *batchExplorer) theorySpread(b int) float64 {
	return math.Sqrt((x.sigma[0][0] + x.sigma[1][1]) * x.fpc(b))
}

// sym2 is a symmetric 2×2 matrix.
type sym2 = [2][2]float64

// moments is one step of the exact recursion of E[e] and E[eeᵀ], e = θ − θ*, for SGD with
// batches of b examples (see BatchNoiseExplorer): it returns A m and
// A M A + η²(N − B)/((N − 1)B)·C(M, m).
func (x *batchExplorer) moments(b int, m [2]float64, M sym2) ([2]float64, sym2) {
	eta, c := x.o.LR, x.fpc(b)
	h := x.hess
	var cov sym2
	for i, a := range x.a {
		aMa := a[0]*a[0]*M[0][0] + 2*a[0]*a[1]*M[0][1] + a[1]*a[1]*M[1][1]
		am := a[0]*m[0] + a[1]*m[1]
		r := x.rstar[i]
		w := (aMa + 2*r*am + r*r) / float64(len(x.a))
		for j := range 2 {
			for k := range 2 {
				cov[j][k] += w * a[j] * a[k]
			}
		}
	}
	hmh := mul2(mul2(h, M), h)
	var am sym2 // A = I − ηH
	for j := range 2 {
		for k := range 2 {
			am[j][k] = -eta * h[j][k]
			cov[j][k] -= hmh[j][k]
		}
		am[j][j]++
	}
	next := mul2(mul2(am, M), am)
	for j := range 2 {
		for k := range 2 {
			next[j][k] += eta * eta * c * cov[j][k]
		}
	}
	return [2]float64{am[0][0]*m[0] + am[0][1]*m[1], am[1][0]*m[0] + am[1][1]*m[1]}, next
}

func mul2(p, q sym2) sym2 {
	var r sym2
	for i := range 2 {
		for j := range 2 {
			r[i][j] = p[i][0]*q[0][j] + p[i][1]*q[1][j]
		}
	}
	return r
}

// excess is ½ tr(H M), the expected L − L* for E[eeᵀ] = M.
func (x *batchExplorer) excess(M sym2) float64 {
	h := x.hess
	return 0.5 * (h[0][0]*M[0][0] + h[0][1]*M[1][0] + h[1][0]*M[0][1] + h[1][1]*M[1][1])
}

// expected is E[L(θ_k)] − L* for k = 0 … Updates, from θ₀.
func (x *batchExplorer) expected(b int) []float64 {
	m := [2]float64{x.o.Theta0[0] - x.best[0], x.o.Theta0[1] - x.best[1]}
	M := sym2{{m[0] * m[0], m[0] * m[1]}, {m[1] * m[0], m[1] * m[1]}}
	out := []float64{x.excess(M)}
	for range x.o.Updates {
		m, M = x.moments(b, m, M)
		out = append(out, x.excess(M))
	}
	return out
}

// noiseFloor is the limit of the expected excess loss as k grows (the fixed point of the
// recursion, from the minimum); +Inf if the recursion diverges: SGD is then unstable in
// the mean square, even where gradient descent converges.
func (x *batchExplorer) noiseFloor(b int) float64 {
	var m [2]float64
	var M sym2
	prev := -1.0
	for it := range 1 << 20 {
		m, M = x.moments(b, m, M)
		f := x.excess(M)
		if !(f < 1e300) {
			return math.Inf(1)
		}
		if it > 10 && math.Abs(f-prev) <= 1e-13*f {
			return f
		}
		prev = f
	}
	return math.Inf(1)
}

// sgd runs mini-batch SGD with batches of b examples from θ₀: Updates steps, each on a
// fresh random batch (the first batch of a new epoch of gdlib.MiniBatch), with gdlib's
// SGD. It returns the iterates and their full losses, cut where the loss blows up (above
// 10⁶·max(L(θ₀), 1), or not finite).
func (x *batchExplorer) sgd(b int, seed uint64) (gdlib.Trace, error) {
	bt, err := gdlib.MiniBatch(x.o.N, b, seed)
	if err != nil {
		return gdlib.Trace{}, err
	}
	opt, err := gdlib.NewSGD(2, gdlib.SGDConfig{LR: x.o.LR})
	if err != nil {
		return gdlib.Trace{}, err
	}
	th := slices.Clone(x.o.Theta0)
	gr := make([]float64, 2)
	f0 := x.obj.Loss(th, nil)
	limit := blowUp * max(f0, 1)
	tr := gdlib.Trace{X: [][]float64{slices.Clone(th)}, F: []float64{f0}}
	for k := range x.o.Updates {
		bt.Epoch(k)
		batch, _ := bt.Next()
		x.obj.LossGrad(gr, th, batch)
		if err := opt.Step(th, gr); err != nil {
			return tr, err
		}
		f := x.obj.Loss(th, nil)
		if !(f <= limit) {
			tr.Diverged, tr.DivergedAt = true, k+1
			return tr, nil
		}
		tr.X, tr.F = append(tr.X, slices.Clone(th)), append(tr.F, f)
	}
	return tr, nil
}

func (x *batchExplorer) explorer() *Explorer {
	title := fmt.Sprintf("Mini-batch gradients: least squares on N = %d examples", x.o.N)
	g := NewGrid(title, 2, x.cloudPanel(), x.spreadPanel(), x.pathPanel(), x.lossPanel())
	g.Height *= 1.12
	vals := make([]float64, len(x.o.Batches))
	for i, b := range x.o.Batches {
		vals[i] = float64(b)
	}
	return NewExplorer(title, g, x.frame,
		Param{Name: "batch size B", Values: vals, Default: nearest(vals, float64(x.o.Batch)), Format: "%g", Play: true})
}

// ellipse is the curve m + k·L(cos t, sin t), L Lᵀ = cov (Cholesky), or nil if cov is singular.
func ellipse(m [2]float64, cov [2][2]float64, k float64) [][2]float64 {
	l11 := math.Sqrt(cov[0][0])
	if !(l11 > 0) {
		return nil
	}
	l21 := cov[1][0] / l11
	d := cov[1][1] - l21*l21
	if !(d > 1e-12*cov[1][1]) {
		return nil
	}
	l22 := math.Sqrt(d)
	xy := make([][2]float64, 121)
	for i := range xy {
		t := 2 * math.Pi * float64(i) / 120
		c, s := math.Cos(t), math.Sin(t)
		xy[i] = [2]float64{m[0] + k*l11*c, m[1] + k*(l21*c+l22*s)}
	}
	return xy
}

// shownDots is the number of batch gradients drawn in panel (a); all Draws are measured.
const shownDots = 400

func (x *batchExplorer) frame(f *Frame) error {
	b := int(f.Values[0])
	col := Color(0)

	// (a) the cloud, its measured and its theoretical 2σ ellipses.
	cloud := x.clouds[b]
	meas, cov := x.spread(cloud)
	theory := x.theorySpread(b)
	var th sym2
	for r := range 2 {
		for c := range 2 {
			th[r][c] = x.fpc(b) * x.sigma[r][c]
		}
	}
	f.Add(x.cloud, &dotCloud{xy: cloud[:min(shownDots, len(cloud))], r: 1.8, col: tint(col, 0.35)})
	if e := ellipse(x.g, cov, 2); e != nil {
		f.Add(x.cloud, &polyline{xy: e, style: line(col, Theme.Line*0.8)})
	}
	if e := ellipse(x.g, th, 2); e != nil {
		f.Add(x.cloud, &polyline{xy: e, style: dashed(Theme.Ink, Theme.Line*0.7)})
	}
	f.Add(x.cloud, &marks{xy: [][2]float64{x.g}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph}})
	f.Add(x.cloud, TextBox{Text: fmt.Sprintf("B = %d: %d of %d batches", b, min(shownDots, len(cloud)), len(cloud)), X: 0, Y: 1, Colors: []color.Color{col}})

	// (b) the current B on the spread curve.
	if meas < 1e-9*x.theorySpread(1) {
		meas = 0
	}
	if meas > 0 {
		f.Add(x.fan, &marks{xy: [][2]float64{{float64(b), meas}}, glyph: draw.GlyphStyle{Color: col, Radius: Theme.Marker + 2, Shape: disc}})
	}
	f.Add(x.fan, TextBox{Text: fmt.Sprintf("B = %d\nmeasured σ_B = %.3g\n- - theory σ_B = %.3g", b, meas, theory),
		X: 1, Y: 1, Colors: []color.Color{col, col, Theme.Ink}})

	// (c) the SGD path, (d) its loss and its expectation.
	tr, err := x.sgd(b, x.o.Seed)
	if err != nil {
		return err
	}
	f.Add(x.path, &polyline{xy: xyOf(tr.X), style: line(col, Theme.Line*0.8), dots: Theme.Marker * 0.5, mark: endMark(col, tr.Diverged)},
		TextBox{Text: fmt.Sprintf("%d updates: %d examples", x.o.Updates, x.o.Updates*b), X: 1, Y: 1, Colors: []color.Color{col}})
	lossLine := &polyline{xy: gapXY(tr.F, x.fstar, x.lossLo), style: line(col, Theme.Line*0.8)}
	if tr.Diverged {
		lossLine.mark = endMark(col, true)
	}
	exp := zip(steps(x.o.Updates+1), floored(x.expected(b), x.lossLo))
	f.Add(x.loss, lossLine, &polyline{xy: exp, style: dashed(Theme.Ink, Theme.Line*0.7)})
	var tail float64
	half := len(tr.F) / 2
	for _, v := range tr.F[half:] {
		tail += (v - x.fstar) / float64(len(tr.F)-half)
	}
	status := fmt.Sprintf("mean, last %d: %s", len(tr.F)-half, sci(tail))
	if tr.Diverged {
		status = fmt.Sprintf("diverged at step %d", tr.DivergedAt)
	}
	floor := x.noiseFloor(b)
	second := "- - expected → " + sci(floor)
	if !finite(floor) {
		second = "- - expected: grows"
	}
	f.Add(x.loss, TextBox{Text: status + "\n" + second, X: 1, Y: 1, Colors: []color.Color{col, Theme.Ink}})
	return nil
}

// cloudPanel is (a): the gradient plane around the full gradient g, at equal scales.
func (x *batchExplorer) cloudPanel() *Plot {
	p := NewPlot("(a) batch gradients at θ₀", "∂L/∂w", "∂L/∂b")
	w := x.gwin
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	p.Add(gridLines())
	x.cloud = NewLayer()
	p.Add(x.cloud)
	p.Add(&marks{xy: [][2]float64{x.g}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{n: 3}, niceTicks{n: 3}
	return p
}

// spreadPanel is (b): σ_B against B, measured at every stop, the theory and σ₁/√B.
func (x *batchExplorer) spreadPanel() *Plot {
	p := NewPlot("(b) σ_B = rms |g_B − g|", "batch size B", "") // log axis: the quantity in the title (explore_kit.go)
	n := x.o.N
	s1 := x.theorySpread(1)
	p.X.Min, p.X.Max = 0.8, float64(n)*1.25
	p.Y.Min, p.Y.Max = s1/math.Sqrt(float64(n))/6, s1*40
	LogAxis(&p.X)
	LogAxis(&p.Y)
	p.Add(gridLines())
	var th, wr [][2]float64
	for i := 0; i <= 300; i++ {
		b := math.Pow(float64(n), float64(i)/300)
		th = append(th, [2]float64{b, math.Sqrt((x.sigma[0][0] + x.sigma[1][1]) * (float64(n) - b) / float64(n-1) / b)})
		wr = append(wr, [2]float64{b, s1 / math.Sqrt(b)})
	}
	th[len(th)-1][1] = p.Y.Min / 1e3 // 0 at B = N: off the bottom of the log axis
	p.Add(&polyline{xy: wr, style: dotted(Theme.Ink, Theme.Thin*2)})
	p.Add(&polyline{xy: th, style: dashed(Theme.Ink, Theme.Line*0.7)})
	var pts [][2]float64
	for _, b := range x.o.Batches {
		if s, _ := x.spread(x.clouds[b]); s > 1e-9*s1 {
			pts = append(pts, [2]float64{float64(b), s})
		}
	}
	p.Add(&marks{xy: pts, glyph: draw.GlyphStyle{Color: Color(0), Radius: Theme.Marker, Shape: ring}})
	p.Add(&keyRow{y: p.Y.Min * 2.2, items: []keyItem{
		{label: "theory  ", styles: []draw.LineStyle{dashed(Theme.Ink, Theme.Line*0.7)}},
		{label: "σ₁/√B", styles: []draw.LineStyle{dotted(Theme.Ink, Theme.Thin*2)}},
	}})
	x.fan = NewLayer()
	p.Add(x.fan)
	return p
}

// pathPanel is (c): the contours of L, its minimum, θ₀ and the path of gradient descent.
func (x *batchExplorer) pathPanel() *Plot {
	p := NewPlot("(c) SGD path", "w (slope)", "b (intercept)")
	w := x.window
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w[0], w[1], w[2], w[3]
	p.window = &w
	p.Add(&landscape{f: x.surface.F, fmin: x.fstar, n: 60, levels: 10, spacing: LogSpacing})
	if gd, err := x.sgd(x.o.N, x.o.Seed); err == nil {
		p.Add(&polyline{xy: xyOf(gd.X), style: line(Theme.Contour, Theme.Line*0.8)})
	}
	p.Add(&marks{xy: [][2]float64{{x.best[0], x.best[1]}}, glyph: draw.GlyphStyle{Color: Theme.Ink, Radius: Theme.Marker + 4, Shape: starGlyph}})
	p.Add(&marks{xy: [][2]float64{{x.o.Theta0[0], x.o.Theta0[1]}}, glyph: draw.GlyphStyle{Color: Color(0), Radius: Theme.Marker + 1.5, Shape: ring}})
	x.path = NewLayer()
	p.Add(x.path)
	return p
}

// lossPanel is (d): L − L* on a log axis, with gradient descent's in grey.
func (x *batchExplorer) lossPanel() *Plot {
	p := NewPlot("(d) loss L(θ_k) − L*", "update k", "") // log axis: the quantity in the title (explore_kit.go)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(x.o.Updates), x.lossLo, x.lossHi
	LogAxis(&p.Y)
	p.Add(gridLines())
	if gd, err := x.sgd(x.o.N, x.o.Seed); err == nil {
		xy := gapXY(gd.F, x.fstar, x.lossLo)
		for i, v := range xy {
			if v[1] <= x.lossLo { // cut, not floored: the floor is where the noisy runs settle
				xy = xy[:i+1]
				break
			}
		}
		p.Add(&polyline{xy: xy, style: line(Theme.Contour, Theme.Line*0.8)})
	}
	p.Add(TextBox{Text: "grey: gradient descent", X: 1, Y: 0, Colors: []color.Color{Theme.Contour}})
	x.loss = NewLayer()
	p.Add(x.loss)
	return p
}
