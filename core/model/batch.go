package model

import "fmt"

// Batch is one mini-batch with its randomness given instead of drawn, so
// that the same step can be run elsewhere and compared (the generated
// PyTorch code is checked this way) or replayed.
type Batch struct {
	X     []float32 // the examples (targets), rows × Input
	Input []float32 // DAE: the corrupted input x̃ fed to the encoder (nil: X itself)
	Eps   []float32 // VAE: the noise ε of z = μ + σ ⊙ ε, rows × Latent
}

// rows checks b against the configuration and returns its number of rows.
func (t *Trainer) rows(b Batch) (int, error) {
	d, L := t.cfg.Input, t.cfg.Latent
	if len(b.X) == 0 || len(b.X)%d != 0 {
		return 0, fmt.Errorf("model: batch of %d values is not a positive multiple of the input dimension %d", len(b.X), d)
	}
	rows := len(b.X) / d
	if b.Input != nil && len(b.Input) != len(b.X) {
		return 0, fmt.Errorf("model: batch input has %d values, the targets %d", len(b.Input), len(b.X))
	}
	if t.cfg.Kind == "vae" && len(b.Eps) != rows*L {
		return 0, fmt.Errorf("model: batch ε has %d values, want %d rows × %d latent dimensions", len(b.Eps), rows, L)
	}
	if err := checkFinite("batch", b.X, d); err != nil {
		return 0, err
	}
	if err := checkFinite("batch input", b.Input, d); err != nil {
		return 0, err
	}
	return rows, checkFinite("batch ε", b.Eps, max(L, 1))
}

// load copies b into the trainer's batch buffers and returns the encoder's
// input and ε.
func (t *Trainer) load(b Batch) (xin, eps []float32, rows int, err error) {
	if rows, err = t.rows(b); err != nil {
		return nil, nil, 0, err
	}
	t.xb = append(t.xb[:0], b.X...)
	xin = t.xb
	if b.Input != nil {
		t.xin = append(t.xin[:0], b.Input...)
		xin = t.xin
	}
	if t.cfg.Kind == "vae" {
		t.eps = append(t.eps[:0], b.Eps...)
		eps = t.eps
	}
	return xin, eps, rows, nil
}

// EvaluateBatch returns the metrics of the current weights on b, without
// training: the objective's terms as Step measures them, with b's ε and
// corrupted input instead of fresh draws.
func (t *Trainer) EvaluateBatch(b Batch) (m Metrics, err error) {
	defer recoverTo(&err, "evaluate batch")
	xin, eps, rows, err := t.load(b)
	if err != nil {
		return m, err
	}
	out := t.forward(xin, eps, rows)
	m = t.metrics(t.terms(t.xb, out, rows))
	if !finite(m.Loss) {
		return m, fmt.Errorf("model: evaluate batch: the loss is %s: %w", nonFinite(m.Loss), ErrDiverged)
	}
	return m, nil
}

// StepBatch trains one step on b, exactly as Step does on the batch it
// draws, and returns the metrics measured before the update.
func (t *Trainer) StepBatch(b Batch) (m Metrics, err error) {
	defer recoverTo(&err, "step batch")
	xin, eps, rows, err := t.load(b)
	if err != nil {
		return m, err
	}
	return t.train(xin, eps, rows)
}
