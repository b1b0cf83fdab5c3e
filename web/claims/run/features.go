package run

import (
	"fmt"

	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/cae"
)

func init() { experiments["mnist-features"] = mnistFeatures }

// featureSlots are the widget's three models, in cae.FeatureStarts order.
var featureSlots = []string{"mf-ae:claim", "mf-dae:claim", "mf-cae:claim"}

// mnistFeatures runs mnist-features as the widget does: the three models
// loaded from their pretrained files (or created from scratch), the CAE
// given the widget's λ and the DAE its corruption, trained the same steps,
// then the widget's test digits, clean and corrupted by the widget's own
// function, reconstructed by each; then optionally live changes (λ, the
// corruption) and more steps.
func mnistFeatures(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	w := x.worker()
	for i, st := range cae.FeatureStarts(v) {
		var err error
		if st.Load != "" {
			_, err = request(w, featureSlots[i], protocol.Load, protocol.LoadBody{Name: st.Load, Data: &protocol.DataConfig{Source: "mnist"}}, nil)
		} else {
			_, err = request(w, featureSlots[i], protocol.Create, protocol.CreateBody{Model: st.Config, Data: protocol.DataConfig{Source: "mnist"}}, nil)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("mnist-features model %d: %w", i, err)
		}
	}
	b, err := x.fetch("/web/data/mnist-test.bin")
	if err != nil {
		return nil, nil, err
	}
	digits, err := cae.TestDigits(b, cae.FeatureTestDigits)
	if err != nil {
		return nil, nil, err
	}
	phase := func(v params.Values, steps int) (claims.Measured, error) {
		if err := featureSettings(w, v); err != nil {
			return nil, err
		}
		for _, slot := range featureSlots {
			if _, err := request(w, slot, protocol.Train, protocol.TrainBody{Steps: steps}, nil); err != nil {
				return nil, err
			}
		}
		return featureErrors(w, digits, cae.FeatureDigits(digits, v))
	}
	if main, err = phase(v, train); err != nil || then == nil {
		return main, nil, err
	}
	v2 := params.Values{}
	for k, x := range v {
		v2[k] = x
	}
	for k, x := range then.Set {
		v2[k] = x
	}
	after, err = phase(v2, then.Train)
	return main, after, err
}

// featureSettings sends what the widget sets on its running models: the
// CAE's λ and the DAE's corruption.
func featureSettings(w handler, v params.Values) error {
	lambda := cae.FeatureLambda(v)
	noise, mask, salt := cae.FeatureCorruption(v).Engine()
	if _, err := request(w, featureSlots[2], protocol.Set, protocol.SetBody{Lambda: &lambda}, nil); err != nil {
		return err
	}
	_, err := request(w, featureSlots[1], protocol.Set, protocol.SetBody{Noise: &noise, Mask: &mask, Salt: &salt}, nil)
	return err
}

// featureErrors reconstructs the clean and the corrupted digits with each
// model and measures the table's errors against the clean digits.
func featureErrors(w handler, clean, noisy [][]float32) (claims.Measured, error) {
	var in []float32
	for _, set := range [][][]float32{clean, noisy} {
		for _, d := range set {
			in = append(in, d...)
		}
	}
	n, dim := len(clean), len(clean[0])
	m := claims.Measured{"corrupted": cae.MeanSquaredError(noisy, clean)}
	for i, name := range []string{"ae", "dae", "cae"} {
		_, f, err := requestF(w, featureSlots[i], protocol.Reconstruct, protocol.EncodeBody{Inputs: true}, in)
		if err != nil {
			return nil, err
		}
		if len(f) < 4*n*dim {
			return nil, fmt.Errorf("reconstruct: %d values for %d pairs", len(f), 2*n)
		}
		out := f[2*n*dim:]
		rows := func(k int) [][]float32 {
			r := make([][]float32, n)
			for j := range r {
				r[j] = out[(k*n+j)*dim : (k*n+j+1)*dim]
			}
			return r
		}
		m[name+"_clean"] = cae.MeanSquaredError(rows(0), clean)
		m[name+"_noisy"] = cae.MeanSquaredError(rows(1), clean)
	}
	return m, nil
}
