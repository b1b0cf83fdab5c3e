package estimator

import "math"

// Point is one position of an SGD path with the true objective there.
type Point struct {
	Step      int
	Mu, Sigma float64
	Value     float64  // L(μ, σ) in closed form
	Grad      Gradient // the estimate used to leave this point (zero at the last point)
}

// SGD runs stochastic gradient descent on (μ, σ) driven by one estimator. The
// caller owns the loop: call Step once per animation tick.
type SGD struct {
	Kind     Kind
	Obj      Objective
	LR       float64 // learning rate
	K        int     // samples per gradient estimate
	SigmaMin float64 // σ is kept ≥ SigmaMin (default 0.05) so q stays a density
	Clip     float64 // each gradient component is clipped to [−Clip, Clip] (default 20; 0 keeps default)

	mu, sigma float64
	step      int
	src       Source
}

// NewSGD starts SGD at (μ₀, σ₀) with its own generator seeded by seed.
func NewSGD(kind Kind, obj Objective, mu0, sigma0, lr float64, k int, seed uint64) *SGD {
	return &SGD{Kind: kind, Obj: obj, LR: lr, K: max(k, 1), SigmaMin: 0.05, Clip: 20,
		mu: mu0, sigma: math.Max(sigma0, 0.05), src: NewSource(seed)}
}

// Position returns the current point.
func (s *SGD) Position() Point {
	return Point{Step: s.step, Mu: s.mu, Sigma: s.sigma, Value: s.Obj.Value(s.mu, s.sigma)}
}

// Step estimates the gradient at the current point, moves against it and
// returns the point it left (with the estimate used).
func (s *SGD) Step() Point {
	p := s.Position()
	g := Estimate(s.Kind, s.Obj, s.mu, s.sigma, s.K, s.src)
	p.Grad = g
	c := s.Clip
	if c <= 0 {
		c = 20
	}
	clip := func(v float64) float64 { return math.Max(-c, math.Min(c, v)) }
	s.mu -= s.LR * clip(g.Mu)
	s.sigma = math.Max(s.sigma-s.LR*clip(g.Sigma), math.Max(s.SigmaMin, 1e-6))
	s.step++
	return p
}

// Optimize runs steps SGD steps from (μ₀, σ₀) and returns the steps+1 points
// of the path (the last with a zero gradient).
func Optimize(kind Kind, obj Objective, mu0, sigma0, lr float64, k, steps int, seed uint64) []Point {
	s := NewSGD(kind, obj, mu0, sigma0, lr, k, seed)
	path := make([]Point, 0, steps+1)
	for i := 0; i < steps; i++ {
		path = append(path, s.Step())
	}
	return append(path, s.Position())
}
