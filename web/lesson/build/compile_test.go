package build

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/params"
	"latentlab/web/widget"
)

func init() {
	widget.Register(widget.Spec{
		Name: "test-meter", Title: "Test meter", Summary: "A widget for the compiler's tests.",
		Params: params.Table{
			{Name: "sigma", Kind: params.Float, Default: 0.1, Min: 0, Max: 1, Doc: "noise"},
			{Name: "mode", Kind: params.Choice, Default: "fast", Choices: []string{"fast", "exact"}, Doc: "how"},
		},
		New: func(widget.Block) app.UI { return nil },
	})
}

var (
	katexOnce sync.Once
	katex     *KaTeX
	katexErr  error
)

// needKaTeX returns the real typesetter or fails the test with the command
// that installs it.
func needKaTeX(t *testing.T) *KaTeX {
	t.Helper()
	katexOnce.Do(func() { katex, katexErr = FindKaTeX() })
	if katexErr != nil {
		t.Fatalf("%v\n(these tests typeset math with the real KaTeX: from the repository root run `npm ci --prefix web`)", katexErr)
	}
	return katex
}

var (
	compiledMu sync.Mutex
	compiled   = map[string]*Result{}
)

// compile compiles dir with the real KaTeX, once per folder per test run
// (each compile starts one Node process).
func compile(t *testing.T, dir string) *Result {
	t.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if r, ok := compiled[dir]; ok {
		return r
	}
	r, err := Compile(dir, needKaTeX(t))
	if err != nil {
		t.Fatal(err)
	}
	compiled[dir] = r
	return r
}

func TestLintErrors(t *testing.T) {
	r := compile(t, filepath.Join("testdata", "bad"))
	got := map[string]bool{}
	for _, p := range r.Problems {
		got[p.String()] = true
	}
	want := []string{
		"testdata/bad/badyaml.md:5: invalid YAML: did not find expected ',' or ']'",
		"testdata/bad/dup-b.md:4: duplicate slug \"dup\" (also used by testdata/bad/dup-a.md:3)",
		"testdata/bad/math.md:12: math error: Unexpected end of input in a macro argument, expected '}'",
		"testdata/bad/math.md:14: math error: Undefined control sequence: \\notacommand",
		"testdata/bad/missing.md:1: missing front-matter field \"minutes\"",
		"testdata/bad/nofm.md:1: missing front matter: a lesson starts with a line ---, YAML fields title, slug, order, summary, objectives, minutes, and a closing ---",
		"testdata/bad/h1.md:10: a level-1 heading repeats the page title (the page shows title: as its heading): use ## for sections",
		"testdata/bad/quizzes.md:16: answer index 2 is out of range: there are 2 choices (0 to 1)",
		"testdata/bad/quizzes.md:17: a numeric question needs a tolerance (absolute, e.g. 0.01)",
		"testdata/bad/quizzes.md:28: unknown field \"colour\"",
		"testdata/bad/quizzes.md:36: quiz text is shown as plain text, so $…$ math would appear as raw LaTeX: write it in Unicode (β, σ², ‖J‖²) or put it in model_answer",
		"testdata/bad/widgets.md:10: unknown widget \"no-such-widget\" (registered: " + strings.Join(widget.Names(), ", ") + ")",
		"testdata/bad/widgets.md:16: sigma=7 is out of range [0, 1]",
		"testdata/bad/widgets.md:17: unknown parameter \"colour\" for widget test-meter (parameters: mode, sigma)",
		"testdata/bad/widgets.md:18: mode: \"slow\" is not one of fast, exact",
		"testdata/bad/widgets.md:21: widget block needs an id: field",
		"testdata/bad/widgets.md:25: duplicate id \"b\" (also used on line 14)",
		"testdata/bad/widgets.md:31: invalid YAML: did not find expected ',' or ']'",
		"testdata/bad/widgets.md:37: duplicate field \"sigma\"",
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing problem:\n  %q", w)
		}
		delete(got, w)
	}
	for g := range got {
		t.Errorf("unexpected problem:\n  %q", g)
	}
}

