// Package nn is the small multilayer perceptron of the Descent course, written so that a
// student can read all of it: dense layers, five activations, two losses, three
// initialisations, optional batch normalisation, backpropagation written out layer by layer,
// and Hessian-vector products for curvature monitoring.
//
// # The network
//
// A network with sizes n_0, n_1, ..., n_L has L dense layers, counted from 0 as in the API.
// For a batch of B examples held as the rows of X_0 (B×n_0), layer l = 0, ..., L−1 computes
//
//	Z_l = X_l W_l + 1 b_lᵀ                 W_l is n_l×n_{l+1}, b_l has n_{l+1} entries
//	Y_l = Z_l                              without batch norm
//	Y_l = γ_l ⊙ Ẑ_l + β_l                  with batch norm, Ẑ_l = (Z_l − μ_l) / √(σ²_l + ε)
//	X_{l+1} = f(Y_l)                       f is the activation, applied entrywise
//
// for the hidden layers l < L−1. The last layer is plain dense: its output Z_{L−1} holds the
// logits (softmax cross-entropy) or the predictions (mean squared error). Batch norm, when
// enabled, follows every hidden dense layer, and those layers have no bias b (the mean
// subtraction would cancel it; β takes its role).
//
// # Parameters
//
// All parameters live in one flat []float64 (see MLP.Params), layer after layer, each layer as
// W_l (row-major, n_l×n_{l+1}), then b_l, or γ_l and β_l with batch norm. The gradient has
// the same layout, so every gdlib optimizer trains the network through an Objective, which is
// a gdlib.Objective. MLP.Layer cuts any vector of this layout (parameters, gradient, a step)
// into per-layer views.
//
// # Backpropagation
//
// Start from dZ_{L−1} = ∂loss/∂Z_{L−1} (see Loss) and run from the last layer to the first:
//
//	dW_l = X_lᵀ dZ_l                       db_l = column sums of dZ_l
//	dX_l = dZ_l W_lᵀ                       (not needed for l = 0)
//	dY_{l−1} = dX_l ⊙ f'(Y_{l−1})
//	dZ_{l−1} = dY_{l−1}                    without batch norm; with it see batchNormBackward
//
// Here dM means ∂loss/∂M for the mean loss of the batch. The matrix products are gonum BLAS
// calls (Dgemm, on OpenBLAS where the build has it, else gonum's pure-Go BLAS; see BLAS) on
// buffers allocated once and reused for every batch.
package nn
