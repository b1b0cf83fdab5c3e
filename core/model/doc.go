// Package model builds and trains the four autoencoders of Latent Lab one
// mini-batch at a time: the caller owns the loop (Trainer.Step), so a UI can
// interleave steps with drawing, pause, or change the learning rate, β or λ
// between steps.
//
// Every model has an encoder f and a decoder g made of dense layers. With
// a mini-batch of B examples the objective is a mean over the batch:
//
//	AE:   L = ℓ(x, g(f(x)))
//	DAE:  L = ℓ(x, g(f(x̃))),  x̃ = m ⊙ (x + σ·ξ),  ξ ~ N(0, I),  m_i ~ Bernoulli(1−p)
//	CAE:  L = ℓ(x, g(h)) + λ‖J_f(x)‖²_F,  h = φ(Wᵀx + b)
//	VAE:  L = ℓ(x, g(z)) + β·KL(q(z|x) ‖ N(0, I)),  z = μ + σ ⊙ ε,  ε ~ N(0, I)
//
// The reconstruction term ℓ is the Bernoulli negative log-likelihood from
// logits (decoder output "bernoulli": Σ_d softplus(a_d) − x_d·a_d, in nats)
// or ½‖x − x̂‖²/σ² (output "gaussian", unit variance unless Config.OutputVar
// says otherwise; without its constant ½·D·log 2πσ², which Metrics.ELBO does
// include).
//
// For a one-layer encoder h = φ(z), z = Wᵀx + b, the Jacobian is
// J = diag(φ′(z))·Wᵀ, so
//
//	‖J‖²_F = Σ_j φ′(z_j)² Σ_i W_ij²
//
// with φ′ = h(1−h) for the sigmoid, 1−h² for tanh, [h>0] for ReLU and 1 for
// the identity. Its gradient has two parts: through h_j (∂/∂h_j of φ′² times
// Σ_i W_ij², e.g. 2h(1−h)(1−2h) for the sigmoid) and directly through W
// (2·φ′(z_j)²·W_ij). Deeper CAE encoders are refused by Config.Validate.
//
// A model with a one-layer encoder may tie its decoder to it (Config.Tied:
// W_dec = W_encᵀ, the decoder's weight gradient folded into the encoder's),
// start its output bias so that r(0) = 0 (Config.CenterOutput), and give a
// Gaussian decoder a variance σ² (Config.OutputVar: the reconstruction term
// is ‖x − x̂‖²/(2σ²)) — the toy nets of the contraction lab.
//
// The VAE's encoder outputs μ and log σ² for each of the latent dimensions
// and its KL term is analytic per dimension:
//
//	KL_j = ½(μ_j² + σ_j² − 1 − log σ_j²)
//	ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))
//
// Gradients flow through the reparameterization: ∂z/∂μ = 1 and
// ∂z/∂log σ² = ½σε.
//
// All randomness (initialisation, shuffling, noise, ε) comes from one
// PCG generator seeded by Config.Seed, and all arithmetic is portable
// float32/float64 (package kernel), so the same configuration and seed give
// bit-identical losses natively and under js/wasm.
package model
