package model

import (
	"fmt"

	"latentlab/core/infer"
	"latentlab/core/nn"
)

// Snapshot returns a deep copy of the current weights as an inference
// network (W transposed to infer's Out×In layout; a Bernoulli decoder's
// last layer gets its sigmoid), for decoding in the UI or saving to a file.
func (t *Trainer) Snapshot() infer.Network {
	var n infer.Network
	t.SnapshotInto(&n)
	return n
}

// SnapshotInto is Snapshot writing into dst, reusing dst's slices when
// their shapes match, so that a caller refreshing a snapshot after every
// few steps does not allocate.
func (t *Trainer) SnapshotInto(dst *infer.Network) {
	dst.Kind, dst.Latent, dst.Input, dst.OutputDist = t.cfg.Kind, t.cfg.Latent, t.cfg.Input, t.cfg.Output
	dst.Encoder = copyLayers(dst.Encoder, t.net.enc)
	dst.Decoder = copyLayers(dst.Decoder, t.net.dec)
	if t.cfg.Output == "bernoulli" {
		dst.Decoder[len(dst.Decoder)-1].Act = infer.Sigmoid
	}
}

func copyLayers(dst infer.MLP, src []*nn.Dense) infer.MLP {
	if len(dst) != len(src) {
		dst = make(infer.MLP, len(src))
	}
	for k, l := range src {
		d := &dst[k]
		if len(d.W) != l.In*l.Out {
			d.W = make([]float32, l.In*l.Out)
		}
		if len(d.B) != l.Out {
			d.B = make([]float32, l.Out)
		}
		d.In, d.Out, d.Act = l.In, l.Out, l.Act
		copy(d.B, l.B)
		for i := 0; i < l.In; i++ {
			row := l.W[i*l.Out : (i+1)*l.Out]
			for o, w := range row {
				d.W[o*l.In+i] = w
			}
		}
	}
	return dst
}

// FromNetwork returns a Trainer for cfg over the training rows x whose
// weights are copied from net (for example a loaded model file), so that
// training continues from them. net's architecture must be the one cfg
// describes. The optimizer starts afresh.
func FromNetwork(cfg Config, net infer.Network, x []float32) (t *Trainer, err error) {
	defer recoverTo(&err, "from network")
	t, err = New(cfg, x)
	if err != nil {
		return nil, err
	}
	if err := net.Check(); err != nil {
		return nil, fmt.Errorf("model: from network: %w", err)
	}
	if net.Kind != cfg.Kind || net.OutputDist != cfg.Output {
		return nil, fmt.Errorf("model: from network: network is a %s with %s output, config a %s with %s output",
			net.Kind, net.OutputDist, cfg.Kind, cfg.Output)
	}
	if err := load("encoder", t.net.enc, net.Encoder, false); err != nil {
		return nil, err
	}
	if err := load("decoder", t.net.dec, net.Decoder, cfg.Output == "bernoulli"); err != nil {
		return nil, err
	}
	t.net.tie() // a tied model's decoder is its encoder's transpose, whatever the file holds
	return t, nil
}

// load copies src into dst after checking shapes and activations; with
// sigmoidOut the last layer of src may carry the sigmoid folded into the
// trainer's loss.
func load(part string, dst []*nn.Dense, src infer.MLP, sigmoidOut bool) error {
	if len(dst) != len(src) {
		return fmt.Errorf("model: from network: %s has %d layers, config wants %d", part, len(src), len(dst))
	}
	for k, l := range dst {
		s := src[k]
		act := s.Act
		if sigmoidOut && k == len(dst)-1 && act == infer.Sigmoid {
			act = infer.Identity
		}
		if s.In != l.In || s.Out != l.Out || act != l.Act {
			return fmt.Errorf("model: from network: %s layer %d is %d→%d %v, config wants %d→%d %v",
				part, k, s.In, s.Out, s.Act, l.In, l.Out, l.Act)
		}
		for i := 0; i < l.In; i++ {
			for o := 0; o < l.Out; o++ {
				l.W[i*l.Out+o] = s.W[o*l.In+i]
			}
		}
		copy(l.B, s.B)
	}
	return nil
}

// Weights is a raw copy of a trainer's parameters in its own layout (no
// transpose, unlike Snapshot): what a checkpoint keeps between steps.
// Copying into the same Weights again does not allocate.
type Weights struct {
	w, b [][]float32 // each layer's W and B, encoder then decoder
}

// CopyWeights copies the current parameters into dst.
func (t *Trainer) CopyWeights(dst *Weights) {
	layers := t.layers()
	if len(dst.w) != len(layers) {
		dst.w, dst.b = make([][]float32, len(layers)), make([][]float32, len(layers))
	}
	for k, l := range layers {
		dst.w[k] = append(dst.w[k][:0], l.W...)
		dst.b[k] = append(dst.b[k][:0], l.B...)
	}
}

// NetworkOf returns the network that w holds, as Snapshot returned it when
// w was copied. w must come from a trainer of the same architecture.
func (t *Trainer) NetworkOf(w *Weights) infer.Network {
	layers := t.layers()
	if len(w.w) != len(layers) {
		panic(fmt.Sprintf("model: NetworkOf: %d layers of weights for a %d-layer network", len(w.w), len(layers)))
	}
	kept := make([]*nn.Dense, len(layers))
	for k, l := range layers {
		c := *l
		c.W, c.B = w.w[k], w.b[k]
		kept[k] = &c
	}
	n := len(t.net.enc)
	dst := infer.Network{Kind: t.cfg.Kind, Latent: t.cfg.Latent, Input: t.cfg.Input, OutputDist: t.cfg.Output,
		Encoder: copyLayers(nil, kept[:n]), Decoder: copyLayers(nil, kept[n:])}
	if t.cfg.Output == "bernoulli" {
		dst.Decoder[len(dst.Decoder)-1].Act = infer.Sigmoid
	}
	return dst
}

// WeightsFinite reports whether every parameter is finite.
func (t *Trainer) WeightsFinite() bool {
	for _, l := range t.layers() {
		for _, s := range [][]float32{l.W, l.B} {
			for _, v := range s {
				if v-v != 0 { // NaN or ±Inf
					return false
				}
			}
		}
	}
	return true
}

// layers returns the encoder's layers then the decoder's.
func (t *Trainer) layers() []*nn.Dense {
	return append(append(make([]*nn.Dense, 0, len(t.net.enc)+len(t.net.dec)), t.net.enc...), t.net.dec...)
}
