// Package viewfile reads and writes a pretrained VAE's view file: what a
// lesson page needs to show the model's latent space before (or without)
// the training engine — the decoder's weights, quantised to 8 bits per
// weight with one scale per output row, and the codes (μ, σ) and labels of
// held-out digits for the latent map. It is about a quarter of the model
// file and needs neither the engine nor the data set. The package is
// standard library and core/infer only (the UI binary imports it).
//
// Layout (little-endian): the magic "LLVIEW01", a uint32 header length,
// the JSON header, then per decoder layer Out float32 scales, Out×In int8
// weights (row-major, W[o][i] = scale[o]·q[o][i]) and Out float32 biases;
// then N×Latent float32 μ, N×Latent float32 σ and N label bytes. Nothing
// may follow.
package viewfile

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"latentlab/core/infer"
)

// Magic opens every view file.
const Magic = "LLVIEW01"

// Limits on what a view file may declare (refused beyond them, before any
// allocation).
const (
	maxHeader = 64 << 10
	maxLayers = 8
	maxWidth  = 1 << 14
	maxCodes  = 100000
)

// View is a pretrained VAE's decoder and held-out codes.
type View struct {
	Step    int               // the model's training steps
	Meta    map[string]string // the model file's metadata (held-out metrics…)
	Decoder infer.MLP         // Latent → Input
	Input   int               // pixels per image (784)
	Latent  int
	Output  string // the decoder's output distribution ("bernoulli")
	N       int    // held-out codes
	Mu      []float32
	Sigma   []float32
	Labels  []int
}

type layerHeader struct {
	In, Out int
	Act     string
}

type header struct {
	Step   int               `json:"step"`
	Meta   map[string]string `json:"meta,omitempty"`
	Input  int               `json:"input"`
	Latent int               `json:"latent"`
	Output string            `json:"output"`
	Layers []layerHeader     `json:"layers"`
	Codes  int               `json:"codes"`
}

// Network returns the view's decoder as an inference network of kind "vae"
// without an encoder (it can decode, not encode).
func (v *View) Network() *infer.Network {
	return &infer.Network{Kind: "vae", Decoder: v.Decoder, Latent: v.Latent, Input: v.Input, OutputDist: v.Output}
}

// Marshal writes v, quantising the decoder's weights.
func Marshal(v *View) ([]byte, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	h := header{Step: v.Step, Meta: v.Meta, Input: v.Input, Latent: v.Latent, Output: v.Output, Codes: v.N}
	for _, d := range v.Decoder {
		h.Layers = append(h.Layers, layerHeader{d.In, d.Out, d.Act.String()})
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("viewfile: header: %w", err)
	}
	b := append([]byte(Magic), binary.LittleEndian.AppendUint32(nil, uint32(len(hb)))...)
	b = append(b, hb...)
	for _, d := range v.Decoder {
		scales, q := Quantize(d.W, d.In)
		b = appendFloats(b, scales)
		for _, x := range q {
			b = append(b, byte(x))
		}
		b = appendFloats(b, d.B)
	}
	b = appendFloats(b, v.Mu)
	b = appendFloats(b, v.Sigma)
	for _, l := range v.Labels {
		b = append(b, byte(l))
	}
	return b, nil
}

// check validates a View's shapes before writing.
func (v *View) check() error {
	net := v.Network()
	if err := net.Decoder.Check(); err != nil {
		return fmt.Errorf("viewfile: decoder: %w", err)
	}
	if net.Decoder.In() != v.Latent || net.Decoder.Out() != v.Input {
		return fmt.Errorf("viewfile: decoder is %d→%d, want %d→%d", net.Decoder.In(), net.Decoder.Out(), v.Latent, v.Input)
	}
	if len(v.Mu) != v.N*v.Latent || len(v.Sigma) != v.N*v.Latent || len(v.Labels) != v.N {
		return fmt.Errorf("viewfile: %d codes of latent %d have %d μ, %d σ, %d labels", v.N, v.Latent, len(v.Mu), len(v.Sigma), len(v.Labels))
	}
	for _, l := range v.Labels {
		if l < 0 || l > 255 {
			return fmt.Errorf("viewfile: label %d is not a byte", l)
		}
	}
	return nil
}

// Quantize maps the Out×In row-major weights w to int8 with one scale per
// row: q = round(w/scale), scale = max|row|/127 (0 for a zero row).
func Quantize(w []float32, in int) (scales []float32, q []int8) {
	out := len(w) / in
	scales, q = make([]float32, out), make([]int8, len(w))
	for o := range out {
		row := w[o*in : (o+1)*in]
		m := float32(0)
		for _, x := range row {
			m = max(m, float32(math.Abs(float64(x))))
		}
		if m == 0 {
			continue
		}
		s := m / 127
		scales[o] = s
		for i, x := range row {
			q[o*in+i] = int8(math.Round(float64(x / s)))
		}
	}
	return scales, q
}

