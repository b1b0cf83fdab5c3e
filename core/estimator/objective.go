// Package estimator is the reparameterization lesson's 1-D laboratory: the
// gradient of L(μ, σ) = E_{z~N(μ,σ²)}[f(z)] estimated two ways from K samples,
//
//	score function (REINFORCE): ∇L = E[f(z) ∇ log q(z)], with
//	    ∂/∂μ log q = (z−μ)/σ² = ε/σ,  ∂/∂σ log q = ((z−μ)² − σ²)/σ³ = (ε²−1)/σ;
//	pathwise (reparameterized): z = μ + σ·ε, ε ~ N(0, 1), so
//	    ∂L/∂μ = E[f′(z)],  ∂L/∂σ = E[f′(z)·ε],
//
// compared with the analytic gradient, repeated many times for histograms, and
// used to drive SGD on (μ, σ). It is stdlib-only (the UI binary imports it),
// deterministic for a seed, and contains no goroutines or timers.
package estimator

import (
	"fmt"
	"math"

	"latentlab/core/formula"
)

// Objective is a test function f with its derivative and the closed-form
// expectation L(μ, σ) = E_{z~N(μ,σ²)}[f(z)] and gradient.
type Objective struct {
	Name  string                           // registry key: "square3", "sin", "abs"
	Label string                           // for display, e.g. "(z − 3)²"
	F     func(z float64) float64          // f(z)
	DF    func(z float64) float64          // f′(z) (a subgradient where f is not differentiable)
	Value func(mu, sigma float64) float64  // L(μ, σ) in closed form
	Grad  func(mu, sigma float64) Gradient // ∇L(μ, σ) in closed form
}

// Gradient holds ∂L/∂μ and ∂L/∂σ.
type Gradient struct{ Mu, Sigma float64 }

// Names lists the objectives in display order.
var Names = []string{"square3", "sin", "abs"}

var objectives = map[string]Objective{
	// (z−3)²: L = (μ−3)² + σ², ∂μ = 2(μ−3), ∂σ = 2σ.
	"square3": {
		Name: "square3", Label: "(z − 3)²",
		F:     func(z float64) float64 { return (z - 3) * (z - 3) },
		DF:    func(z float64) float64 { return 2 * (z - 3) },
		Value: func(mu, s float64) float64 { return (mu-3)*(mu-3) + s*s },
		Grad:  func(mu, s float64) Gradient { return Gradient{2 * (mu - 3), 2 * s} },
	},
	// sin z: L = e^{−σ²/2} sin μ, ∂μ = e^{−σ²/2} cos μ, ∂σ = −σ e^{−σ²/2} sin μ.
	"sin": {
		Name: "sin", Label: "sin z",
		F:     math.Sin,
		DF:    math.Cos,
		Value: func(mu, s float64) float64 { return math.Exp(-s*s/2) * math.Sin(mu) },
		Grad: func(mu, s float64) Gradient {
			e := math.Exp(-s * s / 2)
			return Gradient{e * math.Cos(mu), -s * e * math.Sin(mu)}
		},
	},
	// |z|: with u = μ/σ, L = σ√(2/π) e^{−u²/2} + μ(1 − 2Φ(−u)) = 2σφ(u) + μ(2Φ(u) − 1),
	// ∂μ = 2Φ(u) − 1, ∂σ = 2φ(u) = √(2/π) e^{−u²/2}.
	"abs": {
		Name: "abs", Label: "|z|",
		F: math.Abs,
		DF: func(z float64) float64 {
			switch {
			case z > 0:
				return 1
			case z < 0:
				return -1
			}
			return 0
		},
		Value: func(mu, s float64) float64 {
			u := mu / s
			return s*math.Sqrt(2/math.Pi)*math.Exp(-u*u/2) + mu*(1-2*formula.NormalCDF(-u))
		},
		Grad: func(mu, s float64) Gradient {
			u := mu / s
			return Gradient{1 - 2*formula.NormalCDF(-u), math.Sqrt(2/math.Pi) * math.Exp(-u*u/2)}
		},
	},
}

// Lookup returns the objective registered under name.
func Lookup(name string) (Objective, error) {
	o, ok := objectives[name]
	if !ok {
		return Objective{}, fmt.Errorf("estimator: unknown objective %q (have %v)", name, Names)
	}
	return o, nil
}
