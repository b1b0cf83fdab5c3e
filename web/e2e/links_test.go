package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"latentlab/web/lesson"
	"latentlab/web/params"
	"latentlab/web/widget"
)

// A link (the address bar, an Embed snippet) reproduces every setting: for
// every parameter of every widget block of every lesson the test sets a
// valid value other than the one the lesson declares — the widget's default
// where the lesson declares another, the bug a link used to have — through
// the widget's own control where it has a plain one (select, number, text,
// checkbox) and through the address otherwise, copies the link, opens it in
// a fresh browser context and reads every value back. The parameters come
// from the registered tables, so a new widget or parameter is covered.
func TestLinksReproduceEveryParameter(t *testing.T) {
	idx, ls := bundle(t)
	models := modelNames(t)
	for _, m := range idx.Lessons {
		l := ls[m.Slug]
		plan := planLinks(t, l, models)
		if len(plan) == 0 {
			continue
		}
		t.Run(m.Slug, func(t *testing.T) { checkLinks(t, m.Slug, plan) })
	}
}

// linkWidget is one widget block and the values the test gives it.
type linkWidget struct {
	id    string
	table params.Table
	want  params.Values
}

func planLinks(t *testing.T, l *lesson.Lesson, models []string) []linkWidget {
	var out []linkWidget
	var trainers []string
	for _, b := range l.Blocks {
		if b.Kind == lesson.KindWidget && b.Widget == "vae-trainer" {
			trainers = append(trainers, b.ID)
		}
	}
	for _, b := range l.Blocks {
		if b.Kind != lesson.KindWidget {
			continue
		}
		spec, ok := widget.Lookup(b.Widget)
		if !ok {
			t.Fatalf("block %q: widget %q is not registered", b.ID, b.Widget)
		}
		declared := spec.Params.Defaults()
		for name, raw := range b.Params {
			if p, ok := spec.Params.Lookup(name); ok {
				if v, _, err := p.Parse(raw); err == nil {
					declared[name] = v
				}
			}
		}
		want := params.Values{}
		for _, p := range spec.Params {
			var others []string
			switch {
			case p.Name == "source":
				others = append([]string{""}, trainers...)
			case p.Kind == params.String:
				others = models
			}
			v, ok := otherValue(p, declared[p.Name], others)
			if !ok {
				// A choice with one valid value here (the one served model
				// of its kind; no trainer on the page to follow): a link
				// cannot change it, so there is nothing to carry.
				t.Logf("%s.%s: the only valid value is %v; nothing to carry", b.ID, p.Name, declared[p.Name])
				continue
			}
			want[p.Name] = v
		}
		out = append(out, linkWidget{id: b.ID, table: spec.Params, want: want})
	}
	return out
}

// otherValue is a valid value of p other than cur: the default when cur is
// not the default, else a neighbour in range, the other truth value, another
// choice, or another of the known texts.
func otherValue(p params.Param, cur any, texts []string) (any, bool) {
	if p.Format(cur) != p.Format(p.Default) && p.Kind != params.String {
		return p.Default, true
	}
	switch p.Kind {
	case params.Int:
		n := cur.(int)
		if float64(n+1) <= p.Max {
			return n + 1, true
		}
		return n - 1, float64(n-1) >= p.Min
	case params.Float:
		f, step := cur.(float64), (p.Max-p.Min)/8
		if f+step > p.Max {
			step = -step
		}
		v, _ := strconv.ParseFloat(strconv.FormatFloat(f+step, 'g', 3, 64), 64)
		return v, v != f && v >= p.Min && v <= p.Max
	case params.Bool:
		return !cur.(bool), true
	case params.Choice:
		for _, c := range p.Choices {
			if c != cur {
				return c, true
			}
		}
	case params.String:
		for _, s := range texts {
			if s != cur {
				return s, true
			}
		}
	}
	return nil, false
}

// modelNames lists the pretrained model files the build serves.
func modelNames(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(Dist(), "web", "models", "*.llm"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pretrained models in dist/web/models (make build): %v", err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".llm"))
	}
	sort.Strings(names)
	return names
}

// setByControlJS sets a widget's plain control (select, number, text or
// checkbox input, enabled) to a value and reports whether it did.
const setByControlJS = `((id, value) => {
  const el = document.getElementById(id);
  if (!el || el.disabled) return false;
  if (el.tagName === "SELECT" || (el.tagName === "INPUT" && (el.type === "number" || el.type === "text"))) {
    el.value = value;
  } else if (el.tagName === "INPUT" && el.type === "checkbox") {
    el.checked = value === "1";
  } else {
    return false;
  }
  el.dispatchEvent(new Event("change", { bubbles: true }));
  return true;
})`

