package infer

import "latentlab/core/kernel"

// Compiled is an MLP prepared for fast repeated single-example forward passes
// (the latent explorer's decode on every pointer move): each layer's weights
// are copied transposed (In×Out, one contiguous column per input), so a layer
// is a sum of scaled columns, out = B + Σᵢ xᵢ·W[:, i], and inputs that are
// exactly zero (half of a ReLU layer's outputs, typically) are skipped: a
// layer reads only the weight rows of its non-zero inputs, about half of
// the bytes MLP.Forward reads for the R1 decoder. The sum of scaled rows is
// kernel.SparseNN on a one-row sparse input (SIMD in the engine's SIMD
// build, the same bits either way). Compile copies the weights: compile
// again after they change. A Compiled holds its own scratch buffers, so it
// is not safe for concurrent use.
type Compiled struct {
	layers []compiledLayer
	a, b   []float32
	nz     kernel.CSR // the current layer's non-zero inputs
}

type compiledLayer struct {
	in, out int
	wt      []float32 // In×Out: wt[i*out+o] = W[o*in+i]
	bias    []float32
	act     Activation
}

// Compile prepares m for Compiled.Forward. It panics if m fails Check.
func Compile(m MLP) *Compiled {
	if err := m.Check(); err != nil {
		panic(err)
	}
	c := &Compiled{layers: make([]compiledLayer, len(m))}
	for k, d := range m {
		l := compiledLayer{in: d.In, out: d.Out, act: d.Act,
			wt: make([]float32, d.In*d.Out), bias: append([]float32(nil), d.B...)}
		for o := 0; o < d.Out; o++ {
			for i := 0; i < d.In; i++ {
				l.wt[i*d.Out+o] = d.W[o*d.In+i]
			}
		}
		c.layers[k] = l
	}
	w := m.maxWidth()
	c.a, c.b = make([]float32, w), make([]float32, w)
	return c
}

// In returns the input width.
func (c *Compiled) In() int { return c.layers[0].in }

// Out returns the output width.
func (c *Compiled) Out() int { return c.layers[len(c.layers)-1].out }

// Forward runs x through the network into dst (len Out, allocated if nil or
// short) and returns it; with a dst of the right size it does not allocate.
// dst must not alias x. It panics if len(x) != In.
func (c *Compiled) Forward(dst, x []float32) []float32 {
	if len(x) != c.In() {
		panic("infer: Compiled.Forward input has the wrong length")
	}
	cur := x
	c.nz.FromDense(1, len(x), x)
	for k := range c.layers {
		l := &c.layers[k]
		last := k == len(c.layers)-1
		var out []float32
		switch {
		case last:
			if cap(dst) < l.out {
				dst = make([]float32, l.out)
			}
			out = dst[:l.out]
		case k%2 == 0:
			out = c.a[:l.out]
		default:
			out = c.b[:l.out]
		}
		copy(out, l.bias)
		kernel.SparseNN(&c.nz, l.out, l.wt, out)
		cur = out
		if last {
			break
		}
		// The next layer's non-zero inputs. A hidden ReLU layer's come
		// straight from its pre-activations (out keeps them: only c.nz is
		// read from here on), one pass instead of the ReLU's and
		// FromDense's.
		if l.act == ReLU {
			c.nz.FromDenseReLU(1, l.out, out)
		} else {
			l.act.apply(out)
			c.nz.FromDense(1, l.out, out)
		}
	}
	c.layers[len(c.layers)-1].act.apply(cur)
	return cur
}
