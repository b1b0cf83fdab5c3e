package e2e

import (
	"strings"
	"testing"
)

// TestPageOptionNotedOnce: a bad page-wide option in the address
// (theme=bogus) is noted once on the page, not once per widget.
func TestPageOptionNotedOnce(t *testing.T) {
	idx, _ := bundle(t)
	slug := ""
	for _, m := range idx.Lessons {
		if m.Slug == "vae" {
			slug = m.Slug
		}
	}
	if slug == "" {
		t.Fatal("the vae lesson (several widgets) is missing from the bundle")
	}
	const note = "theme: expected light or dark"
	count := `[...document.querySelectorAll(".param-notes li")].filter(li => li.textContent.includes("` + note + `")).length`
	for _, path := range []string{"/lessons/" + slug + "?theme=bogus", "/embed/" + slug + "?theme=bogus"} {
		p := Open(t, path)
		p.WaitJS(`document.querySelectorAll(".widget-frame").length > 1`, Timeout)
		p.WaitJS(count+` >= 1`, Timeout)
		if n := Eval[int](p, count); n != 1 {
			t.Errorf("%s: the theme note is shown %d times", path, n)
		}
	}
	// A single-widget embed shows it in the widget's frame.
	p := Open(t, "/embed/"+slug+"/explorer?theme=bogus")
	p.WaitJS(count+` >= 1`, Timeout)
	if n := Eval[int](p, count); n != 1 || !strings.Contains(p.Text(".widget-frame .param-notes"), note) {
		t.Errorf("single-widget embed: the theme note is shown %d times", n)
	}
}
