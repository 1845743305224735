package lesson

import (
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// GuideEscape returns the number of steps until f = x² − y² falls below −1 (the iterate has
// left the saddle at the origin along y), started at (1, δ), or +Inf if it has not within max
// steps. Near the saddle GD multiplies y by (1 + 2η) per step.
func GuideEscape(opt gdlib.Optimizer, delta float64, max int) float64 {
	s := gdlib.Saddle()
	x, g := []float64{1, delta}, make([]float64, 2)
	for k := 0; k < max; k++ {
		if s.F(x) < -1 {
			return float64(k)
		}
		s.Grad(g, x)
		opt.Step(x, g)
		if math.IsNaN(x[0]+x[1]) || math.IsInf(x[0]+x[1], 0) {
			return math.Inf(1)
		}
	}
	return math.Inf(1)
}

// GuideSaddle is the saddle row: from (1, δ) with δ = 10^(−8+2u), u uniform in [0, 1) per
// seed, GD, heavy ball, Adam, AdaGrad and RMSProp, each tuned, race to f < −1 (at most 3000
// steps).
func GuideSaddle(grid, seeds int) GuideRow {
	rng := map[string][2]float64{"GD": {0.01, 0.9}, "heavy ball": {0.01, 1.8},
		"Adam": {0.001, 0.3}, "AdaGrad": {0.001, 0.3}, "RMSProp": {0.001, 0.3}}
	var cs []guideContender
	for _, n := range []string{"GD", "heavy ball", "Adam", "AdaGrad", "RMSProp"} {
		cs = append(cs, guideContender{name: n, lo: rng[n][0], hi: rng[n][1], run: func(eta float64, seed uint64) float64 {
			delta := math.Pow(10, -8+2*rand.New(rand.NewPCG(seed, 9)).Float64())
			return GuideEscape(guideOpt(n, 2, eta), delta, 3000)
		}})
	}
	return guideTune("saddle x²−y², start (1, δ≤1e-6)", "steps to f < −1", "01/04/05", cs, grid, seeds)
}

// GuideNoisy is the noisy-gradient row: f = ½ Σ λ_i x_i² on d = 10 coordinates with λ evenly
// spaced in [0.1, 1], x0 = (1, …, 1), gradients ∇f + σξ with ξ ~ N(0, I), σ = 1, 1000 steps;
// the score is the final f. Contenders: a constant η; the decaying η_t = η0/(1 + η0·λmin·t),
// which falls as 1/t (Σ η_t = ∞, Σ η_t² < ∞: the Robbins–Monro conditions); heavy ball with
// μ = 0.9 and a constant η.
func GuideNoisy(grid, seeds int) GuideRow {
	const d, T, lmin = 10, 1000, 0.1
	run := func(kind string) func(eta float64, seed uint64) float64 {
		return func(eta float64, seed uint64) float64 {
			r := rand.New(rand.NewPCG(seed, 10))
			name := "GD"
			if kind == "heavy ball" {
				name = kind
			}
			opt := guideOpt(name, d, eta)
			x, g := make([]float64, d), make([]float64, d)
			floats.AddConst(1, x)
			for t := 0; t < T; t++ {
				if kind == "1/t" {
					opt.SetLR(eta / (1 + eta*lmin*float64(t)))
				}
				for i := range g {
					g[i] = guideLambda(i, d)*x[i] + r.NormFloat64()
				}
				opt.Step(x, g)
			}
			f := 0.0
			for i := range x {
				f += 0.5 * guideLambda(i, d) * x[i] * x[i]
			}
			if math.IsNaN(f) {
				return math.Inf(1)
			}
			return f
		}
	}
	cs := []guideContender{{"constant η", 1e-3, 1, run("constant")},
		{"η0/(1+η0·λmin·t)", 0.003, 3, run("1/t")}, {"heavy ball", 1e-4, 0.3, run("heavy ball")}}
	return guideTune("noisy gradients (σ=1), quadratic d=10", "final f after 1000 steps", "03/04", cs, grid, seeds)
}

// guideLambda is the i-th of d curvatures evenly spaced from 0.1 to 1.
func guideLambda(i, d int) float64 { return 0.1 + 0.9*float64(i)/float64(d-1) }

// GuideSparse is the sparse-feature row: least squares on data.SparseFeatures (1000
// examples, 5 dense features, 20 rare ones present with probability 2%, noise 0.1; a new data
// set per seed), mini-batches of 20 drawn with replacement, 500 steps, SGD against AdaGrad;
// the score is the final full-data loss.
func GuideSparse(grid, seeds int) GuideRow {
	run := func(name string) func(eta float64, seed uint64) float64 {
		return func(eta float64, seed uint64) float64 {
			ds, _, _ := data.SparseFeatures(1000, 5, 20, 0.02, 0.1, seed)
			obj := gdlib.Must(gdlib.NewLeastSquares(ds.X, ds.Y, 0))
			w, g := make([]float64, obj.Dim()), make([]float64, obj.Dim())
			opt, r, batch := guideOpt(name, obj.Dim(), eta), rand.New(rand.NewPCG(seed, 11)), make([]int, 20)
			for t := 0; t < 500; t++ {
				for i := range batch {
					batch[i] = r.IntN(obj.N())
				}
				obj.LossGrad(g, w, batch)
				opt.Step(w, g)
			}
			if f := obj.Loss(w, nil); !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
			return math.Inf(1)
		}
	}
	cs := []guideContender{{"SGD", 1e-3, 1, run("GD")}, {"AdaGrad", 1e-2, 10, run("AdaGrad")}}
	return guideTune("sparse features (20 rare of 25)", "final loss after 500 steps", "05", cs, grid, seeds)
}

// GuideInitRatio builds a ReLU network 100 → 100 (×depth hidden layers) → 10 with the given
// initialisation and seed, runs one batch of 64 standard-normal inputs with random labels, and
// returns |∂L/∂b_1| / |∂L/∂b_depth|: the gradient reaching the first hidden layer over the one
// at the last hidden layer. Each layer back multiplies the backward signal by about
// σ_w·√(n/2) (n = 100 units, half of them active), so the ratio is near 1 only for He's
// σ_w² = 2/n.
func GuideInitRatio(init nn.Init, depth int, seed uint64) float64 {
	sizes := []int{100}
	for range depth {
		sizes = append(sizes, 100)
	}
	net := gdlib.Must(nn.New(nn.Config{Sizes: append(sizes, 10), Activation: nn.ReLU, Init: init, Loss: nn.SoftmaxCrossEntropy, Seed: seed}))
	r := rand.New(rand.NewPCG(seed, 12))
	X, labels := mat.NewDense(64, 100, nil), make([]int, 64)
	for i := range 64 {
		labels[i] = r.IntN(10)
		for j := range 100 {
			X.Set(i, j, r.NormFloat64())
		}
	}
	obj := gdlib.Must(nn.NewObjective(net, X, labels))
	g := make([]float64, obj.Dim())
	obj.LossGrad(g, net.Params(), nil)
	return floats.Norm(net.Layer(g, 0).B, 2) / floats.Norm(net.Layer(g, depth-1).B, 2)
}

// GuideInit is the initialisation row (not tuned: grid 1): depth 10, naive N(0, 0.01²) against
// Xavier and He; the score is how far the gradient ratio is from 1, max(r, 1/r).
func GuideInit(seeds int) GuideRow {
	run := func(init nn.Init) func(float64, uint64) float64 {
		return func(_ float64, seed uint64) float64 {
			r := GuideInitRatio(init, 10, seed)
			if !(r > 0) || math.IsInf(r, 0) {
				return math.Inf(1)
			}
			return math.Max(r, 1/r)
		}
	}
	cs := []guideContender{{"N(0,0.01²)", 1, 1, run(nn.Normal(0.01))}, {"Xavier", 1, 1, run(nn.XavierNormal)}, {"He", 1, 1, run(nn.He)}}
	r := guideTune("ReLU net, 10 hidden layers, at init", "max(r,1/r), r = |g first|/|g last|", "07", cs, 1, seeds)
	r.Eta = make([]float64, len(cs))
	return r
}

// GuideSchedules is the schedule row: softmax regression on the first 1500 MNIST training
// digits, 1000 to train on and 500 held out for validation (a split drawn per seed), mini-batches
// of 50 drawn with replacement, 60 steps (3 epochs' worth); η tuned for each schedule: constant; step (η for the first
// two thirds of the steps, η/10 after); cosine, η_t = η·½(1 + cos(πt/T)). The score is the
// validation loss at the end: the test digits are never looked at.
func GuideSchedules(grid, seeds int) GuideRow {
	full, _, err := data.MNISTSubset(1500, 0)
	if err != nil {
		return GuideRow{Problem: "MNIST not available: " + err.Error()}
	}
	const T = 60
	run := func(kind string) func(eta float64, seed uint64) float64 {
		return func(eta float64, seed uint64) float64 {
			train, val, _ := full.Split(2.0/3, seed)
			obj := gdlib.Must(gdlib.NewSoftmax(train.X, train.Labels, 10, 0))
			vobj := gdlib.Must(gdlib.NewSoftmax(val.X, val.Labels, 10, 0))
			w, g := make([]float64, obj.Dim()), make([]float64, obj.Dim())
			opt := guideOpt("GD", obj.Dim(), eta)
			r, batch := rand.New(rand.NewPCG(seed, 13)), make([]int, 50)
			for t := 0; t < T; t++ {
				opt.SetLR(guideSchedule(kind, eta, t, T))
				for i := range batch {
					batch[i] = r.IntN(obj.N())
				}
				obj.LossGrad(g, w, batch)
				opt.Step(w, g)
			}
			if f := vobj.Loss(w, nil); !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
			return math.Inf(1)
		}
	}
	cs := []guideContender{{"constant", 0.01, 3, run("constant")}, {"step", 0.01, 3, run("step")}, {"cosine", 0.01, 3, run("cosine")}}
	return guideTune("MNIST softmax regression, 1000 digits", "validation loss after 3 epochs", "02", cs, grid, seeds)
}

// guideSchedule is the learning rate at step t of T: "constant" η; "step" η for t < 2T/3,
// then η/10; "cosine" η·½(1 + cos(πt/T)).
func guideSchedule(kind string, eta float64, t, T int) float64 {
	switch kind {
	case "step":
		if 3*t >= 2*T {
			return eta / 10
		}
	case "cosine":
		return eta * 0.5 * (1 + math.Cos(math.Pi*float64(t)/float64(T)))
	}
	return eta
}
