package page

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// defaultDescription describes the site (the catalog's, and any page's
// without its own).
const defaultDescription = "Interactive lessons on autoencoders — contractive, variational, the reparameterization trick — that train in your browser."

// setHead sets the page's title and description (in the server's render, and
// in the browser after a navigation).
func setHead(ctx app.Context, title, description string) {
	if description == "" {
		description = defaultDescription
	}
	ctx.Page().SetTitle(title)
	ctx.Page().SetDescription(attrSafe(description))
}

// attrSafe keeps a text that go-app writes into an attribute of the
// server's render readable: go-app v9.8.0 quotes attribute values the way Go
// quotes strings (\" for a quote), which HTML does not read back.
func attrSafe(s string) string {
	return strings.NewReplacer(`"`, "'", `\`, "/").Replace(s)
}

// mathFonts are the KaTeX fonts nearly every formula uses; a lesson page
// asks for them early so that its math is not drawn late.
var mathFonts = []string{
	"/web/katex/fonts/KaTeX_Main-Regular.woff2",
	"/web/katex/fonts/KaTeX_Math-Italic.woff2",
}

// preloadMathFonts adds the lesson fonts to the server-rendered head.
func preloadMathFonts(ctx app.Context) {
	if app.IsClient {
		return
	}
	pre := make([]app.Preload, len(mathFonts))
	for i, f := range mathFonts {
		pre[i] = app.Preload{Type: "font/woff2", As: "font", Href: f + " crossorigin"}
	}
	ctx.Page().SetPreloads(pre...)
}
