package quizview

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/widget/kit"
)

// renderQuestion draws question i as a fieldset with a legend.
func (v *View) renderQuestion(i int) app.UI {
	q := &v.qs[i]
	r := v.results[i]
	qid := v.Quiz.QuestionID(i)
	saved := savedText(v.progress.Question(v.Lesson, v.Quiz.ID, qid))
	var body []app.UI
	body = append(body, app.Legend().Body(
		app.Span().Class("quiz-num").Text(strconv.Itoa(i+1)+". "),
		app.Span().Class("quiz-prompt").Text(q.Prompt),
	))
	switch q.Type {
	case quiz.Single, quiz.TrueFalse, quiz.Multiple:
		body = append(body, v.renderChoices(i))
	case quiz.Numeric, quiz.Text:
		body = append(body, v.renderInput(i))
	case quiz.Reflection:
		body = append(body, v.renderReflection(i)...)
	}
	var actions []app.UI
	if q.Type != quiz.Reflection {
		actions = append(actions, app.Button().Type("button").Class("btn quiz-check").
			OnClick(func(ctx app.Context, e app.Event) { v.check(ctx, i) }, v.key, i).Text("Check answer"))
	}
	if q.Hint != "" {
		actions = append(actions, app.Button().Type("button").Class("btn btn-quiet quiz-hint-btn").
			Aria("expanded", v.hint[i]).Aria("controls", v.fieldID(i, "-hint")).
			OnClick(func(ctx app.Context, e app.Event) { v.hint[i] = !v.hint[i] }, v.key, i).
			Text(map[bool]string{false: "Show hint", true: "Hide hint"}[v.hint[i]]))
	}
	if q.Parameterised() {
		actions = append(actions, app.Button().Type("button").Class("btn btn-quiet quiz-redraw").
			OnClick(func(ctx app.Context, e app.Event) {
				v.qs[i] = v.draw(i)
				v.resp[i], v.results[i] = quiz.Response{}, nil
				ctx.Defer(func(app.Context) { v.syncFields() })
			}, v.key, i).Text("New numbers"))
	}
	if len(actions) > 0 {
		body = append(body, app.Div().Class("quiz-actions").Body(actions...))
	}
	body = append(body,
		app.If(v.hint[i] && q.Hint != "", app.P().Class("quiz-hint").ID(v.fieldID(i, "-hint")).Text("Hint: "+q.Hint)),
		app.Div().Class(statusClass(r)).ID(v.fieldID(i, "-feedback")).Role("status").Aria("live", "polite").Body(
			app.If(r != nil, app.Text(resultText(r))),
		),
		app.If(v.unsaved[i] != "", v.renderUnsaved(i)),
		app.If(saved != "", app.P().Class("quiz-saved").Text(saved)),
	)
	return app.FieldSet().Class("quiz-question quiz-" + q.Type).ID(v.fieldID(i, "")).Body(body...)
}

func resultText(r *quiz.Result) string {
	if r == nil {
		return ""
	}
	return r.Feedback
}

// renderChoices draws radio buttons (single, truefalse) or checkboxes
// (multiple), each a real input with a label.
func (v *View) renderChoices(i int) app.UI {
	q := &v.qs[i]
	typ := "radio"
	if q.Type == quiz.Multiple {
		typ = "checkbox"
	}
	name := v.fieldID(i, "")
	picked := map[int]bool{}
	for _, c := range v.resp[i].Choices {
		picked[c] = true
	}
	labels := q.ChoiceLabels()
	rows := make([]app.UI, len(labels))
	for c, label := range labels {
		id := v.fieldID(i, "-c"+strconv.Itoa(c))
		rows[c] = app.Div().Class("quiz-choice").Body(
			app.Input().Type(typ).Name(name).ID(id).Value(strconv.Itoa(c)).Checked(picked[c]).
				OnChange(func(ctx app.Context, e app.Event) {
					on := ctx.JSSrc().Get("checked").Bool()
					v.pick(i, c, on)
				}, v.key, i, c),
			app.Label().For(id).Text(label),
		)
	}
	return app.Div().Class("quiz-choices").Body(rows...)
}

// pick updates the response of question i after choice c changed.
func (v *View) pick(i, c int, on bool) {
	if v.qs[i].Type != quiz.Multiple {
		if on {
			v.resp[i].Choices = []int{c}
		}
		return
	}
	var out []int
	for _, x := range v.resp[i].Choices {
		if x != c {
			out = append(out, x)
		}
	}
	if on {
		out = append(out, c)
	}
	v.resp[i].Choices = out
}

