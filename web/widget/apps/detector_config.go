package apps

import (
	"latentlab/core/anomaly"
	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
)

var (
	pDetModel = params.NewChoice(params.Param{Name: "kind", Default: "vae", Choices: []string{"ae", "vae"},
		Doc: "the autoencoder: ae scores by reconstruction error, vae by −ELBO"})
	pAnomaly = params.NewInt(params.Param{Name: "anomaly", Default: 7, Min: 0, Max: 9,
		Doc: "the digit class left out of training: the anomalies to find"})
	pDetLatent = params.NewInt(params.Param{Name: "latent", Default: 8, Min: 2, Max: 32, Sets: "latent", Doc: "latent dimensions"})
	pDetHidden = params.NewInt(params.Param{Name: "hidden", Default: 128, Min: 16, Max: 512, Sets: "hidden",
		Doc: "hidden layer width (encoder and decoder)"})
	pScore = params.NewChoice(params.Param{Name: "score", Default: "relative", Choices: []string{"relative", "loss", "iwae"},
		Doc: "the anomaly score: relative squared error ‖x − x̂‖²/‖x‖², the model's own loss (reconstruction BCE for the AE, −ELBO for the VAE), or for the VAE the K-sample importance-weighted bound on −log p(x)"})
	pSamples = params.NewInt(params.Param{Name: "k", Default: 16, Min: 1, Max: 100,
		Doc: "importance samples K of the iwae score (K = 1: a one-sample −ELBO)"})
	pDetSeed = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999999,
		Doc: "random seed (initial weights and minibatches)"})
	// detectorParams is the anomaly detector's parameter table.
	detectorParams = params.NewTable(pDetModel, pAnomaly, pScore, pSamples, pCorrupt, pDetLatent, pDetHidden, pDetSeed)
)

// ScoredN is how many held-out digits the detector scores (the whole
// held-out split of the MNIST subset).
const ScoredN = 2000

// DetectorConfig is the model and data the anomaly detector creates for its
// parameter values v: an AE or a VAE trained on the MNIST subset without
// the anomaly class (the held-out split keeps every class).
func DetectorConfig(v params.Values) (spec.Config, engine.Data) {
	kind := spec.VAE
	if pDetModel.Get(v) == "ae" {
		kind = spec.AE
	}
	m := spec.Default(kind)
	m.Hidden, m.Latent, m.Seed = []int{pDetHidden.Get(v)}, pDetLatent.Get(v), uint64(pDetSeed.Get(v))
	d := engine.MNIST(ScoredN)
	d.Exclude = []int{pAnomaly.Get(v)}
	return m, d
}

// AnomalyClass is the class the detector's parameters v leave out.
func AnomalyClass(v params.Values) int { return pAnomaly.Get(v) }

// Scoring says how the detector with parameter values v scores a digit.
type Scoring struct {
	// Relative: ‖x − x̂‖²/‖x‖² (no unit); otherwise the model's loss in nats.
	Relative bool
	// VAE adds the KL of the posterior to the prior to the loss.
	VAE bool
	// Samples K > 0: the VAE's K-sample importance-weighted bound on
	// −log p(x) (its noise drawn from Seed) instead of the −ELBO.
	Samples int
	Seed    uint64
}

// ScoringOf is the scoring of the detector with parameter values v. The
// importance-weighted score needs a VAE: the AE's is its loss.
func ScoringOf(v params.Values) Scoring {
	s := Scoring{Relative: pScore.Get(v) == "relative", VAE: pDetModel.Get(v) == "vae"}
	if s.VAE && pScore.Get(v) == "iwae" {
		s.Samples, s.Seed = pSamples.Get(v), uint64(pDetSeed.Get(v))
	}
	return s
}

// Unit is the scores' unit ("" for the relative error).
func (s Scoring) Unit() string {
	if s.Relative {
		return ""
	}
	return "nats"
}

// Options are the worker's scoring options for this scoring (the
// highest-scoring top digits with them).
func (s Scoring) Options(top int) engine.ScoreOptions {
	return engine.ScoreOptions{Relative: s.Relative, Top: top, Samples: s.Samples, Seed: s.Seed}
}

// Labelled pairs scores with whether each example's label is the anomaly
// class.
func Labelled(scores []float64, labels []int, class int) LabelledScores {
	l := LabelledScores{Scores: scores, Anomaly: make([]bool, len(labels))}
	for i, y := range labels {
		l.Anomaly[i] = y == class
	}
	return l
}

// LabelledScores are scores with whether each is an anomaly.
type LabelledScores = anomaly.Labelled
