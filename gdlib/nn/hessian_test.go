package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	hd "gonum.org/v1/gonum/num/hyperdual"
)

// refLoss is a second, independent implementation of the loss of a one-hidden-layer network
// (sizes n0, n1, n2; tanh or sigmoid; optional batch norm with batch statistics), written
// example by example in hyperdual numbers. With θ + ε₁v + ε₂w as input, the E1E2 part of
// the result is vᵀ∇²L w exactly (up to rounding), and the E1 part is ∇Lᵀv.
func refLoss(p []hd.Number, cfg Config, X *mat.Dense, labels []int, T *mat.Dense, batch []int) hd.Number {
	n0, n1, n2 := cfg.Sizes[0], cfg.Sizes[1], cfg.Sizes[2]
	B := len(batch)
	W0 := func(k, j int) hd.Number { return p[k*n1+j] }
	off := n0 * n1
	var b0, gamma, beta []hd.Number
	if cfg.BatchNorm {
		gamma, beta = p[off:off+n1], p[off+n1:off+2*n1]
		off += 2 * n1
	} else {
		b0 = p[off : off+n1]
		off += n1
	}
	W1 := func(j, c int) hd.Number { return p[off+j*n2+c] }
	b1 := p[off+n1*n2 : off+n1*n2+n2]

	z := make([][]hd.Number, B)
	for i, e := range batch {
		z[i] = make([]hd.Number, n1)
		for j := 0; j < n1; j++ {
			for k := 0; k < n0; k++ {
				z[i][j] = hd.Add(z[i][j], hd.Scale(X.At(e, k), W0(k, j)))
			}
			if !cfg.BatchNorm {
				z[i][j] = hd.Add(z[i][j], b0[j])
			}
		}
	}
	if cfg.BatchNorm {
		for j := 0; j < n1; j++ {
			var mu, v hd.Number
			for i := range z {
				mu = hd.Add(mu, z[i][j])
			}
			mu = hd.Scale(1/float64(B), mu)
			for i := range z {
				d := hd.Sub(z[i][j], mu)
				v = hd.Add(v, hd.Mul(d, d))
			}
			v = hd.Scale(1/float64(B), v)
			istd := hd.Inv(hd.Sqrt(hd.Add(v, hd.Number{Real: BatchNormEps})))
			for i := range z {
				z[i][j] = hd.Add(hd.Mul(gamma[j], hd.Mul(hd.Sub(z[i][j], mu), istd)), beta[j])
			}
		}
	}
	var loss hd.Number
	for i, e := range batch {
		out := make([]hd.Number, n2)
		for c := 0; c < n2; c++ {
			out[c] = b1[c]
			for j := 0; j < n1; j++ {
				var a hd.Number
				switch {
				case cfg.Activation == Tanh:
					a = hd.Tanh(z[i][j])
				case cfg.Activation == ReLU:
					if z[i][j].Real > 0 {
						a = z[i][j]
					}
				default: // sigmoid
					a = hd.Inv(hd.Add(hd.Number{Real: 1}, hd.Exp(hd.Scale(-1, z[i][j]))))
				}
				out[c] = hd.Add(out[c], hd.Mul(a, W1(j, c)))
			}
		}
		if cfg.Loss == SoftmaxCrossEntropy {
			var s hd.Number
			for _, o := range out {
				s = hd.Add(s, hd.Exp(o))
			}
			loss = hd.Add(loss, hd.Sub(hd.Log(s), out[labels[e]]))
		} else {
			for c, o := range out {
				r := hd.Sub(o, hd.Number{Real: T.At(e, c)})
				loss = hd.Add(loss, hd.Scale(0.5, hd.Mul(r, r)))
			}
		}
	}
	return hd.Scale(1/float64(B), loss)
}

// refHessVec is the exact Hv from refLoss, one entry per hyperdual evaluation.
func refHessVec(theta, v []float64, cfg Config, X *mat.Dense, labels []int, T *mat.Dense, batch []int) []float64 {
	hv := make([]float64, len(theta))
	p := make([]hd.Number, len(theta))
	for k := range hv {
		for i := range p {
			p[i] = hd.Number{Real: theta[i], E1mag: v[i]}
		}
		p[k].E2mag = 1
		hv[k] = refLoss(p, cfg, X, labels, T, batch).E1E2mag
	}
	return hv
}

var hvConfigs = []Config{
	{Sizes: []int{3, 4, 2}, Activation: Tanh, Init: XavierNormal, Loss: SoftmaxCrossEntropy, Seed: 1},
	{Sizes: []int{3, 4, 2}, Activation: Sigmoid, Init: He, Loss: MSE, Seed: 2},
	{Sizes: []int{3, 5, 3}, Activation: Tanh, Init: XavierUniform, BatchNorm: true, Loss: SoftmaxCrossEntropy, Seed: 3},
	{Sizes: []int{3, 4, 2}, Activation: Sigmoid, Init: He, BatchNorm: true, Loss: MSE, Seed: 4},
	{Sizes: []int{3, 6, 3}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 5},
	{Sizes: []int{3, 6, 2}, Activation: ReLU, Init: He, BatchNorm: true, Loss: MSE, Seed: 6},
}

