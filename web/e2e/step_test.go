package e2e_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/e2e"
)

const stepRegion = `[data-widget="step-through"] section[data-stage]`

// stageView is what a stage shows: its key, title, text and, per canvas,
// its accessible name, a hash of its pixels and how many distinct colours
// it has (1: blank).
type stageView struct {
	Key, Title, Text string
	Canvases         []canvasView
}

type canvasView struct {
	Label  string
	Hash   int
	Colors int
}

const stageViewJS = `(() => {
  const s = document.querySelector(` + "`" + stepRegion + "`" + `);
  if (!s) return null;
  const canvases = [...s.querySelectorAll("canvas")].map(c => {
    let hash = 0, colors = new Set();
    if (c.width > 0 && c.height > 0) {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        const v = (d[i] << 24) ^ (d[i+1] << 16) ^ (d[i+2] << 8) ^ d[i+3];
        hash = (Math.imul(hash, 31) + v) | 0;
        if (colors.size < 3) colors.add(v);
      }
    }
    return {Label: c.getAttribute("aria-label"), Hash: hash, Colors: colors.size};
  });
  return {Key: s.dataset.stage, Title: s.getAttribute("aria-label"), Text: s.querySelector("p").textContent, Canvases: canvases};
})()`

// stepThroughKeys focuses the step-through's stage region, goes to the
// first stage with Home, then presses → until the last stage, checking that
// each stage's key, text and canvases change and that no canvas is blank.
// It answers the predict-then-observe prompts it meets (want: prompts) and
// screenshots each stage as out/{name}-{width}-{n}-{key}.png. It follows
// the region's "Stage k of n" name and waits for each stage to be drawn
// (data-drawn, set once any animation is over), never for a number of
// frames: a loaded machine renders late.
func stepThroughKeys(t *testing.T, p *e2e.Page, name string, width, prompts int) []stageView {
	t.Helper()
	e2e.Eval[bool](p, `(() => { const s = document.querySelector('`+stepRegion+`'); s.scrollIntoView({block: "center"}); s.focus(); return document.activeElement === s; })()`)
	p.Do(chromedp.KeyEvent(kb.Home))
	p.WaitJS(stageIsJS(1), 10*time.Second)
	var views []stageView
	predicted := 0
	for n := 1; ; n++ {
		title := p.Text(stepRegion + ` h4`)
		m := regexp.MustCompile(`^Stage ([0-9]+) of ([0-9]+)`).FindStringSubmatch(title)
		if m == nil || atoi(m[1]) != n {
			t.Fatalf("%d px: stage %d is titled %q", width, n, title)
		}
		last := atoi(m[2]) == n
		if key := e2e.Eval[string](p, `(() => { const f = document.querySelector('`+stepRegion+` [data-predict]'); return f ? f.dataset.predict : ""; })()`); key != "" {
			shootWidget(t, p, widgetFrame(p, "step-through"), fmt.Sprintf("%s-%d-%02d-%s-predict", name, width, n, key))
			e2e.Eval[bool](p, `(() => { document.querySelector('`+stepRegion+` [data-predict] button').click(); return true; })()`)
			predicted++
		}
		if !p.TryWaitJS(`(s => !!s && s.dataset.drawn === s.dataset.stage && !s.querySelector("[data-predict]"))(document.querySelector('`+stepRegion+`'))`, 30*time.Second) {
			t.Errorf("%d px: stage %d (%s) was not drawn within 30 s", width, n, e2e.Eval[string](p, `document.querySelector('`+stepRegion+`').dataset.stage`))
		}
		v := e2e.Eval[stageView](p, stageViewJS)
		for _, c := range v.Canvases {
			if c.Colors < 2 {
				t.Errorf("%d px, stage %s: canvas %q is blank", width, v.Key, c.Label)
			}
		}
		if len(v.Canvases) == 0 {
			t.Errorf("%d px, stage %s has no canvas", width, v.Key)
		}
		if k := len(views); k > 0 {
			prev := views[k-1]
			if v.Text == prev.Text || v.Title == prev.Title {
				t.Errorf("%d px: stage %s shows the same text or title as stage %s: %q", width, v.Key, prev.Key, v.Text)
			}
			if fmt.Sprint(v.Canvases) == fmt.Sprint(prev.Canvases) {
				t.Errorf("%d px: stage %s draws the same canvases as stage %s", width, v.Key, prev.Key)
			}
		}
		views = append(views, v)
		shootWidget(t, p, widgetFrame(p, "step-through"), fmt.Sprintf("%s-%d-%02d-%s", name, width, n, v.Key))
		e2e.Eval[bool](p, `(() => { const s = document.querySelector('`+stepRegion+`'); s.focus({preventScroll: true}); return true; })()`)
		p.Do(chromedp.KeyEvent(kb.ArrowRight))
		if last {
			// The last stage: → does nothing.
			p.WaitFrames(3)
			if k := e2e.Eval[string](p, `document.querySelector('`+stepRegion+`').dataset.stage`); k != v.Key {
				t.Errorf("%d px: → on the last stage (%s) went to %s", width, v.Key, k)
			}
			break
		}
		p.WaitJS(stageIsJS(n+1), 10*time.Second)
	}
	if predicted != prompts {
		t.Errorf("%d px: %d predict-then-observe prompts, want %d", width, predicted, prompts)
	}
	return views
}

