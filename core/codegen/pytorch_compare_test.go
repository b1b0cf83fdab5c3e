//go:build !js && !wasip1

package codegen_test

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/torchio"
)

// torchResult is what testdata/check_torch.py writes for a case.
type torchResult struct {
	Loss       float64            `json:"loss"`
	Terms      map[string]float64 `json:"terms"`
	StepLoss   float64            `json:"step_loss"`
	AfterLoss  float64            `json:"after_loss"`
	AfterTerms map[string]float64 `json:"after_terms"`
}

// compare checks PyTorch's results for r against the engine's and logs the
// differences.
func compare(t *testing.T, r *engineRun) {
	t.Helper()
	var res torchResult
	b, err := os.ReadFile(filepath.Join(r.dir, "result.json"))
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("%s: result.json: %v", r.name, err)
	}
	worst := 0.0
	check := func(what string, torch, engine float64) {
		d := math.Abs(torch-engine) / math.Max(1, math.Abs(engine))
		worst = math.Max(worst, d)
		if !(d <= lossRelTol) {
			t.Errorf("%s: %s: PyTorch %.9g, engine %.9g (relative difference %.2g > %.0g)", r.name, what, torch, engine, d, lossRelTol)
		}
	}
	check("loss", res.Loss, r.before.Loss)
	check("reconstruction term", res.Terms["recon"], r.before.Recon)
	switch r.cfg.Kind {
	case "vae":
		check("KL", res.Terms["kl"], r.before.KL)
		check("ELBO", res.Terms["elbo"], r.before.ELBO)
	case "cae":
		check("penalty ‖J‖²_F", res.Terms["penalty"], r.before.Penalty)
	}
	check("loss measured by the step", res.StepLoss, r.step.Loss)
	check("loss after one step", res.AfterLoss, r.after.Loss)

	pixels := maxAbsDiff(readF32(t, filepath.Join(r.dir, "recon.f32")), r.recon)
	if !(pixels <= pixelTol) {
		t.Errorf("%s: reconstruction differs by up to %.2g (> %.0g)", r.name, pixels, pixelTol)
	}

	dEngine, dTorch := r.after.Loss-r.before.Loss, res.AfterLoss-res.Loss
	if !(dEngine < 0 && dTorch < 0) || math.Abs(dTorch-dEngine) > deltaRelTol*math.Abs(dEngine) {
		t.Errorf("%s: one step changes the loss by %.6g in PyTorch, %.6g in the engine", r.name, dTorch, dEngine)
	}

	after, err := os.ReadFile(filepath.Join(r.dir, "after.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := torchio.Import(after, r.sidecar)
	if err != nil {
		t.Fatalf("%s: importing the weights PyTorch saved: %v", r.name, err)
	}
	weights := networkDiff(m.Net, r.afterNet)
	if !(weights <= weightTol) {
		t.Errorf("%s: weights after one step differ by up to %.2g (> %.0g)", r.name, weights, weightTol)
	}
	t.Logf("%-22s loss %9.3f: worst relative difference of loss terms %.1e; reconstruction max |Δ| %.1e; "+
		"one step: Δloss %.4f (PyTorch) vs %.4f (engine), weights max |Δ| %.1e",
		r.name, r.before.Loss, worst, pixels, dTorch, dEngine, weights)
}

func networkDiff(a, b infer.Network) float64 {
	d := 0.0
	for _, pair := range [][2]infer.MLP{{a.Encoder, b.Encoder}, {a.Decoder, b.Decoder}} {
		for i := range pair[0] {
			d = math.Max(d, maxAbsDiff(pair[0][i].W, pair[1][i].W))
			d = math.Max(d, maxAbsDiff(pair[0][i].B, pair[1][i].B))
		}
	}
	return d
}

func maxAbsDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(float64(a[i])-float64(b[i])))
	}
	return d
}

func readF32(t *testing.T, path string) []float32 {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}
