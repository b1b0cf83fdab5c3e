// Package modeleval measures a saved VAE (a .llm model file, pretrained or
// downloaded from the browser) on the MNIST subset: held-out −ELBO, an
// importance-weighted bound on log p(x), and how recognisable its
// reconstructions are — the share of held-out digits whose reconstruction a
// 1-nearest-neighbour classifier fitted on the training digits labels as the
// digit it came from, next to the same classifier on the real held-out
// digits (the ceiling).
package modeleval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"latentlab/core/analysis"
	"latentlab/core/data"
	"latentlab/core/model"
	"latentlab/core/modelfile"
)

// Report is what Measure finds, in nats per image where a unit applies.
type Report struct {
	Step       int     // training steps recorded in the file
	Latent     int     // latent dimensions
	NegELBO    float64 // held-out −ELBO (reconstruction + KL)
	Recon, KL  float64 // its two terms
	IWAEK      int     // importance samples of LogPx (0: not measured)
	LogPx      float64 // IWAE lower bound on log p(x)
	Recognised float64 // 1-NN accuracy on reconstructions of the first Digits held-out digits
	Ceiling    float64 // 1-NN accuracy on the same real held-out digits
	Digits     int     // held-out digits classified
}

// String is the report in one line.
func (r Report) String() string {
	s := fmt.Sprintf("step %d, %d-D latent: held-out −ELBO %.2f nats/image (recon %.2f, KL %.2f)",
		r.Step, r.Latent, r.NegELBO, r.Recon, r.KL)
	if r.IWAEK > 0 {
		s += fmt.Sprintf(", IWAE k=%d log p(x) ≥ %.2f", r.IWAEK, r.LogPx)
	}
	return s + fmt.Sprintf("; reconstructions recognised %.1f%% (real digits %.1f%%, 1-NN on %d held-out digits)",
		100*r.Recognised, 100*r.Ceiling, r.Digits)
}

// Data are the MNIST subset's two splits.
type Data struct{ Train, Test *data.Set }

// LoadData reads mnist-train.bin and mnist-test.bin from dir (what
// core/cmd/mnistgen writes; make data puts them in dist/web/data).
func LoadData(dir string) (Data, error) {
	var d Data
	for _, s := range []struct {
		name string
		dst  **data.Set
	}{{"mnist-train.bin", &d.Train}, {"mnist-test.bin", &d.Test}} {
		b, err := os.ReadFile(filepath.Join(dir, s.name))
		if err != nil {
			return d, fmt.Errorf("modeleval: %w (build the data with make data)", err)
		}
		if *s.dst, err = data.DecodeMNISTBytes(b); err != nil {
			return d, fmt.Errorf("modeleval: %s: %w", s.name, err)
		}
	}
	return d, nil
}

// Measure evaluates the VAE in file bytes b on d: −ELBO over the whole test
// split, log p(x) with iwae importance samples (0 skips it, the slow part)
// and recognisability over the first digits test images.
func Measure(b []byte, d Data, iwae, digits int) (Report, error) {
	f, err := modelfile.Load(bytes.NewReader(b))
	if err != nil {
		return Report{}, fmt.Errorf("modeleval: %w", err)
	}
	if !f.Net.IsVAE() {
		return Report{}, fmt.Errorf("modeleval: the file holds a %s, not a VAE", f.Net.Kind)
	}
	var cfg model.Config
	if err := json.Unmarshal(f.Config, &cfg); err != nil {
		return Report{}, fmt.Errorf("modeleval: model config: %w", err)
	}
	tr, err := model.FromNetwork(cfg, f.Net, d.Train.X)
	if err != nil {
		return Report{}, fmt.Errorf("modeleval: %w", err)
	}
	ev, err := tr.Evaluate(d.Test.X)
	if err != nil {
		return Report{}, fmt.Errorf("modeleval: evaluate: %w", err)
	}
	r := Report{Step: f.Step, Latent: f.Net.Latent, NegELBO: -ev.ELBO, Recon: ev.Recon, KL: ev.KL}
	if iwae > 0 {
		if r.LogPx, err = tr.LogLikelihood(d.Test.X, iwae); err != nil {
			return r, fmt.Errorf("modeleval: IWAE: %w", err)
		}
		r.IWAEK = iwae
	}
	r.Digits = min(digits, d.Test.N)
	test := d.Test.Head(r.Digits)
	rec, err := analysis.Reconstruct(&f.Net, test.X)
	if err != nil {
		return r, fmt.Errorf("modeleval: reconstruct: %w", err)
	}
	if r.Recognised, err = accuracy(d.Train, rec, test.Labels); err != nil {
		return r, err
	}
	if r.Ceiling, err = accuracy(d.Train, test.X, test.Labels); err != nil {
		return r, err
	}
	return r, nil
}

func accuracy(train *data.Set, x []float32, labels []int) (float64, error) {
	got, err := analysis.NearestLabels(train.X, train.Labels, x, train.Dim)
	if err != nil {
		return 0, fmt.Errorf("modeleval: %w", err)
	}
	return analysis.LabelAccuracy(got, labels), nil
}
