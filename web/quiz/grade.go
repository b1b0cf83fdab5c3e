package quiz

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Self-ratings of a reflection question, from best to worst.
const (
	GotIt  = "got"    // "Got it": score 1, counts as correct
	Partly = "partly" // "Partly": score 0.5
	NotYet = "not"    // "Not yet": score 0
)

// Response is what a student gave for one question.
type Response struct {
	// Choices are the picked choice indices: one for single, any for
	// multiple; truefalse uses 0 for True and 1 for False.
	Choices []int
	// Text is the typed answer of numeric and text questions, and the
	// student's own writing for a reflection.
	Text string
	// Rating is the reflection self-rating: GotIt, Partly or NotYet.
	Rating string
}

// Result is the outcome of grading one response.
type Result struct {
	Correct  bool    // fully right
	Score    float64 // in [0, 1]; partial credit for multiple select and reflections
	Verdict  string  // "Correct.", "Partly right.", "Not quite." …
	Feedback string  // Verdict then the explanation for what was chosen
	Answered bool    // false when the response was empty (nothing to grade)
	Response string  // the response as text, for xAPI result.response
}

// Grade grades response r to question q (for a parameterised question, pass
// the copy returned by Draw). It never panics on odd input.
func Grade(q *Question, r Response) Result {
	switch q.Type {
	case Single, TrueFalse:
		return gradeSingle(q, r)
	case Multiple:
		return gradeMultiple(q, r)
	case Numeric:
		return gradeNumeric(q, r)
	case Text:
		return gradeText(q, r)
	case Reflection:
		return gradeReflection(q, r)
	}
	return Result{Verdict: "Unknown question type.", Feedback: "Unknown question type."}
}

func join(parts ...string) string {
	var b []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			b = append(b, p)
		}
	}
	return strings.Join(b, " ")
}

func (q *Question) feedbackFor(i int) string {
	if i >= 0 && i < len(q.Feedback) {
		return q.Feedback[i]
	}
	return ""
}

func gradeSingle(q *Question, r Response) Result {
	labels := q.ChoiceLabels()
	if len(r.Choices) == 0 || r.Choices[0] < 0 || r.Choices[0] >= len(labels) {
		return Result{Verdict: "Choose an answer first.", Feedback: "Choose an answer first."}
	}
	pick := r.Choices[0]
	var want int
	if q.Type == TrueFalse {
		b, _ := q.Answer.Bool()
		if !b {
			want = 1
		}
	} else {
		want, _ = q.Answer.Index()
	}
	res := Result{Answered: true, Response: labels[pick]}
	own := q.feedbackFor(pick)
	if pick == want {
		res.Correct, res.Score, res.Verdict = true, 1, "Correct."
		res.Feedback = join(res.Verdict, own, q.Explain)
		return res
	}
	res.Verdict = "Not quite."
	if own == "" {
		own = q.Explain
	}
	res.Feedback = join(res.Verdict, own)
	return res
}

func gradeMultiple(q *Question, r Response) Result {
	want, _ := q.Answer.Indices()
	isRight := map[int]bool{}
	for _, i := range want {
		isRight[i] = true
	}
	picked := map[int]bool{}
	var picks []int
	for _, i := range r.Choices {
		if i >= 0 && i < len(q.Choices) && !picked[i] {
			picked[i] = true
			picks = append(picks, i)
		}
	}
	sort.Ints(picks)
	if len(picks) == 0 {
		return Result{Verdict: "Select at least one option.", Feedback: "Select at least one option."}
	}
	right, wrong := 0, 0
	var notes, labels []string
	for _, i := range picks {
		labels = append(labels, q.Choices[i])
		if isRight[i] {
			right++
		} else {
			wrong++
		}
		if f := q.feedbackFor(i); f != "" {
			notes = append(notes, fmt.Sprintf("%s: %s", q.Choices[i], f))
		}
	}
	res := Result{Answered: true, Response: strings.Join(labels, "; ")}
	if len(want) > 0 {
		res.Score = math.Max(0, float64(right-wrong)/float64(len(want)))
	}
	res.Correct = wrong == 0 && right == len(want)
	switch {
	case res.Correct:
		res.Verdict = "Correct."
	case res.Score > 0:
		res.Verdict = fmt.Sprintf("Partly right: %d of %d correct options selected, %d incorrect.", right, len(want), wrong)
	default:
		res.Verdict = fmt.Sprintf("Not quite: %d of %d correct options selected, %d incorrect.", right, len(want), wrong)
	}
	explain := ""
	if res.Correct || len(notes) == 0 {
		explain = q.Explain
	}
	res.Feedback = join(append(append([]string{res.Verdict}, notes...), explain)...)
	return res
}