// stageIsJS is true when the step-through shows stage n (from 1).
func stageIsJS(n int) string {
	return fmt.Sprintf(`(h => !!h && h.textContent.startsWith("Stage %d of "))(document.querySelector('%s h4'))`, n, stepRegion)
}

// TestStepThrough steps through one VAE training step on /lessons/vae with
// the keyboard at 1280 and 400 px: every stage's region text and canvases
// change, the numbers are the engine's (the −ELBO stage adds up the terms
// the earlier stages showed), ← goes back, and Next stage / Previous stage
// work as buttons.
func TestStepThrough(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae")
	waitTraced(p)
	views := stepThroughKeys(t, p, "step", 1280, 2)
	if got, want := stageKeys(views), "x hidden posterior eps z xhat recon kl elbo grads update"; got != want {
		t.Errorf("stages %q, want %q", got, want)
	}
	for _, v := range views {
		t.Logf("stage %s: %s", v.Key, v.Text)
	}
	// The guesses are in the lesson's stored progress, as ungraded items.
	stored := e2e.Eval[string](p, `localStorage.getItem("latentlab.progress.vae") || ""`)
	if !strings.Contains(stored, `"step:z"`) || !strings.Contains(stored, `"step:update"`) {
		t.Errorf("the predictions are not in the lesson's progress: %s", stored)
	}
	if z := views[4]; !strings.Contains(z.Text, "You predicted") {
		t.Errorf("the z stage does not say what was predicted: %q", z.Text)
	}
	if last := views[len(views)-1]; !strings.Contains(last.Text, "nats") || !strings.Contains(last.Text, "from") {
		t.Errorf("the update stage does not give the loss before and after: %q", last.Text)
	}

	// ← goes back one stage; the buttons move too.
	p.Do(chromedp.KeyEvent(kb.ArrowLeft))
	p.WaitJS(`document.querySelector('`+stepRegion+`').dataset.stage === "grads"`, 10*time.Second)
	vaeClick(t, p, `[data-widget="step-through"]`, "Previous stage")
	p.WaitJS(`document.querySelector('`+stepRegion+`').dataset.stage === "elbo"`, 10*time.Second)
	vaeClick(t, p, `[data-widget="step-through"]`, "Next stage")
	p.WaitJS(`document.querySelector('`+stepRegion+`').dataset.stage === "grads"`, 10*time.Second)

	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(3)
	stepThroughKeys(t, p, "step", 400, 0) // answered at 1280 px
	p.Do(chromedp.EmulateReset())

	// Follow the page's trainer: untick the pretrained model, train a
	// little, pause, and trace the current weights: the caption names the
	// model being trained at a step past 0, and the numbers change.
	const caption = `[data-widget="step-through"] .ll-caption`
	before := views[8].Text // the pretrained model's −ELBO stage
	e2e.Eval[bool](p, `(() => { const c = document.querySelector('[data-widget="step-through"] input[type="checkbox"]'); c.click(); return true; })()`)
	p.WaitJS(`/the model you are training at step/.test(document.querySelector('`+caption+`').textContent)`, 60*time.Second)
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Train")
	p.WaitJS(`/step ([3-9]\d|\d{3,}) /.test(document.querySelector('[role="status"][aria-label="Training status"]').textContent)`, 90*time.Second)
	vaeClick(t, p, `[data-widget="vae-trainer"]`, "Pause")
	vaeClick(t, p, `[data-widget="step-through"]`, "Trace the current weights")
	p.WaitJS(`/the model you are training at step [1-9]/.test(document.querySelector('`+caption+`').textContent)`, 60*time.Second)
	vaeClick(t, p, `[data-widget="step-through"]`, "9")
	p.WaitJS(`document.querySelector('`+stepRegion+`').dataset.stage === "elbo"`, 10*time.Second)
	t.Logf("following the trainer: %s — %s", p.Text(caption), p.Text(stepRegion+` p`))
	if after := p.Text(stepRegion + ` p`); after == before || !strings.Contains(after, "−ELBO") {
		t.Errorf("the trainer's step shows the pretrained model's numbers: %q", after)
	}
	shootWidget(t, p, widgetFrame(p, "step-through"), "step-1280-trainer")
}

