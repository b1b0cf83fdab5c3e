package codegen

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"latentlab/core/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenConfigs are the configurations whose generated code is kept in
// testdata/golden: the lessons' reference models and two that use most
// other options.
func goldenConfigs() map[string]model.Config {
	dae := model.Default("dae")
	dae.Hidden, dae.HiddenAct, dae.Latent, dae.CodeAct, dae.Output = []int{128, 64}, "tanh", 16, "identity", "gaussian"
	dae.NoiseStd, dae.MaskProb, dae.Optimizer, dae.Momentum, dae.Clip, dae.LR = 0.1, 0.25, "sgd", 0.9, 5, 0.01
	vae := model.Default("vae")
	vae.Hidden, vae.Output, vae.Init, vae.Beta, vae.Latent, vae.Input, vae.Batch, vae.Seed = nil, "gaussian", "he", 4, 2, 2, 64, 7
	r1, _ := model.Preset("r1")
	r2, _ := model.Preset("r2")
	return map[string]model.Config{"vae-r1": r1, "cae-r2": r2, "dae-sgd-clip": dae, "vae-gaussian-toy": vae, "cae-tied-toy": TiedToyCAE()}
}

// TiedToyCAE is a model of the contraction lab (web/widget/cae.ToyConfig):
// tied weights, the output bias centred, a Gaussian decoder of variance ½.
func TiedToyCAE() model.Config {
	c := model.Default("cae")
	c.Input, c.Hidden, c.Latent, c.CodeAct, c.Output, c.OutputVar = 2, []int{}, 8, "sigmoid", "gaussian", 0.5
	c.Tied, c.CenterOutput, c.Lambda, c.LR, c.Batch, c.Seed = true, true, 0.3, 0.002, 16, 5
	return c
}

func TestGolden(t *testing.T) {
	for name, cfg := range goldenConfigs() {
		for lang, gen := range map[string]func(model.Config) (string, error){"pytorch": PyTorch, "keras": Keras} {
			got, err := gen(cfg)
			if err != nil {
				t.Fatalf("%s %s: %v", name, lang, err)
			}
			path := filepath.Join("testdata", "golden", name+"."+lang+".py")
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the generated code; look at the difference and run go test ./core/codegen -update if it is intended:\n%s", path, firstDiff(string(want), got))
			}
		}
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return fmt.Sprintf("the ends differ: %d lines, %d lines", len(al), len(bl))
}

// Grid returns one configuration for every combination of the choices the
// templates branch on (kind, activations, decoder, optimizer, clipping,
// initialisation, DAE corruption, hidden layers), all valid.
func Grid() []model.Config {
	var out []model.Config
	for _, kind := range []string{"ae", "dae", "cae", "vae"} {
		for _, act := range []string{"relu", "sigmoid", "tanh", "identity"} {
			for _, output := range []string{"bernoulli", "gaussian"} {
				for i, opt := range []string{"adam", "sgd"} {
					c := model.Default(kind)
					c.Output, c.Optimizer, c.Clip = output, opt, float64(i)*3
					if i == 1 {
						c.Init, c.Momentum = "he", 0
					}
					if kind == "cae" {
						c.CodeAct = act
					} else {
						c.HiddenAct = act
						c.Hidden = [][]int{nil, {64}, {64, 32}}[len(out)%3]
					}
					if kind == "ae" || kind == "dae" {
						c.CodeAct = act
					}
					if kind == "dae" {
						noise := [][2]float64{{0.3, 0}, {0, 0.5}, {0.2, 0.1}, {0, 0}}[len(out)%4]
						c.NoiseStd, c.MaskProb = noise[0], noise[1]
					}
					out = append(out, c)
					if kind != "vae" && len(c.Hidden) == 0 {
						t := c
						t.Tied, t.CenterOutput, t.OutputVar = true, true, 0.5
						out = append(out, t)
					}
				}
			}
		}
	}
	return out
}

func TestEveryConfigGenerates(t *testing.T) {
	for _, c := range Grid() {
		if err := c.Validate(); err != nil {
			t.Fatalf("grid config invalid: %v", err)
		}
		for lang, gen := range map[string]func(model.Config) (string, error){"pytorch": PyTorch, "keras": Keras} {
			code, err := gen(c)
			if err != nil {
				t.Fatalf("%s %+v: %v", lang, c, err)
			}
			// The loss lines carry the lesson formulas of the kind.
			want := []string{"ℓ(x, x̂)"}
			switch c.Kind {
			case "vae":
				want = []string{"KL_j = ½(μ_j² + σ_j² − log σ_j² − 1)", "z = μ + σ ⊙ ε", "ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))", "L_β = E_q[−log p(x|z)] + β·KL"}
			case "cae":
				want = append(want, "‖J_f(x)‖²_F = Σ_j", "L = ℓ(x, g(f(x))) + λ‖J_f(x)‖²_F")
			case "dae":
				want = append(want, "L_DAE = E_x E_x̃ [ℓ(x, g(f(x̃)))]")
			}
			for _, w := range want {
				if !strings.Contains(code, w) {
					t.Errorf("%s %s code lacks %q", lang, c.Kind, w)
				}
			}
			if strings.Contains(code, "<no value>") || strings.Contains(code, "\n\n\n\n") || strings.Contains(code, "\t") {
				t.Errorf("%s %s code has a template slip (<no value>, three blank lines or a tab)", lang, c.Kind)
			}
		}
	}
}

func TestModuleLayout(t *testing.T) {
	cases := map[string]struct {
		cfg  model.Config
		want string
	}{
		"vae": {model.Default("vae"), "enc1 784→256 relu, mu 256→2 identity, logvar 256→2 identity | dec1 2→256 relu, out 256→784 identity"},
		"cae": {model.Default("cae"), "code 784→128 sigmoid | out 128→784 identity"},
		"ae": {func() model.Config {
			c := model.Default("ae")
			c.Hidden = []int{64, 16}
			c.HiddenAct = "linear"
			return c
		}(), "enc1 784→64 identity, enc2 64→16 identity, code 16→32 identity | dec1 32→16 identity, dec2 16→64 identity, out 64→784 identity"},
	}
	for name, c := range cases {
		m, err := NewModule(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, half := range [][]Layer{m.Encoder, m.Decoder} {
			var ls []string
			for _, l := range half {
				ls = append(ls, fmt.Sprintf("%s %d→%d %s", l.Name, l.In, l.Out, l.Act))
			}
			parts = append(parts, strings.Join(ls, ", "))
		}
		if got := strings.Join(parts, " | "); got != c.want {
			t.Errorf("%s: %s, want %s", name, got, c.want)
		}
	}
	bad := model.Default("vae")
	bad.Latent = 0
	if _, err := PyTorch(bad); err == nil || !strings.Contains(err.Error(), "latent dimension 0") {
		t.Errorf("invalid config: %v", err)
	}
}

func TestPyFloat(t *testing.T) {
	for v, want := range map[float64]string{1: "1.0", 0.001: "0.001", 1e-5: "1e-05", 3e-4: "0.0003", 0: "0.0", 1e21: "1e+21", 0.1: "0.1"} {
		if got := pyFloat(v); got != want {
			t.Errorf("pyFloat(%g) = %q, want %q", v, got, want)
		}
	}
}
