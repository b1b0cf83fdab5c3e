package cae

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ToyNet is a tiny 2-D autoencoder trained in the page: a sigmoid encoder
// h = σ(W₁x + b₁) with H units and a linear decoder r = W₂h + b₂.
// The loss per example is ‖r − x‖² + λ·‖J_f(x)‖²_F, where for the sigmoid
// encoder ‖J_f(x)‖²_F = Σⱼ (hⱼ(1−hⱼ))² Σᵢ W₁ⱼᵢ² (Rifai et al., 2011).
// λ = 0 is a plain autoencoder; Noise > 0 makes it a denoising autoencoder
// (it reconstructs x from x + N(0, Noise²)).
//
// A 2→16→2 step on a batch of 32 is a few tens of thousands of flops, so the
// widget trains it on the UI thread in small chunks per animation frame.
type ToyNet struct {
	H      int
	W1, B1 []float64 // H×2 row-major, H
	W2, B2 []float64 // 2×H row-major, 2
	Lambda float64   // contraction weight λ
	Noise  float64   // input corruption σ for a denoising AE (0: none)
	LR     float64   // Adam learning rate
	Step   int       // optimisation steps taken
	// Tied makes the decoder use W₁ᵀ (W₂ is kept equal to it), as in Rifai et
	// al. (2011); without it a linear decoder could dodge the penalty by
	// shrinking W₁ and growing W₂.
	Tied bool

	rng      *rand.Rand
	m, v     []float64 // Adam moments over all parameters (flattened)
	grad     []float64
	hbuf, db []float64
	clean    []float64 // batch scratch
	in       []float64
}

// Metrics are the batch averages measured during one step.
type Metrics struct {
	Recon   float64 // mean ‖r − x‖²
	Penalty float64 // mean ‖J_f(x)‖²_F
}

// NewToyNet builds a network with Glorot-uniform weights from seed.
func NewToyNet(hidden int, seed uint64) *ToyNet {
	n := &ToyNet{H: hidden, LR: 0.01}
	n.rng = rand.New(rand.NewPCG(seed, 0x5eed))
	n.W1 = make([]float64, hidden*2)
	n.B1 = make([]float64, hidden)
	n.W2 = make([]float64, 2*hidden)
	n.B2 = make([]float64, 2)
	lim := math.Sqrt(6 / float64(hidden+2))
	for i := range n.W1 {
		n.W1[i] = (2*n.rng.Float64() - 1) * lim
	}
	for i := range n.W2 {
		n.W2[i] = (2*n.rng.Float64() - 1) * lim
	}
	np := n.numParams()
	n.m, n.v, n.grad = make([]float64, np), make([]float64, np), make([]float64, np)
	n.hbuf, n.db = make([]float64, hidden), make([]float64, hidden)
	return n
}

func (n *ToyNet) numParams() int { return 5*n.H + 2 }

// Clone returns a deep copy (used to keep the last good model on divergence).
func (n *ToyNet) Clone() *ToyNet {
	c := *n
	cp := func(s []float64) []float64 { return append([]float64(nil), s...) }
	c.W1, c.B1, c.W2, c.B2 = cp(n.W1), cp(n.B1), cp(n.W2), cp(n.B2)
	c.m, c.v, c.grad = cp(n.m), cp(n.v), cp(n.grad)
	c.hbuf, c.db = cp(n.hbuf), cp(n.db)
	c.clean, c.in = nil, nil
	r := *n.rng
	c.rng = &r
	return &c
}

func sigmoid(a float64) float64 {
	if a >= 0 {
		return 1 / (1 + math.Exp(-a))
	}
	e := math.Exp(a)
	return e / (1 + e)
}

// Encode writes h = σ(W₁x + b₁) into dst (len H) and returns it.
func (n *ToyNet) Encode(dst []float64, x0, x1 float64) []float64 {
	if cap(dst) < n.H {
		dst = make([]float64, n.H)
	}
	dst = dst[:n.H]
	for j := range dst {
		dst[j] = sigmoid(n.W1[2*j]*x0 + n.W1[2*j+1]*x1 + n.B1[j])
	}
	return dst
}

// Reconstruct returns r(x) = W₂σ(W₁x + b₁) + b₂.
func (n *ToyNet) Reconstruct(x0, x1 float64) (r0, r1 float64) {
	h := n.Encode(n.hbuf, x0, x1)
	r0, r1 = n.B2[0], n.B2[1]
	for j, hj := range h {
		r0 += n.W2[j] * hj
		r1 += n.W2[n.H+j] * hj
	}
	return r0, r1
}

