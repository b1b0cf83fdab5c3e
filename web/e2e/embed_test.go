package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/lesson"
	"latentlab/web/quiz"
)

// embedTargets picks two widget embeds (from different lessons when
// possible) and a quiz embed from the built lesson bundle.
func embedTargets(t *testing.T) (w1, w2, quizPath string, qz *quiz.Quiz, qi int) {
	t.Helper()
	idx, ls := bundle(t)
	var widgets []string
	seen := map[string]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, m := range idx.Lessons {
			for _, b := range ls[m.Slug].Blocks {
				if b.Kind != lesson.KindWidget {
					continue
				}
				p := "/embed/" + m.Slug + "/" + b.ID
				if seen[p] || (pass == 0 && seen[m.Slug]) {
					continue
				}
				seen[p], seen[m.Slug] = true, true
				widgets = append(widgets, p)
				break
			}
		}
	}
	if len(widgets) < 2 {
		t.Fatalf("the lessons hold %d widgets; the embed tests need two (lessons/*.md)", len(widgets))
	}
	slug, q, i := findSingleQuestion(t)
	return widgets[0], widgets[1], "/embed/" + slug + "/" + q.ID, q, i
}

// openStatic opens a page that is not the go-app shell (no ReadyJS).
func openStatic(t *testing.T, path string) *Page {
	t.Helper()
	p := NewTab(t)
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(p.URL(path))); err != nil {
		t.Fatalf("navigate to %s: %v", path, err)
	}
	return p
}

// TestEmbedExampleHostPage loads static/embed-example.html with two widget
// embeds and a quiz embed: every iframe is resized to its content by
// embed-host.js, and answering the embedded quiz delivers an xAPI-shaped
// statement to the host page's event log.
func TestEmbedExampleHostPage(t *testing.T) {
	w1, w2, qp, qz, qi := embedTargets(t)
	q := url.Values{"w1": {w1}, "w2": {w2}, "quiz": {qp}}
	p := openStatic(t, "/web/embed-example.html?"+q.Encode())

	frames := []string{"frame-w1", "frame-w2", "frame-quiz"}
	for _, id := range frames {
		// A resize message arrived and the iframe fits its content: the
		// embedded document does not scroll.
		p.WaitJS(fmt.Sprintf(`(() => {
		  const f = document.getElementById(%q);
		  const got = [...document.querySelectorAll("#event-log .event-resize")].some(li => li.textContent.includes(%q));
		  if (!got || !f.contentDocument || !f.contentDocument.querySelector(".embed")) return false;
		  const d = f.contentDocument.documentElement;
		  return d.scrollHeight <= d.clientHeight + 2;
		})()`, id, id+" "), 90*time.Second)
		h := Eval[float64](p, fmt.Sprintf(`parseFloat(document.getElementById(%q).style.height) || 0`, id))
		if h < 80 {
			t.Errorf("%s: height %v after resize", id, h)
		}
	}

	// Answer the embedded quiz (in the iframe, same origin).
	qid := qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	base := "#q-" + qz.ID + "-" + qid
	p.WaitJS(fmt.Sprintf(`(() => { const d = document.getElementById("frame-quiz").contentDocument; return !!d && !!d.querySelector(%q); })()`, base), 60*time.Second)
	Eval[bool](p, fmt.Sprintf(`(() => {
	  const d = document.getElementById("frame-quiz").contentDocument;
	  d.querySelector(%q).click();
	  return true;
	})()`, fmt.Sprintf("%s-c%d", base, right)))
	p.WaitFrames(2) // go-app has seen the choice
	Eval[bool](p, fmt.Sprintf(`(document.getElementById("frame-quiz").contentDocument.querySelector(%q).click(), true)`, base+" .quiz-check"))
	objectID := "#" + qz.ID + "/" + qid
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-xapi")].some(li =>
	  li.textContent.includes("answered") && li.textContent.includes(%q) && li.textContent.includes("success=true") && li.textContent.includes("scaled=1"))`, objectID), Timeout)
	if n := Eval[string](p, `document.getElementById("xapi-count").textContent`); n == "0" {
		t.Error("xapi counter not updated")
	}
	p.NoConsoleErrors()
}

// TestHostileQueryValuesRenderAsText puts markup in parameter, controls and
// theme values on a lesson page and a single-widget embed: nothing runs, no
// element is injected, and a notice is shown as text.
func TestHostileQueryValuesRenderAsText(t *testing.T) {
	idx, ls := bundle(t)
	var slug, id, param string
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind == lesson.KindWidget && id == "" {
				slug, id = m.Slug, b.ID
				for k := range b.Params {
					if k != "id" {
						param = k
						break
					}
				}
			}
		}
	}
	if id == "" {
		t.Fatal("no lesson has a widget; this test needs one (lessons/*.md)")
	}
	if param == "" {
		param = "seed"
	}
	payloads := []string{
		`<script>window.__pwned=1</script>`,
		`"><img src=x onerror="window.__pwned=1">`,
	}
	for _, h := range payloads {
		lessonQ := url.Values{id + "." + param: {h}, "theme": {h}, "controls": {h}}
		embedQ := url.Values{param: {h}, "theme": {h}}
		for _, path := range []string{"/lessons/" + slug + "?" + lessonQ.Encode(), "/embed/" + slug + "/" + id + "?" + embedQ.Encode()} {
			p := Open(t, path)
			p.WaitFrames(2) // anything injected has had its chance to run
			if Eval[bool](p, `window.__pwned === 1`) {
				t.Fatalf("%s: injected script ran", path)
			}
			if p.Exists(`img[src="x"]`) || p.Exists(`script:not([src])`) && Eval[bool](p, `[...document.querySelectorAll("script:not([src])")].some(s => s.textContent.includes("__pwned"))`) {
				t.Errorf("%s: hostile markup became an element", path)
			}
			html := Eval[string](p, `document.body.innerHTML`)
			if strings.Contains(html, "<script>window.__pwned") || strings.Contains(html, `<img src="x"`) {
				t.Errorf("%s: hostile markup in the DOM", path)
			}
		}
	}
}

