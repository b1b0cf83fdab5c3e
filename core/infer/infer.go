// Package infer is Latent Lab's small float32 inference engine (the standard
// library and core/kernel's loops only): dense layers, multi-layer perceptrons
// and the encoder/decoder pair of a trained autoencoder. The UI binary imports
// it to decode latent points locally on every pointer move, so it must stay
// tiny and gonum-free. Its matrix–vector products and sigmoids are kernel's,
// SIMD in the engine's SIMD build, with the same bits as the scalar build.
//
// Shapes are the caller's responsibility: a shape mismatch panics (a programming
// error); numbers never produce errors.
package infer

import (
	"fmt"
	"math"

	"latentlab/core/kernel"
)

// Activation is an element-wise nonlinearity applied after a Dense layer's affine map.
type Activation uint8

// The supported activations.
const (
	Identity Activation = iota // a ↦ a
	Sigmoid                    // a ↦ 1/(1+e^{−a})
	Tanh                       // a ↦ tanh a
	ReLU                       // a ↦ max(0, a)
)

// String returns the activation's lower-case name ("identity", "sigmoid", "tanh", "relu").
func (a Activation) String() string {
	switch a {
	case Identity:
		return "identity"
	case Sigmoid:
		return "sigmoid"
	case Tanh:
		return "tanh"
	case ReLU:
		return "relu"
	}
	return fmt.Sprintf("activation(%d)", uint8(a))
}

// ParseActivation is the inverse of Activation.String.
func ParseActivation(s string) (Activation, error) {
	switch s {
	case "identity", "linear", "":
		return Identity, nil
	case "sigmoid":
		return Sigmoid, nil
	case "tanh":
		return Tanh, nil
	case "relu":
		return ReLU, nil
	}
	return 0, fmt.Errorf("infer: unknown activation %q", s)
}

// Valid reports whether a is one of the defined activations.
func (a Activation) Valid() bool { return a <= ReLU }

// apply applies the activation to v in place (σ in float32 by
// kernel.SigmoidAll, as the trainer computes it).
func (a Activation) apply(v []float32) {
	switch a {
	case Sigmoid:
		kernel.SigmoidAll(v)
	case Tanh:
		for i, x := range v {
			v[i] = float32(math.Tanh(float64(x)))
		}
	case ReLU:
		for i, x := range v {
			if x < 0 {
				v[i] = 0
			}
		}
	}
}

// Dense is a fully connected layer y = act(W·x + B) with W stored Out×In row-major.
type Dense struct {
	In, Out int
	W       []float32 // Out×In, row-major: W[o*In+i]
	B       []float32 // Out
	Act     Activation
}

// Check reports whether the layer's slices match its declared shape.
func (d *Dense) Check() error {
	if d.In <= 0 || d.Out <= 0 {
		return fmt.Errorf("infer: dense layer has non-positive shape %d→%d", d.In, d.Out)
	}
	if len(d.W) != d.In*d.Out {
		return fmt.Errorf("infer: dense layer %d→%d has %d weights, want %d", d.In, d.Out, len(d.W), d.In*d.Out)
	}
	if len(d.B) != d.Out {
		return fmt.Errorf("infer: dense layer %d→%d has %d biases, want %d", d.In, d.Out, len(d.B), d.Out)
	}
	if !d.Act.Valid() {
		return fmt.Errorf("infer: dense layer %d→%d has unknown activation %d", d.In, d.Out, d.Act)
	}
	return nil
}

// Forward computes act(W·x + B) into dst (len Out) and returns it. If dst is nil
// or too short a new slice is allocated. It panics if len(x) != In.
func (d *Dense) Forward(dst, x []float32) []float32 {
	if len(x) != d.In {
		panic(fmt.Sprintf("infer: dense input has length %d, want %d", len(x), d.In))
	}
	if cap(dst) < d.Out {
		dst = make([]float32, d.Out)
	}
	dst = dst[:d.Out]
	kernel.MatVec(dst, d.W, x, d.B)
	d.Act.apply(dst)
	return dst
}

// Clone returns a deep copy of the layer.
func (d Dense) Clone() Dense {
	d.W = append([]float32(nil), d.W...)
	d.B = append([]float32(nil), d.B...)
	return d
}

// MLP is a stack of dense layers applied in order.
type MLP []Dense

// In returns the input width of the first layer (0 for an empty MLP).
func (m MLP) In() int {
	if len(m) == 0 {
		return 0
	}
	return m[0].In
}

// Out returns the output width of the last layer (0 for an empty MLP).
func (m MLP) Out() int {
	if len(m) == 0 {
		return 0
	}
	return m[len(m)-1].Out
}

// Check validates every layer and that consecutive widths agree.
func (m MLP) Check() error {
	if len(m) == 0 {
		return fmt.Errorf("infer: empty MLP")
	}
	for i := range m {
		if err := m[i].Check(); err != nil {
			return fmt.Errorf("layer %d: %w", i, err)
		}
		if i > 0 && m[i].In != m[i-1].Out {
			return fmt.Errorf("infer: layer %d takes %d inputs but layer %d gives %d", i, m[i].In, i-1, m[i-1].Out)
		}
	}
	return nil
}

// Clone returns a deep copy.
func (m MLP) Clone() MLP {
	if m == nil {
		return nil
	}
	c := make(MLP, len(m))
	for i := range m {
		c[i] = m[i].Clone()
	}
	return c
}

