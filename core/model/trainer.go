package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"latentlab/core/kernel"
	"latentlab/core/nn"
)

// Metrics are the measurements of one training step or one evaluation.
// Terms are means over the examples; nats for a Bernoulli decoder.
type Metrics struct {
	Step     int       // steps taken so far (after this one)
	Epoch    int       // passes over the training set started so far, from 1
	Loss     float64   // the minimised objective: Recon + β·KL + λ·Penalty
	Recon    float64   // reconstruction term ℓ
	KL       float64   // VAE: KL(q(z|x) ‖ N(0, I)), summed over dimensions
	KLPerDim []float64 // VAE: KL of each latent dimension
	Penalty  float64   // CAE: ‖J_f(x)‖²_F (without λ)
	ELBO     float64   // VAE: −(Recon + KL), including −½·D·log 2π for a Gaussian decoder
	GradNorm float64   // global gradient norm before clipping (training steps only)
	Clipped  bool      // whether the gradient was clipped
	LR       float64   // learning rate used
}

// Trainer trains one model on one training set, a mini-batch per Step. It
// is not safe for concurrent use. Its methods never panic: a failure comes
// back as an error.
type Trainer struct {
	cfg   Config
	net   *network
	opt   nn.Optimizer
	rng   *rand.Rand
	x     []float32 // training set, n rows of cfg.Input
	n     int
	perm  []int
	pos   int
	epoch int
	step  int

	curEps            []float32 // ε of the last forward
	xb, xin, eps      []float32 // batch, corrupted batch, VAE noise
	code, sigma       []float32
	dOut, dEnc, dCode []float32
	dLatent           []float32 // ∂L/∂code of the last backward (the CAE's includes the penalty)
	perRow            []float32
	wNormSq, gSum     []float32
	backup            [][]float32
}

// New validates cfg and returns a freshly initialised Trainer over the
// training rows x (len(x) must be a positive multiple of cfg.Input). The
// trainer keeps x without copying it.
func New(cfg Config, x []float32) (t *Trainer, err error) {
	defer recoverTo(&err, "new model")
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(x) == 0 || len(x)%cfg.Input != 0 {
		return nil, fmt.Errorf("model: training set has %d values, not a positive multiple of the input dimension %d", len(x), cfg.Input)
	}
	if err := checkFinite("training set", x, cfg.Input); err != nil {
		return nil, err
	}
	// A copy; an empty Hidden stays empty (nil would mean "WithDefaults chooses").
	cfg = cfg.Clone()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x4c61_7465_6e74)) // "Latent"
	opt, err := nn.NewOptimizer(cfg.Optimizer, cfg.LR, cfg.Momentum)
	if err != nil {
		return nil, err
	}
	t = &Trainer{cfg: cfg, net: newNetwork(cfg, rng), opt: opt, rng: rng, x: x, n: len(x) / cfg.Input}
	t.perm = make([]int, t.n)
	for i := range t.perm {
		t.perm[i] = i
	}
	return t, nil
}

// Config returns the trainer's configuration, with the current learning
// rate, β and λ.
func (t *Trainer) Config() Config { return t.cfg.Clone() }

// Steps returns the number of successful steps taken.
func (t *Trainer) Steps() int { return t.step }

// SetLR sets the learning rate for the following steps.
func (t *Trainer) SetLR(lr float64) error {
	if err := checkLR(lr); err != nil {
		return fmt.Errorf("model: set %w", err)
	}
	t.cfg.LR = lr
	t.opt.SetLR(lr)
	return nil
}

// SetBeta sets the VAE's KL weight β ≥ 0 for the following steps.
func (t *Trainer) SetBeta(beta float64) error {
	if !(beta >= 0) || math.IsInf(beta, 1) {
		return fmt.Errorf("model: set beta %g: want a finite value ≥ 0", beta)
	}
	t.cfg.Beta = beta
	return nil
}

