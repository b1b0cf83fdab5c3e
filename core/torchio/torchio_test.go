package torchio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/safetensors"
)

// trained returns a small model of cfg trained for a few steps on random
// binary-ish images, and its snapshot.
func trained(t testing.TB, cfg model.Config) (*model.Trainer, infer.Network) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 7))
	x := make([]float32, 64*cfg.Input)
	for i := range x {
		if r.Float64() < 0.3 {
			x[i] = float32(r.Float64())
		}
	}
	tr, err := model.New(cfg, x)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr, tr.Snapshot()
}

func small(kind string) model.Config {
	c := model.Default(kind)
	c.Input, c.Batch, c.Latent = 12, 16, 3
	if kind != "cae" {
		c.Hidden = []int{8, 5}
	}
	return c
}

func TestRoundTripEveryKind(t *testing.T) {
	for _, kind := range []string{"ae", "dae", "cae", "vae"} {
		cfg := small(kind)
		tr, net := trained(t, cfg)
		w, side, err := Export(cfg, net, tr.Steps())
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for _, sc := range [][]byte{side, nil} { // with the sidecar, and from the metadata alone
			m, err := Import(w, sc)
			if err != nil {
				t.Fatalf("%s: import: %v", kind, err)
			}
			if !reflect.DeepEqual(m.Net, net) {
				t.Errorf("%s: imported network differs from the exported one", kind)
			}
			if !reflect.DeepEqual(m.Config, tr.Config()) || m.Step != 3 {
				t.Errorf("%s: config %+v step %d, want %+v step 3", kind, m.Config, m.Step, tr.Config())
			}
		}
		var back model.Config
		if err := json.Unmarshal(side, &back); err != nil || !reflect.DeepEqual(back, cfg) {
			t.Errorf("%s: sidecar %s does not decode to the config (%v)", kind, side, err)
		}
	}
}

// TestNamesAreTheModules: the VAE's tensors are the generated module's
// state_dict, with μ and log σ² the two halves of the engine's last encoder
// layer.
func TestNamesAreTheModules(t *testing.T) {
	cfg := small("vae")
	_, net := trained(t, cfg)
	w, _, err := Export(cfg, net, 0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Unmarshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tn := range f.Tensors {
		got = append(got, fmt.Sprint(tn.Name, tn.Shape))
	}
	want := []string{"enc1.weight[8 12]", "enc1.bias[8]", "enc2.weight[5 8]", "enc2.bias[5]", "mu.weight[3 5]", "mu.bias[3]",
		"logvar.weight[3 5]", "logvar.bias[3]", "dec1.weight[5 3]", "dec1.bias[5]", "dec2.weight[8 5]", "dec2.bias[8]",
		"out.weight[12 8]", "out.bias[12]"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tensors %v, want %v", got, want)
	}
	mu, _ := f.Tensor("mu.weight")
	lv, _ := f.Tensor("logvar.bias")
	muW, _ := mu.Float32s()
	lvB, _ := lv.Float32s()
	last := net.Encoder[2]
	if muW[4] != last.W[4] || lvB[1] != last.B[4] {
		t.Errorf("mu/logvar are not the halves of the last encoder layer")
	}
}

// rewrite re-encodes the exported VAE's file after edit changes its tensors.
func rewrite(t *testing.T, w []byte, edit func(f *safetensors.File)) []byte {
	t.Helper()
	f, err := safetensors.Unmarshal(w)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	b, err := safetensors.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportRefuses(t *testing.T) {
	cfg := small("vae")
	_, net := trained(t, cfg)
	w, side, err := Export(cfg, net, 5)
	if err != nil {
		t.Fatal(err)
	}
	replace := func(name string, tn safetensors.Tensor) []byte {
		return rewrite(t, w, func(f *safetensors.File) {
			for i := range f.Tensors {
				if f.Tensors[i].Name == name {
					f.Tensors[i] = tn
				}
			}
		})
	}
	nan := make([]float32, 5*8)
	nan[7] = float32(math.NaN())
	wider := cfg
	wider.Hidden = []int{9, 5}
	wideSide, _ := json.Marshal(wider)
	cases := map[string]struct {
		weights, sidecar []byte
		want             string
	}{
		"truncated":       {w[:len(w)-10], side, `tensor "out.bias": data ends at byte`},
		"truncated head":  {w[:30], side, "truncated in the header"},
		"not safetensors": {[]byte("LLAB\x01\x00\x00\x00 some model file"), side, "header length"},
		"wrong shape":     {replace("dec1.weight", safetensors.Float32("dec1.weight", []int{3, 5}, make([]float32, 15))), side, `tensor "dec1.weight" has shape [3 5], the config wants [5 3]`},
		"wrong dtype": {replace("mu.bias", safetensors.Tensor{Name: "mu.bias", DType: safetensors.F64, Shape: []int{3}, Data: make([]byte, 24)}), side,
			`tensor "mu.bias" has dtype F64, want F32`},
		"nan":     {replace("dec2.weight", safetensors.Float32("dec2.weight", []int{8, 5}, nan)), side, `tensor "dec2.weight": value 7 is NaN`},
		"missing": {rewrite(t, w, func(f *safetensors.File) { f.Tensors = f.Tensors[:len(f.Tensors)-1] }), side, `tensor "out.bias" is missing`},
		"extra": {rewrite(t, w, func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Float32("fc3.weight", []int{1}, []float32{1}))
		}), side, `tensor "fc3.weight" is not part of this VAE`},
		"other config":     {w, wideSide, `tensor "enc1.weight" has shape [8 12], the config wants [9 12]`},
		"bad sidecar":      {w, []byte(`{"kind":"vae",`), "config sidecar"},
		"unknown field":    {w, []byte(`{"kind":"vae","hiden":[8]}`), `unknown field "hiden"`},
		"invalid config":   {w, []byte(`{"kind":"vae","latent":0}`), "latent dimension 0"},
		"no config at all": {rewrite(t, w, func(f *safetensors.File) { f.Metadata = nil }), nil, "no sidecar"},
		"bad step":         {rewrite(t, w, func(f *safetensors.File) { f.Metadata[MetaStep] = "-3" }), nil, "latentlab.step"},
	}
	for name, c := range cases {
		m, err := Import(c.weights, c.sidecar)
		if err == nil {
			t.Errorf("%s: accepted (%+v)", name, m.Config)
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", name, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", name, err, c.want)
		}
	}
}