// Jacobian returns the encoder Jacobian at x, J = diag(h(1−h))·W₁, H×2 row-major.
func (n *ToyNet) Jacobian(dst []float64, x0, x1 float64) []float64 {
	if cap(dst) < 2*n.H {
		dst = make([]float64, 2*n.H)
	}
	dst = dst[:2*n.H]
	h := n.Encode(n.hbuf, x0, x1)
	for j, hj := range h {
		s := hj * (1 - hj)
		dst[2*j] = s * n.W1[2*j]
		dst[2*j+1] = s * n.W1[2*j+1]
	}
	return dst
}

// Penalty returns ‖J_f(x)‖²_F by the closed form Σⱼ (hⱼ(1−hⱼ))² Σᵢ W₁ⱼᵢ².
func (n *ToyNet) Penalty(x0, x1 float64) float64 {
	h := n.Encode(n.hbuf, x0, x1)
	p := 0.0
	for j, hj := range h {
		s := hj * (1 - hj)
		p += s * s * (n.W1[2*j]*n.W1[2*j] + n.W1[2*j+1]*n.W1[2*j+1])
	}
	return p
}

// Loss returns the mean reconstruction error and penalty over the points xs
// (N×2 row-major) without corruption; it changes nothing.
func (n *ToyNet) Loss(xs []float64) Metrics {
	var m Metrics
	N := len(xs) / 2
	for k := 0; k < N; k++ {
		x0, x1 := xs[2*k], xs[2*k+1]
		r0, r1 := n.Reconstruct(x0, x1)
		m.Recon += (r0-x0)*(r0-x0) + (r1-x1)*(r1-x1)
		m.Penalty += n.Penalty(x0, x1)
	}
	if N > 0 {
		m.Recon /= float64(N)
		m.Penalty /= float64(N)
	}
	return m
}

// Gradient accumulates the gradient of the mean loss over the batch (rows of
// xs, clean targets) given the inputs fed to the encoder (in; equal to xs
// unless corrupted) into n.grad, ordered W1, B1, W2, B2, and returns the metrics.
func (n *ToyNet) Gradient(in, xs []float64) Metrics {
	H := n.H
	g := n.grad
	for i := range g {
		g[i] = 0
	}
	gW1, gB1 := g[:2*H], g[2*H:3*H]
	gW2, gB2 := g[3*H:5*H], g[5*H:]
	B := len(xs) / 2
	inv := 1 / float64(B)
	var met Metrics
	h, dh := n.hbuf, n.db
	for k := 0; k < B; k++ {
		x0, x1 := in[2*k], in[2*k+1]
		t0, t1 := xs[2*k], xs[2*k+1]
		n.Encode(h, x0, x1)
		r0, r1 := n.B2[0], n.B2[1]
		for j, hj := range h {
			r0 += n.W2[j] * hj
			r1 += n.W2[H+j] * hj
		}
		e0, e1 := r0-t0, r1-t1
		met.Recon += e0*e0 + e1*e1
		d0, d1 := 2*e0*inv, 2*e1*inv
		gB2[0] += d0
		gB2[1] += d1
		for j, hj := range h {
			gW2[j] += d0 * hj
			gW2[H+j] += d1 * hj
			dh[j] = n.W2[j]*d0 + n.W2[H+j]*d1
		}
		for j, hj := range h {
			s := hj * (1 - hj)
			w0, w1 := n.W1[2*j], n.W1[2*j+1]
			c := w0*w0 + w1*w1
			met.Penalty += s * s * c
			if n.Lambda != 0 {
				l := n.Lambda * inv
				dh[j] += l * 2 * s * c * (1 - 2*hj)
				gW1[2*j] += l * 2 * s * s * w0
				gW1[2*j+1] += l * 2 * s * s * w1
			}
			da := dh[j] * s
			gW1[2*j] += da * x0
			gW1[2*j+1] += da * x1
			gB1[j] += da
		}
	}
	met.Recon *= inv
	met.Penalty *= inv
	return met
}

// params returns the parameter slices in gradient order.
func (n *ToyNet) params() [4][]float64 { return [4][]float64{n.W1, n.B1, n.W2, n.B2} }

