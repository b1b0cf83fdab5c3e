package quiz

import (
	"fmt"
	"math"

	"latentlab/core/formula"
)

// The registered formulas. Each evaluates with core/formula, the closed forms
// the engine trains with and its tests check, so a quiz answer and a widget's
// number come from the same code.
func init() {
	RegisterFormula(Formula{
		Name:   "kl_gaussian",
		Params: []string{"mu", "sigma"},
		Doc:    "KL(N(μ, σ²) ‖ N(0, 1)) = ½(μ² + σ² − 1 − ln σ²) in nats, one latent dimension",
		Eval: func(v map[string]float64) float64 {
			return formula.KLDiagGaussian(v["mu"], 2*math.Log(v["sigma"]))
		},
		Check: positive("sigma"),
	})
	RegisterFormula(Formula{
		Name:   "kl_gaussian_logvar",
		Params: []string{"mu", "logvar"},
		Doc:    "KL(N(μ, exp(log σ²)) ‖ N(0, 1)) = ½(μ² + exp(log σ²) − 1 − log σ²) in nats",
		Eval: func(v map[string]float64) float64 {
			return formula.KLDiagGaussian(v["mu"], v["logvar"])
		},
	})
	RegisterFormula(Formula{
		Name:   "kl_gaussians",
		Params: []string{"mu1", "sigma1", "mu2", "sigma2"},
		Doc:    "KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ln(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½ in nats",
		Eval: func(v map[string]float64) float64 {
			return formula.KLGaussians(v["mu1"], v["sigma1"], v["mu2"], v["sigma2"])
		},
		Check: positive("sigma1", "sigma2"),
	})
	RegisterFormula(Formula{
		Name:   "cae_penalty",
		Params: []string{"w1", "w2", "b", "x1", "x2"},
		Doc:    "sigmoid CAE penalty ‖J‖²_F = (h(1−h))² (w1² + w2²) for one hidden unit h = σ(w1·x1 + w2·x2 + b)",
		Eval: func(v map[string]float64) float64 {
			return formula.SigmoidCAEPenalty([][]float64{{v["w1"], v["w2"]}}, []float64{v["b"]}, []float64{v["x1"], v["x2"]})
		},
	})
	RegisterFormula(Formula{
		Name:   "cae_penalty_tanh",
		Params: []string{"w1", "w2", "b", "x1", "x2"},
		Doc:    "tanh CAE penalty ‖J‖²_F = (1−h²)² (w1² + w2²) for one hidden unit h = tanh(w1·x1 + w2·x2 + b)",
		Eval: func(v map[string]float64) float64 {
			return formula.TanhCAEPenalty([][]float64{{v["w1"], v["w2"]}}, []float64{v["b"]}, []float64{v["x1"], v["x2"]})
		},
	})
	RegisterFormula(Formula{
		Name:   "sigmoid",
		Params: []string{"a"},
		Doc:    "logistic sigmoid σ(a) = 1/(1 + e^(−a))",
		Eval:   func(v map[string]float64) float64 { return formula.Sigmoid(v["a"]) },
	})
	RegisterFormula(Formula{
		Name:   "reparam_z",
		Params: []string{"mu", "sigma", "eps"},
		Doc:    "reparameterised sample z = μ + σ·ε",
		Eval:   func(v map[string]float64) float64 { return v["mu"] + v["sigma"]*v["eps"] },
		Check:  positive("sigma"),
	})
	RegisterFormula(Formula{
		Name:   "bce_pixel",
		Params: []string{"x", "p"},
		Doc:    "binary cross-entropy of one pixel −[x ln p + (1−x) ln(1−p)] in nats",
		Eval:   func(v map[string]float64) float64 { return formula.BCE(v["x"], v["p"]) },
		Check: func(name string, r Range) error {
			if name == "p" && (r.Min <= 0 || r.Max >= 1) {
				return fmt.Errorf("p must stay inside (0, 1)")
			}
			if name == "x" && (r.Min < 0 || r.Max > 1) {
				return fmt.Errorf("x must stay inside [0, 1]")
			}
			return nil
		},
	})
}
