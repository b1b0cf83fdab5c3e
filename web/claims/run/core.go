package run

import (
	"fmt"

	"latentlab/core/formula"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/cae"
	"latentlab/web/widget/reparam"
)

// estimatorLab repeats both estimators as the lab does (reparam.Trial from
// the lab's generator, reparam.TrialRNG).
func estimatorLab(_ *Runner, v params.Values, _ int, _ *Live) (claims.Measured, claims.Measured, error) {
	obj, ok := reparam.Objectives[labF.Get(v)]
	if !ok {
		return nil, nil, fmt.Errorf("estimator-lab: no objective %q", labF.Get(v))
	}
	mu, sigma, k := labMu.Get(v), labSigma.Get(v), labK.Get(v)
	rng := reparam.TrialRNG(labSeed.Get(v))
	var st [4]reparam.Stats // score μ, path μ, score σ, path σ
	for t := 0; t < labTrials.Get(v); t++ {
		for i, x := range reparam.Trial(obj, mu, sigma, k, rng) {
			st[i].Add(x)
		}
	}
	gMu, gSigma := obj.Grad(mu, sigma)
	return claims.Measured{
		"var_score_mu": st[0].Var(), "var_path_mu": st[1].Var(),
		"var_score_sigma": st[2].Var(), "var_path_sigma": st[3].Var(),
		"mean_score_mu": st[0].Mean, "mean_path_mu": st[1].Mean,
		"true_mu": gMu, "true_sigma": gSigma,
	}, nil, nil
}

// penaltyByHand computes what the widget shows, with core/formula.
func penaltyByHand(_ *Runner, v params.Values, _ int, _ *Live) (claims.Measured, claims.Measured, error) {
	if byHandSeed.Get(v) != 0 {
		return nil, nil, fmt.Errorf("penalty-by-hand: only the worked example (seed 0) is reproduced")
	}
	w, b, x := cae.Example()
	return claims.Measured{
		"penalty":  formula.SigmoidCAEPenalty(w, b, x),
		"explicit": formula.FrobeniusSq(formula.SigmoidJacobian(w, b, x)),
		"h":        formula.SigmoidHidden(w, b, x),
	}, nil, nil
}
