package worker

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"latentlab/core/analysis"
	"latentlab/core/infer"
	"latentlab/wasm/protocol"
)

// networkInto is a Trainer that copies its weights into an existing
// network, reusing its slices: the lesson page asks for a snapshot every
// second while training runs, and a fresh copy of R1 is 1.6 MB of garbage
// each time in the worker's Go heap.
type networkInto interface {
	NetworkInto(dst *infer.Network)
}

// net returns the slot's current network, cached until the next training
// step (refreshed in place when the trainer can: the cache's slices are
// overwritten, so nothing may keep them beyond a request).
func (s *slot) net() *infer.Network {
	if !s.netOK || s.netStep != s.tr.Steps() {
		if t, ok := s.tr.(networkInto); ok {
			t.NetworkInto(&s.netCache)
		} else {
			s.netCache = s.tr.Network()
		}
		s.netStep, s.netOK = s.tr.Steps(), true
		s.dec = nil
	}
	return &s.netCache
}

// decoder returns the current network's decoder compiled for decoding
// (infer.Compile: the trainer's batched forward pass, bit for bit, and about
// twice as fast as the row products), compiled once per weights version.
func (s *slot) decoder() *infer.Compiled {
	net := s.net()
	if s.dec == nil {
		s.dec = infer.Compile(net.Decoder)
	}
	return s.dec
}

// decodeRows decodes the latent rows of z (n×Latent) with the slot's
// compiled decoder, block by block, yielding between blocks.
func (w *Worker) decodeRows(s *slot, z []float32) ([]float32, error) {
	dec, L := s.decoder(), s.net().Latent
	return w.rowwise(z, L, func(block []float32) ([]float32, error) {
		n := len(block) / L
		out := make([]float32, n*dec.Out())
		for r := range n {
			dec.Forward(out[r*dec.Out():(r+1)*dec.Out()], block[r*L:(r+1)*L])
		}
		return out, nil
	})
}

// Limits on analysis requests.
const (
	maxPoints  = 20000
	maxGridN   = 40
	maxSamples = 1024
)

// points returns the inputs an EncodeBody selects: rows of a split, or the
// inputs in f.
func (s *slot) points(b protocol.EncodeBody, f []float32) (x []float32, n int, labels []int, err error) {
	dim := s.net().Input
	if b.Inputs {
		if len(f) == 0 || len(f)%dim != 0 {
			return nil, 0, nil, fmt.Errorf("inputs have %d values, not a multiple of the input size %d", len(f), dim)
		}
		if len(f)/dim > maxPoints {
			return nil, 0, nil, fmt.Errorf("%d inputs; at most %d", len(f)/dim, maxPoints)
		}
		return f, len(f) / dim, nil, nil
	}
	d, err := s.split(b.Split)
	if err != nil {
		return nil, 0, nil, err
	}
	if b.Count <= 0 {
		b.Count = 1000
	}
	if b.Offset < 0 || b.Offset >= d.N {
		return nil, 0, nil, fmt.Errorf("offset %d outside the %d points of the set", b.Offset, d.N)
	}
	n = min(b.Count, d.N-b.Offset, maxPoints)
	x = d.X[b.Offset*d.Dim : (b.Offset+n)*d.Dim]
	if d.Labels != nil {
		labels = d.Labels[b.Offset : b.Offset+n]
	}
	return x, n, labels, nil
}

// split returns the named dataset split ("test" by default).
func (s *slot) split(name string) (*Dataset, error) {
	var d *Dataset
	switch name {
	case "", "test":
		d = s.test
	case "train":
		d = s.train
	default:
		return nil, fmt.Errorf("unknown split %q (train or test)", name)
	}
	if d == nil || d.N == 0 {
		return nil, errors.New("this model has no data for that split: create or load it with data")
	}
	return d, nil
}

