package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
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

// TestTrainAllSameFiles trains every model one at a time and all at once and
// checks the files match in every weight and every metadata field but the
// training time, and the logs match in order.
func TestTrainAllSameFiles(t *testing.T) {
	train, test := fakeMNIST(200, 3), fakeMNIST(50, 4)
	todo := jobs()
	for i := range todo {
		todo[i].epochs = 2
	}
	dirs := map[int]string{}
	logs := map[int]string{}
	for _, parallel := range []int{1, len(todo)} {
		dirs[parallel] = t.TempDir()
		var log bytes.Buffer
		if err := trainAll(&log, todo, train, test, dirs[parallel], 0, parallel); err != nil {
			t.Fatalf("parallel %d: %v", parallel, err)
		}
		logs[parallel] = strings.ReplaceAll(timeRE.ReplaceAllString(log.String(), "_"), dirs[parallel], "OUT")
	}
	if logs[1] != logs[len(todo)] {
		t.Errorf("logs differ:\none at a time:\n%s\nall at once:\n%s", logs[1], logs[len(todo)])
	}
	for _, s := range todo {
		a, b := loadModel(t, dirs[1], s.name), loadModel(t, dirs[len(todo)], s.name)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the file trained alone differs from the one trained beside the others", s.name)
		}
	}
}

// timeRE matches what a log line owes to the training time: the time, and
// the file's sizes (its train_millis has more or fewer digits).
var timeRE = regexp.MustCompile(`in [0-9.]+s|\([0-9]+ bytes, [0-9]+ gzipped\)`)

// loadModel reads a written model file without its training time.
func loadModel(t *testing.T, dir, name string) *modelfile.File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".llm"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modelfile.Unmarshal(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if f.Meta["train_millis"] == "" {
		t.Fatalf("%s: no train_millis in meta", name)
	}
	delete(f.Meta, "train_millis")
	return f
}
