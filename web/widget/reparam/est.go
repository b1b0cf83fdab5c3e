package reparam

import (
	"math"
	"math/rand/v2"

	"latentlab/core/estimator"
)

// Objective is a test function f(z) with its derivative and the analytic
// gradient of E_{z~N(μ,σ²)}[f(z)] with respect to μ and σ. It wraps the
// engine's own definition in core/estimator, so the lab, the tests and the
// lesson's quiz use the same formulas.
type Objective struct {
	Name  string
	Label string // as shown to students
	F     func(z float64) float64
	DF    func(z float64) float64
	// Mean is E[f(z)]; Grad is (∂/∂μ, ∂/∂σ) of it.
	Mean func(mu, sigma float64) float64
	Grad func(mu, sigma float64) (dmu, dsigma float64)
	core estimator.Objective
}

func fromCore(name, coreName string) Objective {
	o, err := estimator.Lookup(coreName)
	if err != nil {
		panic(err)
	}
	return Objective{
		Name: name, Label: "f(z) = " + o.Label, F: o.F, DF: o.DF, Mean: o.Value,
		Grad: func(m, s float64) (float64, float64) { g := o.Grad(m, s); return g.Mu, g.Sigma },
		core: o,
	}
}

// Objectives maps the estimator-lab's f parameter to its objective.
var Objectives = map[string]Objective{
	"square": fromCore("square", "square3"),
	"sin":    fromCore("sin", "sin"),
	"abs":    fromCore("abs", "abs"),
}

// ScoreFunction returns the score-function (REINFORCE) estimate of
// ∇_{μ,σ} E[f(z)] from K samples: (1/K) Σ f(z)·∇ log q(z), with
// ∂ log q/∂μ = (z−μ)/σ² and ∂ log q/∂σ = ((z−μ)² − σ²)/σ³ (core/estimator).
func ScoreFunction(o Objective, mu, sigma float64, K int, rng *rand.Rand) (dmu, dsigma float64) {
	g := estimator.Estimate(estimator.Score, o.core, mu, sigma, K, rng)
	return g.Mu, g.Sigma
}

// Pathwise returns the reparameterized estimate from K samples: with
// z = μ + σε, ∂f/∂μ = f′(z) and ∂f/∂σ = f′(z)·ε (core/estimator).
func Pathwise(o Objective, mu, sigma float64, K int, rng *rand.Rand) (dmu, dsigma float64) {
	g := estimator.Estimate(estimator.Pathwise, o.core, mu, sigma, K, rng)
	return g.Mu, g.Sigma
}

// Trial is one trial of the estimator lab: a score-function estimate, then
// a pathwise one, from K samples each, drawn from rng in that order. It
// returns (score ∂/∂μ, pathwise ∂/∂μ, score ∂/∂σ, pathwise ∂/∂σ).
func Trial(o Objective, mu, sigma float64, K int, rng *rand.Rand) [4]float64 {
	a, b := ScoreFunction(o, mu, sigma, K, rng)
	c, d := Pathwise(o, mu, sigma, K, rng)
	return [4]float64{a, c, b, d}
}

// TrialRNG is the generator the estimator lab draws its trials from for
// seed (the claims runner draws from the same).
func TrialRNG(seed int) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), 11)) }

// Stats are the running mean and variance of a sample (Welford).
type Stats struct {
	N        int
	Mean, m2 float64
}

// Add includes x.
func (s *Stats) Add(x float64) {
	s.N++
	d := x - s.Mean
	s.Mean += d / float64(s.N)
	s.m2 += d * (x - s.Mean)
}

// Var is the unbiased sample variance (0 for fewer than two values).
func (s Stats) Var() float64 {
	if s.N < 2 {
		return 0
	}
	return s.m2 / float64(s.N-1)
}

// Bins counts xs into n equal bins over [lo, hi]; values outside fall into
// the end bins (so nothing silently disappears) and are also counted in
// under and over.
func Bins(xs []float64, n int, lo, hi float64) (counts []int, under, over int) {
	counts = make([]int, n)
	if hi <= lo {
		hi = lo + 1
	}
	w := (hi - lo) / float64(n)
	for _, x := range xs {
		i := int(math.Floor((x - lo) / w))
		switch {
		case math.IsNaN(x):
			continue
		case x < lo:
			under++
			i = 0
		case x > hi:
			over++
			i = n - 1
		case i >= n:
			i = n - 1
		}
		counts[i]++
	}
	return counts, under, over
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of xs by sorting a copy's
// selection; it is used to choose a histogram range that ignores outliers.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	c := append([]float64(nil), xs...)
	k := int(q * float64(len(c)-1))
	// quickselect
	lo, hi := 0, len(c)-1
	for lo < hi {
		p := c[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for c[i] < p {
				i++
			}
			for c[j] > p {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		if k <= j {
			hi = j
		} else if k >= i {
			lo = i
		} else {
			break
		}
	}
	return c[k]
}

// Path is one SGD run on (μ, σ) with a gradient estimator.
type Path struct {
	Mu, Sigma []float64 // visited points, starting with the initial one
	Value     []float64 // true E[f] at each point
	Diverged  bool
}

// MinSigma keeps σ positive during SGD.
const MinSigma = 0.02

// SGDStep takes one step of size lr along the estimate and appends the new
// point to p; σ is kept at or above MinSigma, and a run whose μ or σ leaves
// [−50, 50] stops as diverged.
func (p *Path) SGDStep(o Objective, est func(Objective, float64, float64, int, *rand.Rand) (float64, float64), K int, lr float64, rng *rand.Rand) {
	if p.Diverged || len(p.Mu) == 0 {
		return
	}
	mu, s := p.Mu[len(p.Mu)-1], p.Sigma[len(p.Sigma)-1]
	gm, gs := est(o, mu, s, K, rng)
	mu -= lr * gm
	s = math.Max(MinSigma, s-lr*gs)
	if math.IsNaN(mu) || math.IsNaN(s) || math.Abs(mu) > 50 || s > 50 {
		p.Diverged = true
		return
	}
	p.Mu = append(p.Mu, mu)
	p.Sigma = append(p.Sigma, s)
	p.Value = append(p.Value, o.Mean(mu, s))
}
