package spec

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"latentlab/core/infer"
)

func TestDefaultsAndPresetsValidate(t *testing.T) {
	for _, k := range Kinds {
		if err := Default(k).Validate(); err != nil {
			t.Errorf("Default(%q): %v", k, err)
		}
	}
	for _, p := range Presets {
		c, err := Preset(p)
		if err != nil {
			t.Fatalf("Preset(%q): %v", p, err)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("Preset(%q): %v", p, err)
		}
		if lc, _ := Preset(strings.ToLower(p)); !reflect.DeepEqual(lc, c) {
			t.Errorf("Preset(%q) depends on case", p)
		}
	}
	r3, _ := Preset("R3")
	if r3.Latent != 16 || r3.Batch != 128 || r3.Hidden[0] != 512 {
		t.Errorf("R3 = %+v", r3)
	}
	if _, err := Preset("R9"); err == nil {
		t.Error("unknown preset accepted")
	}
}

func TestWithDefaultsDependsOnData(t *testing.T) {
	mnist := Data{Dim: 784, N: 10000, Binary: true}
	toy := Data{Dim: 2, N: 40}
	cases := []struct {
		name string
		in   Config
		d    Data
		want func(Config) bool
	}{
		{"mnist output", Config{Kind: VAE}, mnist, func(c Config) bool { return c.Output == "bernoulli" && c.Input == 784 }},
		{"toy output", Config{Kind: VAE}, toy, func(c Config) bool { return c.Output == "gaussian" && c.Input == 2 }},
		{"wide hidden", Config{Kind: AE}, mnist, func(c Config) bool { return reflect.DeepEqual(c.Hidden, []int{256}) }},
		{"narrow hidden", Config{Kind: AE}, toy, func(c Config) bool { return reflect.DeepEqual(c.Hidden, []int{32, 32}) }},
		{"cae no hidden", Config{Kind: CAE}, mnist, func(c Config) bool { return c.Hidden != nil && len(c.Hidden) == 0 && c.Latent == 128 }},
		{"cae narrow latent", Config{Kind: CAE}, toy, func(c Config) bool { return c.Latent == 8 }},
		{"tiny input latent", Config{Kind: AE}, Data{Dim: 3}, func(c Config) bool { return c.Latent == 1 }},
		{"latent kept", Config{Kind: VAE, Latent: 5}, toy, func(c Config) bool { return c.Latent == 5 }},
		{"empty hidden kept", Config{Kind: AE, Hidden: []int{}}, mnist, func(c Config) bool { return len(c.Hidden) == 0 && c.Hidden != nil }},
		{"names from Default", Config{Kind: CAE}, mnist, func(c Config) bool {
			return c.CodeAct == "sigmoid" && c.Optimizer == "adam" && c.Init == "glorot" && c.LR == 1e-3
		}},
		{"batch clipped", Config{Kind: VAE, Batch: 100}, toy, func(c Config) bool { return c.Batch == 40 }},
		{"zeros are settings", Config{Kind: VAE, Beta: 0, Lambda: 0, Seed: 0}, mnist, func(c Config) bool {
			return c.Beta == 0 && c.Lambda == 0 && c.Seed == 0
		}},
	}
	for _, c := range cases {
		got := c.in.WithDefaults(c.d)
		if !c.want(got) {
			t.Errorf("%s: %+v", c.name, got)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%s: completed config invalid: %v", c.name, err)
		}
	}
	in := Config{Kind: AE, Hidden: []int{8}}
	out := in.WithDefaults(toy)
	out.Hidden[0] = 99
	if in.Hidden[0] != 8 {
		t.Error("WithDefaults shares Hidden with its receiver")
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default(VAE)
	c.Kind, c.LR, c.Batch, c.Hidden = "gan", 50, 0, []int{0}
	err := c.Validate()
	if err == nil {
		t.Fatal("invalid config accepted")
	}
	for _, want := range []string{`kind "gan"`, "learning rate 50: want 0 < v ≤ 10", "batch size 0: want 1…4096", "hidden layer 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	v := Default(VAE)
	v.Latent, v.CodeAct = MaxLatentVAE+1, "sigmoid"
	if err := v.Validate(); err == nil || !strings.Contains(err.Error(), "for kind vae") || !strings.Contains(err.Error(), "identity") {
		t.Errorf("vae latent and code activation: %v", err)
	}
	tv := Default(VAE)
	tv.Hidden, tv.Tied = []int{}, true
	if err := tv.Validate(); err == nil || !strings.Contains(err.Error(), "tied weights for a vae") {
		t.Errorf("tied VAE without a hidden layer: %v, want refused", err)
	}
	c2 := Default(CAE)
	c2.Latent = MaxLatentVAE + 1 // wider codes are fine for a CAE
	if err := c2.Validate(); err != nil {
		t.Errorf("CAE with a %d-unit code: %v", c2.Latent, err)
	}
}

func TestLimits(t *testing.T) {
	if r, _ := Limit("latent"); r.Max != MaxLatentVAE {
		t.Errorf("Limit(latent) = %v: want the VAE's, the tightest", r)
	}
	if r, _ := LimitFor(CAE, "latent"); r.Max != MaxCode {
		t.Errorf("LimitFor(cae, latent) = %v", r)
	}
	if _, ok := Limit("kind"); ok {
		t.Error("a string field has a numeric limit")
	}
	lr, _ := Limit("lr")
	for v, want := range map[float64]bool{0: false, 1e-9: true, MaxLR: true, MaxLR + 1e-9: false, math.NaN(): false} {
		if lr.Contains(v) != want {
			t.Errorf("lr range contains %g: %v", v, !want)
		}
	}
	if !lr.Within(1e-5, 10) || lr.Within(0, 1) || lr.Within(2, 1) {
		t.Error("Within")
	}
	for field, want := range map[string]string{"lr": "0 < v ≤ 10", "batch": "1…4096", "beta": "≥ 0", "mask_prob": "0 ≤ v < 1"} {
		if r, _ := Limit(field); r.String() != want {
			t.Errorf("%s range reads %q, want %q", field, r, want)
		}
	}
	if err := Check(VAE, "batch", 8); err != nil {
		t.Error(err)
	}
	if err := Check(VAE, "nope", 1); err == nil {
		t.Error("unknown field checked")
	}
}

// NumParams counts every weight and bias of the network the config builds.
func TestNumParams(t *testing.T) {
	c := Default(VAE) // 784 → 256 → (2+2); 2 → 256 → 784
	want := (784*256 + 256) + (256*4 + 4) + (2*256 + 256) + (256*784 + 784)
	if got := c.NumParams(); got != want {
		t.Errorf("R1 has %d parameters, want %d", got, want)
	}
	c.Hidden = []int{1 << 30}
	if c.NumParams() != MaxParams+1 || c.Validate() == nil {
		t.Error("absurd widths do not saturate and fail")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	c, _ := Preset("R3")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("round trip %+v, %v", back, err)
	}
	// An empty hidden list stays empty (not "default").
	var cae Config
	json.Unmarshal([]byte(`{"kind":"cae","hidden":[]}`), &cae)
	if cae.Hidden == nil {
		t.Error("hidden [] became nil")
	}
}

func TestConfigOf(t *testing.T) {
	net := infer.Network{Kind: "ae", Input: 6, Latent: 3, OutputDist: "gaussian",
		Encoder: infer.MLP{{In: 6, Out: 5, Act: infer.Tanh}, {In: 5, Out: 3, Act: infer.Sigmoid}},
		Decoder: infer.MLP{{In: 3, Out: 5, Act: infer.Tanh}, {In: 5, Out: 6}}}
	c := ConfigOf(&net, Default(VAE))
	if c.Kind != AE || c.Input != 6 || c.Latent != 3 || !reflect.DeepEqual(c.Hidden, []int{5}) ||
		c.HiddenAct != "tanh" || c.CodeAct != "sigmoid" || c.Output != "gaussian" {
		t.Errorf("ConfigOf = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
}
