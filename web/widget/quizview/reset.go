package quizview

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/store"
)

// ResetButton returns the `Reset progress` button: it clears every stored
// quiz result (all lessons), tells mounted quizzes to start over
// (ActionProgressReset), announces "Progress reset." in a status region and
// offers Undo, which puts everything back ("Progress restored.").
func ResetButton() app.UI { return &resetButton{} }

// ResetLessonButton is the `Reset progress` button of one lesson: it forgets
// only that lesson's results. Each quiz shows one below its questions.
func ResetLessonButton(slug string) app.UI { return &resetButton{Lesson: slug} }

type resetButton struct {
	app.Compo
	Lesson      string // "" resets every lesson
	Locked      bool   // controls=locked: shown disabled
	DescribedBy string // id of the note that says why it is disabled
	undo        store.Snapshot
	said        string // the status: "Progress reset." / "Progress restored."
}

// Status texts of the reset button.
const (
	saidReset    = "Progress reset."
	saidRestored = "Progress restored."
)

func (b *resetButton) Render() app.UI {
	btn := app.Button().Type("button").Class("btn btn-small").Disabled(b.Locked).Text("Reset progress")
	if b.Locked {
		btn = btn.Aria("describedby", b.DescribedBy)
	} else {
		btn = btn.OnClick(b.click)
	}
	return app.Span().Class("progress-reset").Body(
		btn,
		app.Span().Class("progress-reset-status").Role("status").Aria("live", "polite").Body(
			app.If(b.said != "", app.Text(" "+b.said)),
		),
		app.If(b.undo != nil, app.Button().Type("button").Class("btn btn-small btn-quiet progress-undo").
			OnClick(b.clickUndo).Text("Undo")),
	)
}

// click forgets the progress (one lesson, or all) and offers Undo.
func (b *resetButton) click(ctx app.Context, e app.Event) {
	var err error
	if b.Lesson == "" {
		b.undo, err = records().ResetAll()
	} else {
		b.undo, err = records().ResetLesson(b.Lesson)
	}
	_ = err // a removal the browser refused is still made for this visit
	b.said = saidReset
	b.announce(ctx)
}

// clickUndo puts back what the last reset removed.
func (b *resetButton) clickUndo(ctx app.Context, e app.Event) {
	if b.undo == nil {
		return
	}
	_ = records().Undo(b.undo) // kept for the visit even where not stored
	b.undo = nil
	b.said = saidRestored
	b.announce(ctx)
}

// announce tells the quizzes concerned to reload, and progress texts to update.
func (b *resetButton) announce(ctx app.Context) {
	ctx.NewActionWithValue(ActionProgressReset, b.Lesson)
	ctx.NewAction(ActionProgressChanged)
}

// Progress returns a small live text for lesson slug such as "3 of 8
// questions done" or "Completed", updated whenever a quiz saves or progress
// is reset. Empty when the lesson has no progress yet.
func Progress(slug string) app.UI { return &progressText{Slug: slug} }

type progressText struct {
	app.Compo
	Slug  string
	s     quiz.LessonSummary
	unsub func()
}

func (p *progressText) OnMount(ctx app.Context) {
	p.load()
	h := func(ctx app.Context, a app.Action) { ctx.Dispatch(func(app.Context) { p.load() }) }
	ctx.Handle(ActionProgressChanged, h)
	ctx.Handle(ActionProgressReset, h)
	if app.IsClient { // progress saved in another tab
		own := ctx // dispatch on this component so that it re-renders
		p.unsub = app.Window().AddEventListener("storage", func(_ app.Context, e app.Event) {
			if k := e.Get("key"); k.IsNull() || strings.HasPrefix(k.String(), quiz.LegacyKey) {
				own.Dispatch(func(app.Context) { p.load() })
			}
		})
	}
}

func (p *progressText) OnDismount() {
	if p.unsub != nil {
		p.unsub()
		p.unsub = nil
	}
}

func (p *progressText) OnUpdate(ctx app.Context) { p.load() }

func (p *progressText) load() {
	p.s = records().Summary(p.Slug)
}

func (p *progressText) Render() app.UI {
	return app.Span().Class("lesson-progress").Body(app.Text(SummaryText(p.s)))
}

// SummaryText writes a lesson summary for people: "Completed", "3 of 8
// questions done (37%)", or "" when nothing was attempted.
func SummaryText(s quiz.LessonSummary) string {
	switch {
	case s.Completed:
		return "Completed"
	case !s.Started:
		return ""
	}
	return strconv.Itoa(s.Done) + " of " + strconv.Itoa(s.Total) + " questions done (" + strconv.Itoa(s.Percent) + "%)"
}
