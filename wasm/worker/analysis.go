package worker

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"latentlab/core/formula"
	"latentlab/core/infer"
	"latentlab/wasm/protocol"
)

// net returns the slot's current network, cached until the next training step.
func (s *slot) net() *infer.Network {
	if !s.netOK || s.netStep != s.tr.Steps() {
		s.netCache, s.netStep, s.netOK = s.tr.Network(), s.tr.Steps(), true
	}
	return &s.netCache
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
	net := s.net()
	L, dim := net.Latent, net.Input
	vae := net.IsVAE()
	out := make([]float32, n*L*map[bool]int{false: 1, true: 2}[vae])
	var ws infer.Workspace
	code := make([]float32, net.Encoder.Out())
	for i := range n {
		net.EncodeInto(&ws, code, x[i*dim:(i+1)*dim])
		copy(out[i*L:(i+1)*L], code[:L])
		if vae {
			for j := range L {
				out[n*L+i*L+j] = float32(math.Exp(0.5 * float64(code[L+j])))
			}
		}
	}
	return &protocol.EncodeReply{N: n, Latent: L, Sigma: vae, Labels: labels}, out, nil
}

// decodeAll decodes n codes of z into one N×Input slice.
func decodeAll(net *infer.Network, z []float32, n int) []float32 {
	L, dim := net.Latent, net.Input
	out := make([]float32, n*dim)
	var ws infer.Workspace
	for i := range n {
		net.DecodeInto(&ws, out[i*dim:(i+1)*dim], z[i*L:(i+1)*L])
	}
	return out
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
	return &protocol.ImagesReply{N: n, Dim: net.Input, Width: s.width, Height: s.height}, decodeAll(net, f, n), nil
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
	net := s.net()
	dim := net.Input
	out := make([]float32, 2*n*dim)
	copy(out, x[:n*dim])
	var ws infer.Workspace
	code := make([]float32, net.Encoder.Out())
	for i := range n {
		net.EncodeInto(&ws, code, x[i*dim:(i+1)*dim])
		net.DecodeInto(&ws, out[(n+i)*dim:(n+i+1)*dim], code[:net.Latent])
	}
	return &protocol.ReconstructReply{N: n, Dim: dim, Width: s.width, Height: s.height, Labels: labels}, out, nil
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
	axis := make([]float64, b.N)
	for i := range axis {
		if b.Quantile {
			axis[i] = formula.NormalQuantile((float64(i) + 0.5) / float64(b.N))
		} else if b.N == 1 {
			axis[i] = 0
		} else {
			axis[i] = -b.Range + 2*b.Range*float64(i)/float64(b.N-1)
		}
	}
	ys := make([]float64, b.N)
	for i := range ys {
		ys[i] = axis[b.N-1-i]
	}
	z := make([]float32, b.N*b.N*L)
	for r := range b.N {
		for c := range b.N {
			code := z[(r*b.N+c)*L : (r*b.N+c+1)*L]
			for j := range code {
				if len(b.Base) == L {
					code[j] = float32(b.Base[j])
				}
			}
			code[b.DimX] = float32(axis[c])
			if b.DimY != b.DimX {
				code[b.DimY] = float32(ys[r])
			}
		}
	}
	return &protocol.GridReply{N: b.N, Dim: net.Input, Width: s.width, Height: s.height, Xs: axis, Ys: ys},
		decodeAll(net, z, b.N*b.N), nil
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
	L := net.Latent
	// A VAE samples its prior N(0, I). Other autoencoders have no prior: we
	// fit a diagonal Gaussian to the codes of held-out points and sample that.
	mean, std := make([]float64, L), make([]float64, L)
	for j := range std {
		std[j] = 1
	}
	if !net.IsVAE() && s.test != nil && s.test.N > 1 {
		n := min(s.test.N, 500)
		var ws infer.Workspace
		code := make([]float32, net.Encoder.Out())
		sum, sq := make([]float64, L), make([]float64, L)
		for i := range n {
			net.EncodeInto(&ws, code, s.test.Row(i))
			for j := range L {
				v := float64(code[j])
				sum[j] += v
				sq[j] += v * v
			}
		}
		for j := range L {
			mean[j] = sum[j] / float64(n)
			std[j] = math.Sqrt(math.Max(sq[j]/float64(n)-mean[j]*mean[j], 0))
		}
	}
	rng := rand.New(rand.NewPCG(b.Seed, 0x5a4d))
	z := make([]float32, b.N*L)
	for i := range z {
		j := i % L
		z[i] = float32(mean[j] + std[j]*rng.NormFloat64())
	}
	imgs := decodeAll(net, z, b.N)
	return &protocol.ImagesReply{N: b.N, Dim: net.Input, Width: s.width, Height: s.height, Latent: L},
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
	J := EncoderJacobian(net, x)
	rows, cols := net.Latent, net.Input
	sv, frob := SingularValues(J, rows, cols)
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
	if !(b.Sigma > 0 && b.Sigma < 1e3) || b.Count < 1 || b.Count > maxPoints || b.Draws < 1 || b.Draws > 1000 {
		return nil, nil, fmt.Errorf("contraction needs σ > 0, 1 ≤ count ≤ %d, 1 ≤ draws ≤ 1000 (got σ=%g count=%d draws=%d)",
			maxPoints, b.Sigma, b.Count, b.Draws)
	}
	d := s.test
	if d == nil || d.N == 0 {
		d = s.train
	}
	if d == nil || d.N == 0 {
		return nil, nil, errors.New("this model has no data: create or load it with data")
	}
	net := s.net()
	n := min(b.Count, d.N)
	r, se := ContractionRatio(net, d, n, b.Draws, b.Sigma, b.Seed)
	return &protocol.ContractionReply{Ratio: r, StdErr: se, N: n}, nil, nil
}

// ContractionRatio estimates E‖μ(x+ε) − μ(x)‖ / ‖ε‖, ε ~ N(0, σ²I), over the
// first n points of d with draws perturbations each. It returns the mean and
// its standard error over points.
func ContractionRatio(net *infer.Network, d *Dataset, n, draws int, sigma float64, seed uint64) (mean, stderr float64) {
	rng := rand.New(rand.NewPCG(seed, 0xc0417))
	var ws infer.Workspace
	L := net.Latent
	c0 := make([]float32, net.Encoder.Out())
	c1 := make([]float32, net.Encoder.Out())
	xe := make([]float32, d.Dim)
	var sum, sq float64
	for i := range n {
		x := d.Row(i)
		net.EncodeInto(&ws, c0, x)
		var pr float64
		for range draws {
			var e2 float64
			for k, v := range x {
				e := sigma * rng.NormFloat64()
				xe[k] = v + float32(e)
				e2 += e * e
			}
			net.EncodeInto(&ws, c1, xe)
			var d2 float64
			for j := range L {
				dd := float64(c1[j] - c0[j])
				d2 += dd * dd
			}
			pr += math.Sqrt(d2) / math.Sqrt(e2)
		}
		pr /= float64(draws)
		sum += pr
		sq += pr * pr
	}
	mean = sum / float64(n)
	if n > 1 {
		v := (sq - float64(n)*mean*mean) / float64(n-1)
		stderr = math.Sqrt(math.Max(v, 0) / float64(n))
	}
	return mean, stderr
}
