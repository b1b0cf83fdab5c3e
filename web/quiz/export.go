package quiz

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"sort"
	"strconv"
)

// ResultRow is one question of a student's results in a lesson, as handed
// in: the CSV and the JSON download hold the same rows.
type ResultRow struct {
	Lesson   string  `json:"lesson"`
	Quiz     string  `json:"quiz"`
	Question string  `json:"question"`
	Attempts int     `json:"attempts"`
	Score    float64 `json:"score"` // best score, in [0, 1]
	Correct  bool    `json:"correct"`
	Rated    bool    `json:"rated"` // a reflection the student rated
}

// ResultRows lists lesson slug's stored progress, one row per question
// tried, sorted by quiz and question.
func ResultRows(slug string, l *LessonProgress) []ResultRow {
	var rows []ResultRow
	if l == nil {
		return rows
	}
	for qid, qp := range l.Quizzes {
		for q, s := range qp.Questions {
			if s.Attempts == 0 && !s.Rated {
				continue // a reflection typed but never rated
			}
			rows = append(rows, ResultRow{Lesson: slug, Quiz: qid, Question: q, Attempts: s.Attempts, Score: s.Score, Correct: s.Correct, Rated: s.Rated})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Quiz != rows[j].Quiz {
			return rows[i].Quiz < rows[j].Quiz
		}
		return rows[i].Question < rows[j].Question
	})
	return rows
}

// ResultsCSV writes rows as CSV with a header line.
func ResultsCSV(rows []ResultRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"lesson", "quiz", "question", "attempts", "score", "correct", "rated"})
	for _, r := range rows {
		_ = w.Write([]string{r.Lesson, r.Quiz, r.Question, strconv.Itoa(r.Attempts),
			strconv.FormatFloat(r.Score, 'g', -1, 64), strconv.FormatBool(r.Correct), strconv.FormatBool(r.Rated)})
	}
	w.Flush()
	return b.Bytes()
}

// ResultsJSON writes rows as an indented JSON array.
func ResultsJSON(rows []ResultRow) []byte {
	if rows == nil {
		rows = []ResultRow{}
	}
	b, _ := json.MarshalIndent(rows, "", "  ")
	return append(b, '\n')
}
