package worker

import (
	"fmt"

	"latentlab/core/torchio"
	"latentlab/wasm/protocol"
)

// exportWeights answers "export_weights": the slot's model as safetensors
// named as its generated PyTorch code, and its config as a JSON sidecar.
func (w *Worker) exportWeights(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	weights, sidecar, err := torchio.Export(s.cfg.Model, s.tr.Network(), s.tr.Steps())
	if err != nil {
		return nil, nil, err
	}
	return &protocol.WeightsFileReply{Weights: len(weights), Sidecar: len(sidecar)}, protocol.PackTwo(weights, sidecar), nil
}

// importWeights answers "import_weights": it checks a safetensors file
// (names, dtypes, shapes and values against the config from the sidecar or
// the file's metadata) and installs the model only when every check has
// passed, so a refused file leaves the slot's current model untouched.
func (w *Worker) importWeights(m protocol.Message, f []float32) (any, []float32, error) {
	var b protocol.ImportWeightsBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	weights, sidecar, err := protocol.UnpackTwo(f, b.Weights, b.Sidecar)
	if err != nil {
		return nil, nil, err
	}
	if b.Data != nil { // an own data set's points follow the two files
		b.Data.Points = f[min((b.Weights+3)/4+(b.Sidecar+3)/4, len(f)):]
	}
	imp, err := torchio.Import(weights, sidecar)
	if err != nil {
		return nil, nil, err
	}
	fileCfg := &protocol.CreateBody{Model: imp.Config}
	s, err := w.slotFromNetwork(imp.Net, fileCfg, imp.Step, protocol.LoadBody{Data: b.Data, Kind: b.Kind})
	if err != nil {
		return nil, nil, fmt.Errorf("import weights: %w", err)
	}
	w.slots[m.Slot] = s
	return s.created(), nil, nil
}
