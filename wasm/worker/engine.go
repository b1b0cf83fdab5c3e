package worker

import (
	"encoding/json"
	"errors"
	"fmt"

	"latentlab/core/data"
	"latentlab/core/infer"
	"latentlab/core/kernel"
	"latentlab/core/model"
	"latentlab/core/modelfile"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// Engine is the Backend of engine.wasm: core/model trains, core/data loads
// and generates datasets, core/modelfile reads and writes model files.
type Engine struct{}

// EngineVersion names this engine build in the "ready" reply.
const EngineVersion = "latentlab-engine/1 (core/model float32)"

var _ Backend = Engine{}

// Version implements Backend: EngineVersion and the kernels of the build
// ("wasm SIMD128 kernels" in engine.wasm, "scalar kernels" in engine-scalar.wasm).
func (Engine) Version() string { return EngineVersion + " " + kernel.Build() + " kernels" }

// Float implements Backend: core/model computes in float32.
func (Engine) Float() string { return "float32" }

// NewTrainer implements Backend.
func (Engine) NewTrainer(cfg spec.Config, train *Dataset) (Trainer, error) {
	if train == nil || train.N == 0 {
		return nil, errors.New("no training data")
	}
	t, err := model.New(cfg, train.X[:train.N*train.Dim])
	if err != nil {
		return nil, err
	}
	return newEngineTrainer(t, train, 0), nil
}

// FromNetwork implements Backend. Without training data the model can only be
// inspected (encode, decode, grids…), not trained.
func (Engine) FromNetwork(net infer.Network, cfg spec.Config, step int, train *Dataset) (Trainer, error) {
	if err := net.Check(); err != nil {
		return nil, err
	}
	if train == nil || train.N == 0 {
		return &frozen{net: net.Clone(), cfg: cfg, step: step}, nil
	}
	t, err := model.FromNetwork(cfg, net, train.X[:train.N*train.Dim])
	if err != nil {
		return nil, err
	}
	return newEngineTrainer(t, train, step), nil
}

// engineTrainer adapts a core/model Trainer. base offsets the step count of a
// model that continues from a file or a restore.
type engineTrainer struct {
	t     *model.Trainer
	ckpt  model.Weights // the divergence policy's checkpoint (checkpointer)
	train *Dataset
	base  int
}

func newEngineTrainer(t *model.Trainer, train *Dataset, base int) *engineTrainer {
	return &engineTrainer{t: t, train: train, base: base}
}

func (e *engineTrainer) Step() (protocol.StepMetrics, error) {
	m, err := e.t.Step()
	return protocol.StepMetrics{Step: e.base + m.Step, Loss: m.Loss, Recon: m.Recon, KL: m.KL,
		KLPerDim: m.KLPerDim, Penalty: m.Penalty, ELBO: m.ELBO}, err
}

func (e *engineTrainer) Eval(x []float32, n int) (protocol.EvalMetrics, error) {
	m, err := e.t.Evaluate(x)
	if err != nil {
		return protocol.EvalMetrics{}, err
	}
	return protocol.EvalMetrics{Step: e.Steps(), N: n, Loss: m.Loss, Recon: m.Recon, KL: m.KL,
		Penalty: m.Penalty, ELBO: m.ELBO}, nil
}

func (e *engineTrainer) Set(b protocol.SetBody) (protocol.SetReply, error) {
	c := e.t.Config()
	if b.Noise != nil || b.Mask != nil || b.Salt != nil {
		noise, mask, salt := c.NoiseStd, c.MaskProb, c.SaltProb
		for _, f := range []struct {
			from *float64
			to   *float64
		}{{b.Noise, &noise}, {b.Mask, &mask}, {b.Salt, &salt}} {
			if f.from != nil {
				*f.to = *f.from
			}
		}
		if c.Kind != spec.DAE {
			return protocol.SetReply{}, fmt.Errorf("a %s has no corruption to set (only a dae)", c.Kind)
		}
		if err := e.t.SetCorruption(noise, mask, salt); err != nil {
			return protocol.SetReply{}, err
		}
	}
	if b.LR != nil {
		if err := e.t.SetLR(*b.LR); err != nil {
			return protocol.SetReply{}, err
		}
	}
	if b.Beta != nil {
		if err := e.t.SetBeta(*b.Beta); err != nil {
			return protocol.SetReply{}, err
		}
	}
	if b.Lambda != nil {
		if err := e.t.SetLambda(*b.Lambda); err != nil {
			return protocol.SetReply{}, err
		}
	}
	c = e.t.Config()
	return protocol.SetReply{LR: c.LR, Beta: c.Beta, Lambda: c.Lambda, Noise: c.NoiseStd, Mask: c.MaskProb, Salt: c.SaltProb}, nil
}

func (e *engineTrainer) Network() infer.Network { return e.t.Snapshot() }

// NetworkInto implements networkInto.
func (e *engineTrainer) NetworkInto(dst *infer.Network) { e.t.SnapshotInto(dst) }

// Keep, Kept and Finite implement checkpointer: a raw copy of the weights
// into one reused buffer (a Snapshot transposes and allocates 1.6 MB for
// R1, ~a fifth of a step under js/wasm).
func (e *engineTrainer) Keep()               { e.t.CopyWeights(&e.ckpt) }
func (e *engineTrainer) Kept() infer.Network { return e.t.NetworkOf(&e.ckpt) }
func (e *engineTrainer) Finite() bool        { return e.t.WeightsFinite() }

func (e *engineTrainer) Restore(net infer.Network, step int) error {
	t, err := model.FromNetwork(e.t.Config(), net, e.train.X[:e.train.N*e.train.Dim])
	if err != nil {
		return err
	}
	e.t, e.base = t, step
	return nil
}

func (e *engineTrainer) Params() int { return e.t.NumParams() }
func (e *engineTrainer) Steps() int  { return e.base + e.t.Steps() }

// frozen is a loaded model without training data: it can be inspected but
// not trained.
type frozen struct {
	net  infer.Network
	cfg  spec.Config
	step int
}

var errFrozen = errors.New("this model was loaded without a dataset: load it with data to train or evaluate it")

func (f *frozen) Step() (protocol.StepMetrics, error) { return protocol.StepMetrics{}, errFrozen }
func (f *frozen) Eval([]float32, int) (protocol.EvalMetrics, error) {
	return protocol.EvalMetrics{}, errFrozen
}
func (f *frozen) Set(protocol.SetBody) (protocol.SetReply, error) {
	return protocol.SetReply{}, errFrozen
}
func (f *frozen) Network() infer.Network { return f.net.Clone() }
func (f *frozen) Restore(net infer.Network, step int) error {
	f.net, f.step = net.Clone(), step
	return nil
}
func (f *frozen) Params() int { return spec.ConfigOf(&f.net, f.cfg).NumParams() }
func (f *frozen) Steps() int  { return f.step }

// Toy implements Backend.
func (Engine) Toy(name string, n int, noise float64, seed uint64) (*Dataset, error) {
	s, err := data.Toy(name, n, noise, seed)
	if err != nil {
		return nil, err
	}
	return fromSet(s), nil
}

// DecodeMNIST implements Backend.
func (Engine) DecodeMNIST(b []byte) (*Dataset, error) {
	s, err := data.DecodeMNISTBytes(b)
	if err != nil {
		return nil, err
	}
	return fromSet(s), nil
}

func fromSet(s *data.Set) *Dataset {
	return &Dataset{X: s.X, N: s.N, Dim: s.Dim, Labels: s.Labels, Width: s.Cols, Height: s.Rows}
}

// fileConfig is the configuration stored in model files written by the
// worker: core/model's Config (what core/cmd/pretrain writes too) plus the
// dataset it was trained on.
type fileConfig struct {
	spec.Config
	Data *protocol.DataConfig `json:"data,omitempty"`
}

// SaveModel implements Backend.
func (Engine) SaveModel(net infer.Network, cfg protocol.CreateBody, step int, meta map[string]string) ([]byte, error) {
	fc := fileConfig{Config: cfg.Model, Data: &cfg.Data}
	if cfg.Data.Source == "" {
		fc.Data = nil
	}
	cj, err := json.Marshal(fc)
	if err != nil {
		return nil, err
	}
	return modelfile.Marshal(&modelfile.File{Config: cj, Net: net, Step: step, Meta: meta})
}

// LoadModel implements Backend. A file whose config is a core/model Config
// (optionally with "data") yields it; any other config is ignored.
func (Engine) LoadModel(b []byte) (infer.Network, *protocol.CreateBody, int, error) {
	f, err := modelfile.Unmarshal(b)
	if err != nil {
		return infer.Network{}, nil, 0, err
	}
	var cfg *protocol.CreateBody
	var fc fileConfig
	if len(f.Config) > 0 && json.Unmarshal(f.Config, &fc) == nil && fc.Kind == f.Net.Kind {
		cfg = &protocol.CreateBody{Model: fc.Config}
		if fc.Data != nil {
			cfg.Data = *fc.Data
		}
	}
	if f.Step < 0 {
		return infer.Network{}, nil, 0, fmt.Errorf("model file has step %d", f.Step)
	}
	return f.Net, cfg, f.Step, nil
}