func appendFloats(b []byte, v []float32) []byte {
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// ErrNotView is wrapped by Unmarshal's error when the bytes are not a view
// file at all (another file, an HTML error page).
var ErrNotView = errors.New("not a Latent Lab view file")

// Unmarshal reads a view file. A truncated, oversized or inconsistent file
// is refused with an error that says what is wrong; it never panics.
func Unmarshal(b []byte) (*View, error) {
	if len(b) < len(Magic)+4 || string(b[:len(Magic)]) != Magic {
		return nil, fmt.Errorf("viewfile: %w (no %q at the start)", ErrNotView, Magic)
	}
	n := binary.LittleEndian.Uint32(b[len(Magic):])
	rest := b[len(Magic)+4:]
	if n > maxHeader || int(n) > len(rest) {
		return nil, fmt.Errorf("viewfile: header of %d bytes in a file of %d", n, len(b))
	}
	var h header
	if err := json.Unmarshal(rest[:n], &h); err != nil {
		return nil, fmt.Errorf("viewfile: header: %w", err)
	}
	v, size, err := h.view()
	if err != nil {
		return nil, err
	}
	body := rest[n:]
	if len(body) != size {
		return nil, fmt.Errorf("viewfile: %d bytes of weights and codes, want %d (truncated or padded)", len(body), size)
	}
	r := reader{b: body}
	for k := range v.Decoder {
		d := &v.Decoder[k]
		scales := r.floats(d.Out)
		d.W = make([]float32, d.In*d.Out)
		for o := range d.Out {
			for i := range d.In {
				d.W[o*d.In+i] = scales[o] * float32(int8(r.b[r.at+o*d.In+i]))
			}
		}
		r.at += d.In * d.Out
		d.B = r.floats(d.Out)
	}
	v.Mu, v.Sigma = r.floats(v.N*v.Latent), r.floats(v.N*v.Latent)
	v.Labels = make([]int, v.N)
	for i := range v.Labels {
		v.Labels[i] = int(r.b[r.at+i])
	}
	if err := v.finite(); err != nil {
		return nil, err
	}
	return v, nil
}

// view checks the header's shapes and returns an empty View with them and
// the size of the body they declare.
func (h *header) view() (*View, int, error) {
	if h.Output != "bernoulli" && h.Output != "gaussian" {
		return nil, 0, fmt.Errorf("viewfile: unknown output distribution %q", h.Output)
	}
	if len(h.Layers) == 0 || len(h.Layers) > maxLayers {
		return nil, 0, fmt.Errorf("viewfile: %d decoder layers (1 to %d)", len(h.Layers), maxLayers)
	}
	if h.Codes < 0 || h.Codes > maxCodes || h.Step < 0 {
		return nil, 0, fmt.Errorf("viewfile: %d codes, step %d", h.Codes, h.Step)
	}
	v := &View{Step: h.Step, Meta: h.Meta, Input: h.Input, Latent: h.Latent, Output: h.Output, N: h.Codes}
	size, prev := 0, h.Latent
	for k, l := range h.Layers {
		act, err := infer.ParseActivation(l.Act)
		if err != nil {
			return nil, 0, fmt.Errorf("viewfile: layer %d: %w", k+1, err)
		}
		if l.In < 1 || l.Out < 1 || l.In > maxWidth || l.Out > maxWidth || l.In != prev {
			return nil, 0, fmt.Errorf("viewfile: layer %d is %d→%d after width %d", k+1, l.In, l.Out, prev)
		}
		prev = l.Out
		v.Decoder = append(v.Decoder, infer.Dense{In: l.In, Out: l.Out, Act: act})
		size += 4*l.Out + l.In*l.Out + 4*l.Out
	}
	if prev != h.Input || h.Latent < 1 || h.Latent > maxWidth {
		return nil, 0, fmt.Errorf("viewfile: decoder is %d→%d, want %d→%d", h.Latent, prev, h.Latent, h.Input)
	}
	size += 2*4*h.Codes*h.Latent + h.Codes
	return v, size, nil
}

// finite refuses weights or codes that are not finite numbers.
func (v *View) finite() error {
	bad := func(xs []float32) bool {
		for _, x := range xs {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return true
			}
		}
		return false
	}
	for k, d := range v.Decoder {
		if bad(d.W) || bad(d.B) {
			return fmt.Errorf("viewfile: layer %d has a weight that is not a finite number", k+1)
		}
	}
	if bad(v.Mu) || bad(v.Sigma) {
		return errors.New("viewfile: a held-out code is not a finite number")
	}
	return nil
}

// reader reads float32s from a body whose size is already checked.
type reader struct {
	b  []byte
	at int
}

func (r *reader) floats(n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(r.b[r.at+4*i:]))
	}
	r.at += 4 * n
	return out
}
