package worker

import (
	"latentlab/core/infer"
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
}

func (w *Worker) create(m protocol.Message, _ []float32) (any, []float32, error) {
	var b protocol.CreateBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	train, test, data, err := w.loadData(b.Data)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := withDefaults(b.Model, train.Dim, data.Source)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Batch > train.N {
		cfg.Batch = train.N
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
