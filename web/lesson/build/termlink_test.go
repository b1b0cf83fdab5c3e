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
}
