package params

import (
	"net/url"
	"strings"
	"testing"
)

var table = Table{
	{Name: "latent", Kind: Int, Default: 2, Min: 2, Max: 16},
	{Name: "beta", Kind: Float, Default: 1.0, Min: 0, Max: 10},
	{Name: "pretrained", Kind: Bool, Default: true},
	{Name: "dataset", Kind: Choice, Default: "mnist", Choices: []string{"mnist", "circle"}},
	{Name: "label", Kind: String, Default: ""},
}

func TestRoundTripEveryKind(t *testing.T) {
	want := Values{"latent": 8, "beta": 0.25, "pretrained": false, "dataset": "circle", "label": "a b&c"}
	q := table.ToQuery(want)
	got, notes := table.FromQuery(q)
	if len(notes) != 0 {
		t.Fatalf("notes on a clean round trip: %v", notes)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %v (%T), want %v", k, got[k], got[k], v)
		}
	}
}

func TestDefaultsAreNotEncoded(t *testing.T) {
	if q := table.ToQuery(table.Defaults()); len(q) != 0 {
		t.Errorf("defaults encoded as %v", q)
	}
}

func TestClampAndRefuse(t *testing.T) {
	q := url.Values{
		"latent":  {"40"},
		"beta":    {"NaN"},
		"dataset": {"<script>alert(1)</script>"},
		"label":   {strings.Repeat("x", 201)},
	}
	got, notes := table.FromQuery(q)
	if got["latent"] != 16 {
		t.Errorf("latent=40 not clamped to 16: %v", got["latent"])
	}
	if got["beta"] != 1.0 || got["dataset"] != "mnist" || got["label"] != "" {
		t.Errorf("refused values did not fall back to defaults: %v", got)
	}
	if len(notes) != 4 {
		t.Fatalf("want 4 notes (one clamp, three refusals), got %v", notes)
	}
	for _, n := range notes {
		if n.Message == "" || n.Param == "" {
			t.Errorf("empty note %+v", n)
		}
	}
}

func TestParseBool(t *testing.T) {
	p, _ := table.Lookup("pretrained")
	for in, want := range map[string]bool{"1": true, "yes": true, "off": false, "0": false} {
		v, _, err := p.Parse(in)
		if err != nil || v != want {
			t.Errorf("Parse(%q) = %v, %v", in, v, err)
		}
	}
	if _, _, err := p.Parse("maybe"); err == nil {
		t.Error("Parse(maybe) accepted")
	}
}

func TestDiffComparesWithTheBaseline(t *testing.T) {
	table := NewTable(NewFloat(Param{Name: "beta", Default: 1.0, Min: 0, Max: 20}),
		NewInt(Param{Name: "digit", Default: 3, Min: 0, Max: 9}))
	base := Values{"beta": 2.0} // digit: the default
	v := Values{"beta": 1.0, "digit": 3}
	if got := table.Diff(base, v).Encode(); got != "beta=1" {
		t.Fatalf("Diff = %q, want beta=1 (the default, but not what the lesson sets)", got)
	}
	if got := table.ToQuery(v).Encode(); got != "" {
		t.Fatalf("ToQuery at the defaults = %q, want empty", got)
	}
	if got := table.Encode(Values{"beta": 0.25, "digit": 7}); got != "beta=0.25&digit=7" {
		t.Fatalf("Encode = %q", got)
	}
}
