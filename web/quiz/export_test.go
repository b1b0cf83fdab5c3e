package quiz

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestResultsCSVAndJSONHoldTheSameRows(t *testing.T) {
	l := &LessonProgress{Quizzes: map[string]*QuizProgress{
		"check": {Questions: map[string]*QuestionProgress{
			"q2": {Correct: false, Score: 0.5, Attempts: 2},
			"q1": {Correct: true, Score: 1, Attempts: 1},
			"r1": {Text: "typed, never rated"},
		}},
	}}
	rows := ResultRows("vae", l)
	if len(rows) != 2 || rows[0].Question != "q1" || rows[1].Score != 0.5 {
		t.Fatalf("rows %+v", rows)
	}
	csv := string(ResultsCSV(rows))
	want := "lesson,quiz,question,attempts,score,correct,rated\nvae,check,q1,1,1,true,false\nvae,check,q2,2,0.5,false,false\n"
	if csv != want {
		t.Fatalf("CSV:\n%s\nwant:\n%s", csv, want)
	}
	var back []ResultRow
	if err := json.Unmarshal(ResultsJSON(rows), &back); err != nil || len(back) != 2 || back[1] != rows[1] {
		t.Fatalf("JSON round trip: %v %+v", err, back)
	}
	if s := string(ResultsJSON(nil)); strings.TrimSpace(s) != "[]" {
		t.Fatalf("no results: %q", s)
	}
}
