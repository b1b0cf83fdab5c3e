package model

import (
	"fmt"
	"math"

	"latentlab/core/infer"
	"latentlab/core/kernel"
)

// TraceInput is the one example a Trace follows.
type TraceInput struct {
	X   []float32 // the example (Input values); also the encoder's input
	Eps []float32 // VAE: the noise ε of z = μ + σ ⊙ ε (Latent values)
	// LR is the step size of the update the trace shows, one plain
	// gradient-descent step on this example alone: w ← w − LR·∂loss/∂w
	// (0: the trainer's learning rate).
	LR float64
}

// LayerGrad is the size of one layer's gradient in a Trace.
type LayerGrad struct {
	Name  string  // "enc0", "dec1", … (the parameter names' prefix)
	In    int     // inputs
	Out   int     // outputs
	WNorm float64 // ‖∂loss/∂W‖ (Frobenius); a tied decoder's is folded into the encoder's
	BNorm float64 // ‖∂loss/∂b‖
}

// Trace is every intermediate of one forward and backward pass of the
// model on one example, computed by the trainer's own forward, terms and
// backward (a batch of one row, so nothing is divided by a batch size),
// with the loss on that example before and after one gradient step on it.
// Float32 values are the engine's own; sums are float64 as in Metrics.
type Trace struct {
	Kind   string
	Output string      // "bernoulli" (x̂ is σ(logits), terms in nats) or "gaussian"
	X      []float32   // the example
	Hidden [][]float32 // the encoder's hidden activations, one slice per hidden layer

	// VAE
	Mu, LogVar []float32 // the encoder's outputs
	Sigma      []float32 // σ = exp(½ log σ²)
	Eps        []float32 // ε
	Z          []float32 // z = μ + σ ⊙ ε
	KLPerDim   []float64 // KL_j = ½(μ_j² + σ_j² − 1 − log σ_j²), nats
	KL         float64   // Σ_j KL_j
	Beta       float64   // the KL's weight in the minimised loss

	// AE, DAE, CAE: Code is h = f(x).
	Code []float32
	// CAE: the encoder Jacobian J_f(x), Latent×Input row-major, J_ji = φ′(z_j)·W_ij;
	// Penalty is ‖J‖²_F by the trainer's closed form Σ_j φ′(z_j)² Σ_i W_ij²,
	// PenaltySum by the explicit sum of J's squared entries.
	Jacobian   []float64
	Penalty    float64
	PenaltySum float64
	Lambda     float64

	DecHidden  [][]float32 // the decoder's hidden activations
	Recon      []float32   // x̂: the decoder's mean (σ(logits) for a Bernoulli decoder)
	ReconPixel []float64   // the reconstruction term of each input value (nats for Bernoulli)
	ReconTerm  float64     // Σ ReconPixel
	Loss       float64     // the minimised objective: ReconTerm + β·KL + λ·Penalty
	NegELBO    float64     // VAE: ReconTerm + KL (plus ½·D·log 2πσ² for a Gaussian decoder)

	// Gradients of Loss. GradZ is ∂loss/∂z (∂loss/∂h for a code); for a VAE,
	// GradMu = GradZ + β·μ and GradLogVar = GradZ ⊙ ½σε + β·½(σ² − 1).
	GradZ, GradMu, GradLogVar []float32
	Layers                    []LayerGrad

	LR        float64 // the update's step size
	LossAfter float64 // Loss on the same example (same ε) after w ← w − LR·∂loss/∂w
}

// Trace follows in.X through one forward and backward pass of the current
// weights and measures the loss on it after one gradient step on it alone.
// The trainer's weights, optimizer state and random stream are unchanged.
func (t *Trainer) Trace(in TraceInput) (tr Trace, err error) {
	defer recoverTo(&err, "trace")
	if len(in.X) != t.cfg.Input {
		return tr, fmt.Errorf("model: trace: the example has %d values, want %d", len(in.X), t.cfg.Input)
	}
	lr := in.LR
	if lr == 0 {
		lr = t.cfg.LR
	}
	if !(lr > 0) || math.IsInf(lr, 1) {
		return tr, fmt.Errorf("model: trace: step size %g: want a finite value > 0", lr)
	}
	xin, eps, _, err := t.load(Batch{X: in.X, Eps: in.Eps})
	if err != nil {
		return tr, fmt.Errorf("model: trace: %w", err)
	}
	t.net.zeroGrad()
	out := t.forward(xin, eps, 1)
	tm := t.terms(t.xb, out, 1)
	tr = t.traceForward(out, tm)
	if !finite(tr.Loss) {
		return tr, fmt.Errorf("model: trace: the loss is %s: %w", nonFinite(tr.Loss), ErrDiverged)
	}
	t.backward(1)
	t.traceBackward(&tr)
	tr.LR = lr
	tr.LossAfter, err = t.lossAfterStep(xin, eps, lr)
	return tr, err
}

