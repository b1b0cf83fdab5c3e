package e2e_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/e2e"
)

// trainerReadyJS is true once the (first) VAE trainer has built its model;
// explorerShowingJS once the latent explorer shows a model.
const (
	trainerReadyJS    = `(() => { const s = document.querySelector('[role="status"][aria-label="Training status"]'); return !!s && /ready/.test(s.textContent); })()`
	explorerShowingJS = `(() => { const c = document.querySelector('[data-widget="latent-explorer"] .ll-caption'); return !!c && /Showing/.test(c.textContent); })()`
)

// mapRect is the client rectangle of the "Latent space" map.
type mapRect struct{ X, Y, W, H float64 }

// dragLatent drags across the "Latent space" map with real (CDP) mouse
// events from (fx0, fy0) to (fx1, fy1), given as fractions of the map, in n
// moves, and returns the Decoded sample hash after each move.
func dragLatent(t testing.TB, p *e2e.Page, fx0, fy0, fx1, fy1 float64, n int) []string {
	t.Helper()
	e2e.Eval[bool](p, `(() => { document.querySelector('[aria-label="Latent space"]').scrollIntoView({block: "center"}); return true; })()`)
	r := e2e.Eval[mapRect](p, `(() => { const r = document.querySelector('[aria-label="Latent space"]').getBoundingClientRect();
		return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
	if r.W < 50 || r.H < 50 {
		t.Fatalf("Latent space map is %gx%g px", r.W, r.H)
	}
	at := func(f float64, a, b float64) float64 { return a + f*b }
	x0, y0 := at(fx0, r.X, r.W), at(fy0, r.Y, r.H)
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.Button("left")))
	hashes := []string{p.CanvasHash(`canvas[aria-label="Decoded sample"]`)}
	for i := 1; i <= n; i++ {
		f := float64(i) / float64(n)
		x := at(fx0+f*(fx1-fx0), r.X, r.W)
		y := at(fy0+f*(fy1-fy0), r.Y, r.H)
		p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.Button("left")))
		hashes = append(hashes, p.CanvasHash(`canvas[aria-label="Decoded sample"]`))
	}
	x1, y1 := at(fx1, r.X, r.W), at(fy1, r.Y, r.H)
	p.Do(chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.Button("left")))
	return hashes
}

// latencies reads and clears the pointer → pixels latencies (ms) recorded by
// the latent explorer.
func latencies(p *e2e.Page) []float64 {
	v := e2e.Eval[[]float64](p, `(() => { const a = window.__llDecodeLatency || []; window.__llDecodeLatency = []; return a; })()`)
	sort.Float64s(v)
	return v
}

// decodeWork reads and clears the explorer's own handler times (ms: decode
// and draw, without the time the event waited in the queue).
func decodeWork(p *e2e.Page) []float64 {
	v := e2e.Eval[[]float64](p, `(() => { const a = window.__llDecodeWork || []; window.__llDecodeWork = []; return a; })()`)
	sort.Float64s(v)
	return v
}

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[min(len(v)-1, int(q*float64(len(v))))]
}

func distinct(h []string) int {
	m := map[string]bool{}
	for _, s := range h {
		m[s] = true
	}
	return len(m)
}

// stepOf reads N from "step N …" in the Training status.
func stepOf(status string) int {
	f := strings.Fields(status)
	if len(f) < 2 || f[0] != "step" {
		return -1
	}
	n, err := strconv.Atoi(f[1])
	if err != nil {
		return -1
	}
	return n
}

// shootWidget saves a screenshot of one widget (its frame) as out/NAME.png.
func shootWidget(t testing.TB, p *e2e.Page, css, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	sel := chromedp.CSS(css)
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(sel)); err != nil {
		t.Errorf("scroll to %s: %v", css, err)
		return
	}
	p.WaitFrames(2) // drawn after the scroll
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(sel))
	if err != nil {
		t.Errorf("screenshot %s: %v", css, err)
		return
	}
	if err := os.MkdirAll(e2e.OutDir(), 0o755); err == nil {
		os.WriteFile(filepath.Join(e2e.OutDir(), name+".png"), buf, 0o644)
	}
}

// widgetFrame is the selector of a VAE widget's outermost element: the page's
// figure around it when there is one, else the widget itself.
func widgetFrame(p *e2e.Page, name string) string {
	mark := "e2e-shot-" + name
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const w = document.querySelector('[data-widget=%q]'); if (!w) return false;
		const f = w.closest("figure") || w; f.setAttribute("data-e2e-shot", %q); return true; })()`, name, mark))
	return fmt.Sprintf(`[data-e2e-shot=%q]`, mark)
}

