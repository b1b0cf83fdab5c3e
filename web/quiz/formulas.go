package quiz

import (
	"fmt"
	"math"
)

// The registered formulas. TODO(core/formula): switch Eval to the engine's
// functions once core/formula lands; the closed forms below are the same.
func init() {
	RegisterFormula(Formula{
		Name:   "kl_gaussian",
		Params: []string{"mu", "sigma"},
		Doc:    "KL(N(μ, σ²) ‖ N(0, 1)) = ½(μ² + σ² − 1 − ln σ²) in nats, one latent dimension",
		Eval: func(v map[string]float64) float64 {
			return klGaussian(v["mu"], 2*math.Log(v["sigma"]))
		},
		Check: positive("sigma"),
	})
	RegisterFormula(Formula{
		Name:   "kl_gaussian_logvar",
		Params: []string{"mu", "logvar"},
		Doc:    "KL(N(μ, exp(log σ²)) ‖ N(0, 1)) = ½(μ² + exp(log σ²) − 1 − log σ²) in nats",
		Eval: func(v map[string]float64) float64 {
			return klGaussian(v["mu"], v["logvar"])
		},
	})
	RegisterFormula(Formula{
		Name:   "cae_penalty",
		Params: []string{"w1", "w2", "b", "x1", "x2"},
		Doc:    "sigmoid CAE penalty ‖J‖²_F = (h(1−h))² (w1² + w2²) for one hidden unit h = σ(w1·x1 + w2·x2 + b)",
		Eval: func(v map[string]float64) float64 {
			return sigmoidCAEPenalty([][]float64{{v["w1"], v["w2"]}}, []float64{v["b"]}, []float64{v["x1"], v["x2"]})
		},
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
		Eval: func(v map[string]float64) float64 {
			x, p := v["x"], v["p"]
			return -(x*math.Log(p) + (1-x)*math.Log(1-p))
		},
		Check: func(name string, r Range) error {
			if name == "p" && (r.Min <= 0 || r.Max >= 1) {
				return fmt.Errorf("p must stay inside (0, 1)")
			}
			return nil
		},
	})
}

// klGaussian is KL(N(μ, exp(logVar)) ‖ N(0,1)) for one dimension.
func klGaussian(mu, logVar float64) float64 {
	return 0.5 * (mu*mu + math.Exp(logVar) - 1 - logVar)
}

// sigmoidCAEPenalty is Σⱼ (hⱼ(1−hⱼ))² Σᵢ Wⱼᵢ² with h = σ(Wx + b).
func sigmoidCAEPenalty(W [][]float64, b, x []float64) float64 {
	var s float64
	for j, row := range W {
		a := b[j]
		var w2 float64
		for i, w := range row {
			a += w * x[i]
			w2 += w * w
		}
		h := 1 / (1 + math.Exp(-a))
		d := h * (1 - h)
		s += d * d * w2
	}
	return s
}