// TestControlsLocked: ?controls=locked disables every control of an embedded
// widget that has controls (and they are enabled without it).
func TestControlsLocked(t *testing.T) {
	idx, ls := bundle(t)
	checked := 0
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind != lesson.KindWidget || checked >= 2 {
				continue
			}
			path := "/embed/" + m.Slug + "/" + b.ID
			p := Open(t, path)
			const controls = `[...document.querySelectorAll(".embed input, .embed select, .embed textarea")].filter(e => e.type !== "hidden")`
			n := Eval[int](p, controls+`.length`)
			if n == 0 {
				continue
			}
			if Eval[int](p, controls+`.filter(e => !e.disabled).length`) == 0 {
				t.Errorf("%s: every control disabled without controls=locked", path)
			}
			p.Goto(path + "?controls=locked")
			if k := Eval[int](p, controls+`.filter(e => !e.disabled).length`); k != 0 {
				t.Errorf("%s?controls=locked: %d controls still enabled", path, k)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no embedded widget has controls; this test needs one (lessons/*.md)")
	}
}

// TestEmbedDialog opens the Embed dialog of a widget on a lesson page: it is
// a modal dialog with the iframe snippet mapping {id}.{param} to {param}, a
// Copy button, a preview, and Escape returns focus to the Embed button.
func TestEmbedDialog(t *testing.T) {
	idx, ls := bundle(t)
	var slug, id string
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind == lesson.KindWidget && id == "" {
				slug, id = m.Slug, b.ID
			}
		}
	}
	if id == "" {
		t.Fatal("no lesson has a widget; this test needs one (lessons/*.md)")
	}
	p := Open(t, "/lessons/"+slug+"?"+id+".seed=7&theme=dark")
	btn := "#embed-" + slug + "-" + id + "-button"
	clickCSS(p, btn)
	dlg := "#embed-" + slug + "-" + id + "-dialog"
	p.WaitJS(fmt.Sprintf(`(() => { const d = document.querySelector(%q); return !!d && d.getAttribute("role") === "dialog" && d.getAttribute("aria-modal") === "true"; })()`, dlg), Timeout)
	code := Eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, "#embed-"+slug+"-"+id+"-code"))
	want := "/embed/" + slug + "/" + id + "?"
	if !strings.Contains(code, want) || !strings.Contains(code, "theme=dark") || !strings.Contains(code, "<iframe") {
		t.Errorf("snippet %q lacks %q / theme=dark", code, want)
	}
	if strings.Contains(code, "seed=7") && strings.Contains(code, id+".seed") {
		t.Errorf("snippet kept the lesson key: %q", code)
	}
	if !p.Exists(dlg + " iframe.embed-preview") {
		t.Error("no preview iframe")
	}
	if !p.HasButton("Copy") {
		t.Error("no Copy button")
	}
	// The course page origin goes into the snippet as origin=; a value with
	// a path is left out with a note.
	codeJS := fmt.Sprintf(`document.querySelector(%q).value`, "#embed-"+slug+"-"+id+"-code")
	originField := "#embed-" + slug + "-" + id + "-origin"
	typeKeys(p, originField, "https://course.example.edu")
	p.WaitJS(codeJS+`.includes("origin=https%3A%2F%2Fcourse.example.edu")`, Timeout)
	typeKeys(p, originField, "/moodle")
	p.WaitText(originField+"-help", "left out of the code")
	if strings.Contains(Eval[string](p, codeJS), "origin=") {
		t.Error("snippet kept an origin with a path")
	}
	shootCSS(t, p, dlg, "embed-dialog-origin")
	p.Do(chromedp.KeyEvent("\u001b")) // Escape
	p.WaitJS(fmt.Sprintf(`!document.querySelector(%q) && document.activeElement === document.querySelector(%q)`, dlg, btn), Timeout)
}
