package model

import (
	"fmt"
	"math"
	"math/rand/v2"

	"latentlab/core/kernel"
	"latentlab/core/nn"
)

// evalStream is the PCG stream of the generator used by evaluations, so
// that they are repeatable and never disturb the training sequence.
const evalStream = 0x6576616c // "eval"

// Evaluate returns the mean metrics over the rows of x (a held-out set),
// without training. A DAE is evaluated on clean inputs; a VAE draws its ε
// from a generator seeded by Config.Seed, so repeated evaluations of the
// same weights agree.
func (t *Trainer) Evaluate(x []float32) (m Metrics, err error) {
	defer recoverTo(&err, "evaluate")
	d := t.cfg.Input
	if len(x) == 0 || len(x)%d != 0 {
		return m, fmt.Errorf("model: evaluate: %d values is not a positive multiple of the input dimension %d", len(x), d)
	}
	if err := checkFinite("evaluation set", x, d); err != nil {
		return m, err
	}
	n := len(x) / d
	rng := rand.New(rand.NewPCG(t.cfg.Seed, evalStream))
	var sum terms
	if t.cfg.Kind == "vae" {
		sum.klPerDim = make([]float64, t.cfg.Latent)
	}
	for lo := 0; lo < n; lo += t.cfg.Batch {
		rows := min(t.cfg.Batch, n-lo)
		xb := x[lo*d : (lo+rows)*d]
		out := t.forward(xb, t.drawEps(rng, rows), rows)
		tm := t.terms(xb, out, rows)
		w := float64(rows)
		sum.recon += w * tm.recon
		sum.kl += w * tm.kl
		sum.penalty += w * tm.penalty
		for j, v := range tm.klPerDim {
			sum.klPerDim[j] += w * v
		}
	}
	sum.recon /= float64(n)
	sum.kl /= float64(n)
	sum.penalty /= float64(n)
	for j := range sum.klPerDim {
		sum.klPerDim[j] /= float64(n)
	}
	m = t.metrics(sum)
	if !finite(m.Loss) {
		return m, fmt.Errorf("model: evaluate: the loss is %s: %w", nonFinite(m.Loss), ErrDiverged)
	}
	return m, nil
}

// LogLikelihood returns the importance-weighted estimate (Burda et al.,
// 2016) of the mean log p(x) over the rows of x, in nats, with k samples
// from the encoder per example:
//
//	log p(x) ≈ log (1/k) Σ_s p(x|z_s) p(z_s) / q(z_s|x),  z_s ~ q(z|x)
//
// It is a lower bound that tightens as k grows; k = 1 gives the ELBO.
// Only a VAE has one.
func (t *Trainer) LogLikelihood(x []float32, k int) (ll float64, err error) {
	defer recoverTo(&err, "log-likelihood")
	if t.cfg.Kind != "vae" {
		return 0, fmt.Errorf("model: log-likelihood: kind %s has no probabilistic encoder; only a vae does", t.cfg.Kind)
	}
	d, L := t.cfg.Input, t.cfg.Latent
	if len(x) == 0 || len(x)%d != 0 {
		return 0, fmt.Errorf("model: log-likelihood: %d values is not a positive multiple of the input dimension %d", len(x), d)
	}
	if k < 1 || k > 10000 {
		return 0, fmt.Errorf("model: log-likelihood: %d samples: want 1…10000", k)
	}
	n := len(x) / d
	rng := rand.New(rand.NewPCG(t.cfg.Seed, evalStream+1))
	half := 0.5 * kernel.Log(2*math.Pi)
	var total float64
	logw := make([]float64, t.cfg.Batch*k)
	mu := make([]float32, t.cfg.Batch*L)
	lv := make([]float32, t.cfg.Batch*L)
	z := make([]float32, t.cfg.Batch*L)
	for lo := 0; lo < n; lo += t.cfg.Batch {
		rows := min(t.cfg.Batch, n-lo)
		xb := x[lo*d : (lo+rows)*d]
		h := xb
		for _, l := range t.net.enc {
			h = l.Forward(h, rows)
		}
		for r := 0; r < rows; r++ {
			copy(mu[r*L:(r+1)*L], h[r*2*L:r*2*L+L])
			copy(lv[r*L:(r+1)*L], h[r*2*L+L:(r+1)*2*L])
		}
		for s := 0; s < k; s++ {
			for r := 0; r < rows; r++ {
				var lpz, lq float64
				for j := 0; j < L; j++ {
					i := r*L + j
					e := nn.NormFloat64(rng)
					v := float64(lv[i])
					zi := float32(float64(mu[i]) + kernel.Exp(0.5*v)*e)
					z[i] = zi
					lpz += -0.5*float64(zi)*float64(zi) - half
					lq += -0.5*e*e - 0.5*v - half
				}
				logw[r*k+s] = lpz - lq
			}
			y := z[:rows*L]
			for _, l := range t.net.dec {
				y = l.Forward(y, rows)
			}
			t.perRow = resize(t.perRow, rows)
			t.dOut = resize(t.dOut, len(y))
			if t.cfg.Output == "bernoulli" {
				nn.BCEWithLogits(t.dOut, t.perRow, y, xb, d, 1)
			} else {
				t.gaussianNLL(y, xb, rows)
			}
			for r := 0; r < rows; r++ {
				lpx := -float64(t.perRow[r])
				if t.cfg.Output == "gaussian" {
					lpx -= float64(d) * (half + 0.5*kernel.Log(t.cfg.Variance()))
				}
				logw[r*k+s] += lpx
			}
		}
		for r := 0; r < rows; r++ {
			total += logMeanExp(logw[r*k : (r+1)*k])
		}
	}
	ll = total / float64(n)
	if !finite(ll) {
		return ll, fmt.Errorf("model: log-likelihood is %s: %w", nonFinite(ll), ErrDiverged)
	}
	return ll, nil
}

// logMeanExp returns log((1/n) Σ exp(v_i)) without overflow.
func logMeanExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s float64
	for _, x := range v {
		s += kernel.Exp(x - m)
	}
	return m + kernel.Log(s/float64(len(v)))
}
