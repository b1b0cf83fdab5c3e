package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/claims"
	"latentlab/web/widget"
)

func init() {
	widget.Register(widget.Spec{Name: "test-plain", Title: "Plain", Summary: "A widget without claim metrics.",
		New: func(widget.Block) app.UI { return nil }})
	claims.Kinds["test-meter"] = claims.Kind{Trains: true, Live: []string{"sigma"},
		Metrics: []claims.Metric{{Name: "ratio", Shape: claims.Scalar}, {Name: "curve", Shape: claims.List}}}
}

const claimFront = "---\ntitle: T\nslug: t\norder: 1\nsummary: S\nobjectives: [O]\nminutes: 5\n---\n"

// lintClaims writes body as a lesson and returns its problems (no typesetting).
func lintClaims(t *testing.T, body string) ([]LessonClaims, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.md"), []byte(claimFront+body), 0o644); err != nil {
		t.Fatal(err)
	}
	ls, probs, err := Claims(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range probs {
		out = append(out, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
	}
	return ls, out
}

const meterBlock = "Text.\n\n```widget test-meter\nid: m\nsigma: 0.2\n```\n\n" // lines 9–14

func TestClaimBlockValid(t *testing.T) {
	ls, probs := lintClaims(t, meterBlock+"- an item\n\n  ```claim\n  id: c1\n  widget: m\n  set: {mode: exact}\n  train: 300\n  vs:\n    wide: {sigma: 0.9}\n  then: {set: {sigma: 0.5}, train: 10}\n  expect:\n    - ratio < vs.wide.ratio\n    - below(curve, 0.1) >= 2 and then.ratio > 0\n  ```\n")
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if len(ls) != 1 || len(ls[0].Claims) != 1 {
		t.Fatalf("claims: %+v", ls)
	}
	c := ls[0].Claims[0]
	if c.ID != "c1" || c.Widget != "m" || c.Train != 300 || c.Set["mode"] != "exact" ||
		len(c.Vs) != 1 || c.Vs[0].Set["sigma"] != "0.9" || c.Then == nil || c.Then.Train != 10 || len(c.Expect) != 2 {
		t.Errorf("parsed %+v", c)
	}
	if c.Line != 18 || c.Expect[0].Line != 27 {
		t.Errorf("lines: fence %d, first outcome %d; want 18, 27", c.Line, c.Expect[0].Line)
	}
	if w := ls[0].Widgets["m"]; w.Kind != "test-meter" || w.Params["sigma"] != "0.2" {
		t.Errorf("widget block %+v", w)
	}
}

func TestClaimBlockProblems(t *testing.T) {
	for _, tc := range []struct{ name, claim, want string }{
		{"unknown widget id", "id: c\nwidget: nope\ntrain: 5\nexpect: ratio < 1", `t.md:16: claim c: no widget block with id "nope" in this lesson (widget ids: m)`},
		{"unknown parameter", "id: c\nwidget: m\nset: {sigmaa: 1}\ntrain: 5\nexpect: ratio < 1", `t.md:16: claim c: set: unknown parameter "sigmaa" for widget test-meter (parameters: mode, sigma)`},
		{"bad value", "id: c\nwidget: m\nset: {sigma: 7}\ntrain: 5\nexpect: ratio < 1", `t.md:16: claim c: set: sigma=7 is out of range [0, 1]`},
		{"not live", "id: c\nwidget: m\ntrain: 5\nthen: {set: {mode: fast}, train: 3}\nexpect: ratio < 1", `then.set: mode does not change live in test-meter`},
		{"bad outcome", "id: c\nwidget: m\ntrain: 5\nexpect:\n  - ratio <", `t.md:21: claim c: bad outcome "ratio <": unexpected token EOF`},
		{"unknown metric", "id: c\nwidget: m\ntrain: 5\nexpect: ratoi < 1", `t.md:20: claim c: bad outcome "ratoi < 1": unknown value ratoi (measured: curve, ratio)`},
		{"unknown run", "id: c\nwidget: m\ntrain: 5\nexpect: vs.x.ratio < 1", `unknown value vs (measured: curve, ratio)`},
		{"not a condition", "id: c\nwidget: m\ntrain: 5\nexpect: ratio + 1", `t.md:20: claim c: bad outcome "ratio + 1": expected bool`},
		{"missing steps", "id: c\nwidget: m\nexpect: ratio < 1", `claim c: test-meter trains: say how many steps with train: N`},
		{"missing expect", "id: c\nwidget: m\ntrain: 5", `t.md:16: a claim needs expect:`},
		{"unknown field", "id: c\nwidget: m\ntrain: 5\nexpct: 1\nexpect: ratio < 1", `t.md:20: unknown field "expct" in a claim`},
		{"duplicate field", "id: c\nwidget: m\ntrain: 5\ntrain: 6\nexpect: ratio < 1", `t.md:20: duplicate field "train"`},
		{"duplicate id", "id: m\nwidget: m\ntrain: 5\nexpect: ratio < 1", `t.md:16: duplicate id "m" (also used on line 11)`},
		{"bad seeds", "id: c\nwidget: m\ntrain: 5\nseeds: 3\nexpect: ratio < 1", `t.md:20: seeds must be a list`},
		{"no experiment", "id: c\nwidget: m2\nexpect: ratio < 1", `widget m2 (test-plain) has no claim experiment`},
		{"seeds without a seed parameter", "id: c\nwidget: m\ntrain: 5\nseeds: [1, 2]\nexpect: ratio < 1", `claim c: widget test-meter has no seed parameter: leave seeds: out`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := ""
			if strings.Contains(tc.claim, "m2") {
				extra = "```widget test-plain\nid: m2\n```\n\n"
			}
			_, probs := lintClaims(t, meterBlock+"```claim\n"+tc.claim+"\n```\n\n"+extra)
			if len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), tc.want) {
				t.Errorf("problems %q; want one containing %q", probs, tc.want)
			}
		})
	}
}

// The page never shows a claim block, at the top level or under a list item.
func TestClaimBlocksAreNotRendered(t *testing.T) {
	dir := t.TempDir()
	body := meterBlock + "1. Try a wider σ.\n\n   ```claim\n   id: nested\n   widget: m\n   train: 5\n   expect: ratio < 1\n   ```\n\n2. Next item.\n\n" +
		"```claim\nid: top\nwidget: m\ntrain: 5\nexpect: ratio < 1\n```\n\nAfter.\n"
	if err := os.WriteFile(filepath.Join(dir, "t.md"), []byte(claimFront+body), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Compile(dir, needKaTeX(t))
	if err != nil || len(r.Problems) > 0 || len(r.Lessons) != 1 {
		t.Fatalf("compile: %v, problems %v", err, r.Problems)
	}
	var html strings.Builder
	for _, b := range r.Lessons[0].Blocks {
		html.WriteString(b.HTML)
	}
	h := html.String()
	for _, leak := range []string{"claim", "expect", "ratio &lt; 1"} {
		if strings.Contains(h, leak) {
			t.Errorf("the page shows %q:\n%s", leak, h)
		}
	}
	for _, kept := range []string{"Try a wider σ.", "Next item.", "After."} {
		if !strings.Contains(h, kept) {
			t.Errorf("the page lost %q:\n%s", kept, h)
		}
	}
}