// traceForward copies what forward and terms computed for one row.
func (t *Trainer) traceForward(out []float32, tm terms) Trace {
	c := t.cfg
	tr := Trace{Kind: c.Kind, Output: c.Output, X: clone32(t.xb), Beta: c.Beta, Lambda: c.Lambda}
	for _, l := range t.net.enc[:len(t.net.enc)-1] {
		tr.Hidden = append(tr.Hidden, clone32(l.Output()))
	}
	for _, l := range t.net.dec[:len(t.net.dec)-1] {
		tr.DecHidden = append(tr.DecHidden, clone32(l.Output()))
	}
	L := c.Latent
	if c.Kind == "vae" {
		enc := t.net.enc[len(t.net.enc)-1].Output()
		tr.Mu, tr.LogVar = clone32(enc[:L]), clone32(enc[L:2*L])
		tr.Sigma, tr.Eps, tr.Z = clone32(t.sigma[:L]), clone32(t.curEps[:L]), clone32(t.code[:L])
		tr.KLPerDim, tr.KL = tm.klPerDim, tm.kl
	} else {
		tr.Code = clone32(t.code[:L])
	}
	if c.Kind == "cae" {
		tr.Penalty = tm.penalty
		tr.Jacobian, tr.PenaltySum = t.encoderJacobian()
	}
	tr.Recon, tr.ReconPixel = t.reconPixels(out, t.xb)
	tr.ReconTerm = tm.recon
	tr.Loss = t.loss(tm)
	if c.Kind == "vae" {
		tr.NegELBO = -t.metrics(tm).ELBO
	}
	return tr
}

// reconPixels returns x̂ and the reconstruction term of each value of the
// one row out (logits or means) against x, by the loss kernels the
// trainer's terms use.
func (t *Trainer) reconPixels(out, x []float32) ([]float32, []float64) {
	mean := clone32(out)
	per := make([]float64, len(out))
	var g [1]float32
	if t.cfg.Output == "bernoulli" {
		for d := range out {
			per[d] = kernel.BernoulliNLL(g[:], out[d:d+1], x[d:d+1], 0)
		}
		for d, a := range out {
			mean[d] = float32(1 / (1 + math.Exp(-float64(a))))
		}
		return mean, per
	}
	v := t.cfg.Variance()
	for d, y := range out {
		e := float64(y - x[d])
		per[d] = 0.5 * e * e / v
	}
	return mean, per
}

// encoderJacobian returns the one-layer encoder's Jacobian for the row of
// the last forward, J_ji = φ′(z_j)·W_ij (Latent×Input), and the explicit
// sum of its squared entries.
func (t *Trainer) encoderJacobian() ([]float64, float64) {
	l := t.net.enc[0]
	h := l.Output()
	J := make([]float64, l.Out*l.In)
	var sum float64
	for j := 0; j < l.Out; j++ {
		d := actDeriv(l.Act, h[j])
		for i := 0; i < l.In; i++ {
			v := d * float64(l.W[i*l.Out+j])
			J[j*l.In+i] = v
			sum += v * v
		}
	}
	return J, sum
}

// traceBackward copies the gradients backward computed for one row.
func (t *Trainer) traceBackward(tr *Trace) {
	L := t.cfg.Latent
	tr.GradZ = clone32(t.dLatent[:L])
	if t.cfg.Kind == "vae" {
		tr.GradMu, tr.GradLogVar = clone32(t.dEnc[:L]), clone32(t.dEnc[L:2*L])
	}
	for i, l := range t.net.layers() {
		name := fmt.Sprintf("enc%d", i)
		if i >= len(t.net.enc) {
			name = fmt.Sprintf("dec%d", i-len(t.net.enc))
		}
		lg := LayerGrad{Name: name, In: l.In, Out: l.Out, WNorm: norm32(l.GW), BNorm: norm32(l.GB)}
		if t.cfg.Tied && name == "dec0" {
			lg.WNorm = 0 // folded into enc0's
		}
		tr.Layers = append(tr.Layers, lg)
	}
}

// lossAfterStep applies w ← w − lr·∂loss/∂w to copies of the weights,
// measures the loss on the same row and ε, and puts the weights back.
func (t *Trainer) lossAfterStep(xin, eps []float32, lr float64) (float64, error) {
	saved := make([][]float32, len(t.net.params))
	for k, p := range t.net.params {
		saved[k] = clone32(p.Value)
		g := p.Grad[:len(p.Value)]
		for i := range p.Value {
			p.Value[i] -= float32(lr) * g[i]
		}
	}
	defer func() {
		for k, p := range t.net.params {
			copy(p.Value, saved[k])
		}
		t.net.tie()
	}()
	out := t.forward(xin, eps, 1)
	after := t.loss(t.terms(t.xb, out, 1))
	if !finite(after) {
		return after, fmt.Errorf("model: trace: the loss after a step of size %g is %s; try a smaller step", lr, nonFinite(after))
	}
	return after, nil
}

// actDeriv returns φ′(z) as a function of h = φ(z).
func actDeriv(act infer.Activation, h float32) float64 {
	v := float64(h)
	switch act {
	case infer.Sigmoid:
		return v * (1 - v)
	case infer.Tanh:
		return 1 - v*v
	case infer.ReLU:
		if v > 0 {
			return 1
		}
		return 0
	}
	return 1
}

func clone32(s []float32) []float32 { return append([]float32(nil), s...) }

func norm32(s []float32) float64 {
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum)
}