// renderInput draws the labelled text field of numeric and text questions.
func (v *View) renderInput(i int) app.UI {
	q := &v.qs[i]
	id := v.fieldID(i, "-input")
	label := "Your answer"
	if q.Type == quiz.Numeric && q.Unit != "" {
		label = fmt.Sprintf("Your answer (in %s)", q.Unit)
	}
	in := app.Input().Type("text").ID(id).Class("quiz-input").AutoComplete(false).DataSet(kit.TakeKeys, kit.Keys("Enter")).
		Attr("spellcheck", "false"). // value: see syncFields
		OnInput(func(ctx app.Context, e app.Event) {
			v.resp[i].Text = ctx.JSSrc().Get("value").String()
		}, v.key, i).
		OnKeyDown(func(ctx app.Context, e app.Event) {
			if e.Get("key").String() == "Enter" {
				e.PreventDefault()
				v.resp[i].Text = ctx.JSSrc().Get("value").String()
				v.check(ctx, i)
			}
		}, v.key, i)
	if q.Type == quiz.Numeric {
		in = in.Attr("inputmode", "decimal")
	}
	return app.Div().Class("quiz-field").Body(
		app.Label().For(id).Text(label),
		in,
		app.If(q.Type == quiz.Numeric && q.Unit != "", app.Span().Class("quiz-unit").Aria("hidden", "true").Text(q.Unit)),
	)
}

// ratings are the reflection self-ratings in display order.
var ratings = []struct{ value, label string }{
	{quiz.GotIt, "Got it"}, {quiz.Partly, "Partly"}, {quiz.NotYet, "Not yet"},
}

// renderReflection draws the writing area, the Reveal model answer button
// (enabled once something is written), the model answer and the rating.
func (v *View) renderReflection(i int) []app.UI {
	q := &v.qs[i]
	id := v.fieldID(i, "-input")
	written := len(oneLine(v.resp[i].Text)) > 0
	out := []app.UI{
		app.Div().Class("quiz-field").Body(
			app.Label().For(id).Text("Your answer"),
			app.Textarea().ID(id).Class("quiz-reflection").Rows(5).MaxLength(quiz.MaxTextLen).
				Aria("describedby", id+"-draft"). // value: see syncFields
				OnInput(func(ctx app.Context, e app.Event) {
					v.typed(ctx, i, ctx.JSSrc().Get("value").String())
				}, v.key, i).
				OnChange(func(ctx app.Context, e app.Event) { v.saveDraftsNoted(ctx) }, v.key, i),
			app.P().Class("quiz-draft").ID(id+"-draft").Text(v.draftText(i)),
		),
		app.Div().Class("quiz-actions").Body(
			app.Button().Type("button").Class("btn quiz-reveal").Disabled(!written && !v.revealed[i]).
				Aria("expanded", v.revealed[i]).
				OnClick(func(ctx app.Context, e app.Event) { v.revealed[i] = true }, v.key, i).
				Text("Reveal model answer"),
		),
	}
	if !v.revealed[i] {
		return out
	}
	var model app.UI = app.Div().Class("model-answer-body").Text(q.ModelAnswer)
	if q.ModelAnswerHTML != "" { // sanitised at build time from the lesson file, never user input
		model = app.Raw(`<div class="model-answer-body">` + q.ModelAnswerHTML + `</div>`)
	}
	buttons := make([]app.UI, len(ratings))
	for k, rt := range ratings {
		rt := rt
		buttons[k] = app.Button().Type("button").Class("btn quiz-rate").
			Aria("pressed", v.resp[i].Rating == rt.value).
			OnClick(func(ctx app.Context, e app.Event) {
				v.resp[i].Rating = rt.value
				v.check(ctx, i)
			}, v.key, i, k).Text(rt.label)
	}
	return append(out,
		app.Div().Class("model-answer").Body(app.H3().Text("Model answer"), model),
		app.Div().Class("quiz-rating").Role("group").Aria("label", "How did your answer compare?").Body(
			append([]app.UI{app.Span().Class("quiz-rating-label").Text("How did your answer compare? ")}, buttons...)...),
	)
}

// draftText is the note under reflection i: whether its text is saved, and
// how much room is left near the length cap.
func (v *View) draftText(i int) string {
	left := quiz.MaxTextLen - utf8.RuneCountInString(v.resp[i].Text)
	if left <= 500 {
		return strings.TrimSpace(v.draftNote[i] + " " + strconv.Itoa(max(left, 0)) + " characters left.")
	}
	return v.draftNote[i]
}

// syncFields writes the responses' texts into the text fields whose content
// differs. The fields' values are not part of the render on purpose: go-app
// trims attribute values, so re-rendering a value while the student types
// would drop a space or line break just typed. Call it (in ctx.Defer) after
// code changes a response's text: restore, reset, New numbers.
func (v *View) syncFields() {
	if !app.IsClient || v.Quiz == nil {
		return
	}
	defer func() { recover() }()
	for i := range v.qs {
		switch v.qs[i].Type {
		case quiz.Numeric, quiz.Text, quiz.Reflection:
		default:
			continue
		}
		el := app.Window().GetElementByID(v.fieldID(i, "-input"))
		if el.Truthy() && el.Get("value").String() != v.resp[i].Text {
			el.Set("value", v.resp[i].Text)
		}
	}
}
