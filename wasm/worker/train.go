package worker

import (
	"errors"
	"fmt"
	"math"
	"time"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

func finiteNet(n *infer.Network) bool {
	for _, m := range []infer.MLP{n.Encoder, n.Decoder} {
		for _, d := range m {
			for _, s := range [][]float32{d.W, d.B} {
				for _, v := range s {
					if v-v != 0 { // NaN or ±Inf
						return false
					}
				}
			}
		}
	}
	return true
}

// The divergence policy, in one place: a train chunk stops when a step's
// loss is not finite (core/model undoes that step itself) or when the loss
// explodes — above explodeFloor and explodeFactor times the first loss the
// model reported, explodeAfter steps or more after it. Gradient clipping
// can keep a wild learning rate finite but useless for thousands of steps,
// so "finite" alone is not enough. Either way the weights go back to the
// last checkpoint (refreshed every checkpointEvery sane steps) and the
// reply says why (TrainedBody.Diverged, Restored).
const (
	explodeFactor   = 20
	explodeFloor    = 1e4
	explodeAfter    = 2
	checkpointEvery = 25
)

// watched is the loss the policy watches: the objective, except that a
// VAE's KL counts once whatever β (−ELBO), so that raising β is not an
// explosion.
func watched(m protocol.StepMetrics) float64 {
	if m.KL != 0 || m.KLPerDim != nil {
		return m.Recon + m.KL
	}
	return m.Loss
}

// explosion returns why m is a divergence ("" when it is not) and records
// the reference loss of the slot's first step.
func (s *slot) explosion(m protocol.StepMetrics) string {
	l := watched(m)
	if l-l != 0 || math.Abs(l) >= 1e30 {
		return fmt.Sprintf("the loss is %v at step %d", l, m.Step)
	}
	if s.firstStep == 0 {
		s.first, s.firstStep = l, m.Step
		return ""
	}
	if m.Step-s.firstStep >= explodeAfter && l > explodeFloor && l > explodeFactor*s.first {
		return fmt.Sprintf("the loss exploded to %.3g at step %d, %.0f× its first value", l, m.Step, l/s.first)
	}
	return ""
}

// checkpointer is a Trainer that keeps a checkpoint of its weights more
// cheaply than Network does (in its own layout, in a reused buffer): Keep
// copies the current weights, Kept returns the last copy as a network,
// Finite reports whether the current weights are all finite.
type checkpointer interface {
	Keep()
	Kept() infer.Network
	Finite() bool
}

// chunk is one train request in progress.
type chunk struct {
	s        *slot
	body     protocol.TrainBody
	start    time.Time
	ckpt     infer.Network // the checkpoint, when the trainer is no checkpointer
	ckptStep int
	out      *protocol.TrainedBody
	yield    func() // between steps and before a held-out evaluation
}

// keep makes the current weights the checkpoint.
func (c *chunk) keep() {
	if k, ok := c.s.tr.(checkpointer); ok {
		k.Keep()
	} else {
		c.ckpt = c.s.tr.Network()
	}
	c.ckptStep = c.s.tr.Steps()
}

// kept returns the checkpoint.
func (c *chunk) kept() infer.Network {
	if k, ok := c.s.tr.(checkpointer); ok {
		return k.Kept()
	}
	return c.ckpt
}

// finite reports whether the current weights are all finite.
func (c *chunk) finite() bool {
	if k, ok := c.s.tr.(checkpointer); ok {
		return k.Finite()
	}
	n := c.s.tr.Network()
	return finiteNet(&n)
}

func (w *Worker) train(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	if s.deferred {
		if err := w.fetchDeferred(s); err != nil {
			return nil, nil, err
		}
	}
	if s.train == nil {
		return nil, nil, errors.New("this model was loaded without a dataset: load it with data to train")
	}
	b := protocol.TrainBody{Steps: 1}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if b.Steps < 1 || b.Steps > maxSteps {
		return nil, nil, fmt.Errorf("steps = %d out of range 1…%d", b.Steps, maxSteps)
	}
	if b.From > 0 && b.From != s.tr.Steps() {
		return &protocol.TrainedBody{Step: s.tr.Steps(), Metrics: []protocol.StepMetrics{}}, nil, nil
	}
	s.netOK = false
	c := &chunk{s: s, body: b, start: time.Now(), out: &protocol.TrainedBody{Metrics: make([]protocol.StepMetrics, 0, b.Steps)}, yield: w.yield}
	c.keep()
	for i := 0; i < b.Steps; i++ {
		if i > 0 {
			c.yield()
		}
		more, err := c.step(i == b.Steps-1)
		if err != nil {
			return nil, nil, err
		}
		if !more {
			break
		}
	}
	c.out.Step = s.tr.Steps()
	c.out.Millis = float64(time.Since(c.start).Microseconds()) / 1000
	return c.out, nil, nil
}

// step takes one step of the chunk and reports whether to take another.
func (c *chunk) step(lastAsked bool) (more bool, err error) {
	s := c.s
	met, err := s.tr.Step()
	kept := err != nil // a trainer that reports divergence may have kept its last finite weights
	reason := ""
	if err != nil {
		reason = err.Error()
	} else {
		reason = s.explosion(met)
		kept = false
	}
	if reason != "" {
		return false, c.diverged(reason, kept)
	}
	c.out.Metrics = append(c.out.Metrics, met)
	b := c.body
	last := lastAsked || (b.MaxMs > 0 && float64(time.Since(c.start).Microseconds())/1000 >= b.MaxMs)
	if s.test != nil && s.test.N > 0 && ((b.EvalEvery > 0 && met.Step%b.EvalEvery == 0) || (last && b.EvalEnd)) {
		n := b.EvalN
		if n <= 0 {
			n = 500
		}
		n = min(n, s.test.N)
		c.yield()
		t0 := time.Now()
		ev, err := s.tr.Eval(s.test.X[:n*s.test.Dim], n)
		if err != nil {
			return false, fmt.Errorf("evaluate at step %d: %w", met.Step, err)
		}
		c.out.Eval = append(c.out.Eval, ev)
		c.out.EvalMs += time.Since(t0).Seconds() * 1000
	}
	if last {
		return false, nil
	}
	if met.Step-c.ckptStep >= checkpointEvery && c.finite() {
		c.keep()
	}
	return true, nil
}

// diverged puts the weights back — the trainer's own last finite ones if it
// kept them, else the checkpoint — and says why in the reply.
func (c *chunk) diverged(reason string, kept bool) error {
	s := c.s
	if n := s.tr.Network(); !kept || !finiteNet(&n) {
		if err := s.tr.Restore(c.kept(), c.ckptStep); err != nil {
			return fmt.Errorf("%s; restoring the weights failed too: %v", reason, err)
		}
	}
	s.netOK = false
	c.out.Restored = s.tr.Steps()
	c.out.Diverged = fmt.Sprintf("training diverged: %s (learning rate %g may be too large); weights restored to step %d",
		reason, s.cfg.Model.LR, c.out.Restored)
	return nil
}

func (w *Worker) set(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.SetBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	for name, p := range map[string]*float64{"lr": b.LR, "beta": b.Beta, "lambda": b.Lambda, "noise": b.Noise, "mask": b.Mask, "salt": b.Salt} {
		if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0) || *p < 0) {
			return nil, nil, fmt.Errorf("%s = %g must be finite and ≥ 0", name, *p)
		}
	}
	if b.LR != nil {
		if err := spec.Check(s.cfg.Model.Kind, "lr", *b.LR); err != nil {
			return nil, nil, err
		}
	}
	r, err := s.tr.Set(b)
	if err != nil {
		return nil, nil, err
	}
	s.cfg.Model.LR, s.cfg.Model.Lambda, s.cfg.Model.NoiseStd, s.cfg.Model.Beta = r.LR, r.Lambda, r.Noise, r.Beta
	s.cfg.Model.MaskProb, s.cfg.Model.SaltProb = r.Mask, r.Salt
	return &r, nil, nil
}
