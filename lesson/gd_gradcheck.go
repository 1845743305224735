package lesson

import (
	"math"
	"math/rand/v2"

	"github.com/descent-course/descent/gdlib"
	"github.com/descent-course/descent/gdlib/data"
)

// LogisticProblem is notebook 01's gradient-check problem: binary logistic regression on n
// points of two Gaussian blobs in d dimensions (data.Blobs with spread 1.5), and a point w
// (entries drawn from N(0, 0.5²)) at which to check the gradient. Both come from seed.
func LogisticProblem(n, d int, seed uint64) (*gdlib.Logistic, []float64) {
	ds := gdlib.Must(data.Blobs(n, 2, d, 1.5, seed))
	obj := gdlib.Must(gdlib.NewLogistic(ds.X, ds.Labels, 0))
	r := rand.New(rand.NewPCG(seed, 7))
	w := make([]float64, obj.Dim())
	for i := range w {
		w[i] = 0.5 * r.NormFloat64()
	}
	return obj, w
}

// CentralGrad is the central-difference gradient of loss at w,
// g_i = (loss(w + h e_i) − loss(w − h e_i)) / 2h, and the number of loss evaluations it
// took (2 per parameter). w is not modified.
func CentralGrad(loss func([]float64) float64, w []float64, h float64) ([]float64, int) {
	g, calls := make([]float64, len(w)), 0
	x := append([]float64(nil), w...)
	for i := range w {
		x[i] = w[i] + h
		fp := loss(x)
		x[i] = w[i] - h
		fm := loss(x)
		x[i] = w[i]
		g[i], calls = (fp-fm)/(2*h), calls+2
	}
	return g, calls
}

// ForwardGrad is the one-sided difference g_i = (loss(w + h e_i) − loss(w)) / h, and the
// number of loss evaluations it took (one per parameter, plus one for loss(w)).
func ForwardGrad(loss func([]float64) float64, w []float64, h float64) ([]float64, int) {
	g := make([]float64, len(w))
	x := append([]float64(nil), w...)
	f0 := loss(w)
	for i := range w {
		x[i] = w[i] + h
		g[i] = (loss(x) - f0) / h
		x[i] = w[i]
	}
	return g, len(w) + 1
}

// RelErr is the relative error of a gradient check, ‖a − b‖ / (‖a‖ + ‖b‖): 0 for equal
// vectors, 1 for opposite ones, and 0 when both are zero.
func RelErr(a, b []float64) float64 {
	var d, na, nb float64
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	if na == 0 && nb == 0 {
		return 0
	}
	return math.Sqrt(d) / (math.Sqrt(na) + math.Sqrt(nb))
}
