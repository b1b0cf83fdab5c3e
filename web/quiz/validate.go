package quiz

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Problem is one authoring mistake found by Validate. Path locates it in the
// quiz block, e.g. "questions[2].answer"; the lesson compiler maps it to a
// line of the lesson file.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// QuestionID returns the id of question i: its ID, or "q1", "q2", … by
// position when the author left it out.
func (q *Quiz) QuestionID(i int) string {
	if id := strings.TrimSpace(q.Questions[i].ID); id != "" {
		return id
	}
	return fmt.Sprintf("q%d", i+1)
}

// validID reports whether s is usable in URLs and storage keys.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Validate checks the quiz as written by an author and returns every problem
// found (nil when the quiz is fine): known types, answers that fit the type,
// indices in range, a tolerance for numeric answers, at least one accepted
// text answer, a model answer for reflections, unique ids, known formulas
// with matching parameter ranges.
func (q *Quiz) Validate() []Problem {
	var ps []Problem
	add := func(path, format string, a ...any) {
		ps = append(ps, Problem{path, fmt.Sprintf(format, a...)})
	}
	if !validID(q.ID) {
		add("id", "quiz id %q must be 1–64 letters, digits, '-' or '_'", q.ID)
	}
	if len(q.Questions) == 0 {
		add("questions", "a quiz needs at least one question")
	}
	seen := map[string]int{}
	for i := range q.Questions {
		qu := &q.Questions[i]
		at := fmt.Sprintf("questions[%d]", i)
		id := q.QuestionID(i)
		if !validID(id) {
			add(at+".id", "question id %q must be 1–64 letters, digits, '-' or '_'", id)
		}
		if j, dup := seen[id]; dup {
			add(at+".id", "question id %q is also used by question %d", id, j+1)
		}
		seen[id] = i
		for _, p := range qu.validate() {
			p.Path = at + "." + p.Path
			ps = append(ps, p)
		}
	}
	return ps
}

// validate checks one question; paths are relative to the question.
func (qu *Question) validate() []Problem {
	var ps []Problem
	add := func(path, format string, a ...any) {
		ps = append(ps, Problem{path, fmt.Sprintf(format, a...)})
	}
	if strings.TrimSpace(qu.Prompt) == "" {
		add("prompt", "the question has no prompt")
	}
	known := false
	for _, t := range Types {
		known = known || qu.Type == t
	}
	if !known {
		add("type", "unknown question type %q (want one of %s)", qu.Type, strings.Join(Types, ", "))
		return ps
	}
	choiceType := qu.Type == Single || qu.Type == Multiple
	if choiceType && len(qu.Choices) < 2 {
		add("choices", "a %s question needs at least two choices", qu.Type)
	}
	if !choiceType && len(qu.Choices) > 0 {
		add("choices", "a %s question takes no choices", qu.Type)
	}
	for k, c := range qu.Choices {
		if strings.TrimSpace(c) == "" {
			add(fmt.Sprintf("choices[%d]", k), "empty choice")
		}
	}
	if len(qu.Feedback) > 0 {
		switch {
		case choiceType && len(qu.Feedback) != len(qu.Choices):
			add("feedback", "feedback has %d entries for %d choices (one per choice)", len(qu.Feedback), len(qu.Choices))
		case qu.Type == TrueFalse && len(qu.Feedback) != 2:
			add("feedback", "truefalse feedback needs two entries: for true, then for false")
		case !choiceType && qu.Type != TrueFalse:
			add("feedback", "per-choice feedback only applies to single, multiple and truefalse questions; use explain")
		}
	}
	if qu.Type != Numeric && qu.Formula != "" {
		add("formula", "only numeric questions can use a formula")
	}
	if qu.Type != Numeric && len(qu.Params) > 0 {
		add("params", "only numeric questions can draw parameters")
	}
	switch qu.Type {
	case Single:
		i, ok := qu.Answer.Index()
		switch {
		case !ok:
			add("answer", "a single-choice answer must be one choice index (0-based)")
		case i < 0 || i >= len(qu.Choices):
			add("answer", "answer index %d is out of range: there are %d choices (0 to %d)", i, len(qu.Choices), len(qu.Choices)-1)
		}
	case Multiple:
		idx, ok := qu.Answer.Indices()
		if !ok || len(idx) == 0 {
			add("answer", "a multiple-select answer must be a list of choice indices (0-based)")
			break
		}
		dup := map[int]bool{}
		for _, i := range idx {
			if i < 0 || i >= len(qu.Choices) {
				add("answer", "answer index %d is out of range: there are %d choices (0 to %d)", i, len(qu.Choices), len(qu.Choices)-1)
			}
			if dup[i] {
				add("answer", "answer index %d is listed twice", i)
			}
			dup[i] = true
		}
	case TrueFalse:
		if _, ok := qu.Answer.Bool(); !ok {
			add("answer", "a truefalse answer must be true or false")
		}
	case Numeric:
		ps = append(ps, qu.validateNumeric()...)
	case Text:
		ts, ok := qu.Answer.Texts()
		n := 0
		for _, t := range ts {
			if normaliseText(t) != "" {
				n++
			}
		}
		if !ok || n == 0 {
			add("answer", "a text question needs at least one accepted answer")
		}
	case Reflection:
		if strings.TrimSpace(qu.ModelAnswer) == "" {
			add("model_answer", "a reflection question needs a model_answer")
		}
		if !qu.Answer.IsZero() {
			add("answer", "a reflection question has no answer; write model_answer instead")
		}
	}
	return ps
}

