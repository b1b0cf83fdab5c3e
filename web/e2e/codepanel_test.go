package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/core/codegen"
	"latentlab/core/safetensors"
	"latentlab/core/spec"
	"latentlab/web/e2e"
)

const (
	codePanel  = trainerScope + ` details[data-code-panel]`
	codeText   = codePanel + ` pre[role="tabpanel"]`
	codeAlert  = codePanel + ` [role="alert"]`
	codeImport = codePanel + ` input[type="file"]`
)

// codeClick clicks the code panel's button named name.
func codeClick(t *testing.T, p *e2e.Page, name string) { t.Helper(); vaeClick(t, p, codePanel, name) }

// TestCodePanel drives "Show the code" under the VAE trainer as a student
// would: it opens the panel, reads the PyTorch code, changes β and sees the
// code follow, switches to Keras and back, copies (the text handed to the
// clipboard is the code shown), trains, exports the weights and the config
// (real downloads, parsed natively: the tensors are the generated module's),
// imports them back after training on (the trainer returns to the exported
// step, and exports the same bytes again), and imports damaged files, each
// refused in role=alert naming the tensor while the model keeps training.
// Screenshots of the panel at 1280 and 400 px go to web/e2e/out.
func TestCodePanel(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae")
	p.ScrollTo(trainerStatus)
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, trainerStatus), 90*time.Second)

	// Open the disclosure: the PyTorch tab, with the loss lines annotated.
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q + " > summary"); s.scrollIntoView({block: "center"}); s.click(); return true; })()`, codePanel))
	code := p.WaitText(codeText, "class VAE(nn.Module)")
	for _, want := range []string{"BETA = 1.0", "z = mu + sigma * eps  # z = μ + σ ⊙ ε", "# KL(q(z|x) ‖ p(z)) = Σ_j KL_j", "nn.Linear(784, 256)", `load_latentlab_weights(model, path="vae.safetensors")`} {
		if !strings.Contains(code, want) {
			t.Errorf("PyTorch code lacks %q", want)
		}
	}
	if got := e2e.Eval[string](p, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-selected")`, codePanel+` [role="tab"]`)); got != "true" {
		t.Errorf("the PyTorch tab is not selected: aria-selected=%q", got)
	}
	// Settings drive the code: β = 0.5.
	e2e.Eval[bool](p, `(() => { const b = document.querySelector("#trainer-beta"); b.value = "0.5"; b.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	p.WaitText(codeText, "BETA = 0.5")

	// Keras, then back.
	codeClick(t, p, "Keras")
	keras := p.WaitText(codeText, "class VAE(keras.Model)")
	if !strings.Contains(keras, "tf.GradientTape") || e2e.Eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.lang`, codeText)) != "Keras" {
		t.Errorf("Keras tab shows %.200q", keras)
	}
	shootWidget(t, p, codePanel, "code-panel-keras-1280")
	codeClick(t, p, "PyTorch")
	p.WaitText(codeText, "class VAE(nn.Module)")

	// Copy: what reaches the clipboard is the code on screen; "Copied" shows.
	e2e.Eval[bool](p, `(() => { window.__copied = null;
		Object.defineProperty(navigator, "clipboard", {configurable: true, value: {writeText: t => { window.__copied = t; return Promise.resolve(); }}});
		return true; })()`)
	codeClick(t, p, "Copy")
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll(%q)].some(b => b.textContent.trim() === "Copied")`, codePanel+" button"), 10*time.Second)
	if e2e.Eval[string](p, `window.__copied || ""`) != e2e.Eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, codeText)) {
		t.Error("the copied text is not the code shown")
	}
	p.WaitText(codePanel+` [role="status"]`, "Copied")

	// Train a little, pause.
	vaeClick(t, p, trainerScope, "Train")
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /^step [1-9]\d* .*nats/.test(s.textContent); })()`, trainerStatus), 60*time.Second)
	vaeClick(t, p, trainerScope, "Pause")
	p.WaitText(trainerStatus, "paused")
	p.WaitJS(fmt.Sprintf(`[...document.querySelector(%q).querySelectorAll("button")].some(b => b.textContent.trim() === "Step" && !b.disabled)`, trainerScope), 60*time.Second)
	n := stepOf(p.Text(trainerStatus))
	if n <= 0 {
		t.Fatalf("no step after training: %q", p.Text(trainerStatus))
	}
	shootWidget(t, p, codePanel, "code-panel-1280")

	// Export: the weights and the config, as files.
	weightsPath := p.Download(func() { codeClick(t, p, "Export weights (.safetensors)") })
	p.WaitText(codePanel, "Saved “vae.safetensors”")
	configPath := p.Download(func() { codeClick(t, p, "Config (.json)") })
	if filepath.Base(weightsPath) != "vae.safetensors" || filepath.Base(configPath) != "vae.json" {
		t.Errorf("downloaded %q and %q, want vae.safetensors and vae.json", filepath.Base(weightsPath), filepath.Base(configPath))
	}
	weights, cfg := checkExport(t, weightsPath, configPath, n)

	// Train on, then import: back to step n, the same weights.
	stepStillWorks(t, p, n+1)
	stepStillWorks(t, p, n+2)
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(codeImport), []string{weightsPath, configPath}))
	st := waitStep(t, p, n)
	if !strings.Contains(st, "opened “vae.safetensors”") {
		t.Errorf("status after importing: %q", st)
	}
	p.WaitText(codePanel, "Imported “vae.safetensors”")
	again := p.Download(func() { codeClick(t, p, "Export weights (.safetensors)") })
	if b, _ := os.ReadFile(again); !bytes.Equal(b, weights) {
		t.Error("the imported model exports other weights than the file it came from")
	}
	stepStillWorks(t, p, n+1)

	// Damaged files: refused, naming the tensor; the model keeps training.
	bad := func(name string, edit func(f *safetensors.File)) string {
		f, err := safetensors.Unmarshal(bytes.Clone(weights))
		if err != nil {
			t.Fatal(err)
		}
		edit(f)
		b, err := safetensors.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name)
		os.WriteFile(path, b, 0o644)
		return path
	}
	tensor := func(f *safetensors.File, name string) *safetensors.Tensor {
		i := slices.IndexFunc(f.Tensors, func(t safetensors.Tensor) bool { return t.Name == name })
		return &f.Tensors[i]
	}
	truncated := filepath.Join(t.TempDir(), "truncated.safetensors")
	os.WriteFile(truncated, weights[:len(weights)-100], 0o644)
	cases := []struct {
		path string
		want []string
	}{
		{bad("shape.safetensors", func(f *safetensors.File) { tensor(f, "mu.weight").Shape = []int{cfg.Hidden[0], cfg.Latent} }),
			[]string{"“shape.safetensors”", `tensor "mu.weight" has shape [256 2]`, "[2 256]", "unchanged"}},
		{bad("dtype.safetensors", func(f *safetensors.File) { tensor(f, "dec1.bias").DType = safetensors.I32 }),
			[]string{"“dtype.safetensors”", `tensor "dec1.bias" has dtype I32`, "unchanged"}},
		{truncated, []string{"“truncated.safetensors”", `tensor "out.bias"`, "truncated", "unchanged"}},
	}
	for i, c := range cases {
		p.Do(chromedp.SetUploadFiles(chromedp.CSS(codeImport), []string{c.path}))
		for _, s := range c.want {
			p.WaitText(codeAlert, s)
		}
		t.Logf("refused: %s", p.Text(codeAlert))
		stepStillWorks(t, p, n+2+i)
	}
	shootWidget(t, p, codePanel, "code-panel-refused-1280")

	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(3)
	if e2e.Eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("at 400 px the page scrolls sideways: the code should scroll inside its box")
	}
	if !e2e.Eval[bool](p, fmt.Sprintf(`(() => { const c = document.querySelector(%q); return c.scrollWidth > c.clientWidth; })()`, codeText)) {
		t.Error("at 400 px the code does not scroll sideways inside its box")
	}
	shootWidget(t, p, codePanel, "code-panel-400")
	p.Do(chromedp.EmulateReset())
	p.NoConsoleErrors()

	// controls=locked fixes the model: no import; the code and the export stay.
	p.Goto("/embed/vae/trainer?controls=locked")
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, codePanel), 90*time.Second)
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q + " > summary").click(); return true; })()`, codePanel))
	p.WaitText(codeText, "class VAE(nn.Module)")
	if !e2e.Eval[bool](p, fmt.Sprintf(`document.querySelector(%q).disabled`, codeImport)) {
		t.Error("controls=locked: Import weights is enabled")
	}
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll(%q)].some(b => b.textContent.trim() === "Export weights (.safetensors)" && !b.disabled)`, codePanel+" button"), 60*time.Second)
}

