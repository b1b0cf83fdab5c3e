package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// guideURL finds the site addresses the authoring guide gives as examples:
// https://YOUR-SITE/… and /embed/… or /lessons/… in code spans.
var guideURL = regexp.MustCompile("(?:YOUR-SITE|`)(/(?:embed|lessons)/[A-Za-z0-9_./-]+(?:\\?[^\"\\s)`#<>]*)?)")

// Every example address in the authoring guide (lessons/README.md) opens a
// page that shows its widget, quiz or lesson with no refusal notice: the
// examples are copied from working embeds and stay so.
func TestGuideURLsOpenWithoutNotices(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(Root(), "lessons", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range guideURL.FindAllStringSubmatch(string(b), -1) {
		u := m[1]
		if strings.Contains(u, "{") || strings.Contains(u, "FILE") {
			continue // a pattern such as /embed/{slug}, not an example
		}
		seen[u] = true
	}
	var urls []string
	for u := range seen {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	if len(urls) < 5 {
		t.Fatalf("found only %d example addresses in the guide: %v", len(urls), urls)
	}
	p := NewTab(t)
	for _, u := range urls {
		p.Goto(u)
		waitAwake(p)
		if !Eval[bool](p, `!!document.querySelector("figure.widget-frame, .quiz, .lesson-head") && !document.querySelector(".not-found")`) {
			t.Errorf("%s: shows no widget, quiz or lesson", u)
			continue
		}
		if n := Eval[string](p, `[...document.querySelectorAll(".param-notes li, .quiz-origin-note, .quiz-lrs-note, .error-box")].map(e => e.textContent).join(" | ")`); n != "" {
			t.Errorf("%s: refusal notice: %s", u, n)
		}
	}
	t.Logf("%d guide addresses: %s", len(urls), strings.Join(urls, " "))
}
