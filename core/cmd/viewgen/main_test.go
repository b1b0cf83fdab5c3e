package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"latentlab/core/data"
	"latentlab/core/infer"
	"latentlab/core/modelfile"
	"latentlab/core/viewfile"
)

// writeModel writes a VAE model file named vae-mnist-2d.llm into dir whose
// decoder's output weights have standard deviation std, and a test set.
func writeModel(t *testing.T, dir string, std float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	dense := func(in, out int, act infer.Activation, sd float64) infer.Dense {
		d := infer.Dense{In: in, Out: out, Act: act, W: make([]float32, in*out), B: make([]float32, out)}
		for i := range d.W {
			d.W[i] = float32(r.NormFloat64() * sd)
		}
		return d
	}
	net := infer.Network{Kind: "vae", Latent: 2, Input: 784, OutputDist: "bernoulli",
		Encoder: infer.MLP{dense(784, 16, infer.ReLU, 0.05), dense(16, 4, infer.Identity, 0.1)},
		Decoder: infer.MLP{dense(2, 16, infer.ReLU, 1), dense(16, 784, infer.Sigmoid, std)}}
	b, err := modelfile.Marshal(&modelfile.File{Version: modelfile.Version, Config: []byte(`{}`), Net: net, Step: 7, Precision: "f32"})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "vae-mnist-2d.llm"), b, 0o644)
	labels, pixels := make([]uint8, 30), make([]uint8, 30*784)
	for i := range labels {
		labels[i] = uint8(i % 10)
	}
	for i := range pixels {
		pixels[i] = uint8(r.IntN(256))
	}
	f, err := os.Create(filepath.Join(dir, "mnist-test.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := data.EncodeMNIST(f, 30, 28, 28, labels, pixels); err != nil {
		t.Fatal(err)
	}
}

func TestWritesAView(t *testing.T) {
	dir := t.TempDir()
	writeModel(t, dir, 0.05)
	if err := run(dir, dir, 25); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "vae-mnist-2d"+viewfile.Suffix))
	if err != nil {
		t.Fatal(err)
	}
	v, err := viewfile.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if v.N != 25 || v.Step != 7 || v.Labels[13] != 3 {
		t.Errorf("view of %d codes, step %d, label 13 = %d", v.N, v.Step, v.Labels[13])
	}
}

// TestRefusesARoughView: a decoder whose quantised pixels move by more
// than viewfile.MaxPixelError gets no view.
func TestRefusesARoughView(t *testing.T) {
	dir := t.TempDir()
	writeModel(t, dir, 3)
	err := run(dir, dir, 25)
	if err == nil || !strings.Contains(err.Error(), "differ by") {
		t.Fatalf("run: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "vae-mnist-2d"+viewfile.Suffix)); err == nil {
		t.Error("the refused view was written")
	}
}
