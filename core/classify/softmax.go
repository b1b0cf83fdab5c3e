package classify

import (
	"errors"
	"fmt"
	"math"
)

// Model is a softmax classifier on scaled features x̃ = (x − Mean)/Scale:
// p(y = c | x) ∝ exp(W_c · x̃ + B_c).
type Model struct {
	Classes, Dim int
	W            []float64 // Classes×Dim, row-major
	B            []float64 // Classes
	Scaler
}

// Problem is a labelled training set: N rows of Dim features in X, labels Y
// in 0…Classes−1, the Scaler applied to the features (zero value: none) and
// the L2 weight decay on W (not on B).
type Problem struct {
	X       []float64
	Y       []int
	Dim     int
	Classes int
	Decay   float64
	Scaler  Scaler
	// Yield, if set, is called between steps of a fit, so that a caller
	// sharing one thread with other work (the engine's Web Worker answering
	// its watchdog) can let that work run; it must not change the problem.
	Yield func()
}

// yield calls p.Yield if it is set.
func (p Problem) yield() {
	if p.Yield != nil {
		p.Yield()
	}
}

// Check reports a malformed problem.
func (p Problem) Check() error {
	switch {
	case p.Dim <= 0 || p.Classes < 2:
		return fmt.Errorf("classify: %d features, %d classes", p.Dim, p.Classes)
	case len(p.Y) == 0 || len(p.X) != len(p.Y)*p.Dim:
		return fmt.Errorf("classify: %d feature values for %d labels of %d features", len(p.X), len(p.Y), p.Dim)
	case p.Decay < 0 || math.IsNaN(p.Decay):
		return fmt.Errorf("classify: weight decay %v", p.Decay)
	case p.Scaler.Mean != nil && len(p.Scaler.Mean) != p.Dim:
		return fmt.Errorf("classify: a scaler of %d features for %d", len(p.Scaler.Mean), p.Dim)
	}
	for i, y := range p.Y {
		if y < 0 || y >= p.Classes {
			return fmt.Errorf("classify: label %d of example %d outside 0…%d", y, i, p.Classes-1)
		}
	}
	return nil
}

// sparse holds rows as their non-zero entries (MNIST pixels are mostly 0).
type sparse struct {
	start []int // row i is idx/val[start[i]:start[i+1]]
	idx   []int
	val   []float64
}

func sparseRows(x []float64, dim int) sparse {
	s := sparse{start: []int{0}}
	for i := 0; i < len(x)/dim; i++ {
		for j, v := range x[i*dim : (i+1)*dim] {
			if v != 0 {
				s.idx, s.val = append(s.idx, j), append(s.val, v)
			}
		}
		s.start = append(s.start, len(s.idx))
	}
	return s
}

func (s sparse) row(i int) ([]int, []float64) {
	return s.idx[s.start[i]:s.start[i+1]], s.val[s.start[i]:s.start[i+1]]
}

// scaled returns the scale's inverse and, per class, W_c · Mean / Scale:
// the logits of scaled features are B_c − off_c + inv · W_c · x, so the
// sums run over the raw (sparse) features.
func (m *Model) scaled() (inv float64, off []float64) {
	inv, off = 1, make([]float64, m.Classes)
	if m.Mean == nil {
		return inv, off
	}
	inv = 1 / m.Scale
	for c := range off {
		s := 0.0
		for j, mu := range m.Mean {
			s += m.W[c*m.Dim+j] * mu
		}
		off[c] = s * inv
	}
	return inv, off
}

// logits writes the logits of one sparse row into z.
func (m *Model) logits(idx []int, val []float64, inv float64, off, z []float64) {
	for c := range z {
		w := m.W[c*m.Dim : (c+1)*m.Dim]
		s := 0.0
		for k, j := range idx {
			s += w[j] * val[k]
		}
		z[c] = m.B[c] - off[c] + inv*s
	}
}

// softmax turns logits z into probabilities in place and returns log Σ exp z.
func softmax(z []float64) float64 {
	hi := math.Inf(-1)
	for _, v := range z {
		hi = math.Max(hi, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - hi)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
	return hi + math.Log(sum)
}

// Loss is the mean cross-entropy −(1/N) Σᵢ log p(yᵢ | xᵢ) plus
// (Decay/2)‖W‖² of m on p (whose Scaler m must carry). When gW and gB are
// not nil it also writes the gradient with respect to W (Classes×Dim) and
// B into them: ∂/∂W_c = (1/N) Σᵢ (p(c | xᵢ) − [yᵢ = c]) x̃ᵢ + Decay·W_c.
func (m *Model) Loss(p Problem, gW, gB []float64) float64 {
	return m.loss(p, sparseRows(p.X, p.Dim), gW, gB)
}

func (m *Model) loss(p Problem, rows sparse, gW, gB []float64) float64 {
	n := len(p.Y)
	inv, off := m.scaled()
	z := make([]float64, m.Classes)
	loss := 0.0
	if gW != nil {
		clear(gW)
		clear(gB)
	}
	for i := 0; i < n; i++ {
		idx, val := rows.row(i)
		m.logits(idx, val, inv, off, z)
		zy := z[p.Y[i]]
		loss += softmax(z) - zy // −log p(yᵢ | xᵢ); z now holds the probabilities
		if gW == nil {
			continue
		}
		z[p.Y[i]]--
		for c, e := range z {
			g := gW[c*m.Dim : (c+1)*m.Dim]
			for k, j := range idx {
				g[j] += e * val[k]
			}
			gB[c] += e
		}
	}
	loss /= float64(n)
	w2 := 0.0
	for _, w := range m.W {
		w2 += w * w
	}
	if gW != nil {
		m.finishGradient(p, inv, gW, gB)
	}
	return loss + 0.5*p.Decay*w2
}

// finishGradient turns the sums Σᵢ eᵢ_c xᵢ (in gW) and Σᵢ eᵢ_c (in gB) into
// the gradient: x̃ = (x − Mean)·inv, so Σᵢ eᵢ_c x̃ᵢ = inv (Σᵢ eᵢ_c xᵢ − Mean Σᵢ eᵢ_c).
func (m *Model) finishGradient(p Problem, inv float64, gW, gB []float64) {
	k := 1 / float64(len(p.Y))
	for c := 0; c < m.Classes; c++ {
		g := gW[c*m.Dim : (c+1)*m.Dim]
		for j := range g {
			mu := 0.0
			if m.Mean != nil {
				mu = m.Mean[j]
			}
			g[j] = k*inv*(g[j]-mu*gB[c]) + p.Decay*m.W[c*m.Dim+j]
		}
		gB[c] *= k
	}
}

// Predict returns the most probable class of each row of x.
func (m *Model) Predict(x []float64) []int {
	rows := sparseRows(x, m.Dim)
	inv, off := m.scaled()
	z := make([]float64, m.Classes)
	out := make([]int, len(x)/m.Dim)
	for i := range out {
		idx, val := rows.row(i)
		m.logits(idx, val, inv, off, z)
		best := 0
		for c, v := range z {
			if v > z[best] {
				best = c
			}
		}
		out[i] = best
	}
	return out
}

// Accuracy is the share of rows of x whose predicted class is y's.
func (m *Model) Accuracy(x []float64, y []int) (float64, error) {
	if len(y) == 0 || len(x) != len(y)*m.Dim {
		return 0, errors.New("classify: accuracy of an empty or misshapen set")
	}
	right := 0
	for i, c := range m.Predict(x) {
		if c == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y)), nil
}
