package gdlib

import (
	"slices"
	"strings"
	"testing"
)

// epochBatches collects the batches of epoch e (copies).
func epochBatches(b Batcher, e int) [][]int {
	b.Epoch(e)
	var out [][]int
	for {
		batch, ok := b.Next()
		if !ok {
			return out
		}
		out = append(out, slices.Clone(batch))
	}
}

func TestBatcherCoversEachExampleOnce(t *testing.T) {
	for _, n := range []int{1, 7, 100, 101} {
		for _, size := range []int{1, 3, 10, n} {
			if size > n {
				continue
			}
			for _, o := range []BatchOptions{{}, {Shuffle: true, Seed: 5}, {DropLast: true}, {Shuffle: true, Seed: 9, DropLast: true}} {
				b, err := NewBatcher(n, size, o)
				if err != nil {
					t.Fatal(err)
				}
				for e := 0; e < 3; e++ {
					batches := epochBatches(b, e)
					if len(batches) != b.Batches() {
						t.Errorf("n=%d size=%d %+v: %d batches, Batches() = %d", n, size, o, len(batches), b.Batches())
					}
					count := make([]int, n)
					for k, batch := range batches {
						want := size
						if k == len(batches)-1 && !o.DropLast && n%size != 0 {
							want = n % size
						}
						if len(batch) != want {
							t.Errorf("n=%d size=%d %+v: batch %d has %d examples, want %d", n, size, o, k, len(batch), want)
						}
						for _, i := range batch {
							count[i]++
						}
					}
					seen := 0
					for i, c := range count {
						if c > 1 {
							t.Errorf("n=%d size=%d %+v: example %d seen %d times in epoch %d", n, size, o, i, c, e)
						}
						seen += c
					}
					want := n
					if o.DropLast {
						want = n / size * size
					}
					if seen != want {
						t.Errorf("n=%d size=%d %+v: %d examples seen in epoch %d, want %d", n, size, o, seen, e, want)
					}
				}
			}
		}
	}
}

func TestBatcherShuffling(t *testing.T) {
	b, _ := MiniBatch(100, 10, 42)
	e0, e1 := epochBatches(b, 0), epochBatches(b, 1)
	flat := func(bs [][]int) []int { return slices.Concat(bs...) }
	identity := make([]int, 100)
	for i := range identity {
		identity[i] = i
	}
	if slices.Equal(flat(e0), identity) {
		t.Error("shuffled epoch 0 is the identity order")
	}
	if slices.Equal(flat(e0), flat(e1)) {
		t.Error("epochs 0 and 1 have the same order")
	}
	// Epoch e depends on (seed, e) only: revisiting it, or a new batcher, gives the same order.
	if again := epochBatches(b, 0); !slices.Equal(flat(again), flat(e0)) {
		t.Error("epoch 0 differs when revisited")
	}
	b2, _ := MiniBatch(100, 10, 42)
	epochBatches(b2, 5)
	if got := epochBatches(b2, 1); !slices.Equal(flat(got), flat(e1)) {
		t.Error("epoch 1 depends on the epochs before it")
	}
	b3, _ := MiniBatch(100, 10, 43)
	if slices.Equal(flat(epochBatches(b3, 0)), flat(e0)) {
		t.Error("seeds 42 and 43 give the same order")
	}
	// Without shuffling the batches are consecutive runs.
	f, _ := FullBatch(5)
	if got := epochBatches(f, 3); len(got) != 1 || !slices.Equal(got[0], []int{0, 1, 2, 3, 4}) {
		t.Errorf("FullBatch(5) epoch = %v", got)
	}
	// Position of example 0 is spread over the epoch: over 2000 epochs of 10 examples each
	// position should hold it about 200 times (a loose uniformity check, ±5 sd).
	s, _ := SingleExample(10, 1)
	pos := make([]int, 10)
	for e := 0; e < 2000; e++ {
		for k, batch := range epochBatches(s, e) {
			if batch[0] == 0 {
				pos[k]++
			}
		}
	}
	for k, c := range pos {
		if c < 200-5*13 || c > 200+5*13 {
			t.Errorf("example 0 at position %d in %d of 2000 epochs, want about 200", k, c)
		}
	}
}

func TestBatcherErrors(t *testing.T) {
	for _, tc := range []struct{ n, size int }{{10, 0}, {10, 11}, {10, -1}, {0, 1}} {
		_, err := NewBatcher(tc.n, tc.size, BatchOptions{})
		if err == nil {
			t.Errorf("NewBatcher(%d, %d): no error", tc.n, tc.size)
		} else if tc.n > 0 && !strings.Contains(err.Error(), "1 <= size <= n") {
			t.Errorf("NewBatcher(%d, %d): unclear error %q", tc.n, tc.size, err)
		}
	}
	b, _ := NewBatcher(10, 3, BatchOptions{})
	if _, ok := b.Next(); ok {
		t.Error("Next before Epoch returned a batch")
	}
}

func TestBatcherAllocationFree(t *testing.T) {
	b, _ := NewBatcher(1000, 32, BatchOptions{Shuffle: true, Seed: 1, DropLast: true})
	e := 0
	allocs := testing.AllocsPerRun(20, func() {
		b.Epoch(e)
		e++
		for {
			if _, ok := b.Next(); !ok {
				break
			}
		}
	})
	if allocs != 0 {
		t.Errorf("an epoch allocates %v times", allocs)
	}
}
