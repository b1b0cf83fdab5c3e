package modeleval

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"latentlab/core/data"
	"latentlab/core/model"
	"latentlab/core/modelfile"
	"latentlab/core/spec"
)

// strokes makes n 28×28 images of two easily told classes: label 0 is a
// vertical bar, label 1 a horizontal bar, each at one of four offsets.
func strokes(n int, seed uint64) *data.Set {
	r := rand.New(rand.NewPCG(seed, 7))
	s := &data.Set{Name: "strokes", N: n, Dim: 784, Rows: 28, Cols: 28, X: make([]float32, n*784), Labels: make([]int, n)}
	for i := range n {
		s.Labels[i] = i % 2
		off := 12 + r.IntN(4)
		for k := 4; k < 24; k++ {
			p := k*28 + off // vertical bar: column off
			if s.Labels[i] == 1 {
				p = off*28 + k // horizontal bar: row off
			}
			s.X[i*784+p] = 1
		}
	}
	return s
}

// trained returns a model file of a small VAE trained on strokes.
func trained(t *testing.T, d Data, steps int) []byte {
	t.Helper()
	cfg := spec.Default("vae")
	cfg.Hidden, cfg.Batch, cfg.LR = []int{32}, 50, 1e-2
	tr, err := model.New(cfg, d.Train.X)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	cj, _ := json.Marshal(tr.Config())
	b, err := modelfile.Marshal(&modelfile.File{Config: cj, Net: tr.Snapshot(), Step: tr.Steps()})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMeasureTrainedVAE(t *testing.T) {
	d := Data{Train: strokes(400, 1), Test: strokes(100, 2)}
	b := trained(t, d, 300)
	r, err := Measure(b, d, 5, 100)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
	if r.Step != 300 || r.Latent != 2 || r.Digits != 100 || r.IWAEK != 5 {
		t.Errorf("report fields: %+v", r)
	}
	if math.Abs(r.NegELBO-(r.Recon+r.KL)) > 1e-6*math.Abs(r.NegELBO) {
		t.Errorf("−ELBO %v is not recon %v + KL %v", r.NegELBO, r.Recon, r.KL)
	}
	// The IWAE bound is at least the ELBO (up to Monte Carlo noise).
	if r.LogPx < -r.NegELBO-1 {
		t.Errorf("IWAE log p(x) %v below the ELBO %v", r.LogPx, -r.NegELBO)
	}
	if r.Ceiling != 1 {
		t.Errorf("1-NN on real bars: %v, want 1", r.Ceiling)
	}
	if r.Recognised < 0.9 {
		t.Errorf("a trained VAE's bars recognised %v, want ≥ 0.9", r.Recognised)
	}
	// The measure tells models apart: one step of training is not enough.
	r0, err := Measure(trained(t, d, 1), d, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if r0.Recognised >= r.Recognised || r0.NegELBO <= r.NegELBO {
		t.Errorf("after 1 step: recognised %v, −ELBO %v; after 300: %v, %v", r0.Recognised, r0.NegELBO, r.Recognised, r.NegELBO)
	}
	if !strings.Contains(r.String(), "recognised") {
		t.Errorf("report line %q", r.String())
	}
}

func TestMeasureRefusesWhatIsNotAVAE(t *testing.T) {
	d := Data{Train: strokes(100, 1), Test: strokes(20, 2)}
	b := trained(t, d, 1)
	bad := append([]byte(nil), b...)
	bad[len(bad)/2] ^= 0xff
	if _, err := Measure(bad, d, 0, 10); err == nil {
		t.Error("a corrupted model file was measured")
	}
	cfg := spec.Default("ae")
	cfg.Hidden = []int{8}
	tr, err := model.New(cfg, d.Train.X)
	if err != nil {
		t.Fatal(err)
	}
	cj, _ := json.Marshal(tr.Config())
	ae, _ := modelfile.Marshal(&modelfile.File{Config: cj, Net: tr.Snapshot()})
	if _, err := Measure(ae, d, 0, 10); err == nil || !strings.Contains(err.Error(), "not a VAE") {
		t.Errorf("an autoencoder file: %v", err)
	}
}
