package page

import (
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Linked formulas: a lesson marks a term of its math with \llterm{name}{…}
// (KaTeX renders data-ll-term="name"); a widget marks the parts that
// compute it with data-ll-part="name …". Hovering or focusing a term
// highlights the matching parts of the nearest widget that has them, and
// hovering or focusing a part highlights the nearest term of that name:
// both get the class ll-linked. One set of listeners on the document serves
// every widget, including parts a widget renders later.

const termLinkCSS = `[data-ll-term]{cursor:help;border-radius:3px;text-decoration:underline dotted;text-underline-offset:4px}
[data-ll-term]:focus-visible{outline:2px solid #0072B2;outline-offset:2px}
.ll-linked{outline:3px solid #E69F00 !important;outline-offset:2px;background:rgba(230,159,0,0.18) !important;border-radius:3px}`

// termLinksOn is set once the document's listeners are installed.
var termLinksOn bool

// linkTerms makes the lesson's linked terms focusable and installs the
// document's listeners and style (once).
func linkTerms() {
	doc := app.Window().Get("document")
	if !termLinksOn {
		termLinksOn = true
		style := doc.Call("createElement", "style")
		style.Set("textContent", termLinkCSS)
		doc.Get("head").Call("appendChild", style)
		for _, ev := range []string{"mouseover", "focusin"} {
			doc.Call("addEventListener", ev, app.FuncOf(func(_ app.Value, args []app.Value) any { termOn(args[0]); return nil }))
		}
		for _, ev := range []string{"mouseout", "focusout"} {
			doc.Call("addEventListener", ev, app.FuncOf(func(_ app.Value, args []app.Value) any { termOff(args[0]); return nil }))
		}
	}
	terms := doc.Call("querySelectorAll", "[data-ll-term]")
	for i := 0; i < terms.Length(); i++ {
		if t := terms.Index(i); t.Call("getAttribute", "tabindex").IsNull() {
			t.Call("setAttribute", "tabindex", "0")
			exposeTerm(t)
		}
	}
}

// exposeTerm keeps a focusable term out of an aria-hidden subtree (WCAG
// 4.1.2, axe aria-hidden-focus): KaTeX hides its HTML rendering from screen
// readers and gives them the MathML; in a formula with linked terms the
// HTML rendering is the one read (the MathML is hidden instead), so focus
// never lands on something a screen reader cannot name.
func exposeTerm(t app.Value) {
	k := t.Call("closest", ".katex")
	if !present(k) {
		return
	}
	if h := k.Call("querySelector", ".katex-html"); present(h) {
		h.Call("removeAttribute", "aria-hidden")
	}
	if m := k.Call("querySelector", ".katex-mathml"); present(m) {
		m.Call("setAttribute", "aria-hidden", "true")
	}
}

// linkSource is the term or widget part an event happened in (null if none).
func linkSource(e app.Value) app.Value {
	t := e.Get("target")
	if !present(t) || t.Get("closest").Type() != app.TypeFunction {
		return app.Null()
	}
	return t.Call("closest", "[data-ll-term], [data-ll-part]")
}

func present(v app.Value) bool { return v != nil && !v.IsNull() && !v.IsUndefined() }

func termOn(e app.Value) {
	src := linkSource(e)
	if !present(src) && e.Get("type").String() == "mouseover" {
		// KaTeX lays a formula out in stacked boxes: the box under the
		// pointer is often not inside the term's element, though within
		// its rectangle.
		src = termAt(e.Get("clientX").Float(), e.Get("clientY").Float())
		if !present(src) {
			clearLinked()
			return
		}
	}
	if !present(src) {
		return
	}
	clearLinked()
	src.Get("classList").Call("add", "ll-linked")
	for _, t := range linkTargets(src) {
		t.Get("classList").Call("add", "ll-linked")
	}
}

// termAt returns the linked term whose rectangle holds (x, y), if any.
func termAt(x, y float64) app.Value {
	terms := app.Window().Get("document").Call("querySelectorAll", "[data-ll-term]")
	for i := 0; i < terms.Length(); i++ {
		t := terms.Index(i)
		r := t.Call("getBoundingClientRect")
		if x >= r.Get("left").Float() && x <= r.Get("right").Float() && y >= r.Get("top").Float() && y <= r.Get("bottom").Float() {
			return t
		}
	}
	return app.Null()
}

func termOff(e app.Value) {
	src := linkSource(e)
	if !present(src) {
		return
	}
	if rel := e.Get("relatedTarget"); present(rel) && src.Call("contains", rel).Bool() {
		return // moving inside the same term or part
	}
	clearLinked()
}

func clearLinked() {
	on := app.Window().Get("document").Call("querySelectorAll", ".ll-linked")
	for i := on.Length() - 1; i >= 0; i-- {
		on.Index(i).Get("classList").Call("remove", "ll-linked")
	}
}

// linkTargets returns what src links to: for a term, the parts of that
// name in the nearest widget that has some; for a part, the nearest term
// of each of its names.
func linkTargets(src app.Value) []app.Value {
	doc := app.Window().Get("document")
	if term := src.Call("getAttribute", "data-ll-term"); !term.IsNull() {
		var parts, widgets []app.Value
		all := doc.Call("querySelectorAll", "[data-widget] [data-ll-part]")
		for i := 0; i < all.Length(); i++ {
			p := all.Index(i)
			if hasName(p.Call("getAttribute", "data-ll-part").String(), term.String()) {
				parts = append(parts, p)
				widgets = append(widgets, p.Call("closest", "[data-widget]"))
			}
		}
		w := nearest(src, widgets)
		var out []app.Value
		for i, p := range parts {
			if present(w) && widgets[i].Equal(w) {
				out = append(out, p)
			}
		}
		return out
	}
	var out []app.Value
	for _, name := range strings.Fields(src.Call("getAttribute", "data-ll-part").String()) {
		terms := doc.Call("querySelectorAll", `[data-ll-term="`+name+`"]`)
		var els []app.Value
		for i := 0; i < terms.Length(); i++ {
			els = append(els, terms.Index(i))
		}
		if t := nearest(src, els); present(t) {
			out = append(out, t)
		}
	}
	return out
}

func hasName(list, name string) bool {
	for _, n := range strings.Fields(list) {
		if n == name {
			return true
		}
	}
	return false
}

// nearest returns the element of els whose vertical centre is closest to
// from's (null when els is empty).
func nearest(from app.Value, els []app.Value) app.Value {
	mid := func(e app.Value) float64 {
		r := e.Call("getBoundingClientRect")
		return r.Get("top").Float() + r.Get("height").Float()/2
	}
	best, d := app.Null(), math.Inf(1)
	m := mid(from)
	for _, e := range els {
		if x := math.Abs(mid(e) - m); x < d {
			best, d = e, x
		}
	}
	return best
}
