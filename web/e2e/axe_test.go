package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"latentlab/web/lesson"
)

// axeTags are the rule sets the site must pass: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeViolation is one failed axe-core rule with the nodes it failed on.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeSource is axe-core's browser build from web/node_modules (npm ci --prefix web).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Root(), "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is not installed: run `npm ci --prefix web` (%v)", err)
	}
	return string(b)
}

// axeRoutes lists every page: the catalog, about, every lesson and every
// widget embed of the built lesson bundle.
func axeRoutes(t *testing.T) []string {
	t.Helper()
	idx, ls := bundle(t)
	routes := []string{"/", "/about"}
	for _, m := range idx.Lessons {
		routes = append(routes, "/lessons/"+m.Slug)
	}
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind == lesson.KindWidget {
				routes = append(routes, "/embed/"+m.Slug+"/"+b.ID)
			}
		}
	}
	return routes
}

// runAxe runs axe-core over the page as it stands and returns the violations.
func runAxe(p *Page, src string) []axeViolation {
	p.T.Helper()
	if !Eval[bool](p, `typeof window.axe === "object"`) {
		Eval[bool](p, src+";\ntrue")
	}
	tags, _ := json.Marshal(axeTags)
	saved := Timeout
	Timeout = 3 * time.Minute // a long lesson takes axe-core a while on a busy machine
	defer func() { Timeout = saved }()
	out := Eval[string](p, fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
	  .then(r => JSON.stringify(r.violations))`, tags))
	var v []axeViolation
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		p.T.Fatalf("decode axe-core result: %v", err)
	}
	return v
}

// axeReport formats violations as rule, help, then each node's selector,
// HTML and axe's summary of what to fix.
func axeReport(route, theme string, vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n%s [%s] rule %s: %s", route, theme, v.ID, v.Help)
		for _, n := range v.Nodes {
			html := n.HTML
			if len(html) > 160 {
				html = html[:160] + "…"
			}
			fmt.Fprintf(&b, "\n    node %v\n      %s\n      %s", n.Target, html,
				strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n      "))
		}
	}
	return b.String()
}

// TestAxe runs axe-core's WCAG 2.1 A/AA rules over every route and every
// widget embed, in the light and then the dark theme (toggled at run time,
// as the header button does), after the widgets have mounted and settled.
// It fails with each rule and the nodes it failed on.
func TestAxe(t *testing.T) {
	src := axeSource(t)
	for _, route := range axeRoutes(t) {
		t.Run(strings.ReplaceAll(strings.TrimPrefix(route, "/"), "/", "_"), func(t *testing.T) {
			p := Open(t, route)
			p.Settle(20 * time.Second)
			var report string
			for _, theme := range []string{"light", "dark"} {
				Eval[bool](p, fmt.Sprintf(`document.documentElement.setAttribute("data-theme", %q),
				  new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, theme))
				report += axeReport(route, theme, runAxe(p, src))
			}
			if report != "" {
				t.Errorf("axe-core WCAG 2.1 A/AA violations:%s", report)
			}
		})
	}
}
