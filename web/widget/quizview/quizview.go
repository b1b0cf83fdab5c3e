package quizview

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/embedui"
	"latentlab/web/quiz"
	"latentlab/web/widget"
)

// Actions other components may handle (ctx.Handle) or send (ctx.NewAction).
const (
	// ActionProgressChanged is sent after any quiz saved progress.
	ActionProgressChanged = "latentlab.progress.changed"
	// ActionProgressReset is sent by the Reset progress buttons with the
	// lesson slug as value ("" for all lessons); the quizzes concerned clear
	// their state.
	ActionProgressReset = "latentlab.progress.reset"
)

func init() {
	widget.RegisterQuizView(func(b widget.QuizBlock) app.UI {
		q, _ := b.Quiz.(*quiz.Quiz)
		return New(b.Lesson, q, b.Embed)
	})
}

// New returns the quiz component for quiz q of lesson lessonSlug. embed is
// true on /embed/... routes; whether xAPI messages are posted depends only on
// being inside a frame (window.parent !== window).
func New(lessonSlug string, q *quiz.Quiz, embed bool) app.UI {
	return &View{Lesson: lessonSlug, Quiz: q, Embed: embed}
}

// View renders one quiz: every question as a fieldset with a legend, a
// Check answer button, feedback in a polite live region, hints, reflections
// with a model answer and self-rating, and the quiz score.
type View struct {
	app.Compo
	Lesson string
	Quiz   *quiz.Quiz
	Embed  bool

	key      string // Lesson/Quiz.ID the state belongs to
	qs       []quiz.Question
	resp     []quiz.Response
	results  []*quiz.Result
	hint     []bool
	revealed []bool
	progress *quiz.Progress
	notice   string
	attempt  uint64
	sentDone bool
}

// OnMount loads stored progress and draws parameterised questions.
func (v *View) OnMount(ctx app.Context) {
	embedui.EnsureResizeReporter()
	v.reset(ctx)
	ctx.Handle(ActionProgressReset, func(ctx app.Context, a app.Action) {
		if slug, _ := a.Value.(string); slug != "" && slug != v.Lesson {
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			v.key = ""
			v.reset(ctx)
		})
	})
}

// OnUpdate resets the state when the parent passes another quiz.
func (v *View) OnUpdate(ctx app.Context) {
	if v.key != v.stateKey() {
		v.reset(ctx)
	}
}

func (v *View) stateKey() string {
	if v.Quiz == nil {
		return ""
	}
	return v.Lesson + "/" + v.Quiz.ID
}

// reset rebuilds the per-question state from the quiz and stored progress.
func (v *View) reset(ctx app.Context) {
	v.key = v.stateKey()
	v.sentDone = false
	if v.Quiz == nil {
		return
	}
	n := len(v.Quiz.Questions)
	v.qs = make([]quiz.Question, n)
	v.resp = make([]quiz.Response, n)
	v.results = make([]*quiz.Result, n)
	v.hint = make([]bool, n)
	v.revealed = make([]bool, n)
	v.attempt = uint64(time.Now().UnixNano())
	for i := range v.Quiz.Questions {
		v.qs[i] = v.draw(i)
	}
	p, notice := quiz.LoadProgress()
	v.progress, v.notice = p, notice
	p.Seen(v.Lesson, v.Quiz)
	_ = quiz.SaveProgress(p)
	v.sentDone = v.quizProgress().Done()
}

// draw returns question i for a new attempt (parameterised ones redrawn).
func (v *View) draw(i int) quiz.Question {
	v.attempt++
	q, _ := quiz.Draw(v.Quiz.Questions[i], v.attempt*0x9e3779b97f4a7c15+uint64(i))
	return q
}

func (v *View) quizProgress() *quiz.QuizProgress {
	if v.progress == nil || v.Quiz == nil {
		return &quiz.QuizProgress{}
	}
	if l := v.progress.Lessons[v.Lesson]; l != nil {
		if qp := l.Quizzes[v.Quiz.ID]; qp != nil {
			return qp
		}
	}
	return &quiz.QuizProgress{Total: len(v.Quiz.Questions)}
}

// check grades question i and records the attempt.
func (v *View) check(ctx app.Context, i int) {
	q := &v.qs[i]
	r := quiz.Grade(q, v.resp[i])
	v.results[i] = &r
	if !r.Answered {
		return
	}
	qid := v.Quiz.QuestionID(i)
	v.progress.Record(v.Lesson, v.Quiz, qid, r, q.Type == quiz.Reflection)
	_ = quiz.SaveProgress(v.progress)
	ctx.NewAction(ActionProgressChanged)
	postAnswered(v.Lesson, v.Quiz, i, q, r)
	if qp := v.quizProgress(); qp.Done() && !v.sentDone {
		v.sentDone = true
		points, total := qp.Score()
		postCompleted(v.Lesson, v.Quiz, points, total)
	}
}

// Render draws the quiz.
func (v *View) Render() app.UI {
	if v.Quiz == nil {
		return app.Div().Class("notice").Text("This quiz could not be loaded.")
	}
	title := v.Quiz.Title
	if title == "" {
		title = "Check your understanding"
	}
	headID := "quiz-" + v.Quiz.ID + "-title"
	points, total := v.quizProgress().Score()
	if total == 0 {
		total = len(v.Quiz.Questions)
	}
	items := make([]app.UI, 0, len(v.qs))
	for i := range v.qs {
		items = append(items, v.renderQuestion(i))
	}
	return app.Div().Class("quiz").ID("quiz-"+v.Quiz.ID).Aria("labelledby", headID).Body(
		app.H2().Class("quiz-title").ID(headID).Text(title),
		app.If(v.notice != "", app.P().Class("notice").Role("status").Text(v.notice)),
		app.P().Class("quiz-score").ID("quiz-"+v.Quiz.ID+"-score").Aria("live", "polite").
			Text(fmt.Sprintf("Score: %s / %d", quiz.FormatNumber(points), total)),
		app.Div().Class("quiz-questions").Body(items...),
		app.Div().Class("quiz-footer").Body(ResetLessonButton(v.Lesson)),
	)
}

// fieldID is an element id unique on the page for question i.
func (v *View) fieldID(i int, suffix string) string {
	return "q-" + v.Quiz.ID + "-" + v.Quiz.QuestionID(i) + suffix
}

func statusClass(r *quiz.Result) string {
	switch {
	case r == nil || !r.Answered:
		return "quiz-feedback"
	case r.Correct:
		return "quiz-feedback correct"
	case r.Score > 0:
		return "quiz-feedback partial"
	}
	return "quiz-feedback incorrect"
}

func savedText(s *quiz.QuestionProgress) string {
	if s == nil || s.Attempts == 0 {
		return ""
	}
	att := "attempt"
	if s.Attempts != 1 {
		att = "attempts"
	}
	switch {
	case s.Correct:
		return fmt.Sprintf("Answered correctly before (%d %s).", s.Attempts, att)
	case s.Rated:
		return fmt.Sprintf("Self-rated before (%d %s).", s.Attempts, att)
	}
	return fmt.Sprintf("Tried before (%d %s), not yet correct.", s.Attempts, att)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