func (w *Worker) encode(m protocol.Message, f []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.EncodeBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	x, n, labels, err := s.points(b, f)
	if err != nil {
		return nil, nil, err
	}
	mu, sigma, err := w.encodeRows(s.net(), x)
	if err != nil {
		return nil, nil, err
	}
	return &protocol.EncodeReply{N: n, Latent: s.net().Latent, Sigma: sigma != nil, Labels: labels}, append(mu, sigma...), nil
}

func (w *Worker) decode(m protocol.Message, f []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.DecodeBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	net := s.net()
	if len(f) == 0 || len(f)%net.Latent != 0 {
		return nil, nil, fmt.Errorf("codes have %d values, not a multiple of the latent size %d", len(f), net.Latent)
	}
	n := len(f) / net.Latent
	if n > maxPoints {
		return nil, nil, fmt.Errorf("%d codes; at most %d", n, maxPoints)
	}
	out, err := w.decodeRows(s, f)
	if err != nil {
		return nil, nil, err
	}
	return &protocol.ImagesReply{N: n, Dim: net.Input, Width: s.width, Height: s.height}, out, nil
}

func (w *Worker) reconstruct(m protocol.Message, f []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	b := protocol.EncodeBody{Count: 16}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	x, n, labels, err := s.points(b, f)
	if err != nil {
		return nil, nil, err
	}
	rec, err := w.reconstructRows(s.net(), x)
	if err != nil {
		return nil, nil, err
	}
	dim := s.net().Input
	return &protocol.ReconstructReply{N: n, Dim: dim, Width: s.width, Height: s.height, Labels: labels},
		append(append(make([]float32, 0, 2*n*dim), x[:n*dim]...), rec...), nil
}

func (w *Worker) grid(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	net := s.net()
	b := protocol.GridBody{N: 10}
	if net.Latent > 1 {
		b.DimY = 1
	}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	L := net.Latent
	if b.DimX < 0 || b.DimX >= L || b.DimY < 0 || b.DimY >= L {
		return nil, nil, fmt.Errorf("grid dimensions (%d, %d) outside the %d latent dimensions", b.DimX, b.DimY, L)
	}
	if b.N < 1 || b.N > maxGridN {
		return nil, nil, fmt.Errorf("grid size %d out of range 1…%d", b.N, maxGridN)
	}
	if b.Range == 0 {
		b.Range = 3
	}
	if !(b.Range > 0 && b.Range < 1e6) {
		return nil, nil, fmt.Errorf("grid range %g must be positive", b.Range)
	}
	if len(b.Base) != 0 && len(b.Base) != L {
		return nil, nil, fmt.Errorf("base code has %d values, want %d", len(b.Base), L)
	}
	spec := analysis.GridSpec{N: b.N, DimX: b.DimX, DimY: b.DimY, Quantile: b.Quantile, Lo: -b.Range, Hi: b.Range}
	if len(b.Base) == L {
		spec.Base = make([]float32, L)
		for j, v := range b.Base {
			spec.Base[j] = float32(v)
		}
	}
	g, err := analysis.GridCodes(net, spec)
	if err != nil {
		return nil, nil, err
	}
	if g.Out, err = w.decodeRows(s, g.Z); err != nil {
		return nil, nil, err
	}
	ys := make([]float64, b.N)
	for i := range ys {
		ys[i] = g.Axis[b.N-1-i]
	}
	return &protocol.GridReply{N: b.N, Dim: net.Input, Width: s.width, Height: s.height, Xs: g.Axis, Ys: ys}, g.Out, nil
}

