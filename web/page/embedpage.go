package page

import (
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/site"
)

// EmbedPage shows /embed/{slug} (a whole lesson) or /embed/{slug}/{id} (one
// widget or quiz) without site chrome, for iframes in course pages.
// theme=light|dark forces a theme; controls=locked|hidden is passed to the
// widgets. Like the lesson page, the server renders it whole and the browser
// attaches to that render.
type EmbedPage struct {
	app.Compo
	slug, widgetID string
	lesson         *lesson.Lesson
	blocks         []*mounted
	waking         *mounted // the first block the wake loop runs for (one loop per content shown)
	failure        *loadFailure
	tryOff         string // tryClass of the view
}

// OnInit takes the server's render of this page, if that is what the
// browser shows.
func (p *EmbedPage) OnInit() {
	if !app.IsClient {
		return
	}
	u := app.Window().URL()
	u.Path = canonical(u.Path)
	s := takeServerState(u.Path)
	m := embedRoute.FindStringSubmatch(u.Path)
	if s == nil || s.Lesson == nil || m == nil || s.Lesson.Meta.Slug != m[1] {
		return
	}
	p.slug, p.widgetID = m[1], m[2]
	p.show(s.Lesson, u, true)
	wakeNearest(p.blocks)
}

// OnPreRender renders the embedded content on the server.
func (p *EmbedPage) OnPreRender(ctx app.Context) {
	u := pageURL(ctx)
	m := embedRoute.FindStringSubmatch(u.Path)
	if m == nil {
		return
	}
	p.slug, p.widgetID = m[1], m[2]
	l, err := loadLesson(p.slug)
	if err != nil {
		p.failure = lessonFailure(p.slug, err)
		return
	}
	p.show(l, u, false)
	setHead(ctx, l.Meta.Title+" — Latent Lab", l.Meta.Summary)
	if p.widgetID == "" {
		preloadMathFonts(ctx)
	}
}

// OnMount starts waking the widgets of a server-rendered embed.
func (p *EmbedPage) OnMount(ctx app.Context) {
	routeClicks()
	attachTries(ctx, p, func() []*mounted { return p.blocks })
	if p.lesson != nil {
		p.startWaking(ctx)
	}
}

// OnDismount stops taking "Try this" clicks.
func (p *EmbedPage) OnDismount() { detachTries(p) }

// OnNav loads the lesson and applies the embedder's theme.
func (p *EmbedPage) OnNav(ctx app.Context) {
	u := pageURL(ctx)
	m := embedRoute.FindStringSubmatch(u.Path)
	if m != nil {
		v := newView(m[1], u, true, m[2] != "")
		if v.theme != "" {
			applyTheme(v.theme)
		} else {
			applyTheme(storedTheme())
		}
	}
	if m != nil && m[1] == p.slug && m[2] == p.widgetID && p.failure == nil && p.lesson != nil {
		return // same content: keep the widgets as they are
	}
	p.slug, p.widgetID, p.lesson, p.blocks, p.failure = "", "", nil, nil, nil
	if m == nil {
		p.failure = &loadFailure{missing: true}
		return
	}
	p.slug, p.widgetID = m[1], m[2]
	p.load(ctx, u)
}

func (p *EmbedPage) load(ctx app.Context, u *url.URL) {
	slug, id := p.slug, p.widgetID
	p.failure = nil
	ctx.Async(func() {
		l, err := loadLesson(slug)
		ctx.Dispatch(func(ctx app.Context) {
			if p.slug != slug || p.widgetID != id {
				return
			}
			if err != nil {
				p.failure = lessonFailure(slug, err)
				warnf("embed %s/%s: %v", slug, id, err)
				return
			}
			p.show(l, u, false)
			ctx.Page().SetTitle(l.Meta.Title + " — Latent Lab")
			p.startWaking(ctx)
		})
	})
}

// show sets the lesson and builds the blocks shown: all of them, or the one
// the address names.
func (p *EmbedPage) show(l *lesson.Lesson, u *url.URL, adopt bool) {
	p.lesson, p.failure = l, nil
	v := newView(p.slug, u, true, p.widgetID != "")
	p.tryOff = tryClass(v)
	if p.widgetID == "" {
		p.blocks = mountBlocks(l, v, adopt)
		return
	}
	for i, b := range l.Blocks {
		if b.ID == p.widgetID && b.Kind != lesson.KindHTML {
			p.blocks = []*mounted{mountBlock(i, b, v, adopt)}
			return
		}
	}
	p.blocks = nil
	p.failure = &loadFailure{missing: true}
}

// startWaking runs the wake loop once per content shown.
func (p *EmbedPage) startWaking(ctx app.Context) {
	if len(p.blocks) == 0 || p.waking == p.blocks[0] {
		return
	}
	first := p.blocks[0]
	p.waking = first
	w := &wakeLoop{started: time.Now(), blocks: func() []*mounted { return p.blocks },
		stale: func() bool { return len(p.blocks) == 0 || p.blocks[0] != first }}
	ctx.After(wakeDelay, w.step)
}

// fragment is "#" and the element id of the block a single-widget embed
// shows ("" for a whole lesson).
func (p *EmbedPage) fragment() string {
	if p.widgetID == "" || len(p.blocks) == 0 || p.blocks[0].domID() == "" {
		return ""
	}
	return "#" + p.blocks[0].domID()
}

func (p *EmbedPage) retry(ctx app.Context) { p.load(ctx, pageURL(ctx)) }

// Render draws the embedded content.
func (p *EmbedPage) Render() app.UI {
	var body []app.UI
	switch {
	case p.failure != nil && p.failure.missing:
		body = append(body, notFoundContent())
	case p.failure != nil:
		body = append(body, app.Div().Class("l-text").Body(app.H1().Text(p.failure.title), p.failure.box(asComponent(p, p.retry))))
	case p.lesson == nil:
		body = append(body, loading("the lesson"))
	default:
		if p.widgetID == "" {
			body = append(body, app.Header().Class("lesson-head l-text").Body(
				app.H1().Attr("elementtiming", "lesson-title").Text(p.lesson.Meta.Title)))
		}
		for _, b := range p.blocks {
			body = append(body, b.ui())
		}
	}
	var state app.UI
	if !app.IsClient && p.lesson != nil {
		route := "/embed/" + p.slug
		if p.widgetID != "" {
			route += "/" + p.widgetID
		}
		state = stateElement(serverState{Route: route, Lesson: p.lesson})
	}
	return app.Div().Class("embed").DataSet("latentlab-embed", "").Body(
		app.Main().ID("main").Class("embed-main l-grid", p.tryOff).Body(body...),
		app.P().Class("embed-credit").Body(
			app.A().ID(openInLabID).Href(site.Path("/lessons/"+p.slug)+p.fragment()).Target("_blank").Rel("noopener").Text("Open in Latent Lab ↗"),
		),
		state,
	)
}
