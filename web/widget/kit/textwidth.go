package kit

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// TextWidth is the width in CSS pixels of txt drawn in font. It measures
// a font and text once: a plot's legend and tick labels are mostly the
// same from one redraw to the next, and each measureText makes a JS object
// (a reference that Go's garbage collector must later finalize). The
// widths are forgotten whenever the page finishes loading fonts
// (document.fonts' loadingdone): a web font measured before it arrived was
// measured in its fallback. It may leave the context's font set to font.
func (s Surface) TextWidth(txt, font string) float64 {
	watchFonts()
	if w, ok := textWidths.get(font, txt, fontsGen); ok {
		return w
	}
	s.Ctx.Set("font", font)
	w := s.Ctx.Call("measureText", txt).Get("width").Float()
	textWidths.put(font, txt, w)
	return w
}

// textWidths are the measured text widths (TextWidth).
var textWidths widthCache

// maxTextWidths bounds a widthCache: it starts over when full.
const maxTextWidths = 1024

// widthCache holds text widths by font and text, measured while the page's
// fonts were as fontsGen says.
type widthCache struct {
	m   map[[2]string]float64
	gen int // the fontsGen its widths were measured under
}

// get returns the width of txt in font, if it was measured under gen; a
// cache measured under another generation is emptied first.
func (c *widthCache) get(font, txt string, gen int) (float64, bool) {
	if c.gen != gen {
		clear(c.m)
		c.gen = gen
	}
	w, ok := c.m[[2]string{font, txt}]
	return w, ok
}

// put keeps a measured width (starting over when the cache is full).
func (c *widthCache) put(font, txt string, w float64) {
	if c.m == nil {
		c.m = map[[2]string]float64{}
	}
	if len(c.m) >= maxTextWidths {
		clear(c.m)
	}
	c.m[[2]string{font, txt}] = w
}

var (
	fontsOnce sync.Once
	fontsGen  int // bumped each time the page finishes loading fonts
)

// watchFonts bumps fontsGen on every loadingdone of document.fonts (once
// per page, on the client; a browser without the Font Loading API has
// nothing to wait for). Like themeGen, it is touched only by the page's
// single JavaScript thread.
func watchFonts() {
	if !app.IsClient {
		return
	}
	fontsOnce.Do(func() {
		fonts := app.Window().Get("document").Get("fonts")
		if !Present(fonts) {
			return
		}
		done := app.FuncOf(func(app.Value, []app.Value) any {
			fontsGen++
			return nil
		}) // lives as long as the page: never released
		fonts.Call("addEventListener", "loadingdone", done)
	})
}
