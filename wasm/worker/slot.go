package worker

import (
	"errors"

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

	// deferred: the training digits are fetched at the first train request
	// (DataConfig.DeferTrain); until then train is nil.
	deferred bool

	netCache infer.Network // the network at netStep, for analysis requests
	netStep  int
	netOK    bool
	dec      *infer.Compiled // netCache's decoder compiled for decoding (nil: not yet)

	first     float64 // the watched loss of the first step trained here (divergence policy)
	firstStep int     // its step (0: none yet)
}

func (w *Worker) create(m protocol.Message, f []float32) (any, []float32, error) {
	var b protocol.CreateBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	b.Data.Points = f // an own data set's points
	if b.Data.HeldOutOnly {
		return nil, nil, errors.New("a model to train needs its training data: create it without held_out_only")
	}
	if b.Data.Source == "mnist" && b.Data.DeferTrain && b.Data.N == 0 && w.mnist[0] == nil {
		return w.createDeferred(m, b)
	}
	b.Data.DeferTrain = false
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

// createDeferred builds a model of the MNIST set whose training digits are
// fetched at its first train request (fetchDeferred): the trainer works on
// the held-out digits until then, which only show it (no step is taken).
func (w *Worker) createDeferred(m protocol.Message, b protocol.CreateBody) (any, []float32, error) {
	heldOut := b.Data
	heldOut.DeferTrain, heldOut.HeldOutOnly = false, true
	_, test, data, err := w.loadData(heldOut)
	if err != nil {
		return nil, nil, err
	}
	data.HeldOutOnly = false
	cfg := b.Model.WithDefaults(spec.Data{Dim: test.Dim, Binary: true})
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	tr, err := w.backend.NewTrainer(cfg, test)
	if err != nil {
		return nil, nil, err
	}
	s := &slot{cfg: protocol.CreateBody{Model: cfg, Data: data}, tr: tr, test: test,
		width: test.Width, height: test.Height, deferred: true}
	w.slots[m.Slot] = s
	return s.created(), nil, nil
}

// fetchDeferred fetches a deferred slot's training digits and moves its
// current weights, step and settings onto a trainer of them: the same
// trainer create would have built (its random state has only drawn the
// initial weights so far).
func (w *Worker) fetchDeferred(s *slot) error {
	d := s.cfg.Data
	d.DeferTrain = false
	train, test, data, err := w.loadData(d)
	if err != nil {
		return err
	}
	tr, err := w.backend.FromNetwork(s.tr.Network(), s.cfg.Model, s.tr.Steps(), train)
	if err != nil {
		return err
	}
	s.tr, s.train, s.test, s.cfg.Data, s.deferred = tr, train, test, data, false
	return nil
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
