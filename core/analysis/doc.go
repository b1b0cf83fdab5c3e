// Package analysis measures and visualises a trained autoencoder, given as
// the inference network a Trainer's Snapshot (or a model file) provides:
// codes and reconstructions, the encoder's Jacobian and its singular values,
// contraction ratios, decoded latent grids, interpolations, samples from
// the prior, and first-layer filters.
//
// The encoder f maps an input x ∈ ℝᴰ to a code (μ for a VAE). Its Jacobian
// at x is the chain of layer derivatives
//
//	J_f(x) = D_L W_L ⋯ D_1 W_1,  D_l = diag(φ′_l(z_l))
//
// (computed analytically in float64), its singular values σ₁ ≥ σ₂ ≥ … say how
// strongly f stretches each direction around x, and ‖J‖²_F = Σ σ_k². The
// contraction ratio
//
//	ρ = E_x E_ε ‖f(x+ε) − f(x)‖ / ‖ε‖,  ε ~ N(0, s²I)
//
// is its finite-size counterpart: ρ < 1 means nearby inputs map to nearer
// codes. Latent grids decode points on a regular lattice of two latent
// dimensions, uniformly spaced or at Gaussian quantiles Φ⁻¹((i+½)/n), so
// that each cell carries equal prior mass.
//
// Functions return an error for inputs of the wrong size and never panic.
package analysis
