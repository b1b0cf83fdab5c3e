package torchio

import (
	"fmt"

	"latentlab/core/codegen"
	"latentlab/core/infer"
	"latentlab/core/spec"
)

// place says where a layer of the generated module lives in the engine's
// network: which layer, and which of its output rows (a VAE's mu and logvar
// are the two halves of the engine's last encoder layer).
type place struct {
	layer   codegen.Layer
	decoder bool
	index   int // layer of the encoder or decoder
	row     int // first output row of that layer
}

// placesOf maps every layer of mod, the module generated for cfg, to the
// engine network.
func placesOf(cfg spec.Config, mod codegen.Module) []place {
	var ps []place
	for i, l := range mod.Encoder {
		switch {
		case cfg.Kind == "vae" && l.Name == "logvar":
			ps = append(ps, place{layer: l, index: len(cfg.Hidden), row: cfg.Latent})
		case cfg.Kind == "vae" && l.Name == "mu":
			ps = append(ps, place{layer: l, index: len(cfg.Hidden)})
		default:
			ps = append(ps, place{layer: l, index: i})
		}
	}
	for i, l := range mod.Decoder {
		ps = append(ps, place{layer: l, decoder: true, index: i})
	}
	return ps
}

// layerOf returns the engine layer that holds p.
func layerOf(net infer.Network, p place) *infer.Dense {
	if p.decoder {
		return &net.Decoder[p.index]
	}
	return &net.Encoder[p.index]
}

// slice returns p's weights (Out×In, row-major: PyTorch's layout and
// infer's) and biases inside the engine layer d.
func (p place) slice(d *infer.Dense) (w, b []float32) {
	lo, hi := p.row, p.row+p.layer.Out
	return d.W[lo*d.In : hi*d.In], d.B[lo:hi]
}

// emptyNetwork returns a zero network of cfg's architecture with the
// activations a trainer's snapshot has (a Bernoulli decoder ends in a
// sigmoid).
func emptyNetwork(cfg spec.Config) infer.Network {
	hact, _ := infer.ParseActivation(cfg.HiddenAct)
	cact, _ := infer.ParseActivation(cfg.CodeAct)
	encOut := cfg.Latent
	if cfg.Kind == "vae" {
		cact, encOut = infer.Identity, 2*cfg.Latent
	}
	outAct := infer.Identity
	if cfg.Output == "bernoulli" {
		outAct = infer.Sigmoid
	}
	dense := func(in, out int, act infer.Activation) infer.Dense {
		return infer.Dense{In: in, Out: out, Act: act, W: make([]float32, in*out), B: make([]float32, out)}
	}
	n := infer.Network{Kind: cfg.Kind, Input: cfg.Input, Latent: cfg.Latent, OutputDist: cfg.Output}
	in := cfg.Input
	for _, w := range cfg.Hidden {
		n.Encoder = append(n.Encoder, dense(in, w, hact))
		in = w
	}
	n.Encoder = append(n.Encoder, dense(in, encOut, cact))
	in = cfg.Latent
	for i := len(cfg.Hidden) - 1; i >= 0; i-- {
		n.Decoder = append(n.Decoder, dense(in, cfg.Hidden[i], hact))
		in = cfg.Hidden[i]
	}
	n.Decoder = append(n.Decoder, dense(in, cfg.Input, outAct))
	return n
}

// checkNetwork reports how net differs from the architecture of cfg.
func checkNetwork(cfg spec.Config, mod codegen.Module, net infer.Network) error {
	if err := net.Check(); err != nil {
		return err
	}
	want := emptyNetwork(cfg)
	if net.Kind != want.Kind || net.Input != want.Input || net.Latent != want.Latent || net.OutputDist != want.OutputDist {
		return fmt.Errorf("network is a %s %d→%d with %s output, config a %s %d→%d with %s output",
			net.Kind, net.Input, net.Latent, net.OutputDist, want.Kind, want.Input, want.Latent, want.OutputDist)
	}
	for pi, part := range [][2]infer.MLP{{net.Encoder, want.Encoder}, {net.Decoder, want.Decoder}} {
		name := [2]string{"encoder", "decoder"}[pi]
		got, exp := part[0], part[1]
		if len(got) != len(exp) {
			return fmt.Errorf("%s has %d layers, the %s config %d", name, len(got), mod.Class, len(exp))
		}
		for i := range got {
			g, e := got[i], exp[i]
			if g.In != e.In || g.Out != e.Out || g.Act != e.Act {
				return fmt.Errorf("%s layer %d is %d→%d %v, the config wants %d→%d %v", name, i, g.In, g.Out, g.Act, e.In, e.Out, e.Act)
			}
		}
	}
	return nil
}

// tie sets the decoder's weights of a tied network (one encoder layer, one
// decoder layer) to the encoder's, transposed: W_dec = W_encᵀ. infer lays
// out W as Out×In, so W_dec[i][j] = W_enc[j][i].
func tie(net *infer.Network) {
	e, d := &net.Encoder[0], &net.Decoder[0]
	for j := 0; j < e.Out; j++ {
		for i := 0; i < e.In; i++ {
			d.W[i*d.In+j] = e.W[j*e.In+i]
		}
	}
}
