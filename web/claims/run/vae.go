package run

import (
	"errors"
	"fmt"

	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/vae"
)

// vaeTrainerUses are the vae-trainer parameters vaeTrainerConfig reads; a
// test compares them with the widget's parameter table, so a parameter
// added to the widget fails it until the mapping knows about it.
var vaeTrainerUses = []string{"dataset", "latent", "hidden", "beta", "lr", "batch", "seed", "dec_sigma"}

// vaeTrainerConfig is the create request the vae-trainer sends for v.
func vaeTrainerConfig(v params.Values) protocol.CreateBody {
	m, d := vae.TrainerConfig(v)
	return protocol.CreateBody{Model: m, Data: d}
}

// trainerEvalN is the trainer's held-out evaluation size; the engine
// pauses a diverging model itself (wasm/worker's divergence policy,
// reported in the train reply).
const (
	trainerEvalN = vae.TrainerEvalN
	klDimsDecay  = 0.9 // the KL bars: kl ← 0.9·kl + 0.1·(this step's KL)
	maxChunk     = 5000
)

// vaeTrainer runs the vae-trainer: create, train (in chunks, as the widget's
// lockstep driver does; the steps are the same whatever the chunking), then
// optionally change live parameters and train more.
func vaeTrainer(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	w := x.worker()
	slot := "vae:claim"
	if _, err := request(w, slot, protocol.Create, vaeTrainerConfig(v), nil); err != nil {
		return nil, nil, err
	}
	tr := &vaeRun{}
	if err := tr.train(w, slot, train); err != nil {
		return nil, nil, err
	}
	if main, err = tr.measure(w, slot); err != nil {
		return nil, nil, err
	}
	if then == nil {
		return main, nil, nil
	}
	set := protocol.SetBody{}
	for name, val := range then.Set {
		f := val.(float64)
		switch name {
		case "beta":
			set.Beta = &f
		case "lr":
			set.LR = &f

		default:
			return nil, nil, fmt.Errorf("vae-trainer: %s does not change live", name)
		}
	}
	if _, err := request(w, slot, protocol.Set, set, nil); err != nil {
		return nil, nil, err
	}
	if err := tr.train(w, slot, then.Train); err != nil {
		return nil, nil, err
	}
	after, err = tr.measure(w, slot)
	return main, after, err
}

// vaeRun accumulates what the trainer plots while it trains.
type vaeRun struct {
	kl, recon, nelbo []float64
	klDims           []float64
	diverged         bool
	last             protocol.EvalMetrics
	steps            int
	evaluated        bool
}

// train takes n steps unless training pauses itself (then diverged is set).
func (r *vaeRun) train(w handler, slot string, n int) error {
	for n > 0 && !r.diverged {
		k := min(n, maxChunk)
		n -= k
		reply, err := request(w, slot, protocol.Train, protocol.TrainBody{Steps: k, EvalEnd: n == 0, EvalN: trainerEvalN}, nil)
		if err != nil {
			return err
		}
		var body protocol.TrainedBody
		if err := reply.DecodeBody(&body); err != nil {
			return err
		}
		r.steps = body.Step
		for _, m := range body.Metrics {
			r.add(m)
		}
		if body.Diverged != "" { // the trainer pauses here, at the last step taken
			r.diverged = true
			if k := len(body.Metrics); k > 0 {
				r.steps = body.Metrics[k-1].Step
			}
		}
		if len(body.Eval) > 0 {
			r.last, r.evaluated = body.Eval[len(body.Eval)-1], true
		}
	}
	return nil
}

func (r *vaeRun) add(m protocol.StepMetrics) {
	r.kl = append(r.kl, m.KL)
	r.recon = append(r.recon, m.Recon)
	r.nelbo = append(r.nelbo, m.Recon+m.KL)
	if len(m.KLPerDim) > 0 {
		if len(r.klDims) != len(m.KLPerDim) {
			r.klDims = append([]float64(nil), m.KLPerDim...)
		}
		for j, v := range m.KLPerDim {
			r.klDims[j] = klDimsDecay*r.klDims[j] + (1-klDimsDecay)*v
		}
	}
}

// measure reads the end state: the last held-out evaluation (taken now if
// training paused before the last chunk's), the bars and the spread of the
// held-out reconstructions.
func (r *vaeRun) measure(w handler, slot string) (claims.Measured, error) {
	if !r.evaluated && !r.diverged {
		return nil, errors.New("vae-trainer: no held-out evaluation")
	}
	spread, err := reconSpread(w, slot)
	if err != nil {
		return nil, err
	}
	ev := r.last
	return claims.Measured{
		"nelbo": ev.Recon + ev.KL, "recon": ev.Recon, "kl": ev.KL,
		"kl_dims":  append([]float64{}, r.klDims...),
		"train_kl": append([]float64{}, r.kl...), "train_recon": append([]float64{}, r.recon...),
		"train_nelbo": append([]float64{}, r.nelbo...),
		"spread":      spread, "diverged": r.diverged, "steps": float64(r.steps),
	}, nil
}

// reconSpread is Σ Var(reconstruction) / Σ Var(input) over the held-out
// points the trainer reconstructs (up to trainerEvalN).
func reconSpread(w handler, slot string) (float64, error) {
	reply, f, err := requestF(w, slot, protocol.Reconstruct, protocol.EncodeBody{Split: "test", Count: trainerEvalN}, nil)
	if err != nil {
		return 0, err
	}
	var body protocol.ReconstructReply
	if err := reply.DecodeBody(&body); err != nil {
		return 0, err
	}
	n, d := body.N, body.Dim
	if n < 2 || len(f) < 2*n*d {
		return 0, fmt.Errorf("reconstruct: %d values for %d×%d", len(f), n, d)
	}
	in, rec := f[:n*d], f[n*d:2*n*d]
	return totalVar(rec, n, d) / totalVar(in, n, d), nil
}

// totalVar is the sum over columns of the variance of n rows of d values.
func totalVar(x []float32, n, d int) float64 {
	s := 0.0
	for j := 0; j < d; j++ {
		mean := 0.0
		for i := 0; i < n; i++ {
			mean += float64(x[i*d+j])
		}
		mean /= float64(n)
		for i := 0; i < n; i++ {
			e := float64(x[i*d+j]) - mean
			s += e * e
		}
	}
	return s / float64(n-1)
}
