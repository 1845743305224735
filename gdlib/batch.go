package gdlib

import (
	"fmt"
	"math/rand/v2"
)

// Batcher yields the example indices of each mini-batch, epoch by epoch.
//
// A training loop calls Epoch(e) at the start of epoch e (0, 1, 2, ...) and then Next until it
// reports false. Every epoch visits each of the N examples exactly once (except the examples
// left over by a drop-last batcher, which that epoch skips).
type Batcher interface {
	// N is the number of examples, indexed 0..N-1.
	N() int
	// Batches is the number of batches per epoch.
	Batches() int
	// Epoch starts epoch e (counted from 0). A shuffling batcher draws the epoch's order from
	// its seed and e alone, so epoch e has the same batches whatever ran before.
	Epoch(e int)
	// Next returns the next batch of the epoch, or ok = false after the last one. The slice
	// belongs to the batcher: do not modify it, and do not keep it past the next call.
	Next() (batch []int, ok bool)
}

// BatchOptions configures NewBatcher.
type BatchOptions struct {
	// Shuffle draws a fresh random order of the examples at each epoch from Seed
	// (math/rand/v2's PCG seeded with (Seed, epoch)). Without it batches are consecutive
	// runs of 0..N-1.
	Shuffle bool
	Seed    uint64
	// DropLast skips the last batch of an epoch when it is smaller than the batch size
	// (as PyTorch's DataLoader(drop_last=True)); otherwise that batch is served short.
	DropLast bool
}

// IndexBatcher is the Batcher of this package. After construction it allocates nothing.
type IndexBatcher struct {
	n, size int
	opt     BatchOptions
	perm    []int
	pos     int
	pcg     *rand.PCG
	rng     *rand.Rand
}

// NewBatcher returns a batcher over n examples with batches of size examples,
// 1 <= size <= n.
func NewBatcher(n, size int, o BatchOptions) (*IndexBatcher, error) {
	if n < 1 {
		return nil, fmt.Errorf("gdlib: batcher needs at least one example, got n = %d", n)
	}
	if size < 1 || size > n {
		return nil, fmt.Errorf("gdlib: batch size %d out of range: need 1 <= size <= n = %d", size, n)
	}
	b := &IndexBatcher{n: n, size: size, opt: o, perm: make([]int, n), pos: n}
	for i := range b.perm {
		b.perm[i] = i
	}
	if o.Shuffle {
		b.pcg = rand.NewPCG(o.Seed, 0)
		b.rng = rand.New(b.pcg)
	}
	return b, nil
}

// FullBatch returns a batcher whose only batch in each epoch is all n examples, in order
// (batch gradient descent: one update per pass over the data).
func FullBatch(n int) (*IndexBatcher, error) { return NewBatcher(n, n, BatchOptions{}) }

// SingleExample returns a batcher of batches of one example, shuffled at each epoch from seed
// (stochastic gradient descent in its original sense: n updates per epoch).
func SingleExample(n int, seed uint64) (*IndexBatcher, error) {
	return NewBatcher(n, 1, BatchOptions{Shuffle: true, Seed: seed})
}

// MiniBatch returns a batcher of batches of size examples, shuffled at each epoch from seed;
// the last batch of an epoch holds the n mod size leftover examples when size does not divide n.
func MiniBatch(n, size int, seed uint64) (*IndexBatcher, error) {
	return NewBatcher(n, size, BatchOptions{Shuffle: true, Seed: seed})
}

// N is the number of examples.
func (b *IndexBatcher) N() int { return b.n }

// Size is the batch size.
func (b *IndexBatcher) Size() int { return b.size }

// Batches is the number of batches per epoch: ceil(n/size), or floor(n/size) with DropLast.
func (b *IndexBatcher) Batches() int {
	if b.opt.DropLast {
		return b.n / b.size
	}
	return (b.n + b.size - 1) / b.size
}

// Epoch starts epoch e. With shuffling, the order is a permutation drawn from (Seed, e) only.
func (b *IndexBatcher) Epoch(e int) {
	b.pos = 0
	if b.opt.Shuffle {
		for i := range b.perm {
			b.perm[i] = i
		}
		b.pcg.Seed(b.opt.Seed, uint64(e))
		b.rng.Shuffle(len(b.perm), func(i, j int) { b.perm[i], b.perm[j] = b.perm[j], b.perm[i] })
	}
}

// Next returns the next batch of the current epoch. Before the first call to Epoch it
// reports false.
func (b *IndexBatcher) Next() ([]int, bool) {
	rest := b.n - b.pos
	if rest <= 0 || (b.opt.DropLast && rest < b.size) {
		return nil, false
	}
	k := min(b.size, rest)
	batch := b.perm[b.pos : b.pos+k : b.pos+k]
	b.pos += k
	return batch, true
}
