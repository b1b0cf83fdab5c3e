package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/core/modelfile"
	"latentlab/web/e2e"
)

const (
	trainerScope  = `[data-widget="vae-trainer"]`
	trainerStatus = trainerScope + ` [role="status"][aria-label="Training status"]`
	trainerAlert  = trainerScope + ` [role="alert"]`
	trainerInput  = trainerScope + ` input[type="file"]`
)

// waitStep waits until the first trainer's Training status starts with
// "step n".
func waitStep(t *testing.T, p *e2e.Page, n int) string {
	t.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /^step %d\b/.test(s.textContent); })()`, trainerStatus, n), 60*time.Second)
	return p.Text(trainerStatus)
}

// openFile picks path in the trainer's "Open model file" input.
func openFile(t *testing.T, p *e2e.Page, path string) {
	t.Helper()
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(trainerInput), []string{path}))
}

// waitAlert waits for the trainer's role=alert message to contain every
// part and returns it.
func waitAlert(t *testing.T, p *e2e.Page, parts ...string) string {
	t.Helper()
	for _, s := range parts {
		p.WaitText(trainerAlert, s)
	}
	return p.Text(trainerAlert)
}

// stepStillWorks presses Step and waits for the status to reach step n: the
// trainer's model is alive and trains.
func stepStillWorks(t *testing.T, p *e2e.Page, n int) {
	t.Helper()
	vaeClick(t, p, trainerScope, "Step")
	waitStep(t, p, n)
}

// TestVAEModelFile trains a VAE in the lesson, saves it (a real browser
// download), checks the file natively with core/modelfile, opens it back
// (status and following widgets show it, training continues), then opens
// bad files — corrupt, a CAE model, an HTML-like name, an oversized file —
// and checks each is refused with a role=alert message naming the file
// while the current model keeps working.
func TestVAEModelFile(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae")
	p.ScrollTo(trainerStatus)
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, trainerStatus), 90*time.Second)
	vaeClick(t, p, trainerScope, "Train")
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /^step [1-9]\d* .*nats/.test(s.textContent); })()`, trainerStatus), 60*time.Second)
	vaeClick(t, p, trainerScope, "Pause")
	p.WaitText(trainerStatus, "paused")
	// Step is enabled again once the chunk in flight has come back.
	p.WaitJS(fmt.Sprintf(`[...document.querySelector(%q).querySelectorAll("button")].some(b => b.textContent.trim() === "Step" && !b.disabled && b.getAttribute("aria-disabled") !== "true")`, trainerScope), 60*time.Second)
	n := stepOf(p.Text(trainerStatus))
	if n <= 0 {
		t.Fatalf("no step after training: %q", p.Text(trainerStatus))
	}

	// Save: the download is named after what it holds and is a VAE file.
	path := p.Download(func() { vaeClick(t, p, trainerScope, "Save model") })
	want := fmt.Sprintf("latentlab-vae-z2-step%d.llm", n)
	if got := filepath.Base(path); got != want {
		t.Errorf("downloaded %q, want %q", got, want)
	}
	checkModelFile(t, path, n)
	p.WaitText(trainerScope+" .ll-filebar", "Saved "+want)

	// Two more steps, then open the saved file: back to step n everywhere.
	stepStillWorks(t, p, n+1)
	stepStillWorks(t, p, n+2)
	// The latent explorer follows the trainer once "Use the pretrained model" is unticked.
	caption := `[data-widget="latent-explorer"] .ll-caption`
	e2e.Eval[bool](p, `(() => { const c = document.querySelector('[data-widget="latent-explorer"] input[type=checkbox]'); if (c.checked) c.click(); return true; })()`)
	p.WaitText(caption, fmt.Sprintf("training (step %d,", n+2))
	openFile(t, p, path)
	st := waitStep(t, p, n)
	if !strings.Contains(st, "opened “"+want+"”") || !strings.Contains(st, "2-dimensional latent space") {
		t.Errorf("status after opening: %q", st)
	}
	if p.Exists(trainerAlert) {
		t.Errorf("alert after a good file: %q", p.Text(trainerAlert))
	}
	if !p.TryWaitJS(fmt.Sprintf(`document.querySelector(%q).innerText.includes(%q)`, caption, fmt.Sprintf("(step %d, 2-D latent)", n)), 30*time.Second) {
		t.Errorf("the latent explorer (following the trainer) does not show the opened model: %q", p.Text(caption))
	}
	shootWidget(t, p, widgetFrame(p, "vae-trainer"), "vae-trainer-file-1280")
	stepStillWorks(t, p, n+1)

	// Keyboard: the file input takes focus, and its label shows the ring.
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).focus(); return true; })()`, trainerInput))
	p.WaitJS(fmt.Sprintf(`(() => { const i = document.querySelector(%q); return document.activeElement === i &&
		getComputedStyle(document.querySelector('label[for="' + i.id + '"]')).outlineStyle === "solid"; })()`, trainerInput), 0)
	if label := p.Text(fmt.Sprintf(`label[for=%q]`, "trainer-open")); label != "Open model file…" {
		t.Errorf("file input label %q", label)
	}
	e2e.Eval[bool](p, `(document.activeElement.blur(), true)`)

	// A corrupt copy: refused by its checksum; the model keeps training.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b)/2 - 4; i < len(b)/2+4; i++ {
		b[i] ^= 0x5a
	}
	bad := filepath.Join(t.TempDir(), "corrupt.llm")
	os.WriteFile(bad, b, 0o644)
	openFile(t, p, bad)
	msg := waitAlert(t, p, "“corrupt.llm”", "damaged", "unchanged")
	t.Logf("corrupt file: %s", msg)
	stepStillWorks(t, p, n+2)

	// A CAE model file is not a VAE.
	openFile(t, p, filepath.Join(e2e.Dist(), "web", "models", "cae-mnist.llm"))
	msg = waitAlert(t, p, "“cae-mnist.llm”", "not a VAE")
	t.Logf("CAE file: %s", msg)
	stepStillWorks(t, p, n+3)

	// A file name is text, never markup.
	odd := filepath.Join(t.TempDir(), `<img src=x onerror=alert(1)>.llm`)
	os.WriteFile(odd, []byte("not a model"), 0o644)
	openFile(t, p, odd)
	waitAlert(t, p, "“<img src=x onerror=alert(1)>.llm”", "not a Latent Lab model file")
	if p.Exists(trainerAlert + " img") {
		t.Error("the file name was parsed as HTML")
	}

	// Too large: refused before reading.
	big := filepath.Join(t.TempDir(), "huge.llm")
	if err := os.WriteFile(big, nil, 0o644); err == nil {
		os.Truncate(big, 40<<20)
	}
	openFile(t, p, big)
	waitAlert(t, p, "“huge.llm”", "at most 16 MB")
	stepStillWorks(t, p, n+4)

	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(3) // laid out again at the new width
	shootWidget(t, p, widgetFrame(p, "vae-trainer"), "vae-trainer-file-400")
	p.Do(chromedp.EmulateReset())
	p.NoConsoleErrors()

	// controls=locked fixes the model: Open is disabled, Save stays.
	p.Goto("/embed/vae/trainer?controls=locked")
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, trainerInput), 0)
	if !e2e.Eval[bool](p, fmt.Sprintf(`document.querySelector(%q).disabled`, trainerInput)) {
		t.Error("controls=locked: Open model file is enabled")
	}
	if !p.HasButton("Save model") {
		t.Error("controls=locked: no Save model button")
	}
}

// checkModelFile loads a downloaded model natively and checks it is the
// trainer's 2-D VAE at step.
func checkModelFile(t *testing.T, path string, step int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := modelfile.Load(f)
	if err != nil {
		t.Fatalf("saved model does not load natively: %v", err)
	}
	if n := m.Net; n.Kind != "vae" || n.Latent != 2 || n.Input != 784 || m.Step != step {
		t.Errorf("saved model: kind %s, latent %d, input %d, step %d; want vae, 2, 784, %d", n.Kind, n.Latent, n.Input, m.Step, step)
	}
	if !regexp.MustCompile(`"data"`).Match(m.Config) {
		t.Errorf("saved model config has no dataset: %s", m.Config)
	}
}
