package page

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/embedui"
	"latentlab/web/lesson"
	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// view says how a lesson is being shown.
type view struct {
	slug   string
	embed  bool             // inside /embed/...: no site chrome
	path   string           // the page's canonical path
	query  url.Values       // the page's query string
	single bool             // /embed/{slug}/{id}: plain parameter keys
	locked bool             // controls=locked
	hidden bool             // controls=hidden
	opts   urlstate.Options // every page-wide option (lock=, actions= too)
	theme  string           // forced theme (embeds), else ""
	notes  []params.Note    // refused page-wide options (theme=, controls=): shown once a page
	server bool             // rendered by the server: placeholders, no components

	page *widget.Page // what the page's widgets share (a trainer's live model)
}

func newView(slug string, u *url.URL, embed, single bool) view {
	q := u.Query()
	o, notes := urlstate.DecodeOptions(q)
	return view{slug: slug, embed: embed, single: single, path: u.Path, query: q,
		locked: o.Locked, hidden: o.Hidden, opts: o, theme: o.Theme, notes: notes, server: !app.IsClient,
		page: widget.NewPage()}
}

// mounted is one lesson block turned into UI once, when the lesson loads, so
// that components keep their state across re-renders. A widget or quiz
// first shows its still form (a sized placeholder, a read-only preview: what
// the server renders) and its live component once it wakes.
type mounted struct {
	block lesson.Block
	still app.UI
	live  func() app.UI // nil for blocks that never wake (prose, errors, the server's render)
	woken app.UI
	try   *tryTarget // a widget that "Try this" buttons can set up (nil for other blocks)
}

// ui is what the block shows now.
func (m *mounted) ui() app.UI {
	if m.woken != nil {
		return m.woken
	}
	return m.still
}

// asleep reports whether the block still waits to wake.
func (m *mounted) asleep() bool { return m.live != nil && m.woken == nil }

// wake replaces the still form by the live component.
func (m *mounted) wake() {
	if m.asleep() {
		kit.MarkOnce("wake:" + m.domID())
		m.woken = m.live()
	}
}

// domID is the id of the block's element on the page ("" for prose).
func (m *mounted) domID() string {
	switch m.block.Kind {
	case lesson.KindWidget:
		return "widget-" + m.block.ID
	case lesson.KindQuiz:
		return "quiz-" + m.block.ID
	}
	return ""
}

// mountBlocks builds the UI of every block, after the page-wide notes. With
// adopt, prose blocks take the server-rendered nodes instead of their HTML.
func mountBlocks(l *lesson.Lesson, v view, adopt bool) []*mounted {
	out := make([]*mounted, 0, len(l.Blocks)+1)
	if len(v.notes) > 0 {
		out = append(out, &mounted{still: app.Div().Class("l-text").Body(noteList("Address notices", v.notes))})
	}
	for i, b := range l.Blocks {
		out = append(out, mountBlock(i, b, v, adopt))
	}
	return out
}

func mountBlock(i int, b lesson.Block, v view, adopt bool) *mounted {
	switch b.Kind {
	case lesson.KindHTML:
		p := &prose{Index: i, HTML: b.HTML, Slug: v.slug, Server: v.server}
		if adopt {
			p.HTML = ""
		}
		return &mounted{block: b, still: p}
	case lesson.KindWidget:
		return widgetBlock(b, v)
	case lesson.KindQuiz:
		return quizBlock(b, v)
	case lesson.KindError:
		return &mounted{block: b, still: app.Div().Class("l-text").Body(errorBox("This part of the lesson could not be built.", b.Error))}
	}
	return &mounted{block: b, still: app.Div().Class("l-text").Body(errorBox("Unknown lesson block.", fmt.Sprintf("kind %q at line %d", b.Kind, b.Line)))}
}

// widgetParams decodes the lesson's parameter text, then the address
// overrides through web/urlstate ({id}.{param} on lesson pages, {param} on
// single-widget embeds). Refused values fall back with a visible note.
func widgetParams(spec widget.Spec, b lesson.Block, v view) (params.Values, []params.Note) {
	base := spec.Params.Defaults()
	var notes []params.Note
	for _, p := range spec.Params {
		raw, ok := b.Params[p.Name]
		if !ok {
			continue
		}
		val, note, err := p.Parse(raw)
		if err != nil {
			notes = append(notes, params.Note{Param: p.Name, Message: err.Error() + " (lesson file); using the default"})
			continue
		}
		if note != nil {
			notes = append(notes, *note)
		}
		base[p.Name] = val
	}
	if !v.server {
		urlstate.Declare(b.ID, base) // links carry what differs from these
	}
	vals, qnotes, _ := urlstate.Apply(v.path, v.query, b.ID, spec.Params, base)
	notes = append(notes, qnotes...)
	if v.single { // the widget is the page: its frame shows the page-wide notes
		notes = append(notes, v.notes...)
	}
	return vals, notes
}

