package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// ShotLessons are the lessons TestWidgetShots opens 1280 and 400 px wide
// (checking their display math there too).
var ShotLessons = []string{"cae", "dae", "vae", "reparameterization"}

// TestDisplayMathFits opens every lesson that TestWidgetShots does not 400 px
// wide and checks that no display equation is wider than the column (it
// would be cut off behind a scrollbar); a long formula is split into aligned
// lines in the lesson. TestRoutes checks every lesson at 1280 px, and
// TestWidgetShots the others at 400 px.
func TestDisplayMathFits(t *testing.T) {
	idx, _ := bundle(t)
	const width = 400
	for _, m := range idx.Lessons {
		if slices.Contains(ShotLessons, m.Slug) {
			continue
		}
		t.Run(fmt.Sprintf("%s-%d", m.Slug, width), func(t *testing.T) {
			p := NewTab(t)
			p.Do(chromedp.EmulateViewport(width, 900))
			p.Goto("/lessons/" + m.Slug)
			CheckDisplayMath(t, p, fmt.Sprintf("math-%s-%d", m.Slug, width))
		})
	}
}

// CheckDisplayMath fails for every display equation of the page wider than
// its column, and screenshots the page as shot when there is one.
func CheckDisplayMath(t testing.TB, p *Page, shot string) {
	t.Helper()
	wide := Eval[[]string](p, `[...document.querySelectorAll('.katex-display')]
	  .filter(e => e.scrollWidth > e.clientWidth + 1)
	  .map(e => { const a = e.querySelector('annotation');
	    return (a ? a.textContent : e.textContent).trim().replace(/\s+/g, ' ').slice(0, 70) +
	      ' (' + e.scrollWidth + ' px in ' + e.clientWidth + ')'; })`)
	if len(wide) > 0 {
		p.Screenshot(shot)
		t.Errorf("%d display equation(s) wider than the column at %d px:\n%s", len(wide),
			Eval[int](p, `document.documentElement.clientWidth`), strings.Join(wide, "\n"))
	}
}
