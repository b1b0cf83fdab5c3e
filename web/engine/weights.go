package engine

import "latentlab/wasm/protocol"

// WeightsFile is a model as files PyTorch reads: safetensors whose tensors
// are named and shaped as the state_dict of the module the code panel
// generates for its config (core/codegen), and that config as JSON.
type WeightsFile struct {
	Weights []byte // .safetensors
	Sidecar []byte // .json
}

// ExportWeights returns the model as a WeightsFile.
func (m *Model) ExportWeights(done func(WeightsFile, error)) {
	var b protocol.WeightsFileReply
	m.send(protocol.ExportWeights, nil, nil, &b, func(f []float32, err error) {
		if err != nil {
			done(WeightsFile{}, err)
			return
		}
		w, s, err := protocol.UnpackTwo(f, b.Weights, b.Sidecar)
		done(WeightsFile{Weights: w, Sidecar: s}, err)
	})
}

// ImportWeights replaces the slot's model by the one in file (its config
// from the sidecar when there is one, else from the safetensors metadata),
// training on data when it is not nil; a model of another kind than kind
// (when not empty) is refused. Like Load, it starts a new life of the
// model, and a refused file leaves the slot's current model as it was; the
// error then names the tensor at fault.
func (m *Model) ImportWeights(file WeightsFile, data *Data, kind string, done func(Info, error)) {
	m.recover()
	m.renew()
	var b protocol.CreatedBody
	body := &protocol.ImportWeightsBody{Weights: len(file.Weights), Sidecar: len(file.Sidecar), Data: data, Kind: kind}
	f := protocol.PackTwo(file.Weights, file.Sidecar)
	if data != nil { // an own data set's points, after the two files
		f = append(f, data.Points...)
	}
	m.send(protocol.ImportWeights, body, f, &b, func(_ []float32, err error) {
		done(infoOf(b), err)
	})
}