// hvSetup returns an objective at a generic point (biases, γ, β moved off 0 and 1).
func hvSetup(t *testing.T, cfg Config) (*Objective, []float64, *mat.Dense, []int, *mat.Dense) {
	X, labels, T := randData(12, cfg.Sizes[0], cfg.Sizes[len(cfg.Sizes)-1], cfg.Seed)
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 9))
	for i := range net.Params() {
		net.Params()[i] += 0.3 * rng.NormFloat64()
	}
	return newObjective(t, net, X, labels, T), append([]float64(nil), net.Params()...), X, labels, T
}

// TestHessVecExact compares HessVec (central differences of backprop gradients) with exact
// Hessian-vector products from hyperdual numbers through refLoss, and checks the loss value
// and the directional derivative ∇Lᵀv of the two implementations against each other.
func TestHessVecExact(t *testing.T) {
	batch := []int{0, 2, 3, 5, 7, 8, 11}
	worst := 0.0
	for _, cfg := range hvConfigs {
		o, theta, X, labels, T := hvSetup(t, cfg)
		rng := rand.New(rand.NewPCG(cfg.Seed, 10))
		v := make([]float64, len(theta))
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		p := make([]hd.Number, len(theta))
		for i := range p {
			p[i] = hd.Number{Real: theta[i], E1mag: v[i]}
		}
		ref := refLoss(p, cfg, X, labels, T, batch)
		g := make([]float64, len(theta))
		loss := o.LossGrad(g, theta, batch)
		if math.Abs(loss-ref.Real) > 1e-13*math.Abs(ref.Real) || math.Abs(floats.Dot(g, v)-ref.E1mag) > 1e-12*floats.Norm(g, 2)*floats.Norm(v, 2) {
			t.Errorf("%v/%v/bn=%v: loss %v vs %v, gᵀv %v vs %v", cfg.Activation, cfg.Loss, cfg.BatchNorm, loss, ref.Real, floats.Dot(g, v), ref.E1mag)
		}

		exact := refHessVec(theta, v, cfg, X, labels, T, batch)
		hv := make([]float64, len(theta))
		o.HessVec(hv, theta, v, batch)
		e := relErr(hv, exact)
		worst = max(worst, e)
		if !(e < 1e-6) {
			t.Errorf("%v/%v/bn=%v: HessVec relative error %.3g", cfg.Activation, cfg.Loss, cfg.BatchNorm, e)
		}
		if !floats.Equal(o.Net().Params(), theta) {
			t.Error("HessVec did not restore the parameters")
		}
		// HessVec with the network's own parameter vector as params.
		o.HessVec(hv, o.Net().Params(), v, batch)
		if relErr(hv, exact) > 1e-6 || !floats.Equal(o.Net().Params(), theta) {
			t.Error("HessVec on net.Params() itself went wrong")
		}

		// gᵀg and gᵀHg: exact gᵀHg is one hyperdual evaluation with ε₁ and ε₂ both along g.
		gHg, gg := o.CurvatureAlongGradient(theta, batch)
		for i := range p {
			p[i] = hd.Number{Real: theta[i], E1mag: g[i], E2mag: g[i]}
		}
		exactGHG := refLoss(p, cfg, X, labels, T, batch).E1E2mag
		if math.Abs(gg-floats.Dot(g, g)) > 1e-15*gg || math.Abs(gHg-exactGHG) > 1e-6*math.Abs(exactGHG) {
			t.Errorf("%v/%v/bn=%v: gᵀg %v (want %v), gᵀHg %v (want %v)", cfg.Activation, cfg.Loss, cfg.BatchNorm, gg, floats.Dot(g, g), gHg, exactGHG)
		}
	}
	t.Logf("max relative error of HessVec against exact (hyperdual) Hv: %.2g", worst)
}

// TestHessVecReLUKink puts a ReLU kink within reach of the difference step: the pre-activation
// of hidden unit 1 on one example is 1e-8. The plain quotient at δ = 1e-6 then measures the
// jump of the gradient; HessVec sees the sign change and retries with smaller steps.
func TestHessVecReLUKink(t *testing.T) {
	cfg := Config{Sizes: []int{3, 4, 2}, Activation: ReLU, Init: He, Loss: SoftmaxCrossEntropy, Seed: 6}
	batch := []int{0, 1, 2, 3, 4, 5}
	o, theta, X, labels, T := hvSetup(t, cfg)
	// Set b_0[1] so that y = x_0 W_0[:,1] + b_0[1] = 1e-8 for example 0.
	var y float64
	for k := 0; k < 3; k++ {
		y += X.At(0, k) * theta[k*4+1]
	}
	theta[12+1] = 1e-8 - y
	v := make([]float64, len(theta))
	for i := range v {
		v[i] = math.Cos(float64(7 * i))
	}
	exact := refHessVec(theta, v, cfg, X, labels, T, batch)
	eps := 1e-6 * (1 + floats.Norm(theta, 2)) / floats.Norm(v, 2)
	gp, gm := make([]float64, len(theta)), make([]float64, len(theta))
	o.LossGrad(gp, floats.AddScaledTo(make([]float64, len(theta)), theta, eps, v), batch)
	o.LossGrad(gm, floats.AddScaledTo(make([]float64, len(theta)), theta, -eps, v), batch)
	naive := make([]float64, len(theta))
	floats.SubTo(naive, gp, gm)
	floats.Scale(1/(2*eps), naive)
	hv := make([]float64, len(theta))
	o.HessVec(hv, theta, v, batch)
	e, en := relErr(hv, exact), relErr(naive, exact)
	if !(e < 1e-5) || en < 1e-2 {
		t.Errorf("relative error %.2g with the retry, %.2g without", e, en)
	}
	t.Logf("ReLU kink at 1e-8: relative error %.2g with the retry, %.2g without", e, en)
}