// maxWidth returns the widest layer output.
func (m MLP) maxWidth() int {
	w := 0
	for i := range m {
		if m[i].Out > w {
			w = m[i].Out
		}
	}
	return w
}

// Forward runs x through all layers and writes the final output into dst
// (allocated if nil or too short), which it returns. It allocates scratch
// buffers per call; use a Workspace for allocation-free repeated calls.
func (m MLP) Forward(dst, x []float32) []float32 {
	var ws Workspace
	return ws.Forward(m, dst, x)
}

// Workspace holds two reusable scratch buffers so that repeated forward passes
// allocate nothing once warmed up. The zero value is ready to use. A Workspace
// is not safe for concurrent use.
type Workspace struct {
	a, b []float32
}

// Forward is MLP.Forward using the workspace's scratch buffers. After the first
// call with a given network (and a dst of the right size) it does not allocate.
// dst must not alias x.
func (ws *Workspace) Forward(m MLP, dst, x []float32) []float32 {
	if len(m) == 0 {
		if cap(dst) < len(x) {
			dst = make([]float32, len(x))
		}
		dst = dst[:len(x)]
		copy(dst, x)
		return dst
	}
	w := m.maxWidth()
	if cap(ws.a) < w {
		ws.a = make([]float32, w)
		ws.b = make([]float32, w)
	}
	cur := x
	for i := range m {
		if i == len(m)-1 {
			return m[i].Forward(dst, cur)
		}
		buf := ws.a
		if i%2 == 1 {
			buf = ws.b
		}
		cur = m[i].Forward(buf[:m[i].Out], cur)
	}
	panic("unreachable")
}

// Network is a trained autoencoder ready for inference.
type Network struct {
	Kind       string // "ae" | "dae" | "cae" | "vae"
	Encoder    MLP    // for a VAE the last layer outputs 2*Latent values: μ then log σ²
	Decoder    MLP
	Latent     int
	Input      int
	OutputDist string // "bernoulli" (sigmoid output) | "gaussian"
}

// IsVAE reports whether the encoder outputs (μ, log σ²).
func (n *Network) IsVAE() bool { return n.Kind == "vae" }

// Check validates the network's shapes: encoder Input→Latent (2·Latent for a
// VAE), decoder Latent→Input.
func (n *Network) Check() error {
	switch n.Kind {
	case "ae", "dae", "cae", "vae":
	default:
		return fmt.Errorf("infer: unknown network kind %q", n.Kind)
	}
	switch n.OutputDist {
	case "bernoulli", "gaussian":
	default:
		return fmt.Errorf("infer: unknown output distribution %q", n.OutputDist)
	}
	if n.Latent <= 0 || n.Input <= 0 {
		return fmt.Errorf("infer: network has latent %d, input %d", n.Latent, n.Input)
	}
	if err := n.Encoder.Check(); err != nil {
		return fmt.Errorf("encoder: %w", err)
	}
	if err := n.Decoder.Check(); err != nil {
		return fmt.Errorf("decoder: %w", err)
	}
	wantEnc := n.Latent
	if n.IsVAE() {
		wantEnc = 2 * n.Latent
	}
	if n.Encoder.In() != n.Input || n.Encoder.Out() != wantEnc {
		return fmt.Errorf("infer: encoder is %d→%d, want %d→%d", n.Encoder.In(), n.Encoder.Out(), n.Input, wantEnc)
	}
	if n.Decoder.In() != n.Latent || n.Decoder.Out() != n.Input {
		return fmt.Errorf("infer: decoder is %d→%d, want %d→%d", n.Decoder.In(), n.Decoder.Out(), n.Latent, n.Input)
	}
	return nil
}

// Clone returns a deep copy.
func (n *Network) Clone() Network {
	c := *n
	c.Encoder = n.Encoder.Clone()
	c.Decoder = n.Decoder.Clone()
	return c
}

// Encode maps an input to its code. For a VAE it returns the posterior mean μ
// and log-variance log σ²; otherwise logVar is nil and mu is the code.
func (n *Network) Encode(x []float32) (mu, logVar []float32) {
	out := n.Encoder.Forward(nil, x)
	if n.IsVAE() {
		return out[:n.Latent:n.Latent], out[n.Latent:]
	}
	return out, nil
}

// Decode maps a latent point to the decoder's output (pixel means for a
// Bernoulli decoder). It allocates; see Decoder.DecodeInto for the zero-allocation path.
func (n *Network) Decode(z []float32) []float32 {
	return n.Decoder.Forward(nil, z)
}

// Reconstruct encodes x (using μ for a VAE) and decodes the code.
func (n *Network) Reconstruct(x []float32) []float32 {
	mu, _ := n.Encode(x)
	return n.Decode(mu)
}

// DecodeInto decodes z into dst (len Input, allocated if nil) using ws's scratch
// buffers: with a warmed workspace and a dst of the right size it performs no
// allocations, which is what the latent explorer needs on every pointer move.
func (n *Network) DecodeInto(ws *Workspace, dst, z []float32) []float32 {
	return ws.Forward(n.Decoder, dst, z)
}

// EncodeInto is the allocation-free Encode: it writes the encoder output into
// dst (len Latent, or 2·Latent for a VAE: μ then log σ²) and returns it.
func (n *Network) EncodeInto(ws *Workspace, dst, x []float32) []float32 {
	return ws.Forward(n.Encoder, dst, x)
}
