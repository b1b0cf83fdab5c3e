package nn

import (
	"fmt"

	"latentlab/core/kernel"
)

// sparseDensity is the largest fraction of non-zero inputs for which a
// SparseInput layer uses the sparse products (MNIST digits: about 0.19).
const sparseDensity = 0.5

// Dense is a fully connected layer Y = φ(X·W + 1·bᵀ) on a batch of rows.
// W is In×Out row-major (W[i*Out+o]); GW and GB accumulate gradients until
// ZeroGrad. The slices returned by Forward and Backward belong to the layer
// and are overwritten by the next call.
type Dense struct {
	In, Out int
	Act     Activation
	W, B    []float32
	GW, GB  []float32

	// SparseInput lets Forward and Backward visit only the non-zero inputs
	// when at most half of them are non-zero. The result is bit-identical
	// to the dense path.
	SparseInput bool

	x         []float32 // input of the last Forward (not owned)
	batch     int
	usedCSR   bool
	csr, csrT kernel.CSR
	y, dz, dx []float32
}

// NewDense returns an In→Out layer with zero weights; see GlorotUniform and
// HeNormal to initialise it.
func NewDense(in, out int, act Activation) *Dense {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn: NewDense(%d, %d)", in, out))
	}
	return &Dense{
		In: in, Out: out, Act: act,
		W: make([]float32, in*out), B: make([]float32, out),
		GW: make([]float32, in*out), GB: make([]float32, out),
	}
}

// Forward computes the layer's output for batch rows of x (batch×In) and
// returns it (batch×Out). The layer keeps x for Backward.
func (d *Dense) Forward(x []float32, batch int) []float32 {
	if len(x) != batch*d.In {
		panic(fmt.Sprintf("nn: Dense %d→%d: input length %d for batch %d", d.In, d.Out, len(x), batch))
	}
	d.x, d.batch = x, batch
	d.y = resize(d.y, batch*d.Out)
	for r := 0; r < batch; r++ {
		copy(d.y[r*d.Out:(r+1)*d.Out], d.B)
	}
	d.usedCSR = false
	if d.SparseInput { // one pass builds the CSR and counts the non-zeros
		d.csr.FromDense(batch, d.In, x)
		d.usedCSR = d.csr.NNZ() <= int(sparseDensity*float64(len(x)))
	}
	if d.usedCSR {
		kernel.SparseNN(&d.csr, d.Out, d.W, d.y)
	} else {
		kernel.GemmNN(batch, d.Out, d.In, x, d.W, d.y)
	}
	Apply(d.Act, d.y)
	return d.y
}

// Output returns the output of the last Forward.
func (d *Dense) Output() []float32 { return d.y }

// Backward takes ∂L/∂Y (batch×Out, left unchanged), accumulates ∂L/∂W and
// ∂L/∂b into GW and GB, and returns ∂L/∂X if wantDX (else nil).
func (d *Dense) Backward(dy []float32, wantDX bool) []float32 {
	if len(dy) != len(d.y) {
		panic(fmt.Sprintf("nn: Dense %d→%d: gradient length %d, want %d", d.In, d.Out, len(dy), len(d.y)))
	}
	d.dz = resize(d.dz, len(dy))
	copy(d.dz, dy)
	MulDeriv(d.Act, d.dz, d.y)
	return d.BackwardPre(d.dz, wantDX)
}

// BackwardPre is Backward given ∂L/∂Z (the gradient before the activation)
// instead of ∂L/∂Y.
func (d *Dense) BackwardPre(dz []float32, wantDX bool) []float32 {
	batch := d.batch
	if len(dz) != batch*d.Out {
		panic(fmt.Sprintf("nn: Dense %d→%d: gradient length %d, want %d", d.In, d.Out, len(dz), batch*d.Out))
	}
	if d.usedCSR {
		d.csr.Transpose(&d.csrT)
		kernel.SparseNN(&d.csrT, d.Out, dz, d.GW)
	} else {
		kernel.GemmTN(d.In, d.Out, batch, d.x, dz, d.GW)
	}
	kernel.AddRows(d.GB[:d.Out], dz, batch)
	if !wantDX {
		return nil
	}
	d.dx = resize(d.dx, batch*d.In)
	clear(d.dx)
	kernel.GemmNT(batch, d.In, d.Out, dz, d.W, d.dx)
	return d.dx
}

// ZeroGrad clears GW and GB.
func (d *Dense) ZeroGrad() {
	clear(d.GW)
	clear(d.GB)
}

// Params returns the layer's weights and biases with their gradients,
// named prefix+".W" and prefix+".b".
func (d *Dense) Params(prefix string) []Param {
	return []Param{
		{Name: prefix + ".W", Value: d.W, Grad: d.GW},
		{Name: prefix + ".b", Value: d.B, Grad: d.GB},
	}
}

func resize(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
