package run

import (
	"fmt"
	"maps"

	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/apps"
)

// anomalyDetectorUses are the anomaly-detector parameters the experiment
// reads (a test compares them with the widget's table).
var anomalyDetectorUses = []string{"kind", "anomaly", "score", "latent", "hidden", "seed"}

func init() { experiments["anomaly-detector"] = anomalyDetector }

// anomalyDetector runs the anomaly detector: create the model the widget
// creates (apps.DetectorConfig), train it in chunks as the widget's session
// does, then score the held-out digits as the widget does (reconstruct, and
// encode for a VAE, then apps.Scoring). The score changes live: the then:
// phase rescores the same model (after training then.Train more steps).
func anomalyDetector(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	w := x.worker()
	slot := "anomaly:claim"
	m, d := apps.DetectorConfig(v)
	if _, err := request(w, slot, protocol.Create, protocol.CreateBody{Model: m, Data: d}, nil); err != nil {
		return nil, nil, err
	}
	tr := &vaeRun{}
	if err := tr.train(w, slot, train); err != nil {
		return nil, nil, err
	}
	if main, err = measureDetector(w, slot, v, tr); err != nil || then == nil {
		return main, nil, err
	}
	live := maps.Clone(v)
	for name, val := range then.Set {
		if name != "score" {
			return nil, nil, fmt.Errorf("anomaly-detector: %s does not change live", name)
		}
		live[name] = val
	}
	if err := tr.train(w, slot, then.Train); err != nil {
		return nil, nil, err
	}
	after, err = measureDetector(w, slot, live, tr)
	return main, after, err
}

// measureDetector scores the held-out digits and measures what the
// detector shows.
func measureDetector(w handler, slot string, v params.Values, tr *vaeRun) (claims.Measured, error) {
	l, err := detectorScores(w, slot, apps.ScoringOf(v), apps.AnomalyClass(v))
	if err != nil {
		return nil, err
	}
	if err := l.Check(); err != nil {
		return nil, err
	}
	var sum [2]float64
	var n [2]int
	for i, s := range l.Scores {
		k := 0
		if l.Anomaly[i] {
			k = 1
		}
		sum[k] += s
		n[k]++
	}
	return claims.Measured{
		"auc": l.Curve().AUC(), "mean_normal": sum[0] / float64(n[0]), "mean_anomaly": sum[1] / float64(n[1]),
		"diverged": tr.diverged, "steps": float64(tr.steps),
	}, nil
}

// detectorScores scores the slot's held-out digits as the widget does.
func detectorScores(w handler, slot string, sc apps.Scoring, class int) (apps.LabelledScores, error) {
	sel := protocol.EncodeBody{Split: "test", Count: apps.ScoredN}
	reply, f, err := requestF(w, slot, protocol.Reconstruct, sel, nil)
	if err != nil {
		return apps.LabelledScores{}, err
	}
	var rb protocol.ReconstructReply
	if err := reply.DecodeBody(&rb); err != nil {
		return apps.LabelledScores{}, err
	}
	n, dim := rb.N, rb.Dim
	if len(f) != 2*n*dim {
		return apps.LabelledScores{}, fmt.Errorf("reconstruct: %d values for 2×%d×%d", len(f), n, dim)
	}
	var mu, sigma []float32
	latent := 0
	if sc.Relative || !sc.VAE { // the widget asks for codes only for the VAE's −ELBO
		s, err := sc.Scores(f[:n*dim], f[n*dim:], dim, nil, nil, 0)
		if err != nil {
			return apps.LabelledScores{}, err
		}
		return apps.Labelled(s, rb.Labels, class), nil
	}
	reply, g, err := requestF(w, slot, protocol.Encode, sel, nil)
	if err != nil {
		return apps.LabelledScores{}, err
	}
	var eb protocol.EncodeReply
	if err := reply.DecodeBody(&eb); err != nil {
		return apps.LabelledScores{}, err
	}
	if !eb.Sigma || len(g) != 2*n*eb.Latent {
		return apps.LabelledScores{}, fmt.Errorf("encode: %d values for %d posteriors of size %d", len(g), n, eb.Latent)
	}
	latent = eb.Latent
	mu, sigma = g[:n*latent], g[n*latent:]
	s, err := sc.Scores(f[:n*dim], f[n*dim:], dim, mu, sigma, latent)
	if err != nil {
		return apps.LabelledScores{}, err
	}
	return apps.Labelled(s, rb.Labels, class), nil
}
