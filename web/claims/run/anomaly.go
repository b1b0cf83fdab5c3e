package run

import (
	"fmt"
	"maps"
	"math"

	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/apps"
)

// anomalyDetectorUses are the anomaly-detector parameters the experiment
// reads (a test compares them with the widget's table).
var anomalyDetectorUses = []string{"kind", "anomaly", "score", "k", "corrupt", "latent", "hidden", "seed"}

func init() { experiments["anomaly-detector"] = anomalyDetector }

// anomalyDetector runs the anomaly detector: create the model the widget
// creates (apps.DetectorConfig), train it in chunks as the widget's session
// does, then score the held-out digits as the widget does (the worker's
// score request with apps.Scoring's options). The score changes live: the then:
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
		if name != "score" && name != "k" && name != "corrupt" {
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
	m := claims.Measured{
		"auc": l.Curve().AUC(), "mean_normal": sum[0] / float64(n[0]), "mean_anomaly": sum[1] / float64(n[1]),
		"diverged": tr.diverged, "steps": float64(tr.steps),
		"corrupt_auc": math.NaN(), "corrupt_flagged": math.NaN(), // measured only with corrupt set
	}
	if o, ok := apps.CorruptOptions(v); ok {
		if err := measureCorrupted(w, slot, v, o, l, m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// measureCorrupted scores the corrupted digits as the widget does and
// measures them against the clean digits of the trained classes: the AUC
// of corrupted against clean, and the share flagged at the best-F1
// threshold of the held-out digits (where the widget's threshold starts).
func measureCorrupted(w handler, slot string, v params.Values, o engine.ScoreOptions, l apps.LabelledScores, m claims.Measured) error {
	body := protocol.ScoreBody{EncodeBody: protocol.EncodeBody{Split: "test", Count: apps.CorruptN}, Relative: o.Relative, Corrupt: o.Corrupt, Seed: o.Seed, Samples: o.Samples}
	reply, f, err := requestF(w, slot, protocol.Score, body, nil)
	if err != nil {
		return err
	}
	var rb protocol.ScoreReply
	if err := reply.DecodeBody(&rb); err != nil {
		return err
	}
	s := make([]float64, len(f))
	for i, x := range f {
		s[i] = float64(x)
	}
	bad := apps.NormalOnly(s, rb.Labels, apps.AnomalyClass(v))
	thr, _ := l.BestF1()
	vs := apps.LabelledScores{}
	flagged := 0
	for _, x := range bad {
		vs.Scores, vs.Anomaly = append(vs.Scores, x), append(vs.Anomaly, true)
		if x >= thr {
			flagged++
		}
	}
	for i, x := range l.Scores {
		if !l.Anomaly[i] {
			vs.Scores, vs.Anomaly = append(vs.Scores, x), append(vs.Anomaly, false)
		}
	}
	if err := vs.Check(); err != nil {
		return err
	}
	m["corrupt_auc"], m["corrupt_flagged"] = vs.Curve().AUC(), float64(flagged)/float64(len(bad))
	return nil
}

// detectorScores scores the slot's held-out digits as the widget does: a
// score request to the worker.
func detectorScores(w handler, slot string, sc apps.Scoring, class int) (apps.LabelledScores, error) {
	o := sc.Options(0)
	body := protocol.ScoreBody{EncodeBody: protocol.EncodeBody{Split: "test", Count: apps.ScoredN}, Relative: o.Relative, Samples: o.Samples, Seed: o.Seed}
	reply, f, err := requestF(w, slot, protocol.Score, body, nil)
	if err != nil {
		return apps.LabelledScores{}, err
	}
	var rb protocol.ScoreReply
	if err := reply.DecodeBody(&rb); err != nil {
		return apps.LabelledScores{}, err
	}
	if len(f) != rb.N {
		return apps.LabelledScores{}, fmt.Errorf("score: %d values for %d scores", len(f), rb.N)
	}
	s := make([]float64, rb.N)
	for i, v := range f {
		s[i] = float64(v)
	}
	return apps.Labelled(s, rb.Labels, class), nil
}
