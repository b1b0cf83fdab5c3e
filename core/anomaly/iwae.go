package anomaly

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Posterior is a VAE encoder's diagonal Gaussian posteriors q(z|x) of n
// inputs: the rows of Mu and Sigma (n × Latent).
type Posterior struct {
	Mu, Sigma []float32
	Latent    int
}

// Rows is the number of posteriors.
func (q Posterior) Rows() int { return len(q.Mu) / q.Latent }

func (q Posterior) check() error {
	if q.Latent <= 0 || len(q.Mu)%q.Latent != 0 || len(q.Sigma) != len(q.Mu) {
		return fmt.Errorf("posterior: %d means and %d deviations of size %d", len(q.Mu), len(q.Sigma), q.Latent)
	}
	return nil
}

// StandardNoise draws the standard normal ε of k samples per posterior of q
// (rows × k × Latent, row-major), reproducibly from seed.
func StandardNoise(q Posterior, k int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 0x69776165))
	eps := make([]float32, q.Rows()*k*q.Latent)
	for i := range eps {
		eps[i] = float32(rng.NormFloat64())
	}
	return eps
}

// Samples returns the codes z = μ + σ ⊙ ε of the noise eps (as drawn by
// StandardNoise: rows × k × Latent), the reparameterised samples of q.
func Samples(q Posterior, eps []float32, k int) ([]float32, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	L := q.Latent
	if k <= 0 || len(eps) != q.Rows()*k*L {
		return nil, fmt.Errorf("samples: %d noise values for %d posteriors × %d samples × %d", len(eps), q.Rows(), k, L)
	}
	z := make([]float32, len(eps))
	for i := range z {
		j := (i/(k*L))*L + i%L // the posterior's row, this dimension
		z[i] = q.Mu[j] + q.Sigma[j]*eps[i]
	}
	return z, nil
}

// ImportanceWeighted returns, for each input row of x (dim pixels in
// [0, 1]), the negated K-sample importance-weighted bound (Burda et al.'s
// IWAE bound)
//
//	−log (1/K) Σₖ p(x | zₖ) p(zₖ) / q(zₖ | x),   zₖ = μ + σ ⊙ εₖ,
//
// in nats, with a Bernoulli decoder (probs: its outputs for the K samples
// of each row, rows × K × dim), the prior N(0, I) and the posterior q with
// the noise eps (rows × K × Latent) the samples were drawn with. The sum is
// taken in the log domain (log-sum-exp), so it stays finite where every
// weight underflows. K = 1 is the one-sample estimate of the −ELBO; the
// bound is never above the mean of the K one-sample estimates (Jensen) and
// tightens towards −log p(x) as K grows.
func ImportanceWeighted(x, probs []float32, dim int, q Posterior, eps []float32, k int) ([]float64, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	n, L := q.Rows(), q.Latent
	switch {
	case dim <= 0 || len(x) != n*dim:
		return nil, fmt.Errorf("importance-weighted score: %d inputs of size %d for %d posteriors", len(x), dim, n)
	case k <= 0 || len(probs) != n*k*dim || len(eps) != n*k*L:
		return nil, fmt.Errorf("importance-weighted score: %d decoded values and %d noise values for %d inputs × %d samples", len(probs), len(eps), n, k)
	}
	out := make([]float64, n)
	lw := make([]float64, k)
	for r := range out {
		xr := x[r*dim : (r+1)*dim]
		mu, sigma := q.Mu[r*L:(r+1)*L], q.Sigma[r*L:(r+1)*L]
		for s := range lw {
			e := eps[(r*k+s)*L : (r*k+s+1)*L]
			lw[s] = -bce(xr, probs[(r*k+s)*dim:(r*k+s+1)*dim]) + logPriorOverPosterior(mu, sigma, e)
		}
		out[r] = math.Log(float64(k)) - logSumExp(lw)
	}
	return out, nil
}

// logPriorOverPosterior is log p(z) − log q(z | x) at z = μ + σ ⊙ ε: the
// Gaussians' normalising constants cancel, leaving
// Σⱼ [½ εⱼ² − ½ zⱼ² + ln σⱼ].
func logPriorOverPosterior(mu, sigma, eps []float32) float64 {
	s := 0.0
	for j, e := range eps {
		sd := max(float64(sigma[j]), 1e-30)
		z := float64(mu[j]) + sd*float64(e)
		s += 0.5*float64(e)*float64(e) - 0.5*z*z + math.Log(sd)
	}
	return s
}

// logSumExp is log Σ exp(v), shifted by the largest value so that nothing
// overflows and the largest term never underflows.
func logSumExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, x := range v {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}