// lockNotice says which settings the embedder locked and whether the
// actions still work (the visible reason for disabled controls).
func lockNotice(v view, locked []string) string {
	var msg string
	switch {
	case v.locked && v.opts.ActionsOff:
		msg = "Settings and buttons fixed by the course page."
	case v.locked:
		msg = "Settings fixed by the course page."
	case len(locked) > 0:
		msg = "Fixed by the course page: " + strings.Join(locked, ", ") + "."
	}
	if v.opts.ActionsOff && !v.locked {
		msg = strings.TrimSpace(msg + " Buttons turned off by the course page.")
	}
	return msg // static/style.css draws the padlock before it (.lock-notice::before)
}

// noteList shows notes as a list named label.
func noteList(label string, notes []params.Note) app.UI {
	return app.Ul().Class("param-notes").Aria("label", label).Body(
		app.Range(notes).Slice(func(i int) app.UI { return app.Li().Text(notes[i].Message) }),
	)
}

// widgetBlock is a registered widget inside a figure with its title and an
// Embed button: a sized placeholder until it wakes. An unknown widget shows
// an error box in place.
func widgetBlock(b lesson.Block, v view) *mounted {
	spec, ok := widget.Lookup(b.Widget)
	if !ok {
		return &mounted{block: b, still: app.Div().Class("l-text").Body(errorBox(
			fmt.Sprintf("Widget %q is not available.", b.Widget),
			fmt.Sprintf("Block %q (line %d) names a widget this build does not include.", b.ID, b.Line)))}
	}
	vals, notes := widgetParams(spec, b, v)
	if !v.server {
		urlstate.Track(b.ID, spec.Params, vals) // a kit.Base widget tracks its own copy when it starts
	}
	wb := widget.Block{
		Name: b.Widget, ID: b.ID, Lesson: v.slug, Params: vals, Notes: notes,
		Embed: v.embed, Locked: v.locked, Hidden: v.hidden, Theme: v.theme, Page: v.page,
		ActionsOff: v.opts.ActionsOff,
	}
	locked := v.opts.LockedParams(b.ID, spec.Params)
	if len(locked) > 0 && !v.locked {
		wb.Locks = map[string]bool{}
		for _, n := range locked {
			wb.Locks[n] = true
		}
	}
	title := spec.Title
	if title == "" {
		title = b.Widget
	}
	// data-params: the values the widget starts with that differ from its
	// defaults, as a query (tests read what a "Try this" button applied).
	frame := func(body app.UI, notes []params.Note, vals params.Values) app.UI {
		return app.Figure().Class("widget-frame l-page").ID("widget-"+b.ID).DataSet("widget", b.Widget).
			DataSet("params", spec.Params.ToQuery(vals).Encode()).TabIndex(-1).Body(
			app.Div().Class("widget-head").Body(
				app.Span().Class("widget-title").Text(title),
				app.If(!v.hidden, embedui.WidgetButton(v.slug, b.ID, title, spec.Params.Names())),
			),
			app.If(len(notes) > 0, noteList("Parameter notices", notes)),
			app.If(!v.hidden && lockNotice(v, locked) != "", app.P().Class("lock-notice").Role("note").Text(lockNotice(v, locked))),
			body,
		)
	}
	m := &mounted{block: b, still: frame(widgetBody(widgetPlaceholder(spec, title, !v.server), 0), notes, vals)}
	if !v.server {
		// Built now, mounted when it wakes: a widget's constructor may
		// register what others on the page look up (a trainer's model
		// source, which an explorer follows), whatever order they wake in.
		live := frame(widgetBody(startWidget(spec, wb), 0), notes, vals)
		m.live = func() app.UI { return live }
		m.try = &tryTarget{spec: spec, block: wb, frame: frame}
	}
	return m
}

// startWidget builds the widget component; a constructor that panics shows
// an error box in its place.
func startWidget(spec widget.Spec, wb widget.Block) (ui app.UI) {
	defer func() {
		if r := recover(); r != nil {
			ui = errorBox(fmt.Sprintf("The %s could not start.", spec.Title), "Reload the page to try again.")
		}
	}()
	return spec.New(wb)
}

// quizBlock is the quiz component registered by web/widget/quizview: a
// read-only preview of its questions until it wakes.
func quizBlock(b lesson.Block, v view) *mounted {
	view := widget.QuizView()
	if view == nil || b.Quiz == nil {
		return &mounted{block: b, still: app.Div().Class("l-text").Body(app.Div().Class("notice").Text("The quiz for this lesson is not available in this build."))}
	}
	section := func(body app.UI) app.UI {
		return app.Section().Class("quiz-block l-text").ID("quiz-" + b.ID).Body(body)
	}
	m := &mounted{block: b, still: section(quizPreview(b.Quiz, !v.server))}
	if !v.server {
		live := section(view(widget.QuizBlock{ID: b.ID, Lesson: v.slug, Quiz: b.Quiz, Embed: v.embed, Locked: v.locked, Hidden: v.hidden, Theme: v.theme}))
		m.live = func() app.UI { return live }
	}
	return m
}
