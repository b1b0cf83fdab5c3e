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
		n.params = append(n.params, l.Params(name+string(rune('0'+k)))...)
	}
	return n
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
