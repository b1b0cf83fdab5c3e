package lesson

import (
	"encoding/json"
	"testing"

	"latentlab/web/quiz"
)

func TestBlockLookup(t *testing.T) {
	l := Lesson{Blocks: []Block{
		{Kind: KindHTML, HTML: "<p>x</p>"},
		{Kind: KindWidget, Widget: "eps-to-z", ID: "eps"},
		{Kind: KindQuiz, ID: "check", Quiz: &quiz.Quiz{ID: "check"}},
		{Kind: KindError, ID: "broken", Error: "lessons/x.md:3: unknown widget"},
	}}
	for _, id := range []string{"eps", "check", "broken"} {
		if b, ok := l.Widget(id); !ok || b.ID != id {
			t.Errorf("Widget(%q) = %+v, %v", id, b, ok)
		}
	}
	if _, ok := l.Widget(""); ok {
		t.Error("the empty id matched the HTML block")
	}
	if _, ok := l.Widget("nope"); ok {
		t.Error("unknown id found")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := Lesson{Meta: Meta{Title: "T", Slug: "t", Order: 1, Minutes: 5, Objectives: []string{"o"}, File: "lessons/t.md"},
		Headings: []Heading{{ID: "a", Text: "A", Level: 2}},
		Blocks:   []Block{{Kind: KindWidget, Widget: "w", ID: "w1", Params: map[string]string{"beta": "2"}, Line: 9}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Lesson
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Meta.Title != "T" || out.Blocks[0].Params["beta"] != "2" || out.Headings[0].Level != 2 {
		t.Errorf("round trip lost data: %s", b)
	}
}
