package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDisplayMathFits opens every lesson 1280 and 400 px wide and checks that
// no display equation is wider than the column (it would be cut off behind
// a scrollbar); a long formula is split into aligned lines in the lesson.
func TestDisplayMathFits(t *testing.T) {
	idx, _ := bundle(t)
	for _, width := range []int64{1280, 400} {
		for _, m := range idx.Lessons {
			t.Run(fmt.Sprintf("%s-%d", m.Slug, width), func(t *testing.T) {
				p := NewTab(t)
				p.Do(chromedp.EmulateViewport(width, 900))
				p.Goto("/lessons/" + m.Slug)
				wide := Eval[[]string](p, `[...document.querySelectorAll('.katex-display')]
				  .filter(e => e.scrollWidth > e.clientWidth + 1)
				  .map(e => { const a = e.querySelector('annotation');
				    return (a ? a.textContent : e.textContent).trim().replace(/\s+/g, ' ').slice(0, 70) +
				      ' (' + e.scrollWidth + ' px in ' + e.clientWidth + ')'; })`)
				if len(wide) > 0 {
					p.Screenshot(fmt.Sprintf("math-%s-%d", m.Slug, width))
					t.Errorf("%d display equation(s) wider than the column at %d px:\n%s", len(wide), width, strings.Join(wide, "\n"))
				}
			})
		}
	}
}