func (qu *Question) validateNumeric() []Problem {
	var ps []Problem
	add := func(path, format string, a ...any) {
		ps = append(ps, Problem{path, fmt.Sprintf(format, a...)})
	}
	switch {
	case qu.Tolerance == nil:
		add("tolerance", "a numeric question needs a tolerance (absolute, e.g. 0.01)")
	case *qu.Tolerance < 0 || math.IsNaN(*qu.Tolerance) || math.IsInf(*qu.Tolerance, 0):
		add("tolerance", "tolerance must be a finite number ≥ 0")
	}
	if qu.Formula == "" {
		if _, ok := qu.Answer.Number(); !ok {
			add("answer", "a numeric answer must be a finite number (or use formula and params)")
		}
		if len(qu.Params) > 0 {
			add("formula", "params are drawn only for a formula; name one of %s", strings.Join(FormulaNames(), ", "))
		}
		return ps
	}
	f, ok := LookupFormula(qu.Formula)
	if !ok {
		add("formula", "unknown formula %q (want one of %s)", qu.Formula, strings.Join(FormulaNames(), ", "))
		return ps
	}
	if !qu.Answer.IsZero() {
		add("answer", "the answer is computed by formula %q; remove answer", qu.Formula)
	}
	for _, name := range f.Params {
		r, ok := qu.Params[name]
		if !ok {
			add("params", "formula %q needs parameter %q", f.Name, name)
			continue
		}
		at := "params." + name
		switch {
		case !finite(r.Min) || !finite(r.Max) || !finite(r.Step):
			add(at, "min, max and step must be finite numbers")
		case r.Min > r.Max:
			add(at, "min %g is above max %g", r.Min, r.Max)
		case r.Step <= 0:
			add(at, "step must be positive")
		case (r.Max-r.Min)/r.Step > 1e6:
			add(at, "too many values (step too small)")
		default:
			if f.Check != nil {
				if err := f.Check(name, r); err != nil {
					add(at, "%v", err)
				}
			}
		}
	}
	var extra []string
	for name := range qu.Params {
		if !f.has(name) {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		add("params."+name, "formula %q takes no parameter %q (it takes %s)", f.Name, name, strings.Join(f.Params, ", "))
	}
	return ps
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