// TestHessVecStep logs the error of the difference quotient over a range of steps δ: the
// O(δ²) truncation error on the right, the O(u/δ) rounding error on the left.
func TestHessVecStep(t *testing.T) {
	cfg := hvConfigs[2]
	batch := []int{0, 2, 3, 5, 7, 8, 11}
	o, theta, X, labels, T := hvSetup(t, cfg)
	v := make([]float64, len(theta))
	for i := range v {
		v[i] = math.Sin(float64(i))
	}
	exact := refHessVec(theta, v, cfg, X, labels, T, batch)
	hv := make([]float64, len(theta))
	for _, delta := range []float64{1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9} {
		o.hessVec(hv, theta, v, batch, delta)
		t.Logf("δ = %.0e: relative error %.2g", delta, relErr(hv, exact))
	}
}

// TestHessVecLinearRegression: one identity layer with MSE is linear regression, whose
// Hessian is H = X̃ᵀX̃/N with X̃ = [X 1] (parameters w, then b).
func TestHessVecLinearRegression(t *testing.T) {
	const n, d = 50, 3
	X, _, T := randData(n, d, 1, 8)
	net, _ := New(Config{Sizes: []int{d, 1}, Activation: Identity, Init: XavierNormal, Loss: MSE, Seed: 8})
	o := newObjective(t, net, X, nil, T)
	Xt := mat.NewDense(n, d+1, nil)
	ones := make([]float64, n)
	floats.AddConst(1, ones)
	Xt.Augment(X, mat.NewDense(n, 1, ones))
	var H mat.Dense
	H.Mul(Xt.T(), Xt)
	H.Scale(1/float64(n), &H)
	v := []float64{0.3, -1.2, 2, 0.7}
	var want mat.VecDense
	want.MulVec(&H, mat.NewVecDense(d+1, v))
	hv := make([]float64, d+1)
	o.HessVec(hv, net.Params(), v, nil)
	e := relErr(hv, want.RawVector().Data)
	if !(e < 1e-8) {
		t.Errorf("Hv = %v, want %v (relative error %.2g)", hv, want.RawVector().Data, e)
	}
	t.Logf("linear regression: relative error of HessVec against XᵀX/N·v: %.2g", e)
}

// TestHessianFiniteDifferences compares HessVec with the full Hessian of Loss from
// gonum's fd.Hessian (second differences of loss values only) on a tiny network, and
// checks that this Hessian is the exact one to the accuracy of second differences.
func TestHessianFiniteDifferences(t *testing.T) {
	cfg := hvConfigs[0]
	batch := []int{1, 2, 4, 6, 9, 10}
	o, theta, X, labels, T := hvSetup(t, cfg)
	dim := len(theta)
	H := mat.NewSymDense(dim, nil)
	fd.Hessian(H, func(x []float64) float64 { return o.Loss(x, batch) }, theta, &fd.Settings{Formula: fd.Central, Step: 1e-4})
	hv := make([]float64, dim)
	for k := 0; k < dim; k += 5 {
		e := make([]float64, dim)
		e[k] = 1
		exact := refHessVec(theta, e, cfg, X, labels, T, batch) // column k of H
		o.HessVec(hv, theta, e, batch)
		col := mat.Col(nil, k, H)
		if d := relErr(col, exact); d > 1e-5 {
			t.Errorf("column %d: fd.Hessian vs exact %.2g", k, d)
		}
		if d := relErr(hv, col); d > 1e-5 {
			t.Errorf("column %d: HessVec vs fd.Hessian %.2g", k, d)
		}
	}
	v := make([]float64, dim)
	for i := range v {
		v[i] = math.Cos(float64(3 * i))
	}
	var Hv mat.VecDense
	Hv.MulVec(H, mat.NewVecDense(dim, v))
	o.HessVec(hv, theta, v, batch)
	t.Logf("HessVec vs fd.Hessian·v on a %d-parameter net: relative difference %.2g", dim, relErr(hv, Hv.RawVector().Data))
}
