package quizview

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/urlstate"
	"latentlab/web/xapi"
)

// MessageType is the type of the postMessage envelope carrying a statement:
//
//	{type: "latentlab:xapi", statement: {...}}
const MessageType = "latentlab:xapi"

// Verb IDs used in statements (ADL vocabulary).
const (
	VerbAnswered  = xapi.VerbAnswered
	VerbCompleted = xapi.VerbCompleted
)

// The statement types are web/xapi's: the same statement goes to the course
// page (postMessage, without an actor: the host knows the learner) and, with
// an xAPI launch, to the learning record store (with the actor).
type (
	Statement  = xapi.Statement
	Verb       = xapi.Verb
	Object     = xapi.Object
	Definition = xapi.Definition
	Result     = xapi.Result
	Score      = xapi.Score
	Context    = xapi.Context
	Ref        = xapi.Ref
)

// Message is the postMessage envelope.
type Message struct {
	Type      string    `json:"type"`
	Statement Statement `json:"statement"`
}

var interaction = map[string]string{
	quiz.Single: "choice", quiz.Multiple: "choice", quiz.TrueFalse: "true-false",
	quiz.Numeric: "numeric", quiz.Text: "fill-in", quiz.Reflection: "long-fill-in",
}

const extLesson = "https://latentlab.invalid/xapi/lesson"

// AnsweredStatement builds the statement for one graded answer on page
// pageURL (origin + path, no query).
func AnsweredStatement(pageURL, lesson string, qz *quiz.Quiz, i int, q *quiz.Question, r quiz.Result, now time.Time) Statement {
	quizIRI := pageURL + "#" + qz.ID
	return Statement{
		Verb: Verb{ID: VerbAnswered, Display: map[string]string{"en-US": "answered"}},
		Object: Object{
			ID: quizIRI + "/" + qz.QuestionID(i), ObjectType: "Activity",
			Definition: &Definition{
				Name:            map[string]string{"en-US": oneLine(q.Prompt)},
				Type:            "http://adlnet.gov/expapi/activities/cmi.interaction",
				InteractionType: interaction[q.Type],
			},
		},
		Result: &Result{
			Success:  xapi.Bool(r.Correct),
			Score:    &Score{Scaled: r.Score, Raw: r.Score, Min: 0, Max: 1},
			Response: r.Response,
		},
		Context: &Context{
			ContextActivities: map[string][]Ref{"parent": {{ID: quizIRI}}},
			Extensions:        map[string]any{extLesson: lesson},
		},
		Timestamp: now.UTC().Format(time.RFC3339),
	}
}

// CompletedStatement builds the statement sent once when every question of
// the quiz is done.
func CompletedStatement(pageURL, lesson string, qz *quiz.Quiz, points float64, total int, now time.Time) Statement {
	title := qz.Title
	if title == "" {
		title = qz.ID
	}
	scaled := 0.0
	if total > 0 {
		scaled = points / float64(total)
	}
	return Statement{
		Verb: Verb{ID: VerbCompleted, Display: map[string]string{"en-US": "completed"}},
		Object: Object{
			ID: pageURL + "#" + qz.ID, ObjectType: "Activity",
			Definition: &Definition{
				Name: map[string]string{"en-US": title},
				Type: "http://adlnet.gov/expapi/activities/assessment",
			},
		},
		Result: &Result{
			Success: xapi.Bool(points >= float64(total)), Completion: true,
			Score: &Score{Scaled: scaled, Raw: points, Min: 0, Max: float64(total)},
		},
		Context:   &Context{Extensions: map[string]any{extLesson: lesson}},
		Timestamp: now.UTC().Format(time.RFC3339),
	}
}

// framed reports whether the page runs inside a frame.
func framed() (ok bool) {
	if !app.IsClient {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	w := app.Window()
	return !w.Get("parent").Equal(w.Get("self"))
}

// pageURL is location.origin + location.pathname.
func pageURL() string {
	if !app.IsClient {
		return ""
	}
	loc := app.Window().Get("location")
	return loc.Get("origin").String() + loc.Get("pathname").String()
}

// postTarget decides, in the browser, where quiz results may be posted:
// the origin= of the page address, else the framing page's origin from
// document.referrer, else nowhere (see urlstate.TargetOrigin). note says
// why an origin= value was refused.
func postTarget() (origin, note string) {
	if !app.IsClient {
		return "", ""
	}
	defer func() { recover() }()
	w := app.Window()
	q, err := url.ParseQuery(strings.TrimPrefix(w.Get("location").Get("search").String(), "?"))
	if err != nil {
		q = url.Values{}
	}
	o, n := urlstate.TargetOrigin(q, w.Get("document").Get("referrer").String())
	if n != nil {
		note = n.Message
	}
	return o, note
}

// post sends statement s to the parent window when framed, and only to
// target, the course page's origin: the statements say how a student
// answered, so they never go to "*" (a page that framed the lab without
// the instructor's origin= would read them). With no target nothing is
// sent. The message is built as JSON in Go and parsed by JSON.parse (no
// eval).
func post(target string, s Statement) {
	if target == "" || !framed() {
		return
	}
	defer func() { recover() }()
	b, err := json.Marshal(Message{Type: MessageType, Statement: s})
	if err != nil {
		return
	}
	w := app.Window()
	w.Get("parent").Call("postMessage", w.Get("JSON").Call("parse", string(b)), target)
}