func TestBadBlocksBecomeErrorBoxes(t *testing.T) {
	r := compile(t, filepath.Join("testdata", "bad"))
	var l *lesson.Lesson
	for i := range r.Lessons {
		if r.Lessons[i].Meta.Slug == "widgets" {
			l = &r.Lessons[i]
		}
	}
	if l == nil {
		t.Fatal("lesson widgets not compiled: a lesson with bad blocks must still render")
	}
	if len(l.Blocks) != 6 {
		t.Fatalf("want 6 blocks (one per widget block), got %d: %+v", len(l.Blocks), l.Blocks)
	}
	for _, b := range l.Blocks {
		if b.Kind != lesson.KindError || !strings.HasPrefix(b.Error, "testdata/bad/widgets.md:") {
			t.Errorf("want an error block with file and line, got %+v", b)
		}
	}
	var missing *lesson.Lesson
	for i := range r.Lessons {
		if r.Lessons[i].Meta.Slug == "missing" {
			missing = &r.Lessons[i]
		}
	}
	if missing == nil || len(missing.Blocks) == 0 || missing.Blocks[0].Error != `testdata/bad/missing.md:1: missing front-matter field "minutes"` {
		t.Errorf("a lesson with a front-matter problem but a usable slug must render with an error box first: %+v", missing)
	}
	for _, l := range r.Lessons {
		if l.Meta.Slug == "dup" && l.Meta.Title == "Dup B" {
			t.Error("the second lesson with a duplicate slug must not be bundled")
		}
	}
}

func TestGoodLessons(t *testing.T) {
	r := compile(t, filepath.Join("testdata", "good"))
	if len(r.Problems) > 0 {
		t.Fatalf("problems in good lessons: %v", r.Problems)
	}
	if len(r.Index.Lessons) != 2 || r.Index.Lessons[0].Slug != "first" || r.Index.Lessons[1].Slug != "intro" {
		t.Fatalf("index not sorted by order: %+v", r.Index.Lessons)
	}
	l := r.Lessons[1]
	if l.Meta.File != "testdata/good/intro.md" || l.Meta.Minutes != 5 || len(l.Meta.Objectives) != 1 {
		t.Errorf("meta: %+v", l.Meta)
	}
	wantH := []lesson.Heading{{ID: "getting-started-with-beta", Text: "Getting started with β", Level: 2}, {ID: "try-it", Text: "Try it", Level: 2}}
	if len(l.Headings) != 2 || l.Headings[0] != wantH[0] || l.Headings[1] != wantH[1] {
		t.Errorf("headings: got %+v, want %+v", l.Headings, wantH)
	}
	kinds := []string{}
	for _, b := range l.Blocks {
		kinds = append(kinds, b.Kind)
	}
	if strings.Join(kinds, " ") != "html widget html quiz" {
		t.Fatalf("block kinds: %v", kinds)
	}
	w := l.Blocks[1]
	if w.Widget != "test-meter" || w.ID != "meter" || w.Params["sigma"] != "0.5" || w.Params["mode"] != "fast" || w.Line != 23 {
		t.Errorf("widget block: %+v", w)
	}
	q := l.Blocks[3]
	if q.ID != "check" || q.Quiz == nil || len(q.Quiz.Questions) != 2 || q.Line != 33 {
		t.Fatalf("quiz block: %+v", q)
	}
	if ma := q.Quiz.Questions[1].ModelAnswerHTML; !strings.Contains(ma, `class="katex"`) || strings.Contains(ma, "$") {
		t.Errorf("model answer not rendered with typeset math: %s", ma)
	}
	if _, ok := l.Widget("meter"); !ok {
		t.Error("Lesson.Widget does not find the widget")
	}
}

// visible removes KaTeX's MathML (screen-reader copy, which carries the TeX
// source as an annotation) so tests see what a reader sees.
var mathML = regexp.MustCompile(`(?s)<span class="katex-mathml">.*?</math></span>`)

