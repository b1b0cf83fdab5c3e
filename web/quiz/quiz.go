// Package quiz is Latent Lab's self-assessment engine: the quiz types that
// lesson files declare in ```quiz``` blocks, their validation (used by the
// lesson linter), grading of every question type, parameterised numeric
// questions whose answers come from core/formula, and the versioned progress
// records kept in the browser's storage (one per lesson, through web/store).
//
// The package is pure Go (no gonum, no syscall/js: storage is web/store's)
// so the lesson compiler, the UI binary and native tests all share it.
package quiz

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Question types, as written in lesson files.
const (
	Single     = "single"     // one choice among Choices; Answer is an index
	Multiple   = "multiple"   // any subset of Choices; Answer is a list of indices
	TrueFalse  = "truefalse"  // Answer is true or false
	Numeric    = "numeric"    // Answer is a number, accepted within ±Tolerance
	Text       = "text"       // Answer is one or more accepted strings
	Reflection = "reflection" // free writing, ModelAnswer revealed, self-rated
)

// Types lists every question type in the order the authoring guide shows them.
var Types = []string{Single, Multiple, TrueFalse, Numeric, Text, Reflection}

// Quiz is one ```quiz``` block of a lesson.
type Quiz struct {
	ID        string     `yaml:"id" json:"id"`
	Title     string     `yaml:"title,omitempty" json:"title,omitempty"`
	Questions []Question `yaml:"questions" json:"questions"`
}

// Range is the domain of one drawn parameter of a parameterised question:
// values min, min+step, …, never above max.
type Range struct {
	Min  float64 `yaml:"min" json:"min"`
	Max  float64 `yaml:"max" json:"max"`
	Step float64 `yaml:"step" json:"step"`
}

// Question is one question of a quiz. Which fields matter depends on Type.
type Question struct {
	ID          string   `yaml:"id" json:"id"`
	Type        string   `yaml:"type" json:"type"`
	Prompt      string   `yaml:"prompt" json:"prompt"`
	Choices     []string `yaml:"choices,omitempty" json:"choices,omitempty"`
	Answer      Answer   `yaml:"answer,omitempty" json:"answer,omitempty"`
	Tolerance   *float64 `yaml:"tolerance,omitempty" json:"tolerance,omitempty"` // numeric: absolute, inclusive
	Unit        string   `yaml:"unit,omitempty" json:"unit,omitempty"`           // numeric: e.g. "nats"
	Explain     string   `yaml:"explain,omitempty" json:"explain,omitempty"`
	Feedback    []string `yaml:"feedback,omitempty" json:"feedback,omitempty"` // per choice (truefalse: [true, false])
	Hint        string   `yaml:"hint,omitempty" json:"hint,omitempty"`
	ModelAnswer string   `yaml:"model_answer,omitempty" json:"model_answer,omitempty"` // reflection (Markdown; the bundle may carry HTML)
	// ModelAnswerHTML is filled by the lesson compiler with the sanitised,
	// typeset rendering of ModelAnswer; the UI prefers it when present.
	ModelAnswerHTML string           `yaml:"-" json:"model_answer_html,omitempty"`
	Params          map[string]Range `yaml:"params,omitempty" json:"params,omitempty"`
	Formula         string           `yaml:"formula,omitempty" json:"formula,omitempty"`
}

// Parameterised reports whether the question draws parameters per attempt.
func (q *Question) Parameterised() bool { return q.Formula != "" }

// ChoiceLabels returns the labels shown for a choice question: Choices, or
// "True", "False" for truefalse questions.
func (q *Question) ChoiceLabels() []string {
	if q.Type == TrueFalse {
		return []string{"True", "False"}
	}
	return q.Choices
}

// Answer is a question's expected answer as written in YAML or JSON: an
// index, a list of indices, true/false, a number, or a list of accepted
// strings. It keeps the decoded value and interprets it per question type.
type Answer struct {
	v any // nil, bool, float64, string, or []any of those
}

