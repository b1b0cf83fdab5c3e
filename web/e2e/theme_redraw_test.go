package e2e

import (
	"fmt"
	"testing"
	"time"
)

// nearColourJS counts the opaque pixels of the canvas matching css within
// 60 (sum of channel differences) of the colour rgb (an "rgb(r, g, b)"
// string; "fg" for the canvas's own CSS colour, the theme's text colour).
func nearColourJS(css, rgb string) string {
	return fmt.Sprintf(`(() => { const c = document.querySelector(%q); if (!c || !c.width) return -1;
	  const s = %q === "fg" ? getComputedStyle(c).color : %q; const f = s.match(/\d+/g).map(Number);
	  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
	  for (let i = 0; i < d.length; i += 4)
	    if (d[i+3] > 200 && Math.abs(d[i]-f[0]) + Math.abs(d[i+1]-f[1]) + Math.abs(d[i+2]-f[2]) < 60) n++;
	  return n; })()`, css, rgb, rgb)
}

// TestThemeToggleRedrawsCharts: after the theme toggle, the charts drawn
// with the theme's text colour (the KL-per-dimension bars' axis text, the
// loss plot's) are redrawn in the new colour at once, without training or a
// reload, and none of the old colour is left.
func TestThemeToggleRedrawsCharts(t *testing.T) {
	p := Open(t, "/lessons/vae")
	charts := []string{
		`[data-widget="vae-trainer"] canvas[aria-label="Bar chart of KL per latent dimension"]`,
		`[data-widget="vae-trainer"] canvas[aria-label*="loss" i]`,
	}
	for _, css := range charts {
		p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, css), 60*time.Second)
		Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView({block: "center"}), true)`, css))
		p.WaitJS(nearColourJS(css, "fg")+" > 30", 60*time.Second)
	}
	for _, theme := range []string{"other", "back"} {
		old := Eval[string](p, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).color`, charts[0]))
		Eval[bool](p, `(document.querySelector(".theme-toggle").click(), true)`)
		p.WaitJS(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).color !== %q`, charts[0], old), 10*time.Second)
		for _, css := range charts {
			ok := p.TryWaitJS(fmt.Sprintf(`%s > 30 && %s < 5`, nearColourJS(css, "fg"), nearColourJS(css, old)), 10*time.Second)
			fg, stale := Eval[int](p, nearColourJS(css, "fg")), Eval[int](p, nearColourJS(css, old))
			if !ok {
				t.Errorf("theme toggled (%s): %s has %d pixels of the new text colour and %d of the old %s", theme, css, fg, stale, old)
			}
		}
		p.shotAround(charts[0], 4, "theme-toggle-kldim-"+theme)
	}
	p.NoConsoleErrors()
}
