package modelfile

import (
	"bytes"
	"encoding/json"

	"latentlab/core/infer"
)

// The header is the one place that knows what a model file says about its
// network: Load and ReadSummary both read it with parseHeader, and Save
// checks what it writes with checkHeader, so a file one accepts the others
// accept too.

type layerHeader struct {
	In  int    `json:"in"`
	Out int    `json:"out"`
	Act string `json:"act"`
}

type header struct {
	Kind       string            `json:"kind"`
	Input      int               `json:"input"`
	Latent     int               `json:"latent"`
	OutputDist string            `json:"output_dist"`
	Encoder    []layerHeader     `json:"encoder"`
	Decoder    []layerHeader     `json:"decoder"`
	Step       int               `json:"step"`
	Meta       map[string]string `json:"meta,omitempty"`
	Config     json.RawMessage   `json:"config,omitempty"`
	DType      string            `json:"dtype,omitempty"` // "" (f32) | "f16"
}

// parseHeader reads and checks a header: strict JSON (no unknown field,
// nothing after the object), then checkHeader. Every error wraps ErrFormat.
func parseHeader(b []byte) (header, error) {
	var h header
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return header{}, formatErr("header JSON: %v", err)
	}
	if rest := bytes.TrimSpace(b[dec.InputOffset():]); len(rest) > 0 {
		return header{}, formatErr("header JSON has trailing data %q", clip(rest, 16))
	}
	if err := checkHeader(&h); err != nil {
		return header{}, err
	}
	return h, nil
}

// checkHeader validates every field of a header: the architecture, the
// step and the weights' data type.
func checkHeader(h *header) error {
	if err := checkArch(h); err != nil {
		return err
	}
	if h.Step < 0 || h.Step > MaxStep {
		return formatErr("step %d out of range 0..%d", h.Step, MaxStep)
	}
	switch h.DType {
	case "", "f16":
	default:
		return formatErr("unknown dtype %q", h.DType)
	}
	return nil
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// checkArch validates the architecture in a header against the format limits
// and returns nothing else; the total weight count is bounded by MaxWeightBytes.
func checkArch(h *header) error {
	switch h.Kind {
	case "ae", "dae", "cae", "vae":
	default:
		return formatErr("unknown network kind %q", h.Kind)
	}
	if h.Input <= 0 || h.Input > MaxWidth || h.Latent <= 0 || h.Latent > MaxWidth {
		return formatErr("input %d / latent %d out of range 1..%d", h.Input, h.Latent, MaxWidth)
	}
	switch h.OutputDist {
	case "bernoulli", "gaussian":
	default:
		return formatErr("unknown output distribution %q", h.OutputDist)
	}
	encOut := h.Latent
	if h.Kind == "vae" {
		encOut = 2 * h.Latent
	}
	total := 0
	for _, part := range []struct {
		name string
		ls   []layerHeader
	}{{"encoder", h.Encoder}, {"decoder", h.Decoder}} {
		if len(part.ls) == 0 || len(part.ls) > MaxLayers {
			return formatErr("%s has %d layers, want 1..%d", part.name, len(part.ls), MaxLayers)
		}
		for i, l := range part.ls {
			if i > 0 && l.In != part.ls[i-1].Out {
				return formatErr("%s layer %d takes %d inputs but layer %d gives %d", part.name, i, l.In, i-1, part.ls[i-1].Out)
			}
			if l.In <= 0 || l.In > MaxWidth || l.Out <= 0 || l.Out > MaxWidth {
				return formatErr("%s layer %d is %d→%d, widths must be 1..%d", part.name, i, l.In, l.Out, MaxWidth)
			}
			if _, err := infer.ParseActivation(l.Act); err != nil {
				return formatErr("%s layer %d: %v", part.name, i, err)
			}
			total += l.In*l.Out + l.Out // ≤ 2^32+2^16 per layer, no overflow on 64-bit; checked below
			if total > MaxWeightBytes/4 {
				return formatErr("weights exceed %d MiB", MaxWeightBytes>>20)
			}
		}
	}
	if e, d := h.Encoder, h.Decoder; e[0].In != h.Input || e[len(e)-1].Out != encOut ||
		d[0].In != h.Latent || d[len(d)-1].Out != h.Input {
		return formatErr("architecture %d→%d / %d→%d does not match input %d, latent %d (%s)",
			e[0].In, e[len(e)-1].Out, d[0].In, d[len(d)-1].Out, h.Input, h.Latent, h.Kind)
	}
	return nil
}
