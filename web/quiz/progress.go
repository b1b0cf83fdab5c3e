package quiz

import (
	"math"
	"sort"
	"strings"
)

// MaxTextLen is the longest reflection text kept, in characters (runes).
// Longer text is cut at this length when saved or loaded: about two pages,
// so that a lesson's record stays far below localStorage's ~5 MB quota.
const MaxTextLen = 4000

// Progress is what a browser remembers about a student's quizzes, by lesson
// slug. It is stored one record per lesson (see Records and record.go).
type Progress struct {
	Lessons map[string]*LessonProgress `json:"lessons"`
}

// LessonProgress is the progress in one lesson.
type LessonProgress struct {
	Quizzes map[string]*QuizProgress `json:"quizzes"`
	// Completed is true once every question of every quiz seen in the lesson
	// is done (see QuizProgress.Done). It stays true afterwards.
	Completed bool `json:"completed"`
	// Predictions are the lesson's ungraded predict-then-observe items, by
	// id (see Prediction).
	Predictions map[string]*Prediction `json:"predictions,omitempty"`
}

// QuizProgress is the progress in one quiz.
type QuizProgress struct {
	// Total is the number of questions of the quiz when it was last shown,
	// so pages without the quiz (the catalog) can compute percentages.
	Total     int                          `json:"total,omitempty"`
	Questions map[string]*QuestionProgress `json:"questions"`
}

// QuestionProgress is the progress on one question.
type QuestionProgress struct {
	Correct  bool    `json:"correct"`  // answered correctly at least once (reflection: rated "got it")
	Score    float64 `json:"score"`    // best score so far, in [0, 1]
	Attempts int     `json:"attempts"` // graded attempts
	Rated    bool    `json:"rated,omitempty"`
	// Text is the student's reflection as last typed (at most MaxTextLen
	// characters); kept even before the first rating (Attempts 0).
	Text string `json:"text,omitempty"`
}

// NewProgress returns an empty progress record.
func NewProgress() *Progress {
	return &Progress{Lessons: map[string]*LessonProgress{}}
}

// clean fills nil maps, drops nil entries, cuts over-long texts and reports
// whether every value is plausible.
func (l *LessonProgress) clean() bool {
	if l.Quizzes == nil {
		l.Quizzes = map[string]*QuizProgress{}
	}
	l.cleanPredictions()
	for id, qp := range l.Quizzes {
		if qp == nil {
			delete(l.Quizzes, id)
			continue
		}
		if qp.Total < 0 || qp.Total > maxQuestions {
			return false
		}
		if qp.Questions == nil {
			qp.Questions = map[string]*QuestionProgress{}
		}
		for qid, s := range qp.Questions {
			if s == nil {
				delete(qp.Questions, qid)
				continue
			}
			if math.IsNaN(s.Score) || s.Score < 0 || s.Score > 1 || s.Attempts < 0 || s.Attempts > maxAttempts {
				return false
			}
			s.Text = CapText(s.Text)
		}
	}
	return true
}

// Bounds of plausible stored values: a record beyond them was not written
// by this code.
const (
	maxQuestions = 10000
	maxAttempts  = 1 << 30
)

func (p *Progress) lesson(slug string) *LessonProgress {
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	l := p.Lessons[slug]
	if l == nil {
		l = &LessonProgress{Quizzes: map[string]*QuizProgress{}}
		p.Lessons[slug] = l
	}
	return l
}

func (p *Progress) quiz(slug, quizID string) *QuizProgress {
	l := p.lesson(slug)
	qp := l.Quizzes[quizID]
	if qp == nil {
		qp = &QuizProgress{Questions: map[string]*QuestionProgress{}}
		l.Quizzes[quizID] = qp
	}
	return qp
}

// Question returns the stored progress of one question (nil if none).
func (p *Progress) Question(slug, quizID, qid string) *QuestionProgress {
	if l := p.Lessons[slug]; l != nil {
		if qp := l.Quizzes[quizID]; qp != nil {
			return qp.Questions[qid]
		}
	}
	return nil
}

// Text returns the stored reflection text of one question ("" if none).
func (p *Progress) Text(slug, quizID, qid string) string {
	if s := p.Question(slug, quizID, qid); s != nil {
		return s.Text
	}
	return ""
}

// SetText stores the reflection text of one question, cut to MaxTextLen.
// Blank text removes it (and the question's entry when nothing else was
// recorded), so that an emptied draft leaves no trace.
func (p *Progress) SetText(slug string, q *Quiz, qid, text string) {
	text = CapText(text)
	if strings.TrimSpace(text) == "" {
		p.clearText(slug, q.ID, qid)
		return
	}
	p.question(slug, q, qid).Text = text
}

