package page

import (
	"fmt"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/embedui"
	"latentlab/web/lesson"
	"latentlab/web/site"
	"latentlab/web/widget/kit"
)

// LessonPage shows /lessons/{slug}: prose, widgets and the quiz, with a table
// of contents and links to the previous and next lessons. The server renders
// it whole (see serverrender.go); in the browser it attaches to that render,
// or loads the lesson when the reader navigates to it.
type LessonPage struct {
	app.Compo
	slug    string
	lesson  *lesson.Lesson
	index   *lesson.Index
	blocks  []*mounted
	shown   int            // blocks rendered so far (all of them, except while a navigation fills in)
	waking  *lesson.Lesson // the lesson whose blocks the wake loop wakes
	failure *loadFailure
	tryOff  string // tryClass of the view
}

// After a navigation, the prose of a whole lesson (with its typeset math) is
// parsed into the page; doing it all at once is one main-thread task of
// several hundred milliseconds. The first firstBlocks blocks are rendered
// with the page, the rest blocksPerTask at a time in later tasks, so the page
// answers input while it fills in. Widgets and quizzes then wake one per task.
const (
	firstBlocks   = 4
	blocksPerTask = 2
)

// OnInit takes the server's render of this page, if that is what the browser
// shows (before go-app's first render, so that render is complete).
func (p *LessonPage) OnInit() {
	if !app.IsClient {
		return
	}
	u := app.Window().URL()
	u.Path = canonical(u.Path)
	s := takeServerState(u.Path)
	m := lessonRoute.FindStringSubmatch(u.Path)
	if s == nil || s.Lesson == nil || m == nil || s.Lesson.Meta.Slug != m[1] {
		return
	}
	p.show(s.Lesson, s.Index, u, true)
	wakeNearest(p.blocks)
}

// OnPreRender renders the whole lesson on the server, with its title and
// description in the page's head.
func (p *LessonPage) OnPreRender(ctx app.Context) {
	u := pageURL(ctx)
	m := lessonRoute.FindStringSubmatch(u.Path)
	if m == nil {
		return
	}
	p.slug = m[1]
	l, err := loadLesson(p.slug)
	if err != nil {
		p.failure = lessonFailure(p.slug, err)
		setHead(ctx, notFoundTitle, "")
		return
	}
	idx, _ := loadIndex()
	p.show(l, idx, u, false)
	setHead(ctx, l.Meta.Title+" — Latent Lab", l.Meta.Summary)
	preloadMathFonts(ctx)
}

// OnMount takes the page's "Try this" clicks and starts waking the widgets
// of a server-rendered lesson.
func (p *LessonPage) OnMount(ctx app.Context) {
	kit.MarkOnce("mounted") // go-app's first render is on the page
	attachTries(ctx, p, func() []*mounted { return p.blocks })
	if p.lesson != nil {
		p.startWaking(ctx)
	}
}

// OnDismount stops taking "Try this" clicks.
func (p *LessonPage) OnDismount() { detachTries(p) }

// OnNav (re)loads the lesson named by the URL.
func (p *LessonPage) OnNav(ctx app.Context) {
	u := pageURL(ctx)
	m := lessonRoute.FindStringSubmatch(u.Path)
	if m != nil && m[1] == p.slug && p.failure == nil && p.lesson != nil {
		// Same lesson (the server's render, a table-of-contents link, or a
		// widget updating the address): keep the page and its widgets.
		return
	}
	p.slug, p.lesson, p.index, p.blocks, p.shown, p.failure = "", nil, nil, nil, 0, nil
	if m == nil {
		p.failure = &loadFailure{missing: true}
		return
	}
	p.slug = m[1]
	p.load(ctx, u)
}

// load fetches the lesson and the index, then shows the lesson.
func (p *LessonPage) load(ctx app.Context, u *url.URL) {
	slug := p.slug
	p.failure = nil
	ctx.Async(func() {
		idx, _ := loadIndex()
		l, err := loadLesson(slug)
		ctx.Dispatch(func(ctx app.Context) {
			if p.slug != slug {
				return // the reader moved on
			}
			if err != nil {
				p.failure = lessonFailure(slug, err)
				if p.failure.missing {
					ctx.Page().SetTitle(notFoundTitle)
				}
				warnf("lesson %s: %v", slug, err)
				return
			}
			p.show(l, idx, u, false)
			p.shown = min(firstBlocks, len(p.blocks))
			setHead(ctx, l.Meta.Title+" — Latent Lab", l.Meta.Summary)
			if u.Fragment != "" {
				p.shown = len(p.blocks) // the target may be anywhere
				ctx.ScrollTo(u.Fragment)
			}
			p.startWaking(ctx)
		})
	})
}

// show sets the lesson and builds its blocks.
func (p *LessonPage) show(l *lesson.Lesson, idx *lesson.Index, u *url.URL, adopt bool) {
	p.slug, p.lesson, p.index, p.failure = l.Meta.Slug, l, idx, nil
	v := newView(p.slug, u, false, false)
	p.blocks = mountBlocks(l, v, adopt)
	p.shown = len(p.blocks)
	p.tryOff = tryClass(v)
}

