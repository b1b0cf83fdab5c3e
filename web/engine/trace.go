package engine

import (
	"fmt"

	"latentlab/wasm/protocol"
)

// TraceOf selects the example a trace follows and its randomness: point
// Index of a split ("test", the default, or "train"), or the Input given;
// the VAE's ε given (Eps) or drawn with Seed; the step size of the update
// it measures (LR, 0: the model's learning rate).
type TraceOf struct {
	Split string
	Index int
	Input []float32
	Eps   []float32
	Seed  uint64
	LR    float64
}

// Trace is every intermediate of one forward and backward pass of a model
// on one example, as the engine computed it (protocol.TraceReply for the
// numbers and gradients), with the payload split into its parts.
type Trace struct {
	protocol.TraceReply
	X          []float32   // the example
	Recon      []float32   // x̂, the decoder's mean
	ReconPixel []float32   // the reconstruction term of each input value
	Hidden     [][]float32 // the encoder's hidden layers
	DecHidden  [][]float32 // the decoder's hidden layers
	Jacobian   []float32   // CAE: J_f(x), Latent×Input row-major
}

// Trace asks the engine to follow one example through one forward and
// backward pass of the model's current weights; training is unaffected.
func (m *Model) Trace(of TraceOf, done func(Trace, error)) {
	var b protocol.TraceReply
	body := protocol.TraceBody{Split: of.Split, Index: of.Index, Eps: of.Eps, Seed: of.Seed, LR: of.LR}
	m.send(protocol.Trace, &body, of.Input, &b, func(f []float32, err error) {
		if err != nil {
			done(Trace{}, err)
			return
		}
		t, err := traceOf(b, f)
		done(t, err)
	})
}

func traceOf(b protocol.TraceReply, f []float32) (Trace, error) {
	if b.Input <= 0 || len(f) != b.TraceLen() {
		return Trace{}, fmt.Errorf("trace: %d values, want %d", len(f), b.TraceLen())
	}
	t := Trace{TraceReply: b}
	next := func(n int) []float32 {
		s := f[:n:n]
		f = f[n:]
		return s
	}
	t.X, t.Recon, t.ReconPixel = next(b.Input), next(b.Input), next(b.Input)
	for _, w := range b.Hidden {
		t.Hidden = append(t.Hidden, next(w))
	}
	for _, w := range b.DecHidden {
		t.DecHidden = append(t.DecHidden, next(w))
	}
	if b.Jacobian {
		t.Jacobian = next(b.Latent * b.Input)
	}
	return t, nil
}