// NewAnswer wraps a Go value (int, float64, bool, string, []int, []string).
func NewAnswer(x any) Answer {
	switch t := x.(type) {
	case int:
		return Answer{float64(t)}
	case []int:
		l := make([]any, len(t))
		for i, n := range t {
			l[i] = float64(n)
		}
		return Answer{l}
	case []string:
		l := make([]any, len(t))
		for i, s := range t {
			l[i] = s
		}
		return Answer{l}
	}
	return Answer{normalise(x)}
}

// IsZero reports whether no answer was given.
func (a Answer) IsZero() bool { return a.v == nil }

func normalise(x any) any {
	switch t := x.(type) {
	case nil, bool, string, float64:
		return t
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case uint64:
		return float64(t)
	case float32:
		return float64(t)
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return t.String()
		}
		return f
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = normalise(e)
		}
		return l
	}
	return fmt.Sprint(x)
}

// UnmarshalYAML decodes any YAML scalar or sequence (yaml.v3 supports this
// function-style unmarshaler, so the package need not import yaml).
func (a *Answer) UnmarshalYAML(unmarshal func(any) error) error {
	var x any
	if err := unmarshal(&x); err != nil {
		return err
	}
	if _, isMap := x.(map[string]any); isMap {
		return fmt.Errorf("answer must be a number, true/false, text or a list")
	}
	a.v = normalise(x)
	return nil
}

// MarshalJSON writes the answer as plain JSON.
func (a Answer) MarshalJSON() ([]byte, error) { return json.Marshal(a.v) }

// UnmarshalJSON reads any JSON scalar or array.
func (a *Answer) UnmarshalJSON(b []byte) error {
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	if _, isMap := x.(map[string]any); isMap {
		return fmt.Errorf("answer must be a number, true/false, text or a list")
	}
	a.v = normalise(x)
	return nil
}

// Number returns the answer as a number.
func (a Answer) Number() (float64, bool) {
	switch t := a.v.(type) {
	case float64:
		return t, !math.IsNaN(t) && !math.IsInf(t, 0)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

func asIndex(x any) (int, bool) {
	f, ok := x.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false
	}
	return int(f), true
}

// Index returns the answer as one choice index.
func (a Answer) Index() (int, bool) {
	if l, ok := a.v.([]any); ok && len(l) == 1 {
		return asIndex(l[0])
	}
	return asIndex(a.v)
}

// Indices returns the answer as a list of choice indices (a single index is
// a list of one).
func (a Answer) Indices() ([]int, bool) {
	if i, ok := asIndex(a.v); ok {
		return []int{i}, true
	}
	l, ok := a.v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]int, len(l))
	for k, e := range l {
		i, ok := asIndex(e)
		if !ok {
			return nil, false
		}
		out[k] = i
	}
	return out, true
}

// Bool returns the answer as true or false ("true"/"false"/"yes"/"no" text
// is accepted too).
func (a Answer) Bool() (bool, bool) {
	switch t := a.v.(type) {
	case bool:
		return t, true
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "true", "yes":
			return true, true
		case "false", "no":
			return false, true
		}
	}
	return false, false
}

// Texts returns the accepted strings of a text answer (a single string is a
// list of one; numbers are written as text).
func (a Answer) Texts() ([]string, bool) {
	toS := func(x any) (string, bool) {
		switch t := x.(type) {
		case string:
			return t, true
		case float64:
			return strconv.FormatFloat(t, 'g', -1, 64), true
		case bool:
			return strconv.FormatBool(t), true
		}
		return "", false
	}
	if l, ok := a.v.([]any); ok {
		out := make([]string, 0, len(l))
		for _, e := range l {
			s, ok := toS(e)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	if a.v == nil {
		return nil, false
	}
	s, ok := toS(a.v)
	return []string{s}, ok
}
