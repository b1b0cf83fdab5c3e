package urlstate

import (
	"net/url"
	"testing"

	"latentlab/web/params"
)

// The case: the lesson declares lr 0.003 and quantile spacing; the
// student picks lr 0.001 and linear spacing, the widget's defaults. The link
// must carry both, and opening it must give them back.
func TestMergeCarriesValuesThatDifferFromTheLesson(t *testing.T) {
	table := params.NewTable(
		params.NewFloat(params.Param{Name: "lr", Default: 0.001, Min: 1e-5, Max: 0.1}),
		params.NewChoice(params.Param{Name: "spacing", Default: "linear", Choices: []string{"linear", "quantile"}}),
		params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999}),
	)
	lessonVals := params.Values{"lr": 0.003, "spacing": "quantile", "seed": 1}
	Declare("trainer-t", lessonVals)
	path := "/lessons/vae"
	now := params.Values{"lr": 0.001, "spacing": "linear", "seed": 7}
	q := Merge(path, url.Values{"other.beta": {"2"}}, "trainer-t", table, now)
	want := url.Values{"other.beta": {"2"}, "trainer-t.lr": {"0.001"}, "trainer-t.spacing": {"linear"}, "trainer-t.seed": {"7"}}
	if q.Encode() != want.Encode() {
		t.Fatalf("Merge = %s, want %s", q.Encode(), want.Encode())
	}
	got, notes, _ := Apply(path, q, "trainer-t", table, lessonVals)
	if len(notes) != 0 || table.Encode(got) != table.Encode(now) {
		t.Fatalf("opening the link gave %s (notes %v), want %s", table.Encode(got), notes, table.Encode(now))
	}
	// Back to the lesson's own values: nothing of this widget in the link.
	q = Merge(path, q, "trainer-t", table, lessonVals)
	if q.Encode() != "other.beta=2" {
		t.Fatalf("at the lesson's values Merge = %s, want only the other widget's key", q.Encode())
	}
	// Encode (an embed of this widget alone) writes plain keys.
	if e := Encode("/embed/vae/trainer-t", "trainer-t", table, now, Options{Locked: true}).Encode(); e != "controls=locked&lr=0.001&seed=7&spacing=linear" {
		t.Fatalf("Encode = %s", e)
	}
}

func TestCurrentReportsTrackedValuesInPlace(t *testing.T) {
	table := params.NewTable(params.NewInt(params.Param{Name: "n", Default: 3, Min: 0, Max: 9}),
		params.NewBool(params.Param{Name: "on", Default: false}))
	v := table.Defaults()
	Track("tracked-t", table, v)
	v["n"] = 5 // widgets change their map in place
	if got := Current()["tracked-t"]; got != "n=5&on=0" {
		t.Fatalf("Current = %q, want n=5&on=0", got)
	}
}