// SetLambda sets the CAE's penalty weight λ ≥ 0 for the following steps.
func (t *Trainer) SetLambda(lambda float64) error {
	if !(lambda >= 0) || math.IsInf(lambda, 1) {
		return fmt.Errorf("model: set lambda %g: want a finite value ≥ 0", lambda)
	}
	t.cfg.Lambda = lambda
	return nil
}

// SetNoise sets the DAE's corruption for the following steps: Gaussian
// noise σ ≥ 0 and masking probability 0 ≤ p < 1.
func (t *Trainer) SetNoise(std, maskProb float64) error {
	if !(std >= 0) || math.IsInf(std, 1) {
		return fmt.Errorf("model: set noise σ = %g: want a finite value ≥ 0", std)
	}
	if !(maskProb >= 0 && maskProb < 1) {
		return fmt.Errorf("model: set masking p = %g: want 0 ≤ p < 1", maskProb)
	}
	t.cfg.NoiseStd, t.cfg.MaskProb = std, maskProb
	return nil
}

// NumParams returns the number of trainable weights and biases.
func (t *Trainer) NumParams() int {
	n := 0
	for _, p := range t.net.params {
		n += len(p.Value)
	}
	return n
}

// batchSize is the number of rows per step.
func (t *Trainer) batchSize() int { return min(t.cfg.Batch, t.n) }

