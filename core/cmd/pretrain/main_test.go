package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"latentlab/core/data"
	"latentlab/core/modelfile"
)

func fakeMNIST(n int, seed uint64) *data.Set {
	r := rand.New(rand.NewPCG(seed, 1))
	s := &data.Set{Name: "fake", N: n, Dim: 784, Rows: 28, Cols: 28, X: make([]float32, n*784), Labels: make([]int, n)}
	for i := range s.X {
		if r.Float32() < 0.2 {
			s.X[i] = r.Float32()
		}
	}
	return s
}

// TestTrainOneWritesLoadableModels trains each model for one short epoch on
// synthetic images and checks the written files load with the expected shapes.
func TestTrainOneWritesLoadableModels(t *testing.T) {
	dir := t.TempDir()
	train, test := fakeMNIST(200, 1), fakeMNIST(50, 2)
	for _, s := range jobs() {
		s.epochs, s.precision = 1, "f16"
		var log bytes.Buffer
		if err := trainOne(&log, s, train, test, dir, 0); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		b, err := os.ReadFile(filepath.Join(dir, s.name+".llm"))
		if err != nil {
			t.Fatal(err)
		}
		f, err := modelfile.Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if f.Net.Kind != s.cfg.Kind || f.Net.Input != 784 || f.Step != 2 || f.Precision != s.precision || f.Meta["name"] != s.name {
			t.Errorf("%s: loaded kind %q input %d step %d meta %v", s.name, f.Net.Kind, f.Net.Input, f.Step, f.Meta)
		}
		if s.cfg.Kind == "vae" && f.Meta["test_neg_elbo"] == "" {
			t.Errorf("%s: no held-out −ELBO in meta", s.name)
		}
	}
}