var numberPrefix = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`)

// ParseNumber reads a typed number, optionally followed by a unit: "0.5",
// "−1.2e-3", "0,5", "0.25 nats". It returns the number and the unit text
// (trimmed, possibly empty), or ok=false when no number starts the text.
func ParseNumber(s string) (x float64, unit string, ok bool) {
	s = strings.TrimSpace(strings.NewReplacer("−", "-", "–", "-", "\u00a0", " ", "\u202f", "").Replace(s))
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	m := numberPrefix.FindString(s)
	if m == "" {
		return 0, "", false
	}
	x, err := strconv.ParseFloat(m, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, "", false
	}
	return x, strings.TrimSpace(s[len(m):]), true
}

// unitMatches accepts the question's unit in any case, singular or plural.
func unitMatches(typed, want string) bool {
	t, w := strings.ToLower(typed), strings.ToLower(strings.TrimSpace(want))
	return t == w || t+"s" == w || t == w+"s"
}

func gradeNumeric(q *Question, r Response) Result {
	if strings.TrimSpace(r.Text) == "" {
		return Result{Verdict: "Type a number first.", Feedback: "Type a number first."}
	}
	x, unit, ok := ParseNumber(r.Text)
	res := Result{Answered: true, Response: strings.TrimSpace(r.Text)}
	if !ok {
		res.Answered = false
		res.Verdict = "That is not a number."
		res.Feedback = join(res.Verdict, "Type digits such as 0.25 or 1e-3.")
		return res
	}
	if unit != "" && !unitMatches(unit, q.Unit) {
		res.Verdict = "Check the unit."
		if q.Unit == "" {
			res.Feedback = join(res.Verdict, "Type the number only.")
		} else {
			res.Feedback = join(res.Verdict, fmt.Sprintf("The answer is expected in %s.", q.Unit))
		}
		return res
	}
	want, _ := q.Answer.Number()
	tol := 0.0
	if q.Tolerance != nil {
		tol = *q.Tolerance
	}
	// Edges are inclusive; the slack absorbs binary rounding of decimal input.
	slack := 1e-9 * math.Max(1, math.Max(math.Abs(want), tol))
	if math.Abs(x-want) <= tol+slack {
		res.Correct, res.Score, res.Verdict = true, 1, "Correct."
		res.Feedback = join(res.Verdict, q.Explain)
		return res
	}
	dir := "too high"
	if x < want {
		dir = "too low"
	}
	res.Verdict = fmt.Sprintf("Not quite: %s is %s.", FormatNumber(x), dir)
	res.Feedback = join(res.Verdict, q.Hint)
	return res
}

// normaliseText folds case, removes every kind of space and invisible
// formatting character, and trims trailing sentence punctuation, so "  Un
// Supervised. " and "unsupervised" compare equal. It is Unicode-aware.
func normaliseText(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(unicode.SimpleFold(unicode.ToUpper(r))))
	}
	return strings.TrimRight(b.String(), ".!?;:")
}

// NormaliseText exposes the text-answer normalisation (for tests and tools).
func NormaliseText(s string) string { return normaliseText(s) }

func gradeText(q *Question, r Response) Result {
	got := normaliseText(r.Text)
	if got == "" {
		return Result{Verdict: "Type an answer first.", Feedback: "Type an answer first."}
	}
	res := Result{Answered: true, Response: strings.TrimSpace(r.Text)}
	accepted, _ := q.Answer.Texts()
	for _, a := range accepted {
		if normaliseText(a) == got {
			res.Correct, res.Score, res.Verdict = true, 1, "Correct."
			res.Feedback = join(res.Verdict, q.Explain)
			return res
		}
	}
	res.Verdict = "Not quite."
	res.Feedback = join(res.Verdict, q.Hint)
	return res
}

func gradeReflection(q *Question, r Response) Result {
	res := Result{Answered: true, Response: strings.TrimSpace(r.Text)}
	switch r.Rating {
	case GotIt:
		res.Correct, res.Score, res.Verdict = true, 1, "You rated your answer: got it."
	case Partly:
		res.Score, res.Verdict = 0.5, "You rated your answer: partly. Compare it with the model answer and try again later."
	case NotYet:
		res.Verdict = "You rated your answer: not yet. Reread the section and compare with the model answer."
	default:
		return Result{Verdict: "Write your answer, reveal the model answer, then rate yourself.", Feedback: "Write your answer, reveal the model answer, then rate yourself."}
	}
	res.Feedback = join(res.Verdict, q.Explain)
	return res
}