func TestExportRefuses(t *testing.T) {
	cfg := small("ae")
	_, net := trained(t, cfg)
	other := cfg
	other.Hidden = []int{8, 6}
	if _, _, err := Export(other, net, 0); err == nil || !strings.Contains(err.Error(), "encoder layer 1 is 8→5") {
		t.Errorf("export under another architecture: %v", err)
	}
	act := cfg
	act.HiddenAct = "tanh"
	if _, _, err := Export(act, net, 0); err == nil || !strings.Contains(err.Error(), "the config wants 12→8 tanh") {
		t.Errorf("export under other activations: %v", err)
	}
	bad := cfg
	bad.Kind = "gan"
	if _, _, err := Export(bad, net, 0); err == nil {
		t.Error("export of an invalid config")
	}
}

// TestImportedTrainerContinues: an imported file becomes a trainer whose
// evaluation equals the exporting trainer's.
func TestImportedTrainerContinues(t *testing.T) {
	cfg := small("cae")
	tr, net := trained(t, cfg)
	w, side, err := Export(cfg, net, tr.Steps())
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(w, side)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 4*cfg.Input)
	for i := range x {
		x[i] = float32(i%5) / 5
	}
	tr2, err := model.FromNetwork(m.Config, m.Net, x)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tr.Evaluate(x)
	b, _ := tr2.Evaluate(x)
	if a.Loss != b.Loss || a.Penalty != b.Penalty {
		t.Errorf("imported model evaluates to %g (penalty %g), exported %g (%g)", b.Loss, b.Penalty, a.Loss, a.Penalty)
	}
}

func FuzzImport(f *testing.F) {
	cfg := small("vae")
	_, net := trained(f, cfg)
	w, side, err := Export(cfg, net, 2)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(w, side)
	f.Add(w, []byte(nil))
	f.Add(w[:len(w)/2], side)
	f.Add([]byte("{}"), []byte(`{"kind":"ae"}`))
	tied := small("cae")
	tied.Hidden, tied.Output, tied.Tied, tied.CenterOutput, tied.OutputVar = []int{}, "gaussian", true, true, 0.5
	_, tnet := trained(f, tied)
	if w, side, err = Export(tied, tnet, 3); err != nil {
		f.Fatal(err)
	}
	f.Add(w, side) // a tied model: no out.weight
	f.Fuzz(func(t *testing.T, w, side []byte) {
		m, err := Import(w, side)
		if err != nil {
			if m != nil || !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v with model %v, or not wrapping ErrFormat", err, m)
			}
			return
		}
		if err := m.Net.Check(); err != nil {
			t.Fatalf("imported an invalid network: %v", err)
		}
		// Whatever is imported exports again, and that reads back the same.
		w2, side2, err := Export(m.Config, m.Net, m.Step)
		if err != nil {
			t.Fatalf("re-export: %v", err)
		}
		m2, err := Import(w2, side2)
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("re-import differs: %v", err)
		}
		if !bytes.Equal(side2, mustSidecar(t, m.Config)) {
			t.Fatal("sidecar is not the config's JSON")
		}
	})
}

func mustSidecar(t *testing.T, c model.Config) []byte {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestTiedRoundTrip: a tied model (the contraction lab's) is exported
// without a decoder weight (W_dec = W_encᵀ, only out.bias is its own) and
// imported back with the decoder rebuilt from the encoder; a file that
// carries an out.weight anyway is refused, naming it.
func TestTiedRoundTrip(t *testing.T) {
	cfg := model.Default("cae")
	cfg.Input, cfg.Hidden, cfg.Latent, cfg.Output, cfg.OutputVar = 2, []int{}, 6, "gaussian", 0.5
	cfg.Tied, cfg.CenterOutput, cfg.Batch = true, true, 16
	tr, net := trained(t, cfg)
	weights, sidecar, err := Export(cfg, net, tr.Steps())
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Unmarshal(bytes.Clone(weights))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tn := range f.Tensors {
		names = append(names, tn.Name)
	}
	if want := []string{"code.weight", "code.bias", "out.bias"}; !reflect.DeepEqual(names, want) {
		t.Errorf("tensors %v, want %v", names, want)
	}
	m, err := Import(weights, sidecar)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Net, net) {
		t.Error("the imported tied network differs from the exported one")
	}
	w := net.Decoder[0].W
	f.Tensors = append(f.Tensors, safetensors.Float32("out.weight", []int{2, 6}, w))
	extra, err := safetensors.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(extra, sidecar); err == nil || !strings.Contains(err.Error(), `"out.weight" is not part of this CAE`) {
		t.Errorf("a tied file with out.weight: %v", err)
	}
}