// TrainStep samples a batch of size batch from xs (N×2), takes one Adam step
// and returns the batch metrics. It returns an error (and leaves the weights
// as they were before the update) when the loss or gradient is not finite.
func (n *ToyNet) TrainStep(xs []float64, batch int) (Metrics, error) {
	N := len(xs) / 2
	if N == 0 {
		return Metrics{}, fmt.Errorf("no data")
	}
	if batch > N {
		batch = N
	}
	if cap(n.clean) < 2*batch {
		n.clean, n.in = make([]float64, 2*batch), make([]float64, 2*batch)
	}
	clean, in := n.clean[:2*batch], n.in[:2*batch]
	for b := 0; b < batch; b++ {
		k := n.rng.IntN(N)
		clean[2*b], clean[2*b+1] = xs[2*k], xs[2*k+1]
		in[2*b], in[2*b+1] = clean[2*b], clean[2*b+1]
		if n.Noise > 0 {
			in[2*b] += n.Noise * n.rng.NormFloat64()
			in[2*b+1] += n.Noise * n.rng.NormFloat64()
		}
	}
	n.syncTied()
	met := n.Gradient(in, clean)
	if n.Tied {
		H := n.H
		gW1, gW2 := n.grad[:2*H], n.grad[3*H:5*H]
		for j := 0; j < H; j++ {
			gW1[2*j] += gW2[j]
			gW1[2*j+1] += gW2[H+j]
			gW2[j], gW2[H+j] = 0, 0
		}
	}
	loss := met.Recon + n.Lambda*met.Penalty
	if math.IsNaN(loss) || math.IsInf(loss, 0) || loss > 1e6 {
		return met, fmt.Errorf("loss became %.3g at step %d", loss, n.Step+1)
	}
	for _, gi := range n.grad {
		if math.IsNaN(gi) || math.IsInf(gi, 0) {
			return met, fmt.Errorf("gradient is not finite at step %d", n.Step+1)
		}
	}
	n.Step++
	const b1, b2, eps = 0.9, 0.999, 1e-8
	c1 := 1 - math.Pow(b1, float64(n.Step))
	c2 := 1 - math.Pow(b2, float64(n.Step))
	idx := 0
	for _, p := range n.params() {
		for i := range p {
			gi := n.grad[idx]
			n.m[idx] = b1*n.m[idx] + (1-b1)*gi
			n.v[idx] = b2*n.v[idx] + (1-b2)*gi*gi
			p[i] -= n.LR * (n.m[idx] / c1) / (math.Sqrt(n.v[idx]/c2) + eps)
			idx++
		}
	}
	n.syncTied()
	return met, nil
}

// syncTied copies W₁ᵀ into W₂ when the weights are tied.
func (n *ToyNet) syncTied() {
	if !n.Tied {
		return
	}
	for j := 0; j < n.H; j++ {
		n.W2[j] = n.W1[2*j]
		n.W2[n.H+j] = n.W1[2*j+1]
	}
}

// ContractionRatio measures the mean of ‖h(x+ε)−h(x)‖/‖ε‖ over the points xs
// with ε ~ N(0, σ²I), using draws perturbations per point from rng.
func (n *ToyNet) ContractionRatio(xs []float64, sigma float64, draws int, rng *rand.Rand) float64 {
	N := len(xs) / 2
	if N == 0 || sigma <= 0 {
		return 0
	}
	h0 := make([]float64, n.H)
	h1 := make([]float64, n.H)
	sum := 0.0
	cnt := 0
	for k := 0; k < N; k++ {
		x0, x1 := xs[2*k], xs[2*k+1]
		n.Encode(h0, x0, x1)
		for d := 0; d < draws; d++ {
			e0, e1 := sigma*rng.NormFloat64(), sigma*rng.NormFloat64()
			en := math.Hypot(e0, e1)
			if en == 0 {
				continue
			}
			n.Encode(h1, x0+e0, x1+e1)
			dd := 0.0
			for j := range h0 {
				dd += (h1[j] - h0[j]) * (h1[j] - h0[j])
			}
			sum += math.Sqrt(dd) / en
			cnt++
		}
	}
	if cnt == 0 {
		return 0
	}
	return sum / float64(cnt)
}

// CenterOutput sets the decoder bias so that r(0) = 0 at initialisation
// (b₂ = −W₂·σ(b₁)): the untrained reconstruction then starts near the data,
// which lie around the origin, instead of at an arbitrary offset.
func (n *ToyNet) CenterOutput() {
	n.syncTied()
	h := n.Encode(n.hbuf, 0, 0)
	n.B2[0], n.B2[1] = 0, 0
	for j, hj := range h {
		n.B2[0] -= n.W2[j] * hj
		n.B2[1] -= n.W2[n.H+j] * hj
	}
}