// checkExport parses the downloaded files natively: the config is the
// trainer's VAE, the safetensors holds exactly the tensors of the PyTorch
// module generated for it, with the step in its metadata.
func checkExport(t *testing.T, weightsPath, configPath string, step int) ([]byte, spec.Config) {
	t.Helper()
	var cfg spec.Config
	side, err := os.ReadFile(configPath)
	if err == nil {
		err = json.Unmarshal(side, &cfg)
	}
	if err != nil || cfg.Kind != "vae" || cfg.Input != 784 || cfg.Beta != 0.5 || len(cfg.Hidden) != 1 {
		t.Fatalf("config %s: %+v (%v)", configPath, cfg, err)
	}
	b, err := os.ReadFile(weightsPath)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Unmarshal(bytes.Clone(b))
	if err != nil {
		t.Fatalf("the downloaded weights do not parse as safetensors: %v", err)
	}
	mod, err := codegen.NewModule(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, l := range mod.Layers() {
		want = append(want, l.Params()...)
	}
	for _, tn := range f.Tensors {
		got = append(got, tn.Name)
		if tn.DType != safetensors.F32 {
			t.Errorf("tensor %s is %s", tn.Name, tn.DType)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("tensors %v, want the generated module's %v", got, want)
	}
	if s := f.Metadata["latentlab.step"]; s != fmt.Sprint(step) {
		t.Errorf("metadata step %q, want %d", s, step)
	}
	return b, cfg
}

// TestCodePanelCAE: the CAE lesson's two training widgets show their own
// code — the contraction lab's tied toy CAE (its decoder uses the encoder's
// weight, so its export has no out.weight), the MNIST features' R2 CAE.
func TestCodePanelCAE(t *testing.T) {
	p := e2e.Open(t, "/lessons/cae")
	for _, w := range []struct {
		widget string
		want   []string
	}{
		{"contraction-lab", []string{"class TiedLinear(nn.Module)", "self.out = TiedLinear(self.code, 2)", "OUTPUT_VAR = 0.5", "LAMBDA = "}},
		{"mnist-features", []string{"self.code = nn.Linear(784, 128)", "# ‖J_f(x)‖²_F = Σ_j (h_j(1 − h_j))² Σ_i W_ji²"}},
	} {
		panel := fmt.Sprintf(`[data-widget=%q] details[data-code-panel]`, w.widget)
		p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, panel), 90*time.Second)
		e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q + " > summary"); s.scrollIntoView({block: "center"}); s.click(); return true; })()`, panel))
		code := p.WaitText(panel+` pre[role="tabpanel"]`, "class CAE(nn.Module)")
		for _, s := range w.want {
			if !strings.Contains(code, s) {
				t.Errorf("%s: the code lacks %q", w.widget, s)
			}
		}
	}
	lab := `[data-widget="contraction-lab"] details[data-code-panel]`
	shootWidget(t, p, lab, "code-panel-cae-lab-1280")
	path := p.Download(func() { vaeClick(t, p, lab, "Export weights (.safetensors)") })
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Unmarshal(b)
	if err != nil {
		t.Fatalf("the lab's export: %v", err)
	}
	var names []string
	for _, tn := range f.Tensors {
		names = append(names, tn.Name)
	}
	if want := []string{"code.weight", "code.bias", "out.bias"}; !slices.Equal(names, want) {
		t.Errorf("the lab's export holds %v, want %v", names, want)
	}
	p.NoConsoleErrors()
}
