package model

import (
	"math/rand/v2"

	"latentlab/core/infer"
	"latentlab/core/nn"
)

// network holds the encoder and decoder layers of a model.
type network struct {
	enc, dec []*nn.Dense
	params   []nn.Param
	tied     bool // the decoder's W is the encoder's Wᵀ (one layer each)
}

// newNetwork builds and initialises the layers of a valid configuration.
// The decoder's last layer is linear: it outputs logits for a Bernoulli
// decoder (the sigmoid is folded into the loss) and means for a Gaussian.
func newNetwork(c Config, rng *rand.Rand) *network {
	hact, cact := c.Activations()
	n := &network{}
	in := c.Input
	for _, w := range c.Hidden {
		n.enc = append(n.enc, nn.NewDense(in, w, hact))
		in = w
	}
	n.enc = append(n.enc, nn.NewDense(in, c.EncoderOut(), cact))
	n.enc[0].SparseInput = true
	in = c.Latent
	for i := len(c.Hidden) - 1; i >= 0; i-- {
		n.dec = append(n.dec, nn.NewDense(in, c.Hidden[i], hact))
		in = c.Hidden[i]
	}
	n.dec = append(n.dec, nn.NewDense(in, c.Input, infer.Identity))
	for i, l := range n.layers() {
		if c.Init == "he" {
			nn.HeNormal(l, rng)
		} else {
			nn.GlorotUniform(l, rng)
		}
		name := "enc"
		k := i
		if i >= len(n.enc) {
			name, k = "dec", i-len(n.enc)
		}
		ps := l.Params(name + string(rune('0'+k)))
		if c.Tied && name == "dec" {
			ps = ps[1:] // its W is the encoder's: only the bias is its own
		}
		n.params = append(n.params, ps...)
	}
	n.tied = c.Tied
	n.tie()
	if c.CenterOutput {
		n.centerOutput(c)
	}
	return n
}

// centerOutput sets the decoder's output bias so that the model maps the
// origin to the origin: b_out −= r(0) (for a VAE, decoding μ(0)).
func (n *network) centerOutput(c Config) {
	h := make([]float32, c.Input)
	for _, l := range n.enc {
		h = l.Forward(h, 1)
	}
	y := append([]float32(nil), h[:c.Latent]...)
	for _, l := range n.dec {
		y = l.Forward(y, 1)
	}
	last := n.dec[len(n.dec)-1]
	for o := range last.B {
		last.B[o] -= y[o]
	}
}

// tie copies the encoder's weights, transposed, into the decoder of a tied
// model: W_dec[j][i] = W_enc[i][j]. Every forward pass starts with it, so
// the decoder always uses the encoder's current weights.
func (n *network) tie() {
	if !n.tied {
		return
	}
	e, d := n.enc[0], n.dec[0]
	for i := 0; i < e.In; i++ {
		row := e.W[i*e.Out : (i+1)*e.Out]
		for j, w := range row {
			d.W[j*d.Out+i] = w
		}
	}
}

// foldTiedGrad adds the decoder's weight gradient, transposed, to the
// encoder's: with W_dec = W_encᵀ, ∂L/∂W_enc[i][j] has a part through the
// encoder and one through the decoder's W_dec[j][i].
func (n *network) foldTiedGrad() {
	if !n.tied {
		return
	}
	e, d := n.enc[0], n.dec[0]
	for i := 0; i < e.In; i++ {
		g := e.GW[i*e.Out : (i+1)*e.Out]
		for j := range g {
			g[j] += d.GW[j*d.Out+i]
		}
	}
}

// layers returns the encoder layers followed by the decoder layers.
func (n *network) layers() []*nn.Dense {
	out := make([]*nn.Dense, 0, len(n.enc)+len(n.dec))
	return append(append(out, n.enc...), n.dec...)
}

func (n *network) zeroGrad() {
	for _, l := range n.enc {
		l.ZeroGrad()
	}
	for _, l := range n.dec {
		l.ZeroGrad()
	}
}
