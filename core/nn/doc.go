// Package nn holds the building blocks of the trainer: dense layers with
// their forward and backward passes, activations, initialisers, losses and
// optimizers. Everything is float32 (see package kernel for why) and works on
// mini-batches stored row-major, one example per row.
//
// A dense layer maps a batch X (B×In) to
//
//	Z = X·W + 1·bᵀ,  Y = φ(Z)
//
// with W stored In×Out (the transpose of infer.Dense, so that the sparse
// first-layer products read contiguous rows). Given ∂L/∂Y its backward pass
// forms ∂L/∂Z = ∂L/∂Y ⊙ φ′(Z), with φ′ written in terms of Y
// (sigmoid: y(1−y), tanh: 1−y², ReLU: [y>0], identity: 1), and accumulates
//
//	∂L/∂W += Xᵀ·∂L/∂Z,  ∂L/∂b += Σ_rows ∂L/∂Z,  ∂L/∂X = ∂L/∂Z·Wᵀ.
//
// Losses are summed over the features of an example and averaged over the
// batch; they return the loss and write its gradient with respect to their
// input:
//
//	BCE from logits a:  ℓ = Σ_d softplus(a_d) − x_d·a_d,  ∂ℓ/∂a = σ(a) − x
//	squared error:      ℓ = ½ Σ_d (y_d − x_d)²,           ∂ℓ/∂y = y − x
//
// Layers and optimizers keep their buffers between steps, so a training
// step does not allocate after the first one.
package nn
