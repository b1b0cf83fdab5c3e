package nn

import (
	"fmt"
	"math"

	"latentlab/core/kernel"
)

// Param is one trainable tensor with its gradient, both flat.
type Param struct {
	Name  string
	Value []float32
	Grad  []float32
}

// Optimizer updates parameters from their gradients. The learning rate may
// change between steps. Implementations keep per-parameter state indexed
// by position, so Step must always receive the same list.
type Optimizer interface {
	// Step applies one update to every parameter.
	Step(params []Param)
	// SetLR sets the learning rate used by the following steps.
	SetLR(lr float64)
	// LR returns the current learning rate.
	LR() float64
	// Reset forgets the accumulated state (momenta, moment estimates).
	Reset()
}

// NewOptimizer returns "sgd" (with the given momentum) or "adam" (β₁ = 0.9,
// β₂ = 0.999, ε = 1e-8).
func NewOptimizer(name string, lr, momentum float64) (Optimizer, error) {
	switch name {
	case "sgd":
		return &SGD{lr: lr, Momentum: momentum}, nil
	case "adam", "":
		return NewAdam(lr), nil
	}
	return nil, fmt.Errorf("nn: unknown optimizer %q (want sgd or adam)", name)
}

// SGD is stochastic gradient descent with (heavy-ball) momentum μ:
//
//	v ← μ·v − η·g,  w ← w + v
type SGD struct {
	lr       float64
	Momentum float64
	vel      [][]float32
}

// Step implements Optimizer.
func (o *SGD) Step(params []Param) {
	lr, mu := float32(o.lr), float32(o.Momentum)
	if mu == 0 {
		for _, p := range params {
			g := p.Grad[:len(p.Value)]
			for i := range p.Value {
				p.Value[i] -= lr * g[i]
			}
		}
		return
	}
	o.vel = ensureState(o.vel, params)
	for k, p := range params {
		v := o.vel[k][:len(p.Value)]
		g := p.Grad[:len(p.Value)]
		for i := range p.Value {
			v[i] = mu*v[i] - lr*g[i]
			p.Value[i] += v[i]
		}
	}
}

// SetLR implements Optimizer.
func (o *SGD) SetLR(lr float64) { o.lr = lr }

// LR implements Optimizer.
func (o *SGD) LR() float64 { return o.lr }

// Reset implements Optimizer.
func (o *SGD) Reset() { o.vel = nil }

// Adam is the optimizer of Kingma and Ba (2015):
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
//	w ← w − η·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)
type Adam struct {
	lr, Beta1, Beta2, Eps float64
	t                     int
	b1t, b2t              float64 // β₁ᵗ, β₂ᵗ
	m, v                  [][]float32
}

// NewAdam returns Adam with learning rate lr and the usual constants.
func NewAdam(lr float64) *Adam {
	return &Adam{lr: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, b1t: 1, b2t: 1}
}

// Step implements Optimizer.
func (o *Adam) Step(params []Param) {
	o.m = ensureState(o.m, params)
	o.v = ensureState(o.v, params)
	o.t++
	o.b1t *= o.Beta1
	o.b2t *= o.Beta2
	c := kernel.AdamParams{
		B1: float32(o.Beta1), B2: float32(o.Beta2),
		Step: float32(o.lr * math.Sqrt(1-o.b2t) / (1 - o.b1t)),
		Eps:  float32(o.Eps * math.Sqrt(1-o.b2t)), // ε applied to the bias-corrected v
	}
	c.C1, c.C2 = 1-c.B1, 1-c.B2
	for k, p := range params {
		kernel.Adam(p.Value, p.Grad, o.m[k], o.v[k], c)
	}
}

// SetLR implements Optimizer.
func (o *Adam) SetLR(lr float64) { o.lr = lr }

// LR implements Optimizer.
func (o *Adam) LR() float64 { return o.lr }

// Reset implements Optimizer.
func (o *Adam) Reset() {
	o.m, o.v, o.t, o.b1t, o.b2t = nil, nil, 0, 1, 1
}

func ensureState(s [][]float32, params []Param) [][]float32 {
	if len(s) == len(params) {
		return s
	}
	s = make([][]float32, len(params))
	for k, p := range params {
		s[k] = make([]float32, len(p.Value))
	}
	return s
}

// GradNorm returns the global Euclidean norm of all gradients, each
// parameter's sum of squares in float64 by kernel.SumSquares. It is NaN or
// +Inf if any gradient is.
func GradNorm(params []Param) float64 {
	var s float64
	for _, p := range params {
		s += kernel.SumSquares(p.Grad)
	}
	return math.Sqrt(s)
}

// ClipGlobalNorm rescales all gradients by max/‖g‖ when their global norm
// ‖g‖ (given) exceeds max > 0, and reports whether it did.
func ClipGlobalNorm(params []Param, norm, max float64) bool {
	if max <= 0 || !(norm > max) {
		return false
	}
	f := float32(max / norm)
	for _, p := range params {
		for i := range p.Grad {
			p.Grad[i] *= f
		}
	}
	return true
}