// waitTraced scrolls to the step-through and waits for the engine's trace.
func waitTraced(p *e2e.Page) {
	e2e.Eval[bool](p, `(() => { const w = document.querySelector('[data-widget="step-through"]'); w.scrollIntoView({block: "center"}); return true; })()`)
	p.WaitJS(`(() => { const p = document.querySelector('`+stepRegion+` p'); return !!p && !/Waiting/.test(p.textContent); })()`, 90*time.Second)
}

// TestStepThroughCAE steps through the pretrained CAE's step on
// /lessons/cae: its seven stages change text and canvases, and the
// Jacobian stage gives ‖J‖²_F by the closed form and the explicit sum.
func TestStepThroughCAE(t *testing.T) {
	p := e2e.Open(t, "/lessons/cae")
	waitTraced(p)
	views := stepThroughKeys(t, p, "step-cae", 1280, 1)
	for _, v := range views {
		t.Logf("stage %s: %s", v.Key, v.Text)
	}
	if got, want := stageKeys(views), "x code jacobian xhat loss grads update"; got != want {
		t.Errorf("stages %q, want %q", got, want)
	}
	m := regexp.MustCompile(`closed form .* = ([0-9]+(?:\.[0-9]+)?); by adding up all [0-9,]+ squared entries = ([0-9]+(?:\.[0-9]+)?)`).FindStringSubmatch(views[2].Text)
	if m == nil || m[1] != m[2] {
		t.Errorf("the Jacobian stage does not show equal closed form and sum: %q", views[2].Text)
	}
	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(3)
	stepThroughKeys(t, p, "step-cae", 400, 0)
	p.Do(chromedp.EmulateReset())
}

// stageKeys lists the stages' keys, space-separated.
func stageKeys(views []stageView) string {
	keys := make([]string, len(views))
	for i, v := range views {
		keys[i] = v.Key
	}
	return strings.Join(keys, " ")
}