// vaeClick clicks the enabled button named name inside the first element
// matching scope (a widget), waiting for it to be enabled. It uses the
// element's click() so that nothing drawn over the button (a sticky sidebar
// at some widths) takes the click instead.
func vaeClick(t testing.TB, p *e2e.Page, scope, name string) {
	t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll(%q)].flatMap(w => [...w.querySelectorAll("button")]).find(b => b.textContent.trim() === %q)`, scope, name)
	p.WaitJS(fmt.Sprintf(`(() => { const b = %s; return !!b && !b.disabled && b.getAttribute("aria-disabled") !== "true"; })()`, find), 60*time.Second)
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const b = %s; b.scrollIntoView({block: "center"}); b.click(); return true; })()`, find))
}

// TestVAELesson drives the VAE lesson: it drags through the latent space and
// checks the decoded digit changes (and differs between distant points),
// records pointer → pixels latency, trains and sees the status advance, and
// screenshots every widget into web/e2e/out.
func TestVAELesson(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae")
	p.WaitJS(`!!document.querySelector('[aria-label="Latent space"]') && !!document.querySelector('canvas[aria-label="Decoded sample"]')`, 0)
	// The pretrained model decodes locally as soon as its file is loaded.
	p.WaitJS(`(() => { const c = document.querySelector('[data-widget="latent-explorer"] .ll-caption'); return !!c && /Showing|could not/.test(c.textContent); })()`, 60*time.Second)
	if cap := p.Text(`[data-widget="latent-explorer"] .ll-caption`); strings.Contains(cap, "could not") {
		t.Fatalf("pretrained model unavailable: %s", cap)
	}
	latencies(p)
	decodeWork(p)

	// Corner to corner: the decoded image must change along the way and
	// differ between the two ends.
	hs := dragLatent(t, p, 0.15, 0.85, 0.85, 0.15, 30)
	if d := distinct(hs); d < 8 {
		t.Errorf("decoded sample took only %d distinct images over 31 positions", d)
	}
	if hs[1] == hs[len(hs)-1] {
		t.Error("decoded samples at opposite corners of the latent space are identical")
	}
	idle := latencies(p)
	if len(idle) == 0 {
		t.Error("no pointer → pixels latency was recorded")
	}
	t.Logf("pointer → pixels latency, idle: n=%d p50=%.2f ms p95=%.2f ms max=%.2f ms",
		len(idle), quantile(idle, 0.5), quantile(idle, 0.95), quantile(idle, 1))
	work := decodeWork(p)
	t.Logf("  of which decode + draw in the handler: p50=%.2f ms p95=%.2f ms", quantile(work, 0.5), quantile(work, 0.95))

	// Keyboard: arrow keys move the cursor.
	before := p.CanvasHash(`canvas[aria-label="Decoded sample"]`)
	e2e.Eval[bool](p, `(() => { document.querySelector('[aria-label="Latent space"]').focus(); return true; })()`)
	for range 6 {
		p.Do(chromedp.KeyEvent(kb.ArrowLeft))
	}
	if after := p.CanvasHash(`canvas[aria-label="Decoded sample"]`); after == before {
		t.Error("arrow keys on the Latent space did not change the decoded sample")
	}
	latencies(p)
	decodeWork(p)
	shootWidget(t, p, widgetFrame(p, "latent-explorer"), "vae-latent-explorer")

	// Train: the status must advance past step 0 with losses in nats.
	status := `[role="status"][aria-label="Training status"]`
	p.ScrollTo(`[role="status"][aria-label="Training status"]`)
	p.WaitJS(`(() => { const s = document.querySelector('[role="status"][aria-label="Training status"]'); return !!s && /ready|step [1-9]/.test(s.textContent); })()`, 60*time.Second)
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Train")
	p.WaitJS(`(() => { const s = document.querySelector('[role="status"][aria-label="Training status"]'); return !!s && /step [1-9]\d* .*nats/.test(s.textContent); })()`, 60*time.Second)
	first := stepOf(p.Status("Training status"))
	st := p.WaitStep(status, first+10, 60*time.Second)
	t.Logf("training status 10 steps later: %s", st)

	// Latency while training (the worker trains; the page decodes locally).
	dragLatent(t, p, 0.2, 0.2, 0.8, 0.8, 30)
	busy := latencies(p)
	t.Logf("pointer → pixels latency, while training: n=%d p50=%.2f ms p95=%.2f ms max=%.2f ms",
		len(busy), quantile(busy, 0.5), quantile(busy, 0.95), quantile(busy, 1))
	work = decodeWork(p)
	t.Logf("  of which decode + draw in the handler: p50=%.2f ms p95=%.2f ms", quantile(work, 0.5), quantile(work, 0.95))
	if lt := p.LongTasks(); len(lt) > 0 {
		t.Logf("main-thread long tasks so far (ms): %v", lt)
	}

	// Let the trainer run a little longer so its plots have a shape, then
	// look at every widget.
	t.Logf("training status: %s", p.WaitStep(status, stepOf(p.Status("Training status"))+30, 90*time.Second))
	shootWidget(t, p, widgetFrame(p, "vae-trainer"), "vae-trainer")
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Pause")

	// Draw a stroke on the pad: ink must land on it and its reconstruction appear.
	pad, rec := `canvas[aria-label="Drawing pad, 28 by 28 pixels"]`, `canvas[aria-label="Reconstruction of your drawing"]`
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: "center"}); return true; })()`, pad))
	p.WaitFrames(2)
	before = p.CanvasHash(rec)
	pr := e2e.Eval[mapRect](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, pad))
	cx := pr.X + pr.W/2
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, cx, pr.Y+0.2*pr.H),
		chromedp.MouseEvent(chromedp.MousePressed, cx, pr.Y+0.2*pr.H, chromedp.Button("left")))
	for i := 1; i <= 10; i++ {
		p.Do(chromedp.MouseEvent(chromedp.MouseMoved, cx, pr.Y+(0.2+0.06*float64(i))*pr.H, chromedp.Button("left")))
	}
	p.Do(chromedp.MouseEvent(chromedp.MouseReleased, cx, pr.Y+0.8*pr.H, chromedp.Button("left")))
	p.WaitCanvasChange(rec, before, 10*time.Second) // the stroke's reconstruction is drawn
	ink := e2e.Eval[float64](p, fmt.Sprintf(`(() => { const c = document.querySelector(%q); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i]; return s / 255; })()`, pad))
	if ink < 5 {
		t.Errorf("a stroke across the drawing pad left %.1f pixels of ink", ink)
	}
	for _, name := range []string{"manifold-grid", "prior-samples", "posterior-view", "interpolation", "draw-digit"} {
		shootWidget(t, p, widgetFrame(p, name), "vae-"+name)
	}
	p.NoConsoleErrors()
}

// TestVAEDivergence sets a wild learning rate: training must pause by itself
// and say why, keeping the model.
func TestVAEDivergence(t *testing.T) {
	p := e2e.Open(t, "/embed/vae/trainer?lr=50")
	p.WaitBodyText("out of range") // lr=50 is clamped to the maximum with a visible note
	p.ScrollTo(`[role="status"][aria-label="Training status"]`)
	p.WaitJS(trainerReadyJS, 60*time.Second)
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Train")
	p.WaitJS(`!!document.querySelector('[role="alert"]') && /diverged|stopped/i.test(document.querySelector('[role="alert"]').textContent)`, 90*time.Second)
	t.Logf("alert: %s", p.Text(`[role="alert"]`))
	p.WaitJS(`/diverged/.test(document.querySelector('[role="status"][aria-label="Training status"]').textContent)`, 10*time.Second)
	t.Logf("status: %s", p.Status("Training status"))
	shootWidget(t, p, `[data-widget="vae-trainer"]`, "vae-trainer-diverged")
}

// TestVAEExplorerHighDim follows a 4-D model from the trainer: the explorer
// must offer the two axes and where the other dimensions are held, and
// holding them at a digit's code must change the decoded sample.
func TestVAEExplorerHighDim(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae?trainer.latent=4&explorer.pretrained=false")
	p.ScrollTo(`[role="status"][aria-label="Training status"]`)
	p.WaitJS(trainerReadyJS, 60*time.Second)
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Train")
	p.WaitJS(`(() => { const s = document.querySelector('[role="status"][aria-label="Training status"]'); return !!s && /step ([2-9]\d|\d{3,}) /.test(s.textContent); })()`, 90*time.Second)
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Pause")
	hold := `[data-widget="latent-explorer"] select[id$="-hold"]`
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q) && !!document.querySelector('[data-widget="latent-explorer"] [id$="-dim_x"]')`, hold), 30*time.Second)
	p.WaitJS(`(() => { const c = document.querySelector('[data-widget="latent-explorer"] .ll-caption'); return !!c && /4-D latent/.test(c.textContent); })()`, 30*time.Second)
	dec := `canvas[aria-label="Decoded sample"]`
	p.WaitFrames(2)
	before := p.CanvasHash(dec)
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = "3"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, hold))
	p.WaitJS(`/explorer\.hold=3/.test(location.search)`, 10*time.Second)
	// Held at a 3's code, the decoded sample changes (once the held-out
	// codes, which arrive after the snapshot, are in).
	p.WaitCanvasChange(dec, before, 30*time.Second)
	shootWidget(t, p, widgetFrame(p, "latent-explorer"), "vae-latent-explorer-4d")
	p.NoConsoleErrors()
}

