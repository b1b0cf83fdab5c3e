package page

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/widget"
)

// widgetPlaceholder stands in for a widget until it starts: the widget's
// summary as a caption, in a box as tall as the widget will be (per widget,
// in static/style.css: .widget-placeholder[data-widget=…]), so nothing below
// it moves when the widget takes its place. With JavaScript off it says what
// the figure needs. In the browser, where it is about to start, it is
// aria-busy.
func widgetPlaceholder(spec widget.Spec, title string, starting bool) app.UI {
	div := app.Div().Class("widget-placeholder").DataSet("widget", spec.Name)
	if starting {
		div = div.Aria("busy", "true")
	}
	return div.Body(
		app.P().Class("widget-placeholder-caption").Text(spec.Summary),
		app.P().Class("widget-placeholder-status ll-js-only").Text("Interactive figure: starting…"),
		app.Raw(`<noscript><p class="widget-placeholder-status">This interactive figure needs JavaScript, which is turned off in this browser. The text of the lesson reads on without it.</p></noscript>`),
	)
}

// quizPreview shows a quiz's questions read-only until the quiz starts: the
// same fieldsets and legends as the live quiz, its choices as disabled
// inputs. Parameterised questions show one fixed draw of their numbers.
func quizPreview(q *quiz.Quiz, starting bool) app.UI {
	title := q.Title
	if title == "" {
		title = "Check your understanding"
	}
	items := make([]app.UI, len(q.Questions))
	for i := range q.Questions {
		items[i] = previewQuestion(q.ID, i, q.Questions[i])
	}
	div := app.Div().Class("quiz quiz-preview")
	if starting {
		div = div.Aria("busy", "true")
	}
	return div.Body(
		app.H2().Class("quiz-title").Text(title),
		app.P().Class("quiz-score").Text("Answer and check each question when the page has loaded (it needs JavaScript)."),
		app.Div().Class("quiz-questions").Body(items...),
	)
}

func previewQuestion(quizID string, i int, q quiz.Question) app.UI {
	if q.Parameterised() {
		q, _ = quiz.Draw(q, 1)
	}
	id := "qp-" + quizID + "-" + strconv.Itoa(i)
	var field app.UI
	switch q.Type {
	case quiz.Single, quiz.TrueFalse, quiz.Multiple:
		typ := "radio"
		if q.Type == quiz.Multiple {
			typ = "checkbox"
		}
		labels := q.ChoiceLabels()
		rows := make([]app.UI, len(labels))
		for c, label := range labels {
			cid := id + "-c" + strconv.Itoa(c)
			rows[c] = app.Div().Class("quiz-choice").Body(
				app.Input().Type(typ).Name(id).ID(cid).Disabled(true),
				app.Label().For(cid).Text(label),
			)
		}
		field = app.Div().Class("quiz-choices").Body(rows...)
	case quiz.Numeric, quiz.Text:
		field = app.Div().Class("quiz-field").Body(
			app.Input().Type("text").Class("quiz-input").Disabled(true).Aria("label", "Your answer"),
			app.If(q.Type == quiz.Numeric && q.Unit != "", app.Span().Class("quiz-unit").Text(q.Unit)),
		)
	case quiz.Reflection:
		field = app.Div().Class("quiz-field").Body(
			app.Textarea().Class("quiz-reflection").Rows(5).Disabled(true).Aria("label", "Your answer"),
		)
	}
	return app.FieldSet().Class("quiz-question quiz-"+q.Type).Disabled(true).Body(
		app.Legend().Body(
			app.Span().Class("quiz-num").Text(strconv.Itoa(i+1)+". "),
			app.Span().Class("quiz-prompt").Text(q.Prompt),
		),
		field,
	)
}
