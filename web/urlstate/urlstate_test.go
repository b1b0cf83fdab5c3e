package urlstate

import (
	"math"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"latentlab/web/params"
)

var table = params.Table{
	{Name: "latent", Kind: params.Int, Default: 2, Min: 1, Max: 32},
	{Name: "beta", Kind: params.Float, Default: 1.0, Min: 0, Max: 10},
	{Name: "lr", Kind: params.Float, Default: 1e-3, Min: 1e-5, Max: 0.1},
	{Name: "pretrained", Kind: params.Bool, Default: false},
	{Name: "dataset", Kind: params.Choice, Default: "mnist", Choices: []string{"mnist", "circle", "spiral"}},
	{Name: "label", Kind: params.String, Default: ""},
	{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 1 << 30},
}

func TestRoundTripEveryKind(t *testing.T) {
	v := params.Values{"latent": 16, "beta": 0.25, "lr": 3e-4, "pretrained": true, "dataset": "spiral", "label": "my run", "seed": 12345}
	opts := Options{Locked: true, Theme: ThemeDark}
	for _, path := range []string{"/lessons/vae", "/embed/vae", "/embed/vae/explorer"} {
		q := Encode(path, "explorer", table, v, opts)
		// Through the address bar and back.
		parsed, err := url.ParseQuery(q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		got, notes, gotOpts := Decode(path, parsed, "explorer", table)
		if len(notes) != 0 {
			t.Errorf("%s: notes %v", path, notes)
		}
		for k, want := range v {
			if got[k] != want {
				t.Errorf("%s: %s = %v, want %v", path, k, got[k], want)
			}
		}
		if !reflect.DeepEqual(gotOpts, opts) {
			t.Errorf("%s: options %+v", path, gotOpts)
		}
		plain := path == "/embed/vae/explorer"
		if _, ok := parsed["beta"]; ok != plain {
			t.Errorf("%s: plain keys = %v (query %s)", path, ok, q.Encode())
		}
	}
	// Defaults are not written.
	if q := Encode("/lessons/vae", "explorer", table, table.Defaults(), Options{}); len(q) != 0 {
		t.Errorf("defaults encoded: %v", q)
	}
}

func TestMergeKeepsOthers(t *testing.T) {
	cur, _ := url.ParseQuery("other.beta=3&explorer.beta=2&explorer.seed=9&theme=dark")
	q := Merge("/lessons/vae", cur, "explorer", table, params.Values{"beta": 0.5, "seed": 1})
	if q.Get("other.beta") != "3" || q.Get("explorer.beta") != "0.5" || q.Has("explorer.seed") || q.Get("theme") != "dark" {
		t.Errorf("merge: %v", q)
	}
}

func TestHostileValues(t *testing.T) {
	hostile := []string{
		"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "javascript:alert(1)",
		"1e999", "-1e999", "NaN", "Inf", "99999999999999999999999", "0x10", "1;drop", "\x00", strings.Repeat("9", 500),
		"'onmouseover='alert(1)", "\u202e1", "",
	}
	for _, h := range hostile {
		for _, key := range []string{"beta", "latent", "dataset", "label", "pretrained"} {
			q := url.Values{"explorer." + key: {h}}
			v, notes, _ := Decode("/lessons/vae", q, "explorer", table)
			for _, n := range notes {
				if strings.ContainsAny(n.Message, "<>\"'") || (len(h) > 3 && strings.Contains(n.Message, h)) {
					t.Errorf("%s=%q: note echoes input: %q", key, h, n.Message)
				}
			}
			s := table[0].Format(v[key])
			if strings.ContainsAny(s, "<>\"'") {
				t.Errorf("%s=%q reached the values as %q", key, h, s)
			}
			if f, ok := v[key].(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				t.Errorf("%s=%q gave %v", key, h, f)
			}
			if key == "label" && strings.ContainsAny(h, "<>\"'") && v[key] != "" {
				t.Errorf("label accepted %q", h)
			}
			if key != "label" && h != "" && len(notes) == 0 && v[key] != table.Defaults()[key] {
				// accepted silently: only fine for plain values
				if !Safe(h) {
					t.Errorf("%s=%q accepted silently", key, h)
				}
			}
		}
	}
	// A clamped number gets a note and a value in range.
	v, notes, _ := Decode("/lessons/vae", url.Values{"explorer.beta": {"1e300"}}, "explorer", table)
	if v["beta"] != 10.0 || len(notes) != 1 {
		t.Errorf("clamp: %v %v", v, notes)
	}
	// Unknown options give a note, not a value.
	_, notes, o := Decode("/lessons/vae", url.Values{"controls": {"<b>"}, "theme": {"evil"}}, "explorer", table)
	if !reflect.DeepEqual(o, Options{}) || len(notes) != 0 {
		t.Errorf("bad options noted by a widget's Decode: %+v", notes)
	}
	if o, notes := DecodeOptions(url.Values{"controls": {"<b>"}, "theme": {"evil"}}); !reflect.DeepEqual(o, Options{}) || len(notes) != 2 {
		t.Errorf("options: %+v %v", o, notes)
	}
	if _, _, o := Decode("/embed/vae/explorer", url.Values{"controls": {"hidden"}, "theme": {"light"}}, "explorer", table); !o.Hidden || o.Theme != "light" {
		t.Errorf("options: %+v", o)
	}
}

func TestApplyOverBase(t *testing.T) {
	base := params.Values{"beta": 4.0, "dataset": "circle"}
	v, notes, _ := Apply("/lessons/vae", url.Values{"explorer.beta": {"<x>"}, "explorer.latent": {"8"}}, "explorer", table, base)
	if v["beta"] != 4.0 || v["dataset"] != "circle" || v["latent"] != 8 || len(notes) != 1 || !strings.Contains(notes[0].Message, "using 4") {
		t.Errorf("apply: %v %v", v, notes)
	}
}

func TestEmbedQueryAndSnippet(t *testing.T) {
	lq, _ := url.ParseQuery("explorer.beta=2&explorer.seed=7&lab.lambda=0.1&controls=locked&utm=x")
	eq := EmbedQuery(lq, "explorer")
	if eq.Encode() != "beta=2&controls=locked&seed=7" {
		t.Errorf("embed query: %s", eq.Encode())
	}
	whole := EmbedQuery(lq, "")
	if whole.Get("lab.lambda") != "0.1" || whole.Has("utm") {
		t.Errorf("whole-lesson query: %v", whole)
	}
	u := EmbedURL("https://lab.example/", "vae", "explorer", eq)
	if u != "https://lab.example/embed/vae/explorer?beta=2&controls=locked&seed=7" {
		t.Errorf("url: %s", u)
	}
	s := Snippet(u, `VAE "explorer"`, 0, "https://lab.example/web/embed-host.js")
	if !strings.Contains(s, `src="https://lab.example/embed/vae/explorer?beta=2&amp;controls=locked&amp;seed=7"`) ||
		!strings.Contains(s, `title="VAE &#34;explorer&#34;"`) || !strings.Contains(s, `height="480"`) || !strings.Contains(s, "embed-host.js") {
		t.Errorf("snippet: %s", s)
	}
	if r := ParseRoute("/embed/cae/lab"); r != (Route{Embed: true, Slug: "cae", Widget: "lab"}) {
		t.Errorf("route: %+v", r)
	}
	if r := ParseRoute("/lessons/cae"); r != (Route{Slug: "cae"}) {
		t.Errorf("route: %+v", r)
	}
}
