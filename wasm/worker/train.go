package worker

import (
	"errors"
	"fmt"
	"math"
	"time"

	"latentlab/core/infer"
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

// checkpointEvery is how often (in steps) a train chunk refreshes the weights
// it falls back to when the loss diverges.
const checkpointEvery = 25

func (w *Worker) train(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
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
	start := time.Now()
	s.netOK = false
	ckpt, ckptStep := s.tr.Network(), s.tr.Steps()
	out := &protocol.TrainedBody{Metrics: make([]protocol.StepMetrics, 0, b.Steps)}
	for i := 0; i < b.Steps; i++ {
		met, err := s.tr.Step()
		kept := err != nil // a trainer that reports divergence may have kept its last finite weights
		if err == nil && !(met.Loss-met.Loss == 0 && math.Abs(met.Loss) < 1e30) {
			err = fmt.Errorf("loss is %v at step %d", met.Loss, met.Step)
		}
		if err != nil {
			// Keep the trainer's weights (and step count) if it says it undid
			// the step and they are finite; otherwise go back to the checkpoint.
			if n := s.tr.Network(); !kept || !finiteNet(&n) {
				if rerr := s.tr.Restore(ckpt, ckptStep); rerr != nil {
					return nil, nil, fmt.Errorf("%v; restoring the weights failed too: %v", err, rerr)
				}
			}
			ckptStep = s.tr.Steps()
			out.Restored = ckptStep
			out.Diverged = fmt.Sprintf("training diverged: %v (learning rate %g may be too large); weights restored to step %d",
				err, s.cfg.Model.LR, ckptStep)
			break
		}
		out.Metrics = append(out.Metrics, met)
		last := i == b.Steps-1 || (b.MaxMs > 0 && float64(time.Since(start).Microseconds())/1000 >= b.MaxMs)
		if s.test != nil && s.test.N > 0 && ((b.EvalEvery > 0 && met.Step%b.EvalEvery == 0) || (last && b.EvalEnd)) {
			n := b.EvalN
			if n <= 0 {
				n = 500
			}
			n = min(n, s.test.N)
			ev, err := s.tr.Eval(s.test.X[:n*s.test.Dim], n)
			if err != nil {
				return nil, nil, fmt.Errorf("evaluate at step %d: %w", met.Step, err)
			}
			out.Eval = append(out.Eval, ev)
		}
		if last {
			break
		}
		if met.Step-ckptStep >= checkpointEvery {
			if n := s.tr.Network(); finiteNet(&n) {
				ckpt, ckptStep = n, met.Step
			}
		}
	}
	out.Step = s.tr.Steps()
	out.Millis = float64(time.Since(start).Microseconds()) / 1000
	return out, nil, nil
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
	for name, p := range map[string]*float64{"lr": b.LR, "beta": b.Beta, "lambda": b.Lambda, "noise": b.Noise} {
		if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0) || *p < 0) {
			return nil, nil, fmt.Errorf("%s = %g must be finite and ≥ 0", name, *p)
		}
	}
	if b.LR != nil && (*b.LR <= 0 || *b.LR > 10) {
		return nil, nil, fmt.Errorf("learning rate %g out of range (0, 10]", *b.LR)
	}
	r, err := s.tr.Set(b)
	if err != nil {
		return nil, nil, err
	}
	s.cfg.Model.LR = r.LR
	s.cfg.Model.Lambda = r.Lambda
	s.cfg.Model.Noise = r.Noise
	beta := r.Beta
	s.cfg.Model.Beta = &beta
	return &r, nil, nil
}
