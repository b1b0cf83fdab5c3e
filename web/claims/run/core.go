package run

import (
	"fmt"
	"math/rand/v2"

	"latentlab/core/estimator"
	"latentlab/core/formula"
	"latentlab/web/claims"
	"latentlab/web/params"
)

// estimatorObjectives maps the estimator-lab's f parameter to core's names.
//
// TODO(widget refactor): web/widget/reparam's Objectives table.
var estimatorObjectives = map[string]string{"square": "square3", "sin": "sin", "abs": "abs"}

// estimatorLab repeats both estimators as the lab does: one generator
// seeded (seed, 11), each trial drawing a score-function estimate then a
// pathwise one, K samples each.
//
// TODO(widget refactor): web/widget/reparam/lab.go's restart and tick.
func estimatorLab(_ *Runner, v params.Values, _ int, _ *Live) (claims.Measured, claims.Measured, error) {
	obj, err := estimator.Lookup(estimatorObjectives[v.String("f")])
	if err != nil {
		return nil, nil, fmt.Errorf("estimator-lab: %w", err)
	}
	mu, sigma, k := v.Float("mu"), v.Float("sigma"), v.Int("k")
	rng := rand.New(rand.NewPCG(uint64(v.Int("seed")), 11))
	var st [4]welford // score μ, path μ, score σ, path σ
	for t := 0; t < v.Int("trials"); t++ {
		s := estimator.Estimate(estimator.Score, obj, mu, sigma, k, rng)
		p := estimator.Estimate(estimator.Pathwise, obj, mu, sigma, k, rng)
		for i, x := range [4]float64{s.Mu, p.Mu, s.Sigma, p.Sigma} {
			st[i].add(x)
		}
	}
	g := obj.Grad(mu, sigma)
	return claims.Measured{
		"var_score_mu": st[0].variance(), "var_path_mu": st[1].variance(),
		"var_score_sigma": st[2].variance(), "var_path_sigma": st[3].variance(),
		"mean_score_mu": st[0].mean, "mean_path_mu": st[1].mean,
		"true_mu": g.Mu, "true_sigma": g.Sigma,
	}, nil, nil
}

// welford is a running mean and unbiased variance.
type welford struct {
	n        int
	mean, m2 float64
}

func (w *welford) add(x float64) {
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

func (w welford) variance() float64 {
	if w.n < 2 {
		return 0
	}
	return w.m2 / float64(w.n-1)
}

// The penalty-by-hand widget's worked example (its seed 0).
//
// TODO(widget refactor): web/widget/cae/byhand.go's exampleW, exampleB,
// exampleX; other seeds draw random numbers there and are not reproduced.
var (
	byHandW = [][]float64{{0.5, -1.0, 2.0}, {1.5, 0.3, -0.7}}
	byHandB = []float64{0.1, -0.2}
	byHandX = []float64{1.0, 0.5, -0.5}
)

// penaltyByHand computes what the widget shows, with core/formula.
func penaltyByHand(_ *Runner, v params.Values, _ int, _ *Live) (claims.Measured, claims.Measured, error) {
	if v.Int("seed") != 0 {
		return nil, nil, fmt.Errorf("penalty-by-hand: only the worked example (seed 0) is reproduced")
	}
	return claims.Measured{
		"penalty":  formula.SigmoidCAEPenalty(byHandW, byHandB, byHandX),
		"explicit": formula.FrobeniusSq(formula.SigmoidJacobian(byHandW, byHandB, byHandX)),
		"h":        formula.SigmoidHidden(byHandW, byHandB, byHandX),
	}, nil, nil
}