func (w *Worker) sample(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	b := protocol.SampleBody{N: 16, Seed: 1}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if b.N < 1 || b.N > maxSamples {
		return nil, nil, fmt.Errorf("%d samples out of range 1…%d", b.N, maxSamples)
	}
	net := s.net()
	// A VAE samples its prior N(0, I). Other autoencoders have no prior: the
	// samples come from a diagonal Gaussian fitted to held-out codes.
	var mean, std []float64
	if !net.IsVAE() && s.test != nil && s.test.N > 1 {
		n := min(s.test.N, 500)
		if mean, std, err = analysis.CodeStats(net, s.test.X[:n*s.test.Dim]); err != nil {
			return nil, nil, err
		}
	}
	z, err := analysis.SampleCodes(net, b.N, mean, std, rand.New(rand.NewPCG(b.Seed, 0x5a4d)))
	if err != nil {
		return nil, nil, err
	}
	imgs, err := w.decodeRows(s, z)
	if err != nil {
		return nil, nil, err
	}
	return &protocol.ImagesReply{N: b.N, Dim: net.Input, Width: s.width, Height: s.height, Latent: net.Latent},
		append(imgs, z...), nil
}

func (w *Worker) weights(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.WeightsBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	d := s.net().Encoder[0]
	n := d.Out
	if b.Max > 0 && b.Max < n {
		n = b.Max
	}
	out := append([]float32(nil), d.W[:n*d.In]...)
	r := &protocol.WeightsReply{N: n, In: d.In}
	if d.In == s.width*s.height {
		r.Width, r.Height = s.width, s.height
	}
	return r, out, nil
}

func (w *Worker) jacobian(m protocol.Message, f []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.JacobianBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	net := s.net()
	x := f
	if len(x) == 0 {
		d, err := s.split(b.Split)
		if err != nil {
			return nil, nil, err
		}
		if b.Index < 0 || b.Index >= d.N {
			return nil, nil, fmt.Errorf("index %d outside the %d points of the set", b.Index, d.N)
		}
		x = d.Row(b.Index)
	}
	if len(x) != net.Input {
		return nil, nil, fmt.Errorf("input has %d values, want %d", len(x), net.Input)
	}
	J, err := analysis.Jacobian(net, x)
	if err != nil {
		return nil, nil, err
	}
	rows, cols := net.Latent, net.Input
	sv, frob := analysis.SingularValues(J, rows, cols)
	out := make([]float32, len(J))
	for i, v := range J {
		out[i] = float32(v)
	}
	return &protocol.JacobianReply{Rows: rows, Cols: cols, Singular: sv, Frobenius: frob}, out, nil
}

func (w *Worker) contraction(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	b := protocol.ContractionBody{Sigma: 0.1, Count: 100, Draws: 4, Seed: 1}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	sigmas := b.Sigmas
	if len(sigmas) == 0 {
		sigmas = []float64{b.Sigma}
	}
	for _, sigma := range sigmas {
		if !(sigma > 0 && sigma < 1e3) {
			return nil, nil, fmt.Errorf("contraction needs σ > 0 (got σ=%g)", sigma)
		}
	}
	if len(sigmas) > 64 || b.Count < 1 || b.Count > maxPoints || b.Draws < 1 || b.Draws > 1000 {
		return nil, nil, fmt.Errorf("contraction needs 1 ≤ count ≤ %d, 1 ≤ draws ≤ 1000 and at most 64 σ (got count=%d draws=%d, %d σ)",
			maxPoints, b.Count, b.Draws, len(sigmas))
	}
	of, err := analysis.ParseOf(b.Of)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.split(b.Split)
	if err != nil && b.Split == "" {
		d, err = s.split("train") // a model without held-out data measures on its training set
	}
	if err != nil {
		return nil, nil, err
	}
	n := min(b.Count, d.N)
	r := &protocol.ContractionReply{N: n, Ratios: make([]float64, len(sigmas)), StdErrs: make([]float64, len(sigmas))}
	for k, sigma := range sigmas {
		if k > 0 {
			w.yield()
		}
		// The same seed for every σ: the same noise directions, scaled.
		if r.Ratios[k], r.StdErrs[k], err = analysis.Sensitivity(s.net(), d.X[:n*d.Dim], of, sigma, b.Draws, rand.New(rand.NewPCG(b.Seed, 0xc0417))); err != nil {
			return nil, nil, err
		}
	}
	r.Ratio, r.StdErr = r.Ratios[0], r.StdErrs[0]
	return r, nil, nil
}
