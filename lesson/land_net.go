package lesson

import (
	"fmt"
	"os"

	"github.com/descent-course/descent/gdlib/data"
	"github.com/descent-course/descent/gdlib/nn"
)

// NetOnMNIST builds the network cfg describes and its training objective on the first n
// MNIST training images (see data.MNISTSubset), as notebooks 06 and 07 do in most cells.
// obj.N() is n. Where MNIST or the network cannot be built (the data are missing, a size is
// not positive) it stops the cell with one line saying why.
func NetOnMNIST(n int, cfg nn.Config) (*nn.MLP, *nn.Objective) {
	train, _, err := data.MNISTSubset(n, 0)
	if err != nil {
		landStop(err)
	}
	net, err := nn.New(cfg)
	if err != nil {
		landStop(err)
	}
	obj, err := nn.NewObjective(net, train.X, train.Labels)
	if err != nil {
		landStop(err)
	}
	return net, obj
}

// FirstImages is the batch of the first n examples, 0, 1, …, n−1: a fixed batch on which to
// measure during training.
func FirstImages(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// landStop stops the cell with one line, as Use does for a bad flag.
func landStop(err error) {
	fmt.Fprintf(os.Stderr, "✗ %v.\n", err)
	os.Exit(0)
}