func (p *Progress) clearText(slug, quizID, qid string) {
	l := p.Lessons[slug]
	if l == nil || l.Quizzes[quizID] == nil {
		return
	}
	qs := l.Quizzes[quizID].Questions
	if s := qs[qid]; s != nil {
		s.Text = ""
		if s.Attempts == 0 && !s.Correct && !s.Rated {
			delete(qs, qid)
		}
	}
}

// question returns (creating) question qid's record in quiz q of lesson
// slug, keeping the quiz's question count current.
func (p *Progress) question(slug string, q *Quiz, qid string) *QuestionProgress {
	qp := p.quiz(slug, q.ID)
	qp.Total = len(q.Questions)
	s := qp.Questions[qid]
	if s == nil {
		s = &QuestionProgress{}
		qp.Questions[qid] = s
	}
	return s
}

// CapText cuts s to at most MaxTextLen characters, at a rune boundary.
func CapText(s string) string {
	if len(s) <= MaxTextLen { // bytes ≥ runes: short strings are fine
		return s
	}
	n := 0
	for i := range s {
		if n == MaxTextLen {
			return s[:i]
		}
		n++
	}
	return s
}

// Seen records that quiz q is part of lesson slug (its question count), so
// that lesson completion and percentages account for it before any answer.
func (p *Progress) Seen(slug string, q *Quiz) {
	p.quiz(slug, q.ID).Total = len(q.Questions)
}

// Record stores a graded attempt: attempts go up, Correct is sticky, Score
// keeps the best. Empty responses (r.Answered false) are not recorded.
func (p *Progress) Record(slug string, q *Quiz, qid string, r Result, reflection bool) {
	if !r.Answered {
		return
	}
	s := p.question(slug, q, qid)
	s.Attempts++
	s.Correct = s.Correct || r.Correct
	s.Score = math.Max(s.Score, math.Min(1, math.Max(0, r.Score)))
	s.Rated = s.Rated || reflection
	p.updateCompleted(slug)
}

// Done reports whether the question counts as done for completion: answered
// correctly, or (reflection) self-rated at all.
func (s *QuestionProgress) Done() bool { return s != nil && (s.Correct || s.Rated) }

// Done reports whether every question of the quiz is done.
func (qp *QuizProgress) Done() bool {
	n := 0
	for _, s := range qp.Questions {
		if s.Done() {
			n++
		}
	}
	return qp.Total > 0 && n >= qp.Total
}

// Score returns the quiz's points: the sum of best scores, and the total.
func (qp *QuizProgress) Score() (points float64, total int) {
	for _, s := range qp.Questions {
		points += s.Score
	}
	return points, qp.Total
}

// updateCompleted applies the completion rule: a lesson is complete when it
// has at least one quiz and every quiz recorded for it is Done (a reflection
// counts once self-rated, whatever the rating).
func (p *Progress) updateCompleted(slug string) {
	l := p.lesson(slug)
	if l.Completed || len(l.Quizzes) == 0 {
		return
	}
	for _, qp := range l.Quizzes {
		if !qp.Done() {
			return
		}
	}
	l.Completed = true
}

// LessonSummary is what the catalog shows for one lesson.
type LessonSummary struct {
	Done      int  // questions done
	Total     int  // questions in the quizzes seen so far
	Percent   int  // 0–100, Done/Total rounded down
	Completed bool // the lesson's completion flag
	Started   bool // any question attempted
}

// Summary returns the progress of lesson slug for the catalog.
func (p *Progress) Summary(slug string) LessonSummary {
	var s LessonSummary
	l := p.Lessons[slug]
	if l == nil {
		return s
	}
	s.Completed = l.Completed
	ids := make([]string, 0, len(l.Quizzes))
	for id := range l.Quizzes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		qp := l.Quizzes[id]
		s.Total += qp.Total
		for _, q := range qp.Questions {
			s.Started = s.Started || q.Attempts > 0
			if q.Done() {
				s.Done++
			}
		}
	}
	if s.Done > s.Total {
		s.Total = s.Done
	}
	if s.Total > 0 {
		s.Percent = 100 * s.Done / s.Total
	}
	if s.Completed {
		s.Percent = 100
	}
	return s
}

// ResetLesson forgets the progress of one lesson.
func (p *Progress) ResetLesson(slug string) { delete(p.Lessons, slug) }
