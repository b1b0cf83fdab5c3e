package quizview

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/embedui"
	"latentlab/web/quiz"
	"latentlab/web/widget"
	"latentlab/web/xapi"
)

// records is where progress is kept: the browser's storage (tests swap it).
var records = quiz.Local

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
		return &View{Lesson: b.Lesson, Quiz: q, Embed: b.Embed, Locked: b.Locked, Hidden: b.Hidden}
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
//
// Locked (controls=locked) leaves the quiz answerable but shows `Reset
// progress` disabled with a note: an instructor's embed keeps the student's
// record. Hidden (controls=hidden) leaves the button out.
type View struct {
	app.Compo
	Lesson string
	Quiz   *quiz.Quiz
	Embed  bool
	Locked bool // controls=locked
	Hidden bool // controls=hidden

	key        string // Lesson/Quiz.ID the state belongs to
	qs         []quiz.Question
	resp       []quiz.Response
	results    []*quiz.Result
	hint       []bool
	revealed   []bool
	dirty      []bool   // reflection typed since the last save
	draftNote  []string // "Saved in this browser." etc. under a reflection
	unsaved    []string // why question i's last answer or text is not stored, "" when it is
	retrying   bool     // a retry of the unsaved writes is scheduled
	retryDelay time.Duration
	persistent bool   // the browser keeps what is saved (false: storage blocked)
	draftGen   uint64 // bumped by each keystroke and save: debounce
	unlisten   func()
	progress   *quiz.Progress
	notice     string
	target     string // origin quiz results are posted to; "" posts none
	originNote string // why origin= was refused
	attempt    uint64
	sentDone   bool
	launch     *xapi.Launch // xAPI launch: results also go to this LRS
	launchNote string       // why the launch parameters were refused
	cmi5       *cmi5Page    // cmi5 launch: the page's session
	lrs        xapi.State   // delivery to the LRS
}

// OnMount loads stored progress, draws parameterised questions and decides
// where quiz results may be posted (see urlstate.TargetOrigin).
func (v *View) OnMount(ctx app.Context) {
	embedui.EnsureResizeReporter()
	v.target, v.originNote = postTarget()
	if n := originMismatch(v.target); n != "" && v.originNote == "" {
		v.originNote = n
	}
	v.startLRS(ctx)
	v.listenPageHide()
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

// OnDismount saves reflection drafts still waiting for their timer.
func (v *View) OnDismount() {
	_, _ = v.saveDrafts()
	if v.unlisten != nil {
		v.unlisten()
		v.unlisten = nil
	}
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
	v.draftGen++ // drop pending draft saves of the previous state
	if v.Quiz == nil {
		return
	}
	n := len(v.Quiz.Questions)
	v.qs = make([]quiz.Question, n)
	v.resp = make([]quiz.Response, n)
	v.results = make([]*quiz.Result, n)
	v.hint = make([]bool, n)
	v.revealed = make([]bool, n)
	v.dirty = make([]bool, n)
	v.draftNote = make([]string, n)
	v.unsaved = make([]string, n)
	v.attempt = uint64(time.Now().UnixNano())
	for i := range v.Quiz.Questions {
		v.qs[i] = v.draw(i)
	}
	v.progress, v.notice = records().Lesson(v.Lesson)
	// Not the student's doing: a failure here shows no note (the store
	// retries it with the next save).
	_ = v.update(func(p *quiz.Progress) { p.Seen(v.Lesson, v.Quiz) })
	v.restoreDrafts()
	v.sentDone = v.quizProgress().Done()
	ctx.Defer(func(app.Context) { v.syncFields() })
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
	refl := q.Type == quiz.Reflection
	err := v.update(func(p *quiz.Progress) {
		p.Record(v.Lesson, v.Quiz, qid, r, refl)
		if refl {
			p.SetText(v.Lesson, v.Quiz, qid, v.resp[i].Text)
		}
	})
	if refl {
		v.dirty[i] = false
	}
	v.saved(ctx, []int{i}, err)
	ctx.NewAction(ActionProgressChanged)
	now := time.Now()
	answered := AnsweredStatement(pageURL(), v.Lesson, v.Quiz, i, q, r, now)
	post(v.target, answered)
	v.sendLRS(ctx, answered)
	if qp := v.quizProgress(); qp.Done() && !v.sentDone {
		v.sentDone = true
		points, total := qp.Score()
		completed := CompletedStatement(pageURL(), v.Lesson, v.Quiz, points, total, now)
		post(v.target, completed)
		v.sendLRS(ctx, completed)
		if v.cmi5 != nil {
			v.cmi5.quizDone(v.Quiz.ID, points, total)
		}
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
		app.Div().Class("quiz-head").Style("display", "flex").Style("gap", ".8rem").Style("align-items", "baseline").
			Style("justify-content", "space-between").Body(
			app.H2().Class("quiz-title").ID(headID).Text(title),
			app.If(!v.Hidden, embedui.QuizButton(v.Lesson, v.Quiz.ID, title)),
		),
		app.If(v.notice != "", app.P().Class("notice").Role("status").Text(v.notice)),
		app.If(!v.persistent, app.P().Class("notice quiz-storage-note").Role("status").Text(noteNotKept)),
		app.If(v.originNote != "", app.P().Class("notice quiz-origin-note").Text(v.originNote)),
		app.If(v.lrsNotice() != "", app.P().Class("notice quiz-lrs-note").Role("status").Text(v.lrsNotice())),
		app.P().Class("quiz-score").ID("quiz-"+v.Quiz.ID+"-score").Aria("live", "polite").
			Text(fmt.Sprintf("Score: %s / %d", quiz.FormatNumber(points), total)),
		app.Div().Class("quiz-questions").Body(items...),
		app.If(!v.Hidden, v.footer()),
	)
}

// footer holds the lesson's Reset progress button; with controls=locked it
// is disabled and a note says why.
func (v *View) footer() app.UI {
	if !v.Locked {
		return app.Div().Class("quiz-footer").Body(ResetLessonButton(v.Lesson), app.Text(" "), v.resultsDownload())
	}
	note := "quiz-" + v.Quiz.ID + "-locked-note"
	return app.Div().Class("quiz-footer").Body(
		&resetButton{Lesson: v.Lesson, Locked: true, DescribedBy: note},
		app.Span().Class("quiz-locked-note").ID(note).Text(" Resetting progress is turned off on this course page. "),
		v.resultsDownload(),
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
