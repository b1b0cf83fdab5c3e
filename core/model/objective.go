package model

import (
	"math"

	"latentlab/core/infer"
	"latentlab/core/kernel"
	"latentlab/core/nn"
)

// terms are the parts of the objective on one batch, each a mean over the
// batch.
type terms struct {
	recon, kl, penalty float64
	klPerDim           []float64 // VAE: mean KL of each latent dimension
}

// loss returns recon + β·KL + λ·penalty.
func (t *Trainer) loss(tm terms) float64 {
	return tm.recon + t.cfg.Beta*tm.kl + t.cfg.Lambda*tm.penalty
}

// forward runs the model on rows of xin (the possibly corrupted input) and,
// for a VAE, the noise eps (rows×Latent), filling t.code (rows×Latent: the
// code, or z = μ + σ⊙ε) and returning the decoder's output (logits or
// means).
func (t *Trainer) forward(xin, eps []float32, rows int) []float32 {
	t.net.tie()
	t.curEps = eps
	h := xin
	for _, l := range t.net.enc {
		h = l.Forward(h, rows)
	}
	L := t.cfg.Latent
	if t.cfg.Kind == "vae" {
		t.code = resize(t.code, rows*L)
		t.sigma = resize(t.sigma, rows*L)
		for r := 0; r < rows; r++ {
			mu := h[r*2*L : r*2*L+L]
			lv := h[r*2*L+L : (r+1)*2*L]
			s := t.sigma[r*L : (r+1)*L]
			z := t.code[r*L : (r+1)*L]
			e := eps[r*L : (r+1)*L]
			for j := range z {
				s[j] = float32(kernel.Exp(0.5 * float64(lv[j])))
				z[j] = mu[j] + s[j]*e[j]
			}
		}
	} else {
		t.code = h
	}
	y := t.code
	for _, l := range t.net.dec {
		y = l.Forward(y, rows)
	}
	return y
}

// terms computes the objective's parts for targets x after forward, and
// writes ∂(recon)/∂output into t.dOut (already divided by rows).
func (t *Trainer) terms(x, out []float32, rows int) terms {
	var tm terms
	t.dOut = resize(t.dOut, len(out))
	t.perRow = resize(t.perRow, rows)
	if t.cfg.Output == "bernoulli" {
		tm.recon = nn.BCEWithLogits(t.dOut, t.perRow, out, x, t.cfg.Input, 1)
	} else {
		tm.recon = t.gaussianNLL(out, x, rows)
	}
	switch t.cfg.Kind {
	case "vae":
		tm.kl, tm.klPerDim = t.klTerm(rows)
	case "cae":
		tm.penalty = t.caePenalty(rows)
	}
	return tm
}

// gaussianNLL is the Gaussian decoder's reconstruction term without its
// constant, ‖x − x̂‖²/(2σ²) per row (batch mean), with its gradient in t.dOut
// and per-row values in t.perRow.
func (t *Trainer) gaussianNLL(out, x []float32, rows int) float64 {
	v := t.cfg.Variance()
	recon := nn.HalfSquaredError(t.dOut, t.perRow, out, x, t.cfg.Input, 1/v) / v
	if v != 1 {
		for r := range t.perRow[:rows] {
			t.perRow[r] /= float32(v)
		}
	}
	return recon
}

// klTerm returns the batch-mean KL(q(z|x) ‖ N(0, I)) and its per-dimension
// parts: KL_j = ½(μ_j² + σ_j² − 1 − log σ_j²).
func (t *Trainer) klTerm(rows int) (float64, []float64) {
	L := t.cfg.Latent
	enc := t.net.enc[len(t.net.enc)-1].Output()
	per := make([]float64, L)
	for r := 0; r < rows; r++ {
		mu := enc[r*2*L : r*2*L+L]
		lv := enc[r*2*L+L : (r+1)*2*L]
		for j := range per {
			m, v := float64(mu[j]), float64(lv[j])
			per[j] += 0.5 * (m*m + kernel.Exp(v) - 1 - v)
		}
	}
	var total float64
	for j := range per {
		per[j] /= float64(rows)
		total += per[j]
	}
	return total, per
}

// backward accumulates the gradient of the objective into the layers'
// GW and GB after forward and terms.
func (t *Trainer) backward(rows int) {
	g := t.dOut
	for i := len(t.net.dec) - 1; i >= 0; i-- {
		g = t.net.dec[i].Backward(g, true)
	}
	// g is ∂L/∂code (rows×Latent).
	L := t.cfg.Latent
	t.dLatent = g
	switch t.cfg.Kind {
	case "vae":
		enc := t.net.enc[len(t.net.enc)-1].Output()
		t.dEnc = resize(t.dEnc, rows*2*L)
		beta := float32(t.cfg.Beta / float64(rows))
		for r := 0; r < rows; r++ {
			mu := enc[r*2*L : r*2*L+L]
			dmu := t.dEnc[r*2*L : r*2*L+L]
			dlv := t.dEnc[r*2*L+L : (r+1)*2*L]
			dz := g[r*L : (r+1)*L]
			s := t.sigma[r*L : (r+1)*L]
			e := t.curEps[r*L : (r+1)*L]
			for j := range dz {
				// z = μ + σε, σ = exp(½ log σ²): ∂z/∂μ = 1, ∂z/∂log σ² = ½σε.
				// ∂KL/∂μ = μ, ∂KL/∂log σ² = ½(σ² − 1).
				dmu[j] = dz[j] + beta*mu[j]
				dlv[j] = dz[j]*0.5*s[j]*e[j] + beta*0.5*(s[j]*s[j]-1)
			}
		}
		g = t.dEnc
	case "cae":
		t.dCode = resize(t.dCode, len(g))
		copy(t.dCode, g)
		t.caePenaltyGradCode(t.dCode, rows)
		g = t.dCode
		t.dLatent = g
	}
	for i := len(t.net.enc) - 1; i >= 0; i-- {
		g = t.net.enc[i].Backward(g, i > 0)
	}
	if t.cfg.Kind == "cae" {
		t.caePenaltyGradW(rows)
	}
	t.net.foldTiedGrad()
}

// actDerivSq returns φ′(z)² and d(φ′(z)²)/dh as functions of h = φ(z).
func actDerivSq(act infer.Activation, h float32) (g, dg float32) {
	switch act {
	case infer.Sigmoid:
		d := h * (1 - h)
		return d * d, 2 * d * (1 - 2*h)
	case infer.Tanh:
		d := 1 - h*h
		return d * d, -4 * h * d
	case infer.ReLU:
		if h > 0 {
			return 1, 0
		}
		return 0, 0
	}
	return 1, 0
}

func resize(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
