package kit

import (
	"strings"
	"testing"

	"latentlab/core/codegen"
	"latentlab/core/spec"
	"latentlab/web/engine"
)

// TestCodeConfig: the panel completes a widget's config as the worker does,
// so the code shows the model the engine builds, and it generates.
func TestCodeConfig(t *testing.T) {
	c := spec.Default(spec.VAE)
	c.Hidden, c.Latent, c.Output = []int{64}, 2, ""
	for _, tc := range []struct {
		data   engine.Data
		input  int
		output string
	}{
		{engine.MNIST(0), 784, "bernoulli"},
		{engine.Toy("moons", 2000, 500, 0.05, 1), 2, "gaussian"},
		{engine.Toy("swissroll", 2000, 500, 0.05, 1), 3, "gaussian"},
	} {
		got := CodeConfig(c, tc.data)
		if got.Input != tc.input || got.Output != tc.output {
			t.Errorf("%s: input %d, output %q; want %d, %q", tc.data.Name, got.Input, got.Output, tc.input, tc.output)
		}
		code, err := codegen.PyTorch(got)
		if err != nil || !strings.Contains(code, "nn.Linear(") {
			t.Errorf("%s: %v", tc.data.Name, err)
		}
	}
	p := ShowCode(c, engine.MNIST(0))
	p.generate()
	if p.codeErr != "" || !strings.Contains(p.code[0], "class VAE(nn.Module)") || !strings.Contains(p.code[1], "class VAE(keras.Model)") {
		t.Fatalf("generated: %q", p.codeErr)
	}
	before := p.code[0]
	p.Config.Beta = 0.25
	p.generate()
	if p.code[0] == before || !strings.Contains(p.code[0], "BETA = 0.25") {
		t.Error("the code did not follow β")
	}
	p.Config.LR = -1 // invalid: said, not panicked
	p.generate()
	if p.codeErr == "" {
		t.Error("an invalid config generated code")
	}
}

// TestSortImport: one weights file and at most one .json; sizes checked
// before reading.
func TestSortImport(t *testing.T) {
	w := chosen{name: "vae.safetensors", size: 1e6}
	j := chosen{name: "VAE.JSON", size: 500}
	if got, side, err := sortImport([]chosen{j, w}); err != nil || got.name != w.name || side == nil || side.name != j.name {
		t.Errorf("weights and sidecar: %v, %v, %v", got, side, err)
	}
	if _, side, err := sortImport([]chosen{w}); err != nil || side != nil {
		t.Errorf("weights alone: %v, %v", side, err)
	}
	for _, c := range []struct {
		files []chosen
		want  string
	}{
		{[]chosen{j}, "choose a .safetensors"},
		{[]chosen{w, w}, "not 2"},
		{[]chosen{w, j, j}, "not two"},
		{[]chosen{{name: "big.safetensors", size: 40e6}}, "at most 16 MB"},
		{[]chosen{w, {name: "big.json", size: 1e6}}, "at most 64 kB"},
	} {
		if _, _, err := sortImport(c.files); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.files, err, c.want)
		}
	}
}

func TestPlainImportError(t *testing.T) {
	for in, want := range map[string]string{
		`engine import_weights: import_weights: torchio: cannot import: tensor "mu.weight" has shape [256 2], the config wants [2 256]`:                 `tensor "mu.weight" has shape [256 2], the config wants [2 256]`,
		`engine import_weights: import_weights: torchio: cannot import: safetensors: bad file: tensor "out.bias": data ends at byte 9 (truncated file)`: `tensor "out.bias": data ends at byte 9 (truncated file)`,
		`engine import_weights: import_weights: import weights: the file holds a CAE model, not a VAE`:                                                  "the file holds a CAE model, not a VAE",
	} {
		if got := plainImportError(in); got != want {
			t.Errorf("plainImportError(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileLabel(t *testing.T) {
	for in, want := range map[string]string{
		"model.llm":                    "“model.llm”",
		"<img src=x onerror=alert(1)>": "“<img src=x onerror=alert(1)>”", // shown as text, never parsed
		"a\nb\x00c.llm":                "“abc.llm”",
		"a\x00b<i>.safetensors":        "“ab<i>.safetensors”",
		"":                             "the file",
		strings.Repeat("é", 100):       "“" + strings.Repeat("é", 30) + "…" + strings.Repeat("é", 29) + "”",
	} {
		if got := FileLabel(in); got != want {
			t.Errorf("FileLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
