package worker

import (
	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// slot is one named model with its data.
type slot struct {
	cfg         protocol.CreateBody // effective configuration
	tr          Trainer
	train, test *Dataset // test may be nil (then evaluations are skipped)
	width       int      // image shape of the inputs (0 for points)
	height      int

	netCache infer.Network // the network at netStep, for analysis requests
	netStep  int
	netOK    bool

	first     float64 // the watched loss of the first step trained here (divergence policy)
	firstStep int     // its step (0: none yet)
}

func (w *Worker) create(m protocol.Message, f []float32) (any, []float32, error) {
	var b protocol.CreateBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	b.Data.Points = f // an own data set's points
	train, test, data, err := w.loadData(b.Data)
	if err != nil {
		return nil, nil, err
	}
	cfg := b.Model.WithDefaults(dataShape(train, data))
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	tr, err := w.backend.NewTrainer(cfg, train)
	if err != nil {
		return nil, nil, err
	}
	s := &slot{cfg: protocol.CreateBody{Model: cfg, Data: data}, tr: tr, train: train, test: test,
		width: train.Width, height: train.Height}
	w.slots[m.Slot] = s
	return s.created(), nil, nil
}

// dataShape is what spec.Config.WithDefaults needs to know of a dataset.
func dataShape(train *Dataset, d protocol.DataConfig) spec.Data {
	sd := spec.Data{Binary: d.Source == "mnist"}
	if train != nil {
		sd.Dim, sd.N = train.Dim, train.N
	}
	return sd
}

func (s *slot) created() *protocol.CreatedBody {
	net := s.tr.Network()
	c := &protocol.CreatedBody{Kind: net.Kind, Params: s.tr.Params(), Input: net.Input, Latent: net.Latent,
		Width: s.width, Height: s.height, Step: s.tr.Steps()}
	if s.train != nil {
		c.Train = s.train.N
	}
	if s.test != nil {
		c.Test = s.test.N
	}
	cfg := s.cfg
	c.Config = &cfg
	return c
}