func TestMathAndEscaping(t *testing.T) {
	r := compile(t, filepath.Join("testdata", "good"))
	html := r.Lessons[1].Blocks[0].HTML
	vis := mathML.ReplaceAllString(html, "")
	for _, c := range []struct{ what, frag string }{
		{"inline math typeset", `<span class="katex">`},
		{"display math typeset", `<span class="katex-display">`},
		{"display block wrapper", `<div class="math-display">`},
		{"dollar amounts stay text", "costs $5 and $10"},
		{"escaped dollar is a dollar", "an escaped $3,"},
		{"dollars in code are not math", "<code>code $x$ stays</code>"},
		{"raw HTML is escaped", "A hostile &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; stays text."},
		{"heading id", `<h2 id="getting-started-with-beta">`},
	} {
		if !strings.Contains(vis, c.frag) {
			t.Errorf("%s: %q not in\n%s", c.what, c.frag, vis)
		}
	}
	for _, raw := range []string{`\alpha`, `\mathcal`, `\mathbb`, "$$", "<script"} {
		if strings.Contains(vis, raw) {
			t.Errorf("raw %q reached the page", raw)
		}
	}
	code := r.Lessons[1].Blocks[2].HTML
	if !strings.Contains(code, "$not math$") || strings.Contains(code, "katex") {
		t.Errorf("fenced code must keep its dollars: %s", code)
	}
}

func TestNoTypesetterNamesInstallCommand(t *testing.T) {
	_, err := Compile(filepath.Join("testdata", "good"), nil)
	if !errors.Is(err, ErrNoKaTeX) || !strings.Contains(err.Error(), "npm ci --prefix web") {
		t.Fatalf("want ErrNoKaTeX naming the install command, got %v", err)
	}
}

func TestWriteBundle(t *testing.T) {
	r := compile(t, filepath.Join("testdata", "good"))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stale.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, r); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "first.json index.json intro.json" {
		t.Errorf("bundle files: %v", names)
	}
}

func TestPathLine(t *testing.T) {
	for _, c := range []struct {
		path string
		line int
	}{{"id", 1}, {"questions", 2}, {"questions[0]", 3}, {"questions[0].answer", 6}, {"questions[1].model_answer", 10}, {"questions[1].nope", 8}, {"questions[7].answer", 2}} {
		if got := pathLineOf(t, c.path); got != c.line {
			t.Errorf("pathLine(%q) = %d, want %d", c.path, got, c.line)
		}
	}
}

func TestHostileContentStaysText(t *testing.T) {
	dir := t.TempDir()
	src := "---\ntitle: Hostile\nslug: hostile\norder: 1\nsummary: s\nobjectives: [x]\nminutes: 1\n---\n\n" +
		"## Title <img src=x onerror=alert(1)>\n\n" +
		"<script>alert(1)</script>\n\n" +
		"Inline <b onclick=\"alert(1)\">bold</b> and [a link](javascript:alert(1)) and ![img](javascript:alert(2)).\n\n" +
		"<iframe src=\"https://evil.example\"></iframe>\n\n" +
		"Math cannot inject either: $\\href{javascript:alert(1)}{x}$ and $\\htmlClass{x}{y}$.\n"
	if err := os.WriteFile(filepath.Join(dir, "hostile.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := compile(t, dir)
	if len(r.Lessons) != 1 {
		t.Fatalf("lessons: %+v problems: %v", r.Lessons, r.Problems)
	}
	var probs []string
	for _, p := range r.Problems {
		probs = append(probs, p.String())
	}
	if want := dir + "/hostile.md:18: math error: \\href is not allowed in lesson math"; len(probs) != 2 || probs[0] != want {
		t.Errorf("untrusted KaTeX commands must be lint errors; got %q", probs)
	}
	var all strings.Builder
	for _, b := range r.Lessons[0].Blocks {
		all.WriteString(b.HTML)
	}
	html := all.String()
	for _, bad := range []string{"<script", "<img src=x", "<b onclick", "<iframe", `href="javascript:`, `src="javascript:`} {
		if strings.Contains(html, bad) {
			t.Errorf("hostile markup %q reached the page:\n%s", bad, html)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b onclick=&quot;alert(1)&quot;&gt;bold&lt;/b&gt;", "&lt;iframe"} {
		if !strings.Contains(html, want) {
			t.Errorf("hostile markup should be shown as text %q:\n%s", want, html)
		}
	}
}
