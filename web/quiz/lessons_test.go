package quiz

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// lessonQuizzes decodes every ```quiz``` block of lessons/*.md.
func lessonQuizzes(t *testing.T) map[string]*Quiz {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "lessons", "*.md"))
	out := map[string]*Quiz{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		for i := 0; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) != "```quiz" {
				continue
			}
			var body []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				body = append(body, lines[i])
			}
			var q Quiz
			if err := yaml.Unmarshal([]byte(strings.Join(body, "\n")), &q); err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			out[filepath.Base(f)+"#"+q.ID] = &q
		}
	}
	return out
}

// TestLessonQuizzes: every quiz in the lessons validates, and every
// parameterised question accepts its own computed answer (as the quiz shows
// numbers, to 4 decimals) for many draws, with finite answers.
func TestLessonQuizzes(t *testing.T) {
	qs := lessonQuizzes(t)
	if len(qs) == 0 {
		t.Skip("no lessons")
	}
	for name, q := range qs {
		for _, p := range q.Validate() {
			t.Errorf("%s: %s", name, p)
		}
		for i, qu := range q.Questions {
			if !qu.Parameterised() {
				continue
			}
			for seed := uint64(0); seed < 200; seed++ {
				d, vals := Draw(qu, seed)
				ans, ok := d.Answer.Number()
				if !ok || math.IsNaN(ans) || math.IsInf(ans, 0) {
					t.Fatalf("%s question %d: draw %v gives answer %v", name, i, vals, ans)
				}
				if strings.Contains(d.Prompt, "{") {
					t.Fatalf("%s question %d: unfilled placeholder in %q", name, i, d.Prompt)
				}
				if r := Grade(&d, Response{Text: FormatNumber(ans)}); !r.Correct {
					t.Fatalf("%s question %d: own answer %s refused (%v)", name, i, FormatNumber(ans), vals)
				}
			}
		}
	}
}
