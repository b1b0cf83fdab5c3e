package vae

import (
	"encoding/json"
	"strings"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/modelfile"
	"latentlab/core/spec"
	"latentlab/web/engine"
)

// tinyFile writes a model file of the given kind with in inputs, a latent
// code of size z and config JSON cfg.
func tinyFile(t *testing.T, kind string, in, z, step int, cfg string) []byte {
	t.Helper()
	dense := func(i, o int, a infer.Activation) infer.Dense {
		return infer.Dense{In: i, Out: o, W: make([]float32, i*o), B: make([]float32, o), Act: a}
	}
	codes := z
	if kind == "vae" {
		codes = 2 * z
	}
	net := infer.Network{Kind: kind, Input: in, Latent: z, OutputDist: "bernoulli",
		Encoder: infer.MLP{dense(in, 4, infer.ReLU), dense(4, codes, infer.Identity)},
		Decoder: infer.MLP{dense(z, 4, infer.ReLU), dense(4, in, infer.Sigmoid)}}
	if kind != "vae" {
		net.Encoder = infer.MLP{dense(in, z, infer.Sigmoid)}
		net.Decoder = infer.MLP{dense(z, in, infer.Sigmoid)}
	}
	b, err := modelfile.Marshal(&modelfile.File{Net: net, Step: step, Config: json.RawMessage(cfg)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestModelFileName(t *testing.T) {
	if got := modelFileName(2, 640); got != "latentlab-vae-z2-step640.llm" {
		t.Errorf("modelFileName = %q", got)
	}
}

func TestPeekModel(t *testing.T) {
	mnist := engine.Data{Source: "mnist"}
	good := tinyFile(t, "vae", 784, 2, 640, `{"kind":"vae","data":{"source":"mnist","n":10000}}`)
	info, err := peekModel(good)
	if err != nil || info.Kind != "vae" || info.Latent != 2 || info.Step != 640 || info.Input != 784 {
		t.Fatalf("peek good file: %+v, %v", info, err)
	}
	if d, err := info.dataFor(mnist); err != nil || d.Source != "mnist" || d.N != 10000 {
		t.Errorf("dataFor: %+v, %v", d, err)
	}
	// A toy model names its set: that set is used even if the trainer shows MNIST.
	toy := tinyFile(t, "vae", 2, 2, 5, `{"data":{"source":"toy","name":"moons","n":2000}}`)
	if info, err := peekModel(toy); err != nil {
		t.Error(err)
	} else if d, err := info.dataFor(mnist); err != nil || d.Name != "moons" {
		t.Errorf("toy dataFor: %+v, %v", d, err)
	}
	// No data in the file: the trainer's data if the input size fits.
	bare := tinyFile(t, "vae", 2, 3, 5, "")
	info, _ = peekModel(bare)
	if _, err := info.dataFor(mnist); err == nil || !strings.Contains(err.Error(), "takes 2 values per example, the data has 784") {
		t.Errorf("2-D model on MNIST: %v", err)
	}
	if d, err := info.dataFor(engine.Data{Source: "toy", Name: "spiral"}); err != nil || d.Name != "spiral" {
		t.Errorf("2-D model on the spiral: %+v, %v", d, err)
	}

	bad := map[string]struct {
		b    []byte
		want string
	}{
		"empty":     {nil, "not a Latent Lab model file"},
		"png":       {[]byte("\x89PNG\r\n\x1a\n0000000000"), "not a Latent Lab model file"},
		"cae":       {tinyFile(t, "cae", 784, 8, 1, ""), "contractive autoencoder (CAE), not a VAE"},
		"latent 40": {tinyFile(t, "vae", 784, 40, 1, ""), "40 dimensions"},
		"cut":       {good[:20], "incomplete"},
		"version":   {append([]byte("LLAB\x07\x00\x00\x00"), good[8:]...), "format 7"},
		"header":    {append(append([]byte(nil), good[:12]...), strings.Repeat("x", len(good)-12)...), "damaged"},
	}
	for name, c := range bad {
		if _, err := peekModel(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

func TestPlainLoadError(t *testing.T) {
	for reason, want := range map[string]string{
		"load: load model file: modelfile: bad model file: checksum mismatch (file 1, computed 2): corrupt file": "the file is damaged: its checksum does not match its contents",
		"load: load model file: modelfile: bad model file: truncated in decoder layer 1 weights":                 "the file is incomplete: it ends too early",
		"load: load model file: the file holds a CAE model, not a VAE":                                           "it holds a CAE model, not a VAE",
		`load: load model file: model takes 2 inputs but dataset "mnist" has 784`:                                `its inputs do not fit the data (the model takes 2 inputs but dataset "mnist" has 784)`,
		"load: load model file: modelfile: bad model file: encoder layer 0: non-finite weight":                   "the file is damaged (encoder layer 0: non-finite weight)",
		"worker crashed": "the engine could not use it (worker crashed)",
		"":               "the engine could not use it ()",
	} {
		if got := plainLoadError(reason); got != want {
			t.Errorf("plainLoadError(%q) = %q, want %q", reason, got, want)
		}
	}
}

func TestValuesFrom(t *testing.T) {
	cur := trainerParams.Defaults()
	m := spec.Config{Kind: "vae", Latent: 8, Hidden: []int{128}, LR: 0.003, Batch: 64, Beta: 0.5, Seed: 7}
	d := engine.Toy("moons", 0, 0, 0, 0)
	v := valuesFrom(cur, m, d)
	if v["dataset"] != "moons" || v["latent"] != 8 || v["hidden"] != 128 || v["lr"] != 0.003 ||
		v["batch"] != 64 || v["beta"] != 0.5 || v["seed"] != 7 {
		t.Errorf("valuesFrom = %v", v)
	}
	if cur["latent"] != 2 {
		t.Error("valuesFrom changed its input")
	}
	// Out-of-range values are clamped; several hidden layers keep the control's value.
	m.Hidden, m.Batch = []int{64, 32}, 4096
	if v := valuesFrom(cur, m, d); v["hidden"] != cur["hidden"] || v["batch"] != 512 {
		t.Errorf("valuesFrom clamps: %v", v)
	}
}
