package page

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/embedui"
	"latentlab/web/lesson"
	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget"
)

// view says how a lesson is being shown.
type view struct {
	slug   string
	embed  bool          // inside /embed/...: no site chrome
	path   string        // the page's path
	query  url.Values    // the page's query string
	single bool          // /embed/{slug}/{id}: plain parameter keys
	locked bool          // controls=locked
	hidden bool          // controls=hidden
	theme  string        // forced theme (embeds), else ""
	notes  []params.Note // refused page-wide options (theme=, controls=): shown once a page

	page *widget.Page // what the page's widgets share (a trainer's live model)
}

func newView(slug string, u *url.URL, embed, single bool) view {
	q := u.Query()
	o, notes := urlstate.DecodeOptions(q)
	return view{slug: slug, embed: embed, single: single, path: u.Path, query: q,
		locked: o.Locked, hidden: o.Hidden, theme: o.Theme, notes: notes, page: widget.NewPage()}
}

// mounted is one lesson block turned into UI once, when the lesson loads, so
// that widget components keep their state across re-renders.
type mounted struct {
	block lesson.Block
	ui    app.UI
}

// mountBlocks builds the UI of every block, after the page-wide notes.
func mountBlocks(l *lesson.Lesson, v view) []mounted {
	out := make([]mounted, 0, len(l.Blocks)+1)
	if len(v.notes) > 0 {
		out = append(out, mounted{ui: app.Div().Class("l-text").Body(noteList("Address notices", v.notes))})
	}
	for _, b := range l.Blocks {
		out = append(out, mounted{block: b, ui: mountBlock(b, v)})
	}
	return out
}

func mountBlock(b lesson.Block, v view) app.UI {
	switch b.Kind {
	case lesson.KindHTML:
		// app.Raw needs exactly one root element.
		return app.Raw(`<div class="prose">` + b.HTML + `</div>`)
	case lesson.KindWidget:
		return widgetFrame(b, v)
	case lesson.KindQuiz:
		return quizBlock(b, v)
	case lesson.KindError:
		return app.Div().Class("l-text").Body(errorBox("This part of the lesson could not be built.", b.Error))
	}
	return app.Div().Class("l-text").Body(errorBox("Unknown lesson block.", fmt.Sprintf("kind %q at line %d", b.Kind, b.Line)))
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
	vals, qnotes, _ := urlstate.Apply(v.path, v.query, b.ID, spec.Params, base)
	notes = append(notes, qnotes...)
	if v.single { // the widget is the page: its frame shows the page-wide notes
		notes = append(notes, v.notes...)
	}
	return vals, notes
}

// noteList shows notes as a list named label.
func noteList(label string, notes []params.Note) app.UI {
	return app.Ul().Class("param-notes").Aria("label", label).Body(
		app.Range(notes).Slice(func(i int) app.UI { return app.Li().Text(notes[i].Message) }),
	)
}

// widgetFrame mounts a registered widget inside a figure with its title and
// an Embed button; an unknown widget shows an error box in place.
func widgetFrame(b lesson.Block, v view) app.UI {
	spec, ok := widget.Lookup(b.Widget)
	if !ok {
		return app.Div().Class("l-text").Body(errorBox(
			fmt.Sprintf("Widget %q is not available.", b.Widget),
			fmt.Sprintf("Block %q (line %d) names a widget this build does not include.", b.ID, b.Line)))
	}
	vals, notes := widgetParams(spec, b, v)
	wb := widget.Block{
		Name: b.Widget, ID: b.ID, Lesson: v.slug, Params: vals, Notes: notes,
		Embed: v.embed, Locked: v.locked, Hidden: v.hidden, Theme: v.theme, Page: v.page,
	}
	var ui app.UI
	func() {
		defer func() {
			if r := recover(); r != nil {
				ui = errorBox(fmt.Sprintf("Widget %q failed to start.", b.Widget), fmt.Sprint(r))
			}
		}()
		ui = spec.New(wb)
	}()
	title := spec.Title
	if title == "" {
		title = b.Widget
	}
	return app.Figure().Class("widget-frame l-page").ID("widget-"+b.ID).DataSet("widget", b.Widget).Body(
		app.Div().Class("widget-head").Body(
			app.Span().Class("widget-title").Text(title),
			app.If(!v.hidden, embedui.ButtonTitled(v.slug, b.ID, title)),
		),
		app.If(len(notes) > 0, noteList("Parameter notices", notes)),
		app.Div().Class("widget-body").Body(ui),
	)
}

// quizBlock mounts the quiz component registered by web/widget/quizview.
func quizBlock(b lesson.Block, v view) app.UI {
	view := widget.QuizView()
	if view == nil || b.Quiz == nil {
		return app.Div().Class("l-text").Body(app.Div().Class("notice").Text("The quiz for this lesson is not available in this build."))
	}
	return app.Section().Class("quiz-block l-text").ID("quiz-" + b.ID).Body(
		view(widget.QuizBlock{ID: b.ID, Lesson: v.slug, Quiz: b.Quiz, Embed: v.embed, Locked: v.locked, Hidden: v.hidden, Theme: v.theme}),
	)
}
