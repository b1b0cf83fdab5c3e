package worker

import (
	"errors"
	"fmt"
	"strings"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

func (w *Worker) snapshot(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	body, f := protocol.SnapshotOf(s.net())
	body.Step = s.tr.Steps()
	body.Width, body.Height = s.width, s.height
	return &body, f, nil
}

func (w *Worker) save(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.SaveBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	meta := map[string]string{}
	for k, v := range b.Meta {
		meta[k] = v
	}
	if b.Name != "" {
		meta["name"] = b.Name
	}
	bs, err := w.backend.SaveModel(*s.net(), s.cfg, s.tr.Steps(), meta)
	if err != nil {
		return nil, nil, err
	}
	return &protocol.BytesReply{Bytes: len(bs)}, protocol.PackBytes(bs), nil
}

// load builds a slot from a model file and installs it only when every
// check has passed: a failed load leaves the slot's current model untouched.
func (w *Worker) load(m protocol.Message, f []float32) (any, []float32, error) {
	var b protocol.LoadBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if b.Data != nil { // an own data set's points follow the file's bytes
		b.Data.Points = f[min((b.Bytes+3)/4, len(f)):]
	}
	what := "model file"
	if b.Name != "" {
		what = fmt.Sprintf("model %q", b.Name)
	}
	bs, err := w.modelBytes(b, f)
	if err != nil {
		return nil, nil, err
	}
	s, err := w.slotFromFile(bs, b)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", what, err)
	}
	w.slots[m.Slot] = s
	return s.created(), nil, nil
}

// modelBytes returns the model file a load request carries or names.
func (w *Worker) modelBytes(b protocol.LoadBody, f []float32) ([]byte, error) {
	switch {
	case b.Bytes > 0:
		return protocol.ViewBytes(f, b.Bytes) // the request's payload, not reused
	case b.Name != "":
		if !protocol.ValidModelName(b.Name) {
			return nil, fmt.Errorf("bad model name %q", b.Name)
		}
		bs, err := w.fetch(fmt.Sprintf(ModelPathFmt, b.Name))
		if err != nil {
			return nil, fmt.Errorf("load model %q: %w", b.Name, err)
		}
		return bs, nil
	default:
		return nil, errors.New("load needs model bytes or a model name")
	}
}

// slotFromFile decodes a model file into a new slot (not yet installed),
// with the request's dataset when it names one.
func (w *Worker) slotFromFile(bs []byte, b protocol.LoadBody) (*slot, error) {
	net, fileCfg, step, err := w.backend.LoadModel(bs)
	if err != nil {
		return nil, err
	}
	return w.slotFromNetwork(net, fileCfg, step, b)
}

// slotFromNetwork builds a new slot (not yet installed) around a network
// read from a file, with the config the file carries (nil: none) and the
// request's dataset and kind.
func (w *Worker) slotFromNetwork(net infer.Network, fileCfg *protocol.CreateBody, step int, b protocol.LoadBody) (*slot, error) {
	var err error
	if b.Kind != "" && net.Kind != b.Kind {
		return nil, fmt.Errorf("the file holds a %s model, not a %s", strings.ToUpper(net.Kind), strings.ToUpper(b.Kind))
	}
	var cfg protocol.CreateBody
	if fileCfg != nil {
		cfg = *fileCfg
	}
	if fileCfg == nil {
		cfg.Model = spec.Default(net.Kind)
	}
	cfg.Model = spec.ConfigOf(&net, cfg.Model)
	s := &slot{cfg: cfg}
	if net.Input == 784 {
		s.width, s.height = 28, 28
	}
	if b.Data != nil {
		train, test, data, err := w.loadData(*b.Data)
		if err != nil {
			return nil, err
		}
		shape := train
		if shape == nil {
			shape = test // held out only
		}
		if shape.Dim != net.Input {
			return nil, fmt.Errorf("model takes %d inputs but dataset %q has %d", net.Input, data.Source, shape.Dim)
		}
		s.train, s.test, s.cfg.Data = train, test, data
		s.width, s.height = shape.Width, shape.Height
	}
	s.cfg.Model = s.cfg.Model.WithDefaults(dataShape(s.train, s.cfg.Data))
	if err := s.cfg.Model.Validate(); err != nil {
		return nil, fmt.Errorf("model file config: %w", err)
	}
	if s.tr, err = w.backend.FromNetwork(net, s.cfg.Model, step, s.train); err != nil {
		return nil, err
	}
	return s, nil
}

func (w *Worker) dispose(m protocol.Message, _ []float32) (any, []float32, error) {
	delete(w.slots, m.Slot)
	return nil, nil, nil
}