// startWaking runs the wake loop once per lesson shown.
func (p *LessonPage) startWaking(ctx app.Context) {
	if p.waking == p.lesson {
		return
	}
	p.waking = p.lesson
	p.wake(ctx, p.lesson)
}

// wake renders the remaining blocks a few per task, then wakes the widgets
// and quizzes (see wakeLoop).
func (p *LessonPage) wake(ctx app.Context, l *lesson.Lesson) {
	ctx.After(wakeDelay, func(ctx app.Context) {
		if p.lesson != l {
			return
		}
		if p.shown < len(p.blocks) {
			p.shown = min(p.shown+blocksPerTask, len(p.blocks))
			p.wake(ctx, l)
			return
		}
		kit.MarkOnce("blocks-shown")
		linkTerms() // every block is on the page: its linked formulas work
		kit.MarkOnce("terms-linked")
		w := &wakeLoop{started: time.Now(), blocks: func() []*mounted { return p.blocks },
			stale: func() bool { return p.lesson != l }}
		w.step(ctx)
	})
}

// retry loads the lesson again after a failure.
func (p *LessonPage) retry(ctx app.Context) { p.load(ctx, pageURL(ctx)) }

// Render draws the lesson.
func (p *LessonPage) Render() app.UI {
	switch {
	case p.failure != nil && p.failure.missing:
		return shell("", notFoundContent())
	case p.failure != nil:
		return shell("lessons", app.Div().Class("l-text").Body(
			app.H1().Text(p.failure.title),
			p.failure.box(asComponent(p, p.retry)),
			app.P().Body(app.A().Href(site.Path("/")).Text("See all lessons")),
		))
	case p.lesson == nil:
		return shell("lessons", app.Div().Class("l-text").Body(loading("the lesson")))
	}
	l := p.lesson
	prev, next := neighbours(p.index, p.slug)
	var state app.UI
	if !app.IsClient {
		state = stateElement(serverState{Route: "/lessons/" + p.slug, Lesson: l, Index: p.index})
	}
	return shell("lessons",
		app.Article().Class("lesson l-grid", p.tryOff).Body(
			lessonHeader(l),
			toc(l.Headings),
			app.Range(p.blocks[:p.shown]).Slice(func(i int) app.UI { return p.blocks[i].ui() }),
			app.Div().Class("lesson-embed l-text").Body(
				app.Span().Class("lesson-embed-label").Text("Use this lesson in your course: "),
				embedui.ButtonTitled(p.slug, "", l.Meta.Title),
			),
			pager(prev, next),
		),
		state,
	)
}

func lessonHeader(l *lesson.Lesson) app.UI {
	m := l.Meta
	return app.Header().Class("lesson-head l-text").Body(
		app.P().Class("kicker").Body(app.A().Href(site.Path("/")).Text("Lessons")),
		app.H1().Attr("elementtiming", "lesson-title").Text(m.Title),
		app.If(m.Summary != "", app.P().Class("lede").Text(m.Summary)),
		app.If(m.Minutes > 0, app.P().Class("meta").Text(fmt.Sprintf("About %d minutes", m.Minutes))),
		app.If(len(m.Objectives) > 0, app.Div().Class("objectives").Body(
			app.H2().Class("objectives-title").Text("You will learn to"),
			app.Ul().Body(app.Range(m.Objectives).Slice(func(i int) app.UI {
				return app.Li().Text(m.Objectives[i])
			})),
		)),
	)
}

// toc lists the lesson's level-2 and level-3 headings.
func toc(hs []lesson.Heading) app.UI {
	var items []lesson.Heading
	for _, h := range hs {
		if h.Level == 2 || h.Level == 3 {
			items = append(items, h)
		}
	}
	if len(items) == 0 {
		return nil
	}
	return app.Nav().Class("toc").Aria("label", "Contents").Body(
		app.H2().Class("toc-title").Text("Contents"),
		app.Ol().Body(app.Range(items).Slice(func(i int) app.UI {
			h := items[i]
			return app.Li().Class(fmt.Sprintf("toc-l%d", h.Level)).Body(
				app.A().Href("#" + h.ID).OnClick(focusTarget).Text(h.Text),
			)
		})),
	)
}

func pager(prev, next *lesson.Meta) app.UI {
	if prev == nil && next == nil {
		return nil
	}
	var links []app.UI
	if prev != nil {
		links = append(links, app.A().Class("pager-prev").Href(site.Path("/lessons/"+prev.Slug)).Body(
			app.Span().Class("pager-dir").Text("← Previous"),
			app.Span().Class("pager-title").Text(prev.Title),
		))
	} else {
		links = append(links, app.Span())
	}
	if next != nil {
		links = append(links, app.A().Class("pager-next").Href(site.Path("/lessons/"+next.Slug)).Body(
			app.Span().Class("pager-dir").Text("Next →"),
			app.Span().Class("pager-title").Text(next.Title),
		))
	}
	return app.Nav().Class("pager l-text").Aria("label", "Previous and next lessons").Body(links...)
}
