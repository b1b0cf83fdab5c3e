package page

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
)

// EmbedPage shows /embed/{slug} (a whole lesson) or /embed/{slug}/{id} (one
// widget) without site chrome, for iframes in course pages. theme=light|dark
// forces a theme; controls=locked|hidden is passed to the widgets.
type EmbedPage struct {
	app.Compo
	slug, widgetID string
	lesson         *lesson.Lesson
	blocks         []mounted
	err            string
}

// OnNav loads the lesson and applies the embedder's theme.
func (p *EmbedPage) OnNav(ctx app.Context) {
	u := pageURL(ctx)
	m := embedRoute.FindStringSubmatch(u.Path)
	if m != nil && m[1] == p.slug && m[2] == p.widgetID && p.err == "" {
		return // same content: keep the widgets as they are
	}
	p.slug, p.widgetID, p.lesson, p.blocks, p.err = "", "", nil, nil, ""
	if m == nil {
		p.err = "bad embed address"
		return
	}
	p.slug, p.widgetID = m[1], m[2]
	v := newView(p.slug, u, true, p.widgetID != "")
	if v.theme != "" {
		applyTheme(v.theme)
	} else {
		applyTheme(storedTheme())
	}
	if !app.IsClient {
		return
	}
	slug, id := p.slug, p.widgetID
	ctx.Async(func() {
		l, err := loadLesson(u, slug)
		ctx.Dispatch(func(ctx app.Context) {
			if p.slug != slug || p.widgetID != id {
				return
			}
			if err != nil {
				p.err = err.Error()
				return
			}
			p.lesson = l
			ctx.Page().SetTitle(l.Meta.Title + " — Latent Lab")
			if id == "" {
				p.blocks = mountBlocks(l, v)
				return
			}
			b, ok := l.Widget(id)
			if !ok {
				p.err = fmt.Sprintf("the lesson %q has no widget %q", slug, id)
				return
			}
			p.blocks = []mounted{{block: b, ui: mountBlock(b, v)}}
		})
	})
}

// Render draws the embedded content.
func (p *EmbedPage) Render() app.UI {
	var body []app.UI
	switch {
	case p.err != "":
		body = append(body, errorBox("This embedded content could not be loaded.", p.err))
	case p.lesson == nil:
		body = append(body, loading("the lesson"))
	default:
		if p.widgetID == "" {
			body = append(body, app.Header().Class("lesson-head l-text").Body(app.H1().Text(p.lesson.Meta.Title)))
		}
		for _, b := range p.blocks {
			body = append(body, b.ui)
		}
	}
	full := "/lessons/" + p.slug
	return app.Div().Class("embed").DataSet("latentlab-embed", "").Body(
		app.Main().ID("main").Class("embed-main l-grid").Body(body...),
		app.P().Class("embed-credit").Body(
			app.A().Href(full).Target("_blank").Rel("noopener").Text("Open in Latent Lab ↗"),
		),
	)
}
