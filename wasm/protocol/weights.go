package protocol

import "fmt"

// WeightsFileReply is the reply to "export_weights": the slot's model as a
// safetensors file whose tensors are named and shaped as the state_dict of
// the PyTorch module generated for its config, and the config as a JSON
// sidecar. f32: PackBytes(weights) then PackBytes(sidecar) (see
// PackTwo).
type WeightsFileReply struct {
	Weights int `json:"weights"` // safetensors bytes
	Sidecar int `json:"sidecar"` // JSON config bytes
}

// ImportWeightsBody is the body of "import_weights": a safetensors file and,
// optionally (Sidecar 0), its JSON config sidecar, packed into f32 by
// PackTwo. The config comes from the sidecar, else from the file's own
// metadata. Data and Kind are as in LoadBody (an own data set's points
// follow the two files in the payload). An import that fails for any
// reason leaves the slot's current model as it was; the reply is a
// CreatedBody.
type ImportWeightsBody struct {
	Weights int         `json:"weights"`
	Sidecar int         `json:"sidecar,omitempty"`
	Data    *DataConfig `json:"data,omitempty"`
	Kind    string      `json:"kind,omitempty"`
}

// PackTwo packs two byte strings into one f32 payload: PackBytes(a) then
// PackBytes(b). UnpackTwo(f, len(a), len(b)) splits it again.
func PackTwo(a, b []byte) []float32 {
	return append(PackBytes(a), PackBytes(b)...)
}

// UnpackTwo is the inverse of PackTwo.
func UnpackTwo(f []float32, na, nb int) (a, b []byte, err error) {
	if na < 0 || nb < 0 {
		return nil, nil, fmt.Errorf("protocol: negative byte counts %d, %d", na, nb)
	}
	if na > 4*len(f) { // before (na+3)/4, which overflows for a corrupt na near MaxInt
		return nil, nil, fmt.Errorf("protocol: %d bytes do not fit in %d float words", na, len(f))
	}
	wa := (na + 3) / 4
	if wa > len(f) {
		return nil, nil, fmt.Errorf("protocol: %d bytes do not fit in %d float words", na, len(f))
	}
	if a, err = UnpackBytes(f[:wa], na); err != nil {
		return nil, nil, err
	}
	if b, err = UnpackBytes(f[wa:], nb); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}
