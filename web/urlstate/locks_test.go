package urlstate

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"latentlab/web/params"
)

func TestLockOptions(t *testing.T) {
	o, notes := DecodeOptions(url.Values{"lock": {"lr, beta,trainer.seed,<b>,beta"}, "actions": {"off"}})
	if !reflect.DeepEqual(o.Lock, []string{"beta", "lr", "trainer.seed"}) || !o.ActionsOff || len(notes) != 1 {
		t.Fatalf("DecodeOptions = %+v, notes %v", o, notes)
	}
	if len(notes[0].Message) == 0 || strings.Contains(notes[0].Message, "<b>") {
		t.Errorf("the note repeats the refused text: %q", notes[0].Message)
	}
	table := params.NewTable(
		params.NewFloat(params.Param{Name: "beta", Default: 1.0, Min: 0, Max: 5}),
		params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 9}),
		params.NewInt(params.Param{Name: "n", Default: 1, Min: 0, Max: 9}))
	if got := o.LockedParams("trainer", table); !reflect.DeepEqual(got, []string{"beta", "seed"}) {
		t.Errorf("trainer locks %v, want beta and seed", got)
	}
	if got := o.LockedParams("prior", table); !reflect.DeepEqual(got, []string{"beta"}) {
		t.Errorf("prior locks %v, want beta", got)
	}
	if got := (Options{Locked: true}).LockedParams("x", table); len(got) != 3 {
		t.Errorf("controls=locked locks %v, want every setting", got)
	}
	if q := o.Query().Encode(); q != "actions=off&lock=beta%2Clr%2Ctrainer.seed" {
		t.Errorf("Query = %s", q)
	}
	// A lesson page's lock= in the embed of one widget: its own names plain.
	e := EmbedQuery(url.Values{"lock": {"trainer.seed,prior.n,lr"}, "actions": {"off"}}, "trainer")
	if e.Encode() != "actions=off&lock=lr%2Cseed" {
		t.Errorf("EmbedQuery = %s", e.Encode())
	}
	if _, notes := DecodeOptions(url.Values{"actions": {"sometimes"}}); len(notes) != 1 {
		t.Errorf("actions=sometimes: notes %v", notes)
	}
}

func TestLessonQueryUndoesEmbedQuery(t *testing.T) {
	lessonQ := url.Values{"trainer.beta": {"2"}, "trainer.seed": {"7"}, "theme": {"dark"}}
	e := EmbedQuery(lessonQ, "trainer")
	e.Set("controls", "locked")
	e.Set("origin", "https://course.example.edu")
	if got := LessonQuery(e, "trainer").Encode(); got != lessonQ.Encode() {
		t.Fatalf("LessonQuery(EmbedQuery(q)) = %s, want %s", got, lessonQ.Encode())
	}
	if got := LessonQuery(url.Values{"trainer.beta": {"2"}, "lock": {"beta"}}, "").Encode(); got != "trainer.beta=2" {
		t.Fatalf("whole-lesson embed: %s", got)
	}
}