// checkLinks runs in fresh browser contexts with "Offline use" off
// (offlineOff): each context would otherwise download the whole offline set
// in the background once its page is awake (2-4 CPU seconds a visit,
// measured), which this test never reads — the values are read from pages
// the network served before the offline worker is registered.
func checkLinks(t *testing.T, slug string, plan []linkWidget) {
	// Values whose control is not plain go into the first address.
	first := url.Values{}
	page := isolatedTab(t, offlineOff)
	page.Goto("/lessons/" + slug)
	waitAwake(page)
	var byControl []string
	// Address first (a reload), then the controls.
	for _, w := range plan {
		for _, p := range w.table {
			if v, ok := w.want[p.Name]; ok && !plainControl(page, w.id+"-"+p.Name) {
				first.Set(w.id+"."+p.Name, p.Format(v))
			}
		}
	}
	page.Goto("/lessons/" + slug + "?" + first.Encode())
	waitAwake(page)
	late := url.Values{} // controls that a value set through the address took away
	for _, w := range plan {
		for _, p := range w.table {
			v, ok := w.want[p.Name]
			if !ok || first.Has(w.id+"."+p.Name) {
				continue
			}
			id := w.id + "-" + p.Name
			if !Eval[bool](page, fmt.Sprintf(`%s(%q, %q)`, setByControlJS, id, p.Format(v))) {
				late.Set(w.id+"."+p.Name, p.Format(v))
				continue
			}
			byControl = append(byControl, w.id+"."+p.Name)
			page.WaitFrames(2)
		}
	}
	if len(late) > 0 {
		u, err := url.Parse(page.Location())
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		for k, v := range late {
			q[k] = v
			first[k] = v
		}
		u.RawQuery = q.Encode()
		page.Goto(u.String())
		waitAwake(page)
	}
	t.Logf("%s: %d values set through controls, %d through the address", slug, len(byControl), len(first))
	compareParams(t, page, plan, "the page where they were set")
	link := page.Location()
	page.Screenshot("links-" + slug + "-set")

	fresh := isolatedTab(t, offlineOff)
	fresh.Goto(link)
	waitAwake(fresh)
	compareParams(t, fresh, plan, "a fresh browser opening the copied link "+link)

	// Each widget's Embed snippet carries every value (plain keys of a
	// single-widget embed); the first one, opened in a fresh browser, gives
	// them back (the others are the same code path: the lesson link above).
	for i, w := range plan {
		src := embedSrc(t, fresh, slug, w.id)
		u, err := url.Parse(src)
		if err != nil {
			t.Fatalf("embed code of %s: %v", w.id, err)
		}
		for _, p := range w.table {
			if v, ok := w.want[p.Name]; ok && !sameValue(p, u.Query().Get(p.Name), v) {
				t.Errorf("the Embed code of %s has %s=%q, want %q: %s", w.id, p.Name, u.Query().Get(p.Name), p.Format(v), src)
			}
		}
		if i == 0 {
			emb := isolatedTab(t, offlineOff)
			emb.Goto(src)
			waitAwake(emb)
			compareParams(t, emb, []linkWidget{w}, "the embed "+src)
		}
	}
}

// plainControl reports whether the widget shows an enabled select, number,
// text or checkbox control with this id.
func plainControl(p *Page, id string) bool {
	return Eval[bool](p, fmt.Sprintf(`(() => { const el = document.getElementById(%q);
  return !!el && !el.disabled && (el.tagName === "SELECT" || (el.tagName === "INPUT" && ["number", "text", "checkbox"].includes(el.type))); })()`, id))
}

// waitAwake waits until every widget has taken its placeholder's place.
func waitAwake(p *Page) {
	p.T.Helper()
	p.WaitJS(`!document.querySelector(".widget-placeholder") && (typeof latentlabParams === "function" || !document.querySelector("figure.widget-frame"))`, 60*time.Second)
	p.WaitFrames(2)
}

// compareParams reads every widget's current values (latentlabParams) and
// compares them with what the plan set.
func compareParams(t *testing.T, p *Page, plan []linkWidget, where string) {
	t.Helper()
	var cur map[string]string
	if err := json.Unmarshal([]byte(Eval[string](p, `JSON.stringify(latentlabParams())`)), &cur); err != nil {
		t.Fatal(err)
	}
	for _, w := range plan {
		got, err := url.ParseQuery(cur[w.id])
		if err != nil || cur[w.id] == "" {
			t.Errorf("%s: widget %q reports no values (%q)", where, w.id, cur[w.id])
			continue
		}
		for _, p := range w.table {
			v, ok := w.want[p.Name]
			if !ok {
				continue
			}
			if g := got.Get(p.Name); !sameValue(p, g, v) {
				t.Errorf("%s: %s.%s = %q, want %q", where, w.id, p.Name, g, p.Format(v))
			}
		}
	}
}

func sameValue(p params.Param, got string, want any) bool {
	if p.Kind == params.Float {
		g, err := strconv.ParseFloat(got, 64)
		return err == nil && math.Abs(g-want.(float64)) <= 1e-12*math.Max(1, math.Abs(g))
	}
	return got == p.Format(want)
}

var iframeSrc = regexp.MustCompile(`<iframe src="([^"]+)"`)

// embedSrc opens widget id's Embed dialog and returns the iframe address in
// its code, then closes the dialog.
func embedSrc(t *testing.T, p *Page, slug, id string) string {
	t.Helper()
	base := "embed-" + slug + "-" + id
	Eval[bool](p, fmt.Sprintf(`(document.getElementById(%q).click(), true)`, base+"-button"))
	p.WaitJS(fmt.Sprintf(`!!document.getElementById(%q)`, base+"-code"), 10*time.Second)
	code := Eval[string](p, fmt.Sprintf(`document.getElementById(%q).value`, base+"-code"))
	Eval[bool](p, fmt.Sprintf(`(document.getElementById(%q).click(), true)`, base+"-close"))
	m := iframeSrc.FindStringSubmatch(code)
	if m == nil {
		t.Fatalf("the Embed code of %s has no iframe: %s", id, code)
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}
