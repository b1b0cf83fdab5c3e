package e2e_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// TestWidgetShots opens the CAE, DAE, VAE and reparameterization lessons
// (e2e.ShotLessons) 1280 and 400 px wide, wakes every widget, and
// screenshots each into web/e2e/out/shot-{slug}-{id}-{width}.png, to be
// looked at. It checks what a phone must not lose: no widget wider than the
// page (cut off at the right), the computation graphs drawn in their two-row
// layout with every node inside the canvas, the by-hand inputs wide enough
// for "-0.7", and no display equation wider than its column.
func TestWidgetShots(t *testing.T) {
	for _, width := range []int64{1280, 400} {
		for _, slug := range e2e.ShotLessons {
			t.Run(fmt.Sprintf("%s-%d", slug, width), func(t *testing.T) {
				p := e2e.NewTab(t)
				p.Do(chromedp.EmulateViewport(width, 900))
				p.Goto("/lessons/" + slug)
				ids := e2e.Eval[[]string](p, `[...document.querySelectorAll('figure.widget-frame[id^="widget-"]')].map(f => f.id)`)
				if len(ids) == 0 {
					t.Fatal("no widgets on the page")
				}
				for _, id := range ids {
					shootFigure(t, p, id, fmt.Sprintf("shot-%s-%s-%d", slug, strings.TrimPrefix(id, "widget-"), width))
				}
				checkLayout(t, p, width)
				e2e.CheckDisplayMath(t, p, fmt.Sprintf("math-%s-%d", slug, width))
			})
		}
	}
}

// shootFigure scrolls figure id into view, waits for its widget to start
// and finish loading, and screenshots it.
func shootFigure(t *testing.T, p *e2e.Page, id, name string) {
	t.Helper()
	e2e.Eval[bool](p, fmt.Sprintf(`(document.getElementById(%q).scrollIntoView({block: "start"}), true)`, id))
	if !p.TryWaitJS(fmt.Sprintf(`!document.querySelector('#%s .widget-placeholder')`, id), 30*time.Second) {
		t.Errorf("%s did not start", id)
	}
	// Its model loaded and its first pictures drawn (looked at, not
	// asserted): nothing in the figure says it is still loading.
	p.TryWaitJS(fmt.Sprintf(`(() => { const f = document.getElementById(%q);
	  return !!f && !f.querySelector(".loading, [aria-busy='true']") && !/Loading|loading…|loading the training engine|Starting the engine/.test(f.innerText); })()`, id), 15*time.Second)
	shootWidget(t, p, "#"+id, name)
}

// checkLayout fails for what a student would see cut off.
func checkLayout(t *testing.T, p *e2e.Page, width int64) {
	t.Helper()
	wide := e2e.Eval[[]string](p, `[...document.querySelectorAll('figure.widget-frame')]
	  .filter(f => f.getBoundingClientRect().right > document.documentElement.clientWidth + 1 || f.scrollWidth > f.clientWidth + 1)
	  .map(f => f.id + ' (' + Math.round(f.getBoundingClientRect().right) + ' px, scroll ' + f.scrollWidth + ' in ' + f.clientWidth + ')')`)
	if len(wide) > 0 {
		t.Errorf("widgets wider than the page at %d px: %v", width, wide)
	}
	// The computation graphs: the canvas fits, and on a phone it is drawn
	// in the two-row layout (360 × 300 logical pixels, 360 × 355 with live
	// values) that keeps the decoder and the loss inside it.
	graphs := e2e.Eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('[data-widget="two-graphs"] canvas')].map(c => {
	  const r = c.getBoundingClientRect(), ratio = c.width / c.height;
	  return (r.right > document.documentElement.clientWidth + 1 ? 'cut off at ' + Math.round(r.right) + ' px' : '') +
	    (%d < 480 && Math.abs(ratio - 360/300) > 0.02 && Math.abs(ratio - 360/355) > 0.02 ? ' not in the narrow layout (' + c.width + '×' + c.height + ')' : ''); }).filter(s => s)`, width))
	if len(graphs) > 0 {
		t.Errorf("two-graphs at %d px: %v", width, graphs)
	}
	// Number inputs show their whole value (the spinner takes about 16 px).
	cut := e2e.Eval[[]string](p, `(() => { const ctx = document.createElement('canvas').getContext('2d');
	  return [...document.querySelectorAll('[data-widget="penalty-by-hand"] input')].filter(i => {
	    const cs = getComputedStyle(i); ctx.font = cs.font;
	    const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
	    return ctx.measureText(i.value.startsWith('-') ? i.value : '-' + i.value).width > room; })
	  .map(i => i.getAttribute('aria-label') + ' = ' + i.value + ' (' + i.clientWidth + ' px)'); })()`)
	if len(cut) > 0 {
		t.Errorf("penalty-by-hand inputs too narrow for their values at %d px: %v", width, cut)
	}
}

// TestTrainerToyShots trains the VAE trainer on the circle with its default
// decoder σ in the page: the posterior must not collapse (the status's KL
// stays well above zero), and the trained widget is screenshot at 1280 and
// 400 px (KL plot on its log axis, KL bars with their values, held-out
// points and their reconstructions).
func TestTrainerToyShots(t *testing.T) {
	for _, width := range []int64{1280, 400} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			p := e2e.NewTab(t)
			p.Do(chromedp.EmulateViewport(width, 900))
			p.Goto("/embed/vae/trainer?dataset=circle")
			const status = `[data-widget="vae-trainer"] [role="status"]`
			pressTrain(t, p, "vae-trainer", `/step [1-9]/.test(document.querySelector('`+status+`').textContent)`)
			st := p.WaitStep(status, 600, 120*time.Second)
			clickIn(t, p, "vae-trainer", "Pause")
			m := klRE.FindStringSubmatch(st)
			if m == nil {
				t.Fatalf("no KL in the status %q", st)
			}
			if kl, _ := strconv.ParseFloat(m[1], 64); !(kl > 0.5) {
				t.Errorf("the circle's posterior collapsed in the page: KL %g after 600 steps (%q)", kl, st)
			}
			p.WaitFrames(10)
			shootWidget(t, p, `[data-widget="vae-trainer"]`, fmt.Sprintf("shot-vae-trainer-circle-%d", width))
		})
	}
}

var klRE = regexp.MustCompile(`KL ([0-9.]+(?:e-?[0-9]+)?)`)