// nextBatch gathers the next mini-batch into t.xb, reshuffling (and
// starting a new epoch) when the current pass cannot fill a batch.
func (t *Trainer) nextBatch() int {
	b := t.batchSize()
	if t.epoch == 0 || t.pos+b > t.n {
		t.rng.Shuffle(t.n, func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		t.pos = 0
		t.epoch++
	}
	d := t.cfg.Input
	t.xb = resize(t.xb, b*d)
	for r := 0; r < b; r++ {
		i := t.perm[t.pos+r]
		copy(t.xb[r*d:(r+1)*d], t.x[i*d:(i+1)*d])
	}
	t.pos += b
	return b
}

// corrupt returns the DAE's noisy input x̃ = m ⊙ (x + σξ), or xb itself.
func (t *Trainer) corrupt(rows int) []float32 {
	if t.cfg.Kind != "dae" || (t.cfg.NoiseStd == 0 && t.cfg.MaskProb == 0) {
		return t.xb
	}
	t.xin = resize(t.xin, len(t.xb))
	for i, v := range t.xb {
		if t.cfg.MaskProb > 0 && t.rng.Float64() < t.cfg.MaskProb {
			t.xin[i] = 0
			continue
		}
		if t.cfg.NoiseStd > 0 {
			v += float32(t.cfg.NoiseStd * nn.NormFloat64(t.rng))
		}
		t.xin[i] = v
	}
	return t.xin
}

// drawEps fills t.eps with rows×Latent standard normal draws (VAE only).
func (t *Trainer) drawEps(rng *rand.Rand, rows int) []float32 {
	if t.cfg.Kind != "vae" {
		return nil
	}
	t.eps = resize(t.eps, rows*t.cfg.Latent)
	for i := range t.eps {
		t.eps[i] = float32(nn.NormFloat64(rng))
	}
	return t.eps
}

// ErrDiverged is wrapped by the error Step returns when the loss, the
// gradient or the weights stop being finite.
var ErrDiverged = errors.New("training diverged")

// Step trains on one mini-batch and returns its metrics (measured before
// the update). If the loss, the gradient or the updated weights are not
// finite, the model goes back to the last weights whose loss was finite
// (undoing the latest update), the optimizer's moments are reset, and the
// error, wrapping ErrDiverged, says what happened and what to try.
func (t *Trainer) Step() (m Metrics, err error) {
	defer recoverTo(&err, "step")
	rows := t.nextBatch()
	return t.train(t.corrupt(rows), t.drawEps(t.rng, rows), rows)
}

// train takes one step on the batch in t.xb, fed to the model as xin (the
// possibly corrupted input) with the VAE noise eps.
func (t *Trainer) train(xin, eps []float32, rows int) (Metrics, error) {
	t.net.zeroGrad()
	out := t.forward(xin, eps, rows)
	tm := t.terms(t.xb, out, rows)
	m := t.metrics(tm)
	if !finite(m.Loss) {
		return m, t.diverged(fmt.Sprintf("the loss became %s (reconstruction %g, KL %g, penalty %g)",
			nonFinite(m.Loss), m.Recon, m.KL, m.Penalty))
	}
	t.backward(rows)
	m.GradNorm = nn.GradNorm(t.net.params)
	if !finite(m.GradNorm) {
		return m, t.diverged(fmt.Sprintf("the gradient became %s", nonFinite(m.GradNorm)))
	}
	m.Clipped = nn.ClipGlobalNorm(t.net.params, m.GradNorm, t.cfg.Clip)
	t.saveWeights()
	t.opt.Step(t.net.params)
	t.net.tie()
	if name, ok := t.weightsFinite(); !ok {
		return m, t.diverged(fmt.Sprintf("the update made weights of %s non-finite", name))
	}
	t.step++
	m.Step = t.step
	return m, nil
}

func (t *Trainer) metrics(tm terms) Metrics {
	m := Metrics{
		Step: t.step, Epoch: t.epoch, Recon: tm.recon, KL: tm.kl, KLPerDim: tm.klPerDim,
		Penalty: tm.penalty, LR: t.cfg.LR,
	}
	m.Loss = t.loss(tm)
	if t.cfg.Kind == "vae" {
		m.ELBO = -(tm.recon + tm.kl)
		if t.cfg.Output == "gaussian" {
			m.ELBO -= 0.5 * float64(t.cfg.Input) * kernel.Log(2*math.Pi*t.cfg.Variance())
		}
	}
	return m
}

// diverged undoes the last update (whose weights produced the non-finite
// value; the saved weights gave a finite loss) and explains what to do.
func (t *Trainer) diverged(what string) error {
	if t.backup != nil {
		t.restoreWeights()
		t.net.tie()
	}
	t.opt.Reset()
	hint := "lower the learning rate"
	if t.cfg.Clip == 0 {
		hint += " or enable gradient clipping"
	}
	return fmt.Errorf("model: step %d: %w: %s at learning rate %g; the model keeps its last finite weights — %s and continue, or reset",
		t.step+1, ErrDiverged, what, t.cfg.LR, hint)
}

func nonFinite(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return fmt.Sprintf("%v", v)
}

func (t *Trainer) saveWeights() {
	if t.backup == nil {
		t.backup = make([][]float32, len(t.net.params))
		for i, p := range t.net.params {
			t.backup[i] = make([]float32, len(p.Value))
		}
	}
	for i, p := range t.net.params {
		copy(t.backup[i], p.Value)
	}
}

func (t *Trainer) restoreWeights() {
	for i, p := range t.net.params {
		copy(p.Value, t.backup[i])
	}
}

// weightsFinite reports whether every weight is finite, else the name of
// the first parameter that is not.
func (t *Trainer) weightsFinite() (string, bool) {
	for _, p := range t.net.params {
		if !kernel.AllFinite(p.Value) {
			return p.Name, false
		}
	}
	return "", true
}

// checkFinite reports the first NaN or infinite value of x (rows of dim).
func checkFinite(what string, x []float32, dim int) error {
	for i, v := range x {
		if v-v != 0 {
			return fmt.Errorf("model: %s: row %d, feature %d is %v; inputs must be finite", what, i/dim, i%dim, v)
		}
	}
	return nil
}

// recoverTo converts a panic into an error returned by the calling method.
func recoverTo(err *error, op string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("model: %s: internal error: %v", op, r)
	}
}
