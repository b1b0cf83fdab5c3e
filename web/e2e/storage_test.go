package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"latentlab/web/quiz"
)

// Browser tests of storage as an unreliable device: blocked by the
// browser's content setting, full, holding a damaged record or one written
// by a newer version. Blocked and full storage run in browsers of their own
// (own profiles), so that a failing test cannot leave the shared browser's
// storage full.

// blockSiteData is a Chromium profile preference: "Block cookies and site
// data" for every site, as locked-down school browsers set it. Reading
// window.localStorage then throws a SecurityError.
const blockSiteData = `{"profile":{"default_content_setting_values":{"cookies":2}}}`

// ownBrowser starts a Chromium of its own whose profile holds preferences
// (the Preferences file of a user data dir; "" for none) and returns its
// chromedp context; it is stopped when the test ends.
func ownBrowser(t *testing.T, preferences string) context.Context {
	t.Helper()
	BaseURL(t) // the shared server
	chromium, err := ChromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if preferences != "" {
		if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(preferences), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	alloc, allocEnd := chromedp.NewExecAllocator(context.Background(), BrowserOptions(chromium, dir)...)
	ctx, end := chromedp.NewContext(alloc)
	t.Cleanup(func() { end(); allocEnd() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// answerRight picks the right choice of single-choice question qi of qz
// and checks it, waiting for the verdict.
func answerRight(p *Page, qz *quiz.Quiz, qi int) {
	p.T.Helper()
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	clickCSS(p, fmt.Sprintf("%s-c%d", base, right))
	clickCSS(p, base+" .quiz-check")
	p.WaitText(base+"-feedback", "Correct.")
}

// shootViewport saves what the window shows at the top of the page as
// out/NAME.png (a note under the header, say).
func shootViewport(t *testing.T, p *Page, name string) {
	t.Helper()
	Eval[bool](p, `(window.scrollTo(0, 0), true)`)
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(OutDir(), 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(OutDir(), name+".png"), buf, 0o644)
	}
}

// consoleErrorsExcept returns the console errors that do not contain any of
// the expected texts.
func consoleErrorsExcept(p *Page, expected ...string) []string {
	var out []string
next:
	for _, e := range p.ConsoleErrors() {
		for _, x := range expected {
			if strings.Contains(e, x) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// TestStorageBlocked: with site data blocked, every page starts (the
// storage guard stands in for localStorage before go-app reads it), the quiz
// says answers are kept only while the page is open, answers still count
// and survive in-app navigation, and the theme toggle works with a note.
func TestStorageBlocked(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	p := NewTabIn(t, ownBrowser(t, blockSiteData))
	p.Goto("/")
	p.WaitJS(`document.querySelectorAll(".lesson-card").length > 0`, Timeout)
	if why := Eval[string](p, `String(window.latentlabStorageBlocked || "")`); why != "SecurityError" {
		t.Fatalf("storage not blocked by the profile (guard marker %q): the test would prove nothing", why)
	}
	lesson := "/lessons/" + slug
	p.Goto(lesson)
	quizSel := "#quiz-" + qz.ID
	p.WaitText(quizSel+" .quiz-storage-note", "kept only while this page is open")
	answerRight(p, qz, qi)
	score := fmt.Sprintf("Score: 1 / %d", len(qz.Questions))
	p.WaitText(quizSel+"-score", score)
	if p.Exists(quizSel + " .quiz-unsaved") {
		t.Errorf("a per-question note besides the quiz's: %q", p.Text(quizSel+" .quiz-unsaved"))
	}
	shootCSS(t, p, quizSel, "storage-blocked-quiz")

	// In-app navigation keeps the visit's answers.
	clickCSS(p, `nav[aria-label="Site"] a[href="/"]`)
	p.WaitJS(`document.querySelectorAll(".lesson-card").length > 0`, Timeout)
	clickCSS(p, fmt.Sprintf(`.lesson-card a[href=%q]`, lesson))
	p.WaitText(quizSel+"-score", score)

	p.Click("Dark theme")
	p.WaitJS(`document.documentElement.getAttribute("data-theme") !== null`, Timeout)
	p.WaitText(".theme-note", "Theme kept for this visit only")
	shootViewport(t, p, "storage-blocked-theme")
	// The service worker cannot register without site data: the browser's
	// own refusal, not the app's.
	if errs := consoleErrorsExcept(p, "service worker registration failed"); len(errs) > 0 {
		t.Errorf("console errors with storage blocked:\n  %s", strings.Join(errs, "\n  "))
	}
}

// fillStorageJS fills the page's localStorage until the browser refuses
// another byte, and returns how many items it wrote.
const fillStorageJS = `(() => {
  let i = 0;
  for (let n = 1 << 20; n >= 1; ) {
    try { localStorage.setItem("e2e-fill-" + i, "x".repeat(n)); i++; } catch (e) { n >>= 1; }
  }
  return i;
})()`

const emptyFillJS = `(Object.keys(localStorage).filter(k => k.startsWith("e2e-fill-")).forEach(k => localStorage.removeItem(k)), true)`

// TestStorageFull: with the quota used up, an answer counts on the page and
// the question says "Not saved: this browser's storage is full"; the theme
// toggle still works (it used to panic the Go program); once there is room,
// Try again stores the answer, which a reload then shows.
func TestStorageFull(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	p := NewTabIn(t, ownBrowser(t, ""))
	lesson := "/lessons/" + slug
	p.Goto(lesson)
	quizSel := "#quiz-" + qz.ID
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, quizSel+" legend"), Timeout)
	if n := Eval[int](p, fillStorageJS); n == 0 {
		t.Fatal("could not fill localStorage")
	}
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	answerRight(p, qz, qi)
	score := fmt.Sprintf("Score: 1 / %d", len(qz.Questions))
	p.WaitText(quizSel+"-score", score)
	p.WaitText(base+"-unsaved", "Not saved: this browser's storage is full.")
	if strings.Contains(storedProgress(p, slug), `"correct":true`) {
		t.Fatal("answer stored although the storage is full: the test would prove nothing")
	}
	shootCSS(t, p, base, "storage-full-question")

	p.Click("Dark theme")
	p.WaitText(".theme-note", "Theme not remembered: this browser's storage is full.")
	// The Go program still runs: another answer is graded.
	answerRight(p, qz, qi)

	Eval[bool](p, emptyFillJS)
	clickCSS(p, base+"-unsaved button")
	p.WaitJS(fmt.Sprintf(`!document.querySelector(%q)`, base+"-unsaved"), Timeout)
	if stored := storedProgress(p, slug); !strings.Contains(stored, `"correct":true`) {
		t.Fatalf("Try again did not store the answer: %s", stored)
	}
	p.Goto(lesson)
	p.WaitText(quizSel+"-score", score)
	p.NoConsoleErrors()
}

// TestStorageDamagedAndNewerRecords: a damaged record costs only its own
// lesson (with a notice), another lesson's progress is kept; a record from
// a newer version is set aside byte for byte before the lesson starts
// afresh.
func TestStorageDamagedAndNewerRecords(t *testing.T) {
	idx, _ := bundle(t)
	slug, qz, qi := findSingleQuestion(t)
	other := ""
	for _, m := range idx.Lessons {
		if m.Slug != slug {
			other = m.Slug
			break
		}
	}
	if other == "" {
		t.Fatal("the lesson bundle needs two lessons")
	}
	p := Open(t, "/")
	clearProgress(p)
	t.Cleanup(func() {
		clearProgress(p)
		Eval[bool](p, `(Object.keys(localStorage).filter(k => k.startsWith("latentlab.aside.")).forEach(k => localStorage.removeItem(k)), true)`)
	})
	kept := `{"version":3,"quizzes":{"q":{"total":1,"questions":{"a":{"correct":true,"score":1,"attempts":1}}}},"completed":true}`
	set := func(key, val string) {
		Eval[bool](p, fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, key, val))
	}
	set(quiz.LessonKey(other), kept)
	set(quiz.LessonKey(slug), `{"version":3,"quizzes":{"x":{"total":-7}}}`)
	p.Goto("/lessons/" + slug)
	quizSel := "#quiz-" + qz.ID
	p.WaitText(quizSel+" .notice", "had impossible values and has been reset")
	p.WaitText(quizSel+"-score", "Score: 0 /")
	if got := Eval[string](p, fmt.Sprintf(`localStorage.getItem(%q)`, quiz.LessonKey(other))); got != kept {
		t.Errorf("another lesson's record changed: %s", got)
	}
	p.Goto("/")
	p.WaitBodyText("Completed") // the other lesson, in the catalog

	future := `{"version":7,"quizzes":{"` + qz.ID + `":{"questions":{"new-kind":{"correct":true,"confidence":0.9}}}},"streak":4}`
	set(quiz.LessonKey(slug), future)
	p.Goto("/lessons/" + slug)
	p.WaitText(quizSel+" .notice", "saved by a newer version of Latent Lab. It is kept aside, unchanged")
	shootCSS(t, p, quizSel+" .notice", "storage-newer-notice")
	answerRight(p, qz, qi)
	aside := quiz.AsideKey(quiz.LessonKey(slug))
	if got := Eval[string](p, fmt.Sprintf(`localStorage.getItem(%q) || ""`, aside)); got != future {
		t.Errorf("record set aside as %q, want it unchanged: %q", got, future)
	}
	if stored := storedProgress(p, slug); !strings.Contains(stored, `"version":3`) || !strings.Contains(stored, `"correct":true`) {
		t.Errorf("lesson record after the answer: %s", stored)
	}
	p.NoConsoleErrors()
}
