package worker

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"latentlab/core/model"
	"latentlab/core/nn"
	"latentlab/wasm/protocol"
)

// Tracer is a Trainer that can follow one example through one forward and
// backward pass (core/model's Trainer.Trace). The engine's trainers are
// Tracers; a backend's may not be.
type Tracer interface {
	Trace(in model.TraceInput) (model.Trace, error)
}

// Trace implements Tracer with the live trainer: its current weights.
func (e *engineTrainer) Trace(in model.TraceInput) (model.Trace, error) { return e.t.Trace(in) }

// Trace implements Tracer for a model loaded without data: a trainer built
// from its weights over the example itself.
func (f *frozen) Trace(in model.TraceInput) (model.Trace, error) {
	t, err := model.FromNetwork(f.cfg, f.net, in.X)
	if err != nil {
		return model.Trace{}, err
	}
	return t.Trace(in)
}

func (w *Worker) trace(m protocol.Message, f []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	tracer, ok := s.tr.(Tracer)
	if !ok {
		return nil, nil, errors.New("this engine cannot trace a step")
	}
	var b protocol.TraceBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	x, label, err := s.traceInput(b, f)
	if err != nil {
		return nil, nil, err
	}
	in := model.TraceInput{X: x, Eps: b.Eps, LR: b.LR}
	if net := s.net(); net.IsVAE() && len(in.Eps) == 0 {
		rng := rand.New(rand.NewPCG(b.Seed, 0xe95))
		in.Eps = make([]float32, net.Latent)
		for i := range in.Eps {
			in.Eps[i] = float32(nn.NormFloat64(rng))
		}
	}
	t, err := tracer.Trace(in)
	if err != nil {
		return nil, nil, err
	}
	r, out := traceReply(t)
	r.Step, r.Label, r.Width, r.Height = s.tr.Steps(), label, s.width, s.height
	return r, out, nil
}

// traceInput returns the example a trace follows and its label (−1: none).
func (s *slot) traceInput(b protocol.TraceBody, f []float32) ([]float32, int, error) {
	if len(f) > 0 {
		return f, -1, nil
	}
	d, err := s.split(b.Split)
	if err != nil {
		return nil, 0, err
	}
	if b.Index < 0 || b.Index >= d.N {
		return nil, 0, fmt.Errorf("index %d outside the %d points of the set", b.Index, d.N)
	}
	label := -1
	if d.Labels != nil {
		label = d.Labels[b.Index]
	}
	return d.Row(b.Index), label, nil
}

// traceReply splits a trace into the reply's body and its f32 payload.
func traceReply(t model.Trace) (*protocol.TraceReply, []float32) {
	r := &protocol.TraceReply{
		Kind: t.Kind, Output: t.Output, Input: len(t.X), Latent: max(len(t.Z), len(t.Code)),
		Mu: t.Mu, LogVar: t.LogVar, Sigma: t.Sigma, Eps: t.Eps, Z: t.Z, KLPerDim: t.KLPerDim, KL: t.KL, Beta: t.Beta,
		Code: t.Code, Penalty: t.Penalty, PenaltySum: t.PenaltySum, Lambda: t.Lambda,
		ReconTerm: t.ReconTerm, Loss: t.Loss, NegELBO: t.NegELBO,
		GradZ: t.GradZ, GradMu: t.GradMu, GradLogVar: t.GradLogVar, LR: t.LR, LossAfter: t.LossAfter,
		Jacobian: t.Jacobian != nil,
	}
	for _, l := range t.Layers {
		r.Layers = append(r.Layers, protocol.LayerGrad{Name: l.Name, In: l.In, Out: l.Out, WNorm: l.WNorm, BNorm: l.BNorm})
	}
	out := make([]float32, 0, r.TraceLen())
	out = append(append(out, t.X...), t.Recon...)
	for _, v := range t.ReconPixel {
		out = append(out, float32(v))
	}
	for _, h := range t.Hidden {
		r.Hidden = append(r.Hidden, len(h))
		out = append(out, h...)
	}
	for _, h := range t.DecHidden {
		r.DecHidden = append(r.DecHidden, len(h))
		out = append(out, h...)
	}
	for _, v := range t.Jacobian {
		out = append(out, float32(v))
	}
	return r, out
}
