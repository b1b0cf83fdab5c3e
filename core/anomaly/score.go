package anomaly

import (
	"fmt"
	"math"
)

// pClamp keeps decoder probabilities away from 0 and 1 so that a pixel the
// decoder is certain about, and wrong, costs a large but finite amount.
const pClamp = 1e-7

// Reconstruction returns, for each of the n = len(x)/dim rows, the binary
// cross-entropy −Σᵢ [xᵢ ln pᵢ + (1−xᵢ) ln(1−pᵢ)] in nats of the inputs x
// (pixels in [0, 1]) under the decoder's probabilities p (the
// reconstructions, same shape): an autoencoder's anomaly score.
func Reconstruction(x, p []float32, dim int) ([]float64, error) {
	if dim <= 0 || len(x)%dim != 0 || len(p) != len(x) {
		return nil, fmt.Errorf("reconstruction score: %d inputs and %d reconstructions of size %d", len(x), len(p), dim)
	}
	out := make([]float64, len(x)/dim)
	for i := range out {
		out[i] = bce(x[i*dim:(i+1)*dim], p[i*dim:(i+1)*dim])
	}
	return out, nil
}

// bce is the binary cross-entropy of one row.
func bce(x, p []float32) float64 {
	s := 0.0
	for i, xi := range x {
		pi := min(max(float64(p[i]), pClamp), 1-pClamp)
		switch xv := float64(xi); xv { // most MNIST pixels are exactly 0 or 1: one logarithm
		case 0:
			s -= math.Log(1 - pi)
		case 1:
			s -= math.Log(pi)
		default:
			s -= xv*math.Log(pi) + (1-xv)*math.Log(1-pi)
		}
	}
	return s
}

// KL returns, for each row of the posterior means mu and standard
// deviations sigma (n × latent), KL(N(μ, σ²) ‖ N(0, I)) =
// ½ Σⱼ (μⱼ² + σⱼ² − 1 − ln σⱼ²) in nats. Added to Reconstruction of the
// decoded mean it is the VAE's −ELBO with z at the posterior mean (the
// reconstruction term estimated with one deterministic sample).
func KL(mu, sigma []float32, latent int) ([]float64, error) {
	if latent <= 0 || len(mu)%latent != 0 || len(sigma) != len(mu) {
		return nil, fmt.Errorf("KL score: %d means and %d deviations of size %d", len(mu), len(sigma), latent)
	}
	out := make([]float64, len(mu)/latent)
	for i := range out {
		s := 0.0
		for j := i * latent; j < (i+1)*latent; j++ {
			m, v := float64(mu[j]), float64(sigma[j])*float64(sigma[j])
			s += m*m + v - 1 - math.Log(max(v, 1e-30))
		}
		out[i] = s / 2
	}
	return out, nil
}

// Add returns a + b elementwise (a's slice, updated).
func Add(a, b []float64) []float64 {
	for i := range a {
		a[i] += b[i]
	}
	return a
}

// Relative returns, for each row, the squared reconstruction error relative
// to the input's own energy, ‖x − x̂‖² / ‖x‖² (‖x‖² floored at 10⁻⁶): the
// share of the digit the model fails to reproduce. Unlike the summed
// error it does not grow with the amount of ink, so a thin, unfamiliar
// digit is not outscored by a familiar, heavily inked one.
func Relative(x, rec []float32, dim int) ([]float64, error) {
	if dim <= 0 || len(x)%dim != 0 || len(rec) != len(x) {
		return nil, fmt.Errorf("relative score: %d inputs and %d reconstructions of size %d", len(x), len(rec), dim)
	}
	out := make([]float64, len(x)/dim)
	for i := range out {
		e, n := 0.0, 0.0
		for j := i * dim; j < (i+1)*dim; j++ {
			d := float64(x[j]) - float64(rec[j])
			e += d * d
			n += float64(x[j]) * float64(x[j])
		}
		out[i] = e / max(n, 1e-6)
	}
	return out, nil
}

// Score returns the anomaly scores of inputs x (rows of dim pixels) with
// their reconstructions rec (decoded from the posterior mean for a VAE):
// with relative, Relative; otherwise Reconstruction plus, when mu is not
// nil, KL of the posterior (mu, sigma: rows of latent values) — the VAE's
// −ELBO with z at the posterior mean.
func Score(x, rec []float32, dim int, mu, sigma []float32, latent int, relative bool) ([]float64, error) {
	if relative {
		return Relative(x, rec, dim)
	}
	s, err := Reconstruction(x, rec, dim)
	if err != nil || mu == nil {
		return s, err
	}
	kl, err := KL(mu, sigma, latent)
	if err != nil {
		return nil, err
	}
	if len(kl) != len(s) {
		return nil, fmt.Errorf("score: %d posteriors for %d inputs", len(kl), len(s))
	}
	return Add(s, kl), nil
}
