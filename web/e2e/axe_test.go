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

// siteRoute is one page TestRoutes visits: the text it must show (""
// for none), its screenshot (web/e2e/out/SHOT.png; "" for none) and
// whether axe-core checks it.
type siteRoute struct {
	path, want, shot string
	axe              bool
}

// siteRoutes lists every page: the catalog, about, every lesson, every
// whole-lesson embed and every widget embed of the built lesson bundle.
// axe-core checks all but the whole-lesson embeds (their widgets are the
// widget embeds'); the catalog, about, the lessons, the whole-lesson embeds
// and each lesson's first widget embed are screenshot.
func siteRoutes(t *testing.T) []siteRoute {
	t.Helper()
	idx, ls := bundle(t)
	routes := []siteRoute{
		{"/", idx.Lessons[0].Title, "catalog", true},
		{"/about", "CC BY-SA 3.0", "about", true},
	}
	for _, m := range idx.Lessons {
		routes = append(routes, siteRoute{"/lessons/" + m.Slug, m.Title, "lesson-" + m.Slug, true})
	}
	for _, m := range idx.Lessons {
		routes = append(routes, siteRoute{"/embed/" + m.Slug, m.Title, "embed-" + m.Slug, false})
		shot := true
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind != lesson.KindWidget {
				continue
			}
			r := siteRoute{path: "/embed/" + m.Slug + "/" + b.ID, axe: true}
			if shot {
				r.shot, shot = "embed-"+m.Slug+"-"+b.ID, false
			}
			routes = append(routes, r)
		}
	}
	return routes
}

// runAxe runs axe-core over the page as it stands and returns the
// violations: every rule of axeTags, or with colourOnly just those of them
// that read colours (axe's "cat.color": contrast, links told by colour).
func runAxe(p *Page, src string, colourOnly bool) []axeViolation {
	p.T.Helper()
	if !Eval[bool](p, `typeof window.axe === "object"`) {
		Eval[bool](p, src+";\ntrue")
	}
	tags, _ := json.Marshal(axeTags)
	only := fmt.Sprintf(`{type: "tag", values: %s}`, tags)
	if colourOnly {
		only = fmt.Sprintf(`{type: "rule", values: axe.getRules(%s).filter(r => r.tags.includes("cat.color")).map(r => r.ruleId)}`, tags)
	}
	saved := Timeout
	Timeout = 3 * time.Minute // a long lesson takes axe-core a while on a busy machine
	defer func() { Timeout = saved }()
	out := Eval[string](p, fmt.Sprintf(`axe.run(document, {runOnly: %s, resultTypes: ["violations"]})
	  .then(r => JSON.stringify(r.violations))`, only))
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

// TestRoutes opens every page once (siteRoutes) and checks it as a student
// and a screen reader meet it: it renders its title with no error box and no
// console error, is screenshot to be looked at, a lesson's display math fits
// its column (1280 px; TestDisplayMathFits checks 400 px), and, once the
// widgets have mounted and settled, it passes axe-core's WCAG 2.1 A/AA rules
// in the light theme and their colour rules in the dark one (toggled at run
// time, as the header button does). An axe failure names each rule and the
// nodes it failed on.
func TestRoutes(t *testing.T) {
	src := axeSource(t)
	for _, r := range siteRoutes(t) {
		t.Run(strings.ReplaceAll(strings.TrimPrefix(r.path, "/"), "/", "_"), func(t *testing.T) {
			t0 := time.Now()
			p := Open(t, r.path)
			if r.want != "" {
				p.WaitBodyText(r.want)
			}
			if p.Exists(".error-box") {
				t.Errorf("%s shows an error box: %s", r.path, p.Text(".error-box"))
			}
			p.Settle(20 * time.Second)
			if r.shot != "" {
				p.Screenshot(r.shot)
			}
			if strings.HasPrefix(r.path, "/lessons/") {
				CheckDisplayMath(t, p, "math-"+strings.TrimPrefix(r.path, "/lessons/")+"-1280")
			}
			p.NoConsoleErrors()
			loaded := time.Since(t0)
			if !r.axe {
				t.Logf("%s: loaded, settled and shot in %v", r.path, loaded.Round(100*time.Millisecond))
				return
			}
			// The themes differ only in colours (style.css: custom
			// properties and colour overrides), so the dark theme reruns
			// just the rules that read colours.
			var report string
			took := []any{r.path, loaded.Round(100 * time.Millisecond)}
			for _, theme := range []string{"light", "dark"} {
				t1 := time.Now()
				Eval[bool](p, fmt.Sprintf(`document.documentElement.setAttribute("data-theme", %q),
				  new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, theme))
				report += axeReport(r.path, theme, runAxe(p, src, theme == "dark"))
				took = append(took, time.Since(t1).Round(100*time.Millisecond))
			}
			t.Logf("%s: loaded, settled and shot in %v; axe-core %v light, %v dark", took...)
			if report != "" {
				t.Errorf("axe-core WCAG 2.1 A/AA violations:%s", report)
			}
		})
	}
}
