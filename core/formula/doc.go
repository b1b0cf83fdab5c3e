// Package formula holds the closed forms that Latent Lab's engine, quizzes and
// widgets share, in float64 and stdlib only (the UI binary imports it):
//
//   - KL(N(μ, σ²) ‖ N(0, 1)) per latent dimension from (μ, log σ²), and sums;
//   - the contractive penalty ‖J_f(x)‖²_F of a one-hidden-layer sigmoid or tanh
//     encoder in closed form, and the explicit Jacobian ∂hⱼ/∂xᵢ it abbreviates;
//   - Bernoulli cross-entropy (BCE);
//   - the standard normal density, distribution function and quantile.
//
// Functions panic on mismatched slice lengths (programming errors) and never on values.
package formula