// TestVAEExplorerTouch drags a finger (CDP touch events, touch emulation on)
// across the Latent space: the decoded sample must follow, and the page
// must not scroll instead (touch-action: none on the map).
func TestVAEExplorerTouch(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae")
	p.WaitJS(explorerShowingJS, 60*time.Second)
	cdpCall(t, p, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1})
	e2e.Eval[bool](p, `(() => { document.querySelector('[aria-label="Latent space"]').scrollIntoView({block: "center"}); return true; })()`)
	p.WaitFrames(2)
	r := e2e.Eval[mapRect](p, `(() => { const r = document.querySelector('[aria-label="Latent space"]').getBoundingClientRect();
		return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
	scroll := e2e.Eval[float64](p, `window.scrollY`)
	dec := `canvas[aria-label="Decoded sample"]`
	touch := func(typ input.DispatchTouchEventType, fx, fy float64) {
		pts := []*input.TouchPoint{{X: r.X + fx*r.W, Y: r.Y + fy*r.H}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			pts = []*input.TouchPoint{}
		}
		cdpCall(t, p, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
	}
	touch(input.DispatchTouchEventTypeTouchStart, 0.2, 0.8)
	hashes := []string{p.CanvasHash(dec)}
	for i := 1; i <= 12; i++ {
		f := float64(i) / 12
		touch(input.DispatchTouchEventTypeTouchMove, 0.2+0.6*f, 0.8-0.6*f)
		hashes = append(hashes, p.CanvasHash(dec))
	}
	touch(input.DispatchTouchEventTypeTouchEnd, 0, 0)
	if d := distinct(hashes); d < 5 {
		t.Errorf("a finger dragged across the latent space gave only %d distinct decoded images in 13 positions", d)
	}
	if s := e2e.Eval[float64](p, `window.scrollY`); s != scroll {
		t.Errorf("dragging on the map scrolled the page from %v to %v", scroll, s)
	}
	p.NoConsoleErrors()
}

// cdpCall runs one DevTools protocol command on the page, failing the test on error.
func cdpCall[P, R any](t testing.TB, p *e2e.Page, cmd cdp.Command[P, R], params P) R {
	t.Helper()
	r, err := chromedp.Call(p.Ctx, cmd, params)
	if err != nil {
		t.Fatalf("%s: %v", cmd.Method, err)
	}
	return r
}
