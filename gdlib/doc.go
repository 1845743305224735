// Package gdlib is the numerics of the Descent course: optimizers, learning-rate schedules,
// batching, test surfaces, objectives on data, and the runners that tie them together.
//
// Everything works on flat []float64 parameter vectors. Optimizers update them in place and
// follow PyTorch's torch.optim conventions unless their doc comment says otherwise. Everything
// random takes a seed, so a notebook rerun gives the same numbers.
package gdlib
