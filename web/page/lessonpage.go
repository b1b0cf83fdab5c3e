package page

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/embedui"
	"latentlab/web/lesson"
)

// LessonPage shows /lessons/{slug}: prose, widgets and the quiz, with a table
// of contents and links to the previous and next lessons.
type LessonPage struct {
	app.Compo
	slug   string
	lesson *lesson.Lesson
	index  *lesson.Index
	blocks []mounted
	shown  int // blocks mounted so far (see mountRest)
	err    string
}

// Mounting a whole lesson (prose with typeset math, seven widgets, quizzes)
// at once is one main-thread task of several hundred milliseconds. The
// first firstBlocks blocks are mounted with the page, the rest blocksPerTask
// at a time in later tasks, so the page answers input while it fills in.
const (
	firstBlocks   = 4
	blocksPerTask = 2
)

// OnNav (re)loads the lesson named by the URL.
func (p *LessonPage) OnNav(ctx app.Context) {
	u := pageURL(ctx)
	m := lessonRoute.FindStringSubmatch(u.Path)
	if m != nil && m[1] == p.slug && p.err == "" {
		// Same lesson (a table-of-contents link, or a widget updating the
		// address): keep the page and its widgets as they are.
		return
	}
	p.slug, p.lesson, p.blocks, p.err = "", nil, nil, ""
	if m == nil {
		p.err = "no such lesson"
		return
	}
	p.slug = m[1]
	ctx.Page().SetTitle("Latent Lab")
	if !app.IsClient {
		return
	}
	slug := p.slug
	ctx.Async(func() {
		idx, ierr := loadIndex(u)
		l, err := loadLesson(u, slug)
		ctx.Dispatch(func(ctx app.Context) {
			if p.slug != slug {
				return // the reader moved on
			}
			if err != nil {
				p.err = err.Error()
				return
			}
			if ierr == nil {
				p.index = idx
			}
			p.lesson = l
			p.blocks = mountBlocks(l, newView(slug, u, false, false))
			p.shown = min(firstBlocks, len(p.blocks))
			ctx.Page().SetTitle(l.Meta.Title + " — Latent Lab")
			if u.Fragment != "" {
				p.shown = len(p.blocks) // the target may be anywhere
				ctx.ScrollTo(u.Fragment)
			}
			p.mountRest(ctx, slug)
		})
	})
}

// mountRest mounts the remaining blocks a few per task (see firstBlocks).
func (p *LessonPage) mountRest(ctx app.Context, slug string) {
	if p.shown >= len(p.blocks) {
		return
	}
	ctx.After(time.Millisecond, func(ctx app.Context) {
		if p.slug != slug {
			return
		}
		p.shown = min(p.shown+blocksPerTask, len(p.blocks))
		p.mountRest(ctx, slug)
	})
}

// Render draws the lesson.
func (p *LessonPage) Render() app.UI {
	switch {
	case p.err != "":
		return shell("lessons", app.Div().Class("l-text").Body(
			app.H1().Text("Lesson not found"),
			errorBox(fmt.Sprintf("The lesson %q could not be loaded.", p.slug), p.err),
			app.P().Body(app.A().Href("/").Text("Back to all lessons")),
		))
	case p.lesson == nil:
		return shell("lessons", app.Div().Class("l-text").Body(loading("the lesson")))
	}
	l := p.lesson
	prev, next := neighbours(p.index, p.slug)
	return shell("lessons",
		app.Article().Class("lesson l-grid").Body(
			lessonHeader(l),
			toc(l.Headings),
			app.Range(p.blocks[:p.shown]).Slice(func(i int) app.UI { return p.blocks[i].ui }),
			app.Div().Class("lesson-embed l-text").Body(
				app.Span().Class("lesson-embed-label").Text("Use this lesson in your course: "),
				embedui.ButtonTitled(p.slug, "", l.Meta.Title),
			),
			pager(prev, next),
		),
	)
}

func lessonHeader(l *lesson.Lesson) app.UI {
	m := l.Meta
	return app.Header().Class("lesson-head l-text").Body(
		app.P().Class("kicker").Body(app.A().Href("/").Text("Lessons")),
		app.H1().Text(m.Title),
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
				app.A().Href("#" + h.ID).Text(h.Text),
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
		links = append(links, app.A().Class("pager-prev").Href("/lessons/"+prev.Slug).Body(
			app.Span().Class("pager-dir").Text("← Previous"),
			app.Span().Class("pager-title").Text(prev.Title),
		))
	} else {
		links = append(links, app.Span())
	}
	if next != nil {
		links = append(links, app.A().Class("pager-next").Href("/lessons/"+next.Slug).Body(
			app.Span().Class("pager-dir").Text("Next →"),
			app.Span().Class("pager-title").Text(next.Title),
		))
	}
	return app.Nav().Class("pager l-text").Aria("label", "Previous and next lessons").Body(links...)
}
