package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lintTries writes body as a lesson and returns its buttons and problems.
func lintTries(t *testing.T, body string) ([]LessonTries, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.md"), []byte(claimFront+body), 0o644); err != nil {
		t.Fatal(err)
	}
	ls, probs, err := Tries(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range probs {
		out = append(out, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
	}
	return ls, out
}

// A claim with set: and a try block each become a button, in reading order;
// a claim without set: does not.
func TestTryButtonsFromClaimsAndTryBlocks(t *testing.T) {
	body := meterBlock + "1. Wider.\n\n   ```claim\n   id: c1\n   widget: m\n   set: {sigma: 0.9, mode: exact}\n   train: 5\n   expect: ratio < 1\n   ```\n\n" +
		"2. Default.\n\n   ```claim\n   id: c2\n   widget: m\n   train: 5\n   expect: ratio < 1\n   ```\n\n" +
		"3. Narrow.\n\n   ```try\n   widget: m\n   set: {sigma: 0.05}\n   label: a narrow σ\n   ```\n"
	ls, probs := lintTries(t, body)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if len(ls) != 1 || len(ls[0].Tries) != 2 {
		t.Fatalf("tries: %+v", ls)
	}
	a, b := ls[0].Tries[0], ls[0].Tries[1]
	if a.Widget != "m" || a.Set["sigma"] != "0.9" || a.Set["mode"] != "exact" || a.Label != "mode exact, σ = 0.9" {
		t.Errorf("first button %+v", a)
	}
	if a.Href() != "?m.mode=exact&m.sigma=0.9#widget-m" || a.Query() != "mode=exact&sigma=0.9" {
		t.Errorf("href %q, query %q", a.Href(), a.Query())
	}
	if b.Set["sigma"] != "0.05" || b.Label != "a narrow σ" {
		t.Errorf("second button %+v", b)
	}
}

func TestTryBlockProblems(t *testing.T) {
	for _, tc := range []struct{ name, try, want string }{
		{"unknown widget id", "widget: nope\nset: {sigma: 0.5}", `t.md:16: try: no widget block with id "nope" in this lesson (widget ids: m)`},
		{"unknown parameter", "widget: m\nset: {sigmaa: 0.5}", `t.md:16: try: unknown parameter "sigmaa" for widget test-meter (parameters: mode, sigma)`},
		{"out of range", "widget: m\nset: {sigma: 7}", `t.md:16: try: sigma=7 is out of range [0, 1]`},
		{"unreadable", "widget: m\nset: {sigma: wide}", `t.md:16: try: `},
		{"no set", "widget: m", `t.md:16: a try block needs set:`},
		{"empty set", "widget: m\nset: {}", `t.md:18: try: set must map parameter names to values`},
		{"unknown field", "widget: m\nset: {sigma: 0.5}\nlable: x", `t.md:19: try: unknown field "lable" (fields: widget, set, label)`},
		{"bad YAML", "widget: m\nset: {sigma: [", `t.md:16: try: bad YAML`},
		{"duplicate field", "widget: m\nset: {sigma: 0.5}\nwidget: m", `t.md:19: try: duplicate field "widget"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := lintTries(t, meterBlock+"```try\n"+tc.try+"\n```\n")
			if len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), tc.want) {
				t.Errorf("problems %q; want one containing %q", probs, tc.want)
			}
		})
	}
}

// The page shows the button where the block stood, inside its list item, as
// an escaped link; the YAML never reaches the page.
func TestTryButtonRendered(t *testing.T) {
	dir := t.TempDir()
	body := meterBlock + "1. Wider.\n\n   ```try\n   widget: m\n   set: {sigma: 0.9}\n   label: \"<b>wide</b>\"\n   ```\n\n2. Next.\n"
	if err := os.WriteFile(filepath.Join(dir, "t.md"), []byte(claimFront+body), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Compile(dir, needKaTeX(t))
	if err != nil || len(r.Problems) > 0 || len(r.Lessons) != 1 {
		t.Fatalf("compile: %v, problems %v", err, r.Problems)
	}
	var html strings.Builder
	for _, b := range r.Lessons[0].Blocks {
		html.WriteString(b.HTML)
	}
	h := html.String()
	want := `<li>` // the button sits inside the first item, before the second
	i, j := strings.Index(h, `class="try-button"`), strings.Index(h, "Next.")
	if !strings.Contains(h, want) || i < 0 || j < i {
		t.Fatalf("button not inside the list before the next item:\n%s", h)
	}
	for _, s := range []string{`href="?m.sigma=0.9#widget-m"`, `data-try="m"`, `data-try-set="sigma=0.9"`, `Try: &lt;b&gt;wide&lt;/b&gt;`} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML lacks %s:\n%s", s, h)
		}
	}
	if strings.Contains(h, "<b>") || strings.Contains(h, "label:") {
		t.Errorf("markup or YAML leaked:\n%s", h)
	}
}
