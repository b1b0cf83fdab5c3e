package xapi

import (
	"crypto/rand"
	"fmt"
)

// Verb IDs used in statements (ADL vocabulary).
const (
	VerbAnswered  = "http://adlnet.gov/expapi/verbs/answered"
	VerbCompleted = "http://adlnet.gov/expapi/verbs/completed"
)

// Statement is an xAPI statement. Without a launch (postMessage to a
// course page) it has no actor and no id: the host knows the learner.
type Statement struct {
	ID        string   `json:"id,omitempty"`
	Actor     *Agent   `json:"actor,omitempty"`
	Verb      Verb     `json:"verb"`
	Object    Object   `json:"object"`
	Result    *Result  `json:"result,omitempty"`
	Context   *Context `json:"context,omitempty"`
	Timestamp string   `json:"timestamp"`
}

// Verb is an xAPI verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

// Object is the activity: a question "<page>#<quiz>/<question>" or a quiz
// "<page>#<quiz>".
type Object struct {
	ID         string      `json:"id"`
	ObjectType string      `json:"objectType"`
	Definition *Definition `json:"definition,omitempty"`
}

// Definition describes the activity.
type Definition struct {
	Name            map[string]string `json:"name"`
	Type            string            `json:"type"`
	InteractionType string            `json:"interactionType,omitempty"`
}

// Result is the outcome. Success is a pointer because "not said" differs
// from "failed" (cmi5's completed statement must not say).
type Result struct {
	Success    *bool  `json:"success,omitempty"`
	Completion bool   `json:"completion,omitempty"`
	Score      *Score `json:"score,omitempty"`
	Response   string `json:"response,omitempty"`
	Duration   string `json:"duration,omitempty"` // ISO 8601, e.g. PT42.5S
}

// Succeeded reports whether the result says success.
func (r *Result) Succeeded() bool { return r != nil && r.Success != nil && *r.Success }

// Bool returns a pointer to b (for Result.Success).
func Bool(b bool) *bool { return &b }

// Score is the xAPI score; Scaled is in [0, 1].
type Score struct {
	Scaled float64 `json:"scaled"`
	Raw    float64 `json:"raw"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Context links a question to its quiz and lesson.
type Context struct {
	Registration      string           `json:"registration,omitempty"`
	ContextActivities map[string][]Ref `json:"contextActivities,omitempty"`
	Extensions        map[string]any   `json:"extensions,omitempty"`
}

// Ref is an activity reference.
type Ref struct {
	ID         string `json:"id"`
	ObjectType string `json:"objectType,omitempty"`
}

// ForLaunch returns s as sent to the launch's LRS: a fresh statement id (so
// a retried POST is recognised), the actor, the registration, and the
// lesson's activity (the course's activity_id, else lessonIRI) as the
// grouping activity.
func (l *Launch) ForLaunch(s Statement, lessonIRI string) Statement {
	s.ID = NewUUID()
	s.Actor = l.Actor
	c := Context{}
	if s.Context != nil {
		c = *s.Context
		acts := map[string][]Ref{}
		for k, v := range c.ContextActivities {
			acts[k] = append([]Ref(nil), v...)
		}
		c.ContextActivities = acts
	}
	if c.ContextActivities == nil {
		c.ContextActivities = map[string][]Ref{}
	}
	lesson := l.ActivityID
	if lesson == "" {
		lesson = lessonIRI
	}
	if lesson != "" && lesson != s.Object.ID {
		c.ContextActivities["grouping"] = append(c.ContextActivities["grouping"], Ref{ID: lesson, ObjectType: "Activity"})
	}
	c.Registration = l.Registration
	s.Context = &c
	return s
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
