package compress

import (
	"fmt"

	"latentlab/core/infer"
)

// Codec is a trained VAE used as a lossy codec: encode to the posterior
// mean, quantise, decode.
type Codec struct {
	Net *infer.Network
	ws  infer.Workspace
}

// Codes are the posterior means of the n = len(x)/Input images x (n ×
// latent, row by row).
func (c *Codec) Codes(x []float32) ([]float32, error) {
	net := c.Net
	if !net.IsVAE() {
		return nil, fmt.Errorf("codec: a %s has no prior to quantise against; want a VAE", net.Kind)
	}
	dim := net.Input
	if dim <= 0 || len(x)%dim != 0 {
		return nil, fmt.Errorf("codec: %d pixels are not whole images of %d", len(x), dim)
	}
	n, l := len(x)/dim, net.Latent
	codes := make([]float32, n*l)
	out := make([]float32, 2*l)
	for i := 0; i < n; i++ {
		out = net.EncodeInto(&c.ws, out, x[i*dim:(i+1)*dim])
		copy(codes[i*l:(i+1)*l], out[:l])
	}
	return codes, nil
}

// Decode decodes the codes quantised by q (q.Bits 0: unquantised) into
// dst (n × Input, allocated when nil) and returns it.
func (c *Codec) Decode(dst, codes []float32, q Quantiser) []float32 {
	net, l := c.Net, c.Net.Latent
	dim := net.Input
	n := len(codes) / l
	if dst == nil {
		dst = make([]float32, n*dim)
	}
	z := make([]float32, l)
	for i := 0; i < n; i++ {
		copy(z, codes[i*l:(i+1)*l])
		if q.Bits > 0 {
			q.Round(z, z)
		}
		net.DecodeInto(&c.ws, dst[i*dim:(i+1)*dim], z)
	}
	return dst
}

// MSE is the mean squared error per pixel between x and y.
func MSE(x, y []float32) float64 {
	if len(x) == 0 || len(x) != len(y) {
		return 0
	}
	s := 0.0
	for i, v := range x {
		d := float64(v) - float64(y[i])
		s += d * d
	}
	return s / float64(len(x))
}

// Point is one codec setting on the rate–distortion plane.
type Point struct {
	Latent, Bits int
	Rate         int     // bits per image (Rate(Latent, Bits))
	MSE          float64 // mean squared error per pixel of the decoded images
}

// Measure encodes the images x with c, quantises the codes with bits bits
// per dimension, decodes them and returns the point and the decoded
// images.
func (c *Codec) Measure(x []float32, bits int) (Point, []float32, error) {
	codes, err := c.Codes(x)
	if err != nil {
		return Point{}, nil, err
	}
	return c.MeasureCodes(codes, x, bits)
}

// MeasureCodes is Measure with the codes of x already computed (Codes), so
// that several bit depths share one encoding.
func (c *Codec) MeasureCodes(codes, x []float32, bits int) (Point, []float32, error) {
	q, err := NewQuantiser(bits)
	if err != nil {
		return Point{}, nil, err
	}
	if len(codes)*c.Net.Input != len(x)*c.Net.Latent {
		return Point{}, nil, fmt.Errorf("codec: %d code values for %d pixels", len(codes), len(x))
	}
	dec := c.Decode(nil, codes, q)
	l := c.Net.Latent
	return Point{Latent: l, Bits: bits, Rate: Rate(l, bits), MSE: MSE(x, dec)}, dec, nil
}
