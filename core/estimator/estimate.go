package estimator

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Source supplies standard normal draws ε ~ N(0, 1). *rand.Rand satisfies it.
type Source interface{ NormFloat64() float64 }

// NewSource returns the package's seeded generator (PCG from math/rand/v2).
func NewSource(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x5245504152414d)) // "REPARAM"
}

// Kind selects a gradient estimator.
type Kind int

// The two estimators.
const (
	Score    Kind = iota // score function / REINFORCE: mean of f(z)·∇ log q(z)
	Pathwise             // reparameterized: mean of f′(μ+σε)·(1, ε)
)

// String returns "score" or "pathwise".
func (k Kind) String() string {
	if k == Score {
		return "score"
	}
	return "pathwise"
}

// ParseKind parses "score" (also "reinforce") or "pathwise" (also "reparam").
func ParseKind(s string) (Kind, error) {
	switch s {
	case "score", "reinforce":
		return Score, nil
	case "pathwise", "reparam", "reparameterized":
		return Pathwise, nil
	}
	return 0, fmt.Errorf("estimator: unknown estimator %q", s)
}

// Estimate returns one K-sample estimate of ∇L(μ, σ) by the chosen estimator,
// drawing K values ε from src. It panics if k < 1 or σ ≤ 0 (caller bugs).
func Estimate(kind Kind, obj Objective, mu, sigma float64, k int, src Source) Gradient {
	if k < 1 || !(sigma > 0) {
		panic(fmt.Sprintf("estimator: Estimate with k=%d, σ=%g", k, sigma))
	}
	var gm, gs float64
	for i := 0; i < k; i++ {
		eps := src.NormFloat64()
		z := mu + sigma*eps
		if kind == Score {
			f := obj.F(z)
			gm += f * eps / sigma
			gs += f * (eps*eps - 1) / sigma
		} else {
			d := obj.DF(z)
			gm += d
			gs += d * eps
		}
	}
	return Gradient{gm / float64(k), gs / float64(k)}
}

// Stats summarises repeated scalar estimates.
type Stats struct {
	Samples []float64
	Mean    float64
	Var     float64 // unbiased sample variance (n−1 denominator)
}

func summarize(xs []float64) Stats {
	s := Stats{Samples: xs}
	if len(xs) == 0 {
		return s
	}
	for _, x := range xs {
		s.Mean += x
	}
	s.Mean /= float64(len(xs))
	if len(xs) > 1 {
		for _, x := range xs {
			d := x - s.Mean
			s.Var += d * d
		}
		s.Var /= float64(len(xs) - 1)
	}
	return s
}

// Repeated is the outcome of M independent K-sample estimates.
type Repeated struct {
	Kind      Kind
	K, M      int
	Mu, Sigma Stats    // the M estimates of ∂L/∂μ and ∂L/∂σ
	True      Gradient // the analytic gradient
}

// Repeat runs m independent k-sample estimates at (μ, σ) with a generator
// seeded by seed, for the estimator lab's histograms.
func Repeat(kind Kind, obj Objective, mu, sigma float64, k, m int, seed uint64) Repeated {
	src := NewSource(seed)
	gm := make([]float64, m)
	gs := make([]float64, m)
	for i := range gm {
		g := Estimate(kind, obj, mu, sigma, k, src)
		gm[i], gs[i] = g.Mu, g.Sigma
	}
	return Repeated{Kind: kind, K: k, M: m, Mu: summarize(gm), Sigma: summarize(gs), True: obj.Grad(mu, sigma)}
}

// Histogram counts xs into bins equal-width bins over [lo, hi]; values outside
// are clamped into the end bins. It returns bins+1 edges and the counts.
func Histogram(xs []float64, lo, hi float64, bins int) (edges []float64, counts []int) {
	if bins < 1 || !(hi > lo) {
		return nil, nil
	}
	edges = make([]float64, bins+1)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/float64(bins)
	}
	counts = make([]int, bins)
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		b := int(math.Floor((x - lo) / (hi - lo) * float64(bins)))
		counts[max(0, min(bins-1, b))]++
	}
	return edges, counts
}
