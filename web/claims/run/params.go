package run

import (
	"fmt"

	"latentlab/web/params"
	"latentlab/web/widget"
)

// param is the typed handle on parameter name of widget kind's table. The
// experiments keep theirs as package variables, so a misspelt name or a
// wrong type panics when the package loads and fails every test of it.
// (The widget packages this package imports have registered their tables
// by then: Go initialises imported packages first.)
func param[T int | float64 | bool | string](kind, name string) params.Of[T] {
	s, ok := widget.Lookup(kind)
	if !ok {
		panic(fmt.Sprintf("claims/run: no widget %q", kind))
	}
	p, ok := s.Params.Lookup(name)
	if !ok {
		panic(fmt.Sprintf("claims/run: %s has no parameter %q", kind, name))
	}
	if _, ok := p.Default.(T); !ok {
		panic(fmt.Sprintf("claims/run: %s's %s is a %T, not a %T", kind, name, p.Default, *new(T)))
	}
	return params.Of[T]{Param: p}
}

// The parameters the experiments read.
var (
	labF      = param[string]("estimator-lab", "f")
	labMu     = param[float64]("estimator-lab", "mu")
	labSigma  = param[float64]("estimator-lab", "sigma")
	labK      = param[int]("estimator-lab", "k")
	labTrials = param[int]("estimator-lab", "trials")
	labSeed   = param[int]("estimator-lab", "seed")

	byHandSeed = param[int]("penalty-by-hand", "seed")

	explorerModel = param[string]("latent-explorer", "model")
	explorerDimX  = param[int]("latent-explorer", "dim_x")
	explorerDimY  = param[int]("latent-explorer", "dim_y")
	explorerRange = param[float64]("latent-explorer", "range")

	labSteps = param[int]("contraction-lab", "maxsteps")
	labGrid  = param[int]("contraction-lab", "grid")

	meterSteps = param[int]("sensitivity-meter", "steps")
	meterSigma = param[float64]("sensitivity-meter", "sigma")

	posteriorModel   = param[string]("posterior-view", "model")
	posteriorDigit   = param[int]("posterior-view", "digit")
	posteriorExample = param[int]("posterior-view", "example")
)

// seedOf is the seed in v of a widget that has one.
func seedOf(v params.Values) int {
	s, _ := v["seed"].(int)
	return s
}
