package page

import (
	"regexp"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
)

// prose is one block of a lesson's prose (sanitised HTML with typeset math).
// With HTML empty it is an adopted block: it renders an empty container and,
// once mounted, moves the server-rendered nodes of block Index into it (see
// serverrender.go); if those are missing it fetches the lesson instead.
type prose struct {
	app.Compo
	Index  int
	HTML   string
	Slug   string // the lesson, for the fallback fetch
	Server bool   // rendering on the server: mark the block for adoption
}

// Render draws the block.
func (p *prose) Render() app.UI {
	if p.HTML == "" {
		return app.Div().Class("prose")
	}
	attr := ""
	if p.Server {
		attr = ` data-` + ssrBlockAttr + `="` + strconv.Itoa(p.Index) + `"`
	}
	// app.Raw needs exactly one root element.
	return app.Raw(`<div class="prose"` + attr + `>` + rebase(p.HTML) + `</div>`)
}

// OnMount adopts the server's nodes, or fetches the block when they are gone.
func (p *prose) OnMount(ctx app.Context) {
	if p.HTML != "" || adoptServerNodes(p.JSValue(), p.Index) {
		return
	}
	slug, i := p.Slug, p.Index
	ctx.Async(func() {
		l, err := loadLesson(slug)
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil && i < len(l.Blocks) && l.Blocks[i].HTML != "" {
				p.HTML = l.Blocks[i].HTML
			}
		})
	})
}

// rebase puts the site's base path in front of the site-absolute links and
// sources of lesson HTML (href="/about" → href="/latent-lab/about").
func rebase(html string) string {
	b := site.Base()
	if b == "" {
		return html
	}
	return siteLink.ReplaceAllString(html, ` $1="`+b+`/$2`)
}

// siteLink matches a site-absolute href or src (not a protocol-relative "//").
var siteLink = regexp.MustCompile(` (href|src)="/([^/"]|")`)
