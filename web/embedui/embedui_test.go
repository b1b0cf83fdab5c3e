package embedui

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func TestDialogMarkup(t *testing.T) {
	d := Button("vae", "explorer").(*Dialog)
	d.Title = `Latent "explorer"`
	d.origin = "https://lab.example"
	d.query = url.Values{"beta": {"2"}}
	d.controls = "locked"
	d.open = true
	tester := app.NewClientTester(d)
	defer tester.Close()
	tester.Consume()
	html := app.HTMLString(d)
	for _, want := range []string{
		">Embed<", `aria-haspopup="dialog"`, `role="dialog"`, `aria-modal`, `aria-labelledby="embed-vae-explorer-title"`,
		">Copy<", ">Close<", `<iframe`, `src="https://lab.example/embed/vae/explorer?beta=2&controls=locked"`,
		"Embed code", "embed-host.js", `embed/vae/explorer?beta=2&amp;controls=locked`, `Latent Lab: Latent &#34;explorer&#34;`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, `"explorer"`) && strings.Contains(html, `title="Latent Lab: Latent "explorer""`) {
		t.Error("title not escaped")
	}
	d.noScript = true
	if strings.Contains(d.snippet(), "<script") {
		t.Error("script included although unchecked")
	}
	lesson := Button("cae", "").(*Dialog)
	lesson.origin = "https://lab.example"
	if !strings.Contains(lesson.snippet(), `src="https://lab.example/embed/cae"`) || !strings.Contains(lesson.snippet(), `height="900"`) {
		t.Errorf("lesson snippet: %s", lesson.snippet())
	}
}

// The course page origin goes into the snippet as origin= when it is a bare
// origin, and is left out with a note otherwise.
func TestDialogOrigin(t *testing.T) {
	d := Button("dae", "dae-check").(*Dialog)
	d.origin = "https://lab.example"
	d.query = url.Values{"origin": {"https://evil.example"}}
	d.host = "https://Course.Example.edu/"
	if src := d.src(); src != "https://lab.example/embed/dae/dae-check?origin=https%3A%2F%2Fcourse.example.edu" {
		t.Errorf("src %q", src)
	}
	if _, note := d.hostOrigin(); note != "" {
		t.Errorf("note %q", note)
	}
	d.host = "https://course.example.edu/moodle/page"
	if src := d.src(); strings.Contains(src, "origin=") {
		t.Errorf("refused origin kept: %q", src)
	}
	if _, note := d.hostOrigin(); !strings.Contains(note, "left out") {
		t.Errorf("no note for a refused origin: %q", note)
	}
	d.host = ""
	if strings.Contains(d.src(), "origin=") {
		t.Error("origin from the page address kept although cleared")
	}
}