// TestLinkedFormulas: on /lessons/vae, hovering the KL term of the loss
// equation highlights the step-through's KL parts (its stage button); from
// the keyboard, Tab and Shift+Tab through the row of term buttons under the
// equation highlight the parts and the formula's term of the focused name
// only; hovering the widget's KL stage button highlights the nearest KL
// term of a formula (not a button).
func TestLinkedFormulas(t *testing.T) {
	p := e2e.Open(t, "/lessons/vae")
	waitTraced(p)
	p.WaitJS(`document.documentElement.dataset.termLinks === "on" && !!document.querySelector('.ll-term-key[data-ll-term="kl"]')`, 60*time.Second)
	linked := func(name string) string {
		return `!!document.querySelector('[data-widget="step-through"] [data-ll-part~="` + name + `"].ll-linked')`
	}
	hover := func(css string) {
		t.Helper()
		e2e.Eval[bool](p, `(() => { document.querySelector('`+css+`').scrollIntoView({block: "center"}); return true; })()`)
		p.WaitFrames(2)
		r := e2e.Eval[mapRect](p, `(() => { const r = document.querySelector('`+css+`').getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
		p.Do(chromedp.MouseEvent(chromedp.MouseMoved, r.X+r.W/2, r.Y+r.H/2))
	}
	hover(`.katex [data-ll-term="kl"]`)
	p.WaitJS(linked("kl")+` && document.querySelector('.katex [data-ll-term="kl"]').classList.contains("ll-linked")`, 10*time.Second)
	shootWidget(t, p, `.katex-display:has([data-ll-term="kl"])`, "linked-term-hover")
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, 1, 1))
	p.WaitJS(`!document.querySelector(".ll-linked")`, 10*time.Second)

	// The keyboard: the buttons of the loss equation's row, in the formula's order.
	const row = `.katex-display:has([data-ll-term="elbo"]) + .ll-terms`
	keys := e2e.Eval[[]string](p, `[...document.querySelectorAll('`+row+` button')].map(b => b.dataset.llTerm + "=" + b.textContent)`)
	if strings.Join(keys, " ") != "elbo=−ELBO recon=reconstruction term kl=KL term" {
		t.Errorf("term buttons %q", keys)
	}
	if name := e2e.Eval[string](p, `document.querySelector('`+row+`').getAttribute("aria-label")`); !strings.Contains(name, "shown in the figure") {
		t.Errorf("the row's group name %q", name)
	}
	e2e.Eval[bool](p, `(() => { document.querySelector('`+row+` [data-ll-term="recon"]').focus(); return true; })()`)
	p.WaitJS(linked("recon"), 10*time.Second)
	p.Do(chromedp.KeyEvent(kb.Tab))
	p.WaitJS(`document.activeElement.matches('`+row+` [data-ll-term="kl"]') && `+linked("kl")+` && !`+linked("recon")+
		` && document.querySelector('.katex-display:has([data-ll-term="elbo"]) .katex [data-ll-term="kl"]').classList.contains("ll-linked")`, 10*time.Second)
	shootWidget(t, p, `.math-display:has([data-ll-term="elbo"])`, "linked-term-keys")
	shootWidget(t, p, `[data-widget="step-through"]`, "linked-term-keys-widget")
	if !e2e.Eval[bool](p, linked("kl")) {
		t.Error("scrolling to the widget cleared what the focused term button highlights")
	}
	p.Do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
	p.WaitJS(`document.activeElement.matches('`+row+` [data-ll-term="recon"]') && `+linked("recon")+` && !`+linked("kl"), 10*time.Second)
	e2e.Eval[bool](p, `(() => { document.activeElement.blur(); return true; })()`)
	p.WaitJS(`!document.querySelector(".ll-linked")`, 10*time.Second)

	hover(`[data-widget="step-through"] button[data-ll-part~="kl"]`)
	p.WaitJS(`[...document.querySelectorAll('.katex [data-ll-term="kl"]')].some(t => t.classList.contains("ll-linked"))`+
		` && !document.querySelector(".ll-term-key.ll-linked")`, 10*time.Second)
}
