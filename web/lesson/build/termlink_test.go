package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkedTerms: \llterm{name}{…} renders its tex inside an element
// carrying data-ll-term="name"; any other \htmlData, or a name that is not
// a plain lower-case name, is a lint error naming the line.
func TestLinkedTerms(t *testing.T) {
	dir := t.TempDir()
	src := "---\ntitle: Terms\nslug: terms\norder: 1\nsummary: s\nobjectives: [x]\nminutes: 1\n---\n\n" +
		"$$\n\\llterm{recon}{-\\log p(x \\mid z)} + \\llterm{kl}{\\mathrm{KL}}\n$$\n\n" +
		"Bad: $\\htmlData{onclick=alert(1)}{x}$.\n\n" +
		"Bad too: $\\llterm{Not A Name}{x}$.\n"
	if err := os.WriteFile(filepath.Join(dir, "terms.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := compile(t, dir)
	var probs []string
	for _, p := range r.Problems {
		probs = append(probs, p.String())
	}
	if len(probs) != 2 || !strings.Contains(probs[0], "terms.md:14: math error: \\htmlData is not allowed") ||
		!strings.Contains(probs[1], "terms.md:16: math error: \\htmlData is not allowed") {
		t.Errorf("problems %q", probs)
	}
	if len(r.Lessons) != 1 {
		t.Fatalf("lessons %d", len(r.Lessons))
	}
	var html strings.Builder
	for _, b := range r.Lessons[0].Blocks {
		html.WriteString(b.HTML)
	}
	for _, want := range []string{`data-ll-term="recon"`, `data-ll-term="kl"`} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("the rendered lesson has no %s", want)
		}
	}
	if strings.Contains(html.String(), "onclick") && strings.Contains(html.String(), "data-onclick") {
		t.Error("a refused \\htmlData reached the page")
	}
	// After the display formula, a button per linked term, in order, for
	// the keyboard and screen readers (KaTeX's HTML is hidden from them).
	keys := `<button type="button" class="ll-term-key" data-ll-term="recon">reconstruction term</button> ` +
		`<button type="button" class="ll-term-key" data-ll-term="kl">KL term</button></span>`
	if n := strings.Count(html.String(), `class="ll-terms"`); n != 1 || !strings.Contains(html.String(), keys) {
		t.Errorf("%d rows of term buttons; want one after the display formula, ending %s", n, keys)
	}
}

func TestTermKeys(t *testing.T) {
	if got := termKeys(`<span class="katex">x</span>`); got != "" {
		t.Errorf("a formula without linked terms gets %q", got)
	}
	got := termKeys(`<span data-ll-term="kl">a</span><span data-ll-term="new-term">b</span><span data-ll-term="kl">c</span>`)
	for _, want := range []string{`role="group"`, `data-ll-term="kl">KL term</button> <button`, `data-ll-term="new-term">new term</button></span>`} {
		if !strings.Contains(got, want) {
			t.Errorf("termKeys: %s\nwants %s", got, want)
		}
	}
	if strings.Count(got, "<button") != 2 {
		t.Errorf("termKeys: a button per name, once each: %s", got)
	}
}
