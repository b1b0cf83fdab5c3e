package classify

import (
	"fmt"
	"math"
)

// Iterations is how many accelerated gradient steps Fit takes by default.
const Iterations = 300

// Fit trains a softmax classifier on p from zero weights by full-batch
// accelerated gradient descent (Nesterov momentum with FISTA's schedule,
// restarted whenever the step goes against the gradient, O'Donoghue and
// Candès's rule) with step 1/L, L an upper bound on the loss's curvature:
// ½ λmax((1/N) Σ x̃ x̃ᵀ) + Decay with x̃ = (scaled x, 1), found by power
// iteration. The loss is convex, so the result depends on nothing but p and
// iters (0: Iterations).
func Fit(p Problem, iters int) (*Model, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if iters <= 0 {
		iters = Iterations
	}
	step := 1 / curvature(p)
	rows := sparseRows(p.X, p.Dim)
	x := newModel(p) // the iterate
	y := newModel(p) // the extrapolated point
	prevW, prevB := make([]float64, len(x.W)), make([]float64, len(x.B))
	gW, gB := make([]float64, len(x.W)), make([]float64, len(x.B))
	t := 1.0
	for k := 0; k < iters; k++ {
		p.yield()
		loss := y.loss(p, rows, gW, gB)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return nil, fmt.Errorf("classify: the loss is %v after %d steps", loss, k)
		}
		copy(prevW, x.W)
		copy(prevB, x.B)
		against := 0.0 // ⟨∇f(y), x_new − x_old⟩
		for i := range x.W {
			x.W[i] = y.W[i] - step*gW[i]
			against += gW[i] * (x.W[i] - prevW[i])
		}
		for c := range x.B {
			x.B[c] = y.B[c] - step*gB[c]
			against += gB[c] * (x.B[c] - prevB[c])
		}
		if against > 0 {
			t = 1 // restart the momentum
		}
		tNext := (1 + math.Sqrt(1+4*t*t)) / 2
		mom := (t - 1) / tNext
		t = tNext
		for i := range x.W {
			y.W[i] = x.W[i] + mom*(x.W[i]-prevW[i])
		}
		for c := range x.B {
			y.B[c] = x.B[c] + mom*(x.B[c]-prevB[c])
		}
	}
	return x, nil
}

func newModel(p Problem) *Model {
	return &Model{Classes: p.Classes, Dim: p.Dim, W: make([]float64, p.Classes*p.Dim), B: make([]float64, p.Classes), Scaler: p.Scaler}
}

// curvature bounds the largest eigenvalue of the loss's Hessian: the
// cross-entropy's Hessian in the logits is at most ½ I, so the Hessian is at
// most ½ (1/N) Σ x̃ x̃ᵀ ⊗ I + Decay. λmax is estimated by 50 power iterations
// from the all-ones vector and given a 10 % margin (a step slightly short
// of 1/L converges all the same).
func curvature(p Problem) float64 {
	n, d := len(p.Y), p.Dim+1
	x := p.Scaler.Apply(p.X)
	v := make([]float64, d)
	for j := range v {
		v[j] = 1 / math.Sqrt(float64(d))
	}
	u := make([]float64, d)
	lambda := 0.0
	for it := 0; it < 50; it++ {
		p.yield()
		clear(u)
		for i := 0; i < n; i++ {
			row := x[i*p.Dim : (i+1)*p.Dim]
			dot := v[p.Dim]
			for j, x := range row {
				dot += x * v[j]
			}
			for j, x := range row {
				u[j] += dot * x
			}
			u[p.Dim] += dot
		}
		norm := 0.0
		for j := range u {
			u[j] /= float64(n)
			norm += u[j] * u[j]
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			break
		}
		lambda = norm
		for j := range v {
			v[j] = u[j] / norm
		}
	}
	return 1.1*0.5*lambda + p.Decay + 1e-12
}
