package page

import (
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Linked formulas: a lesson marks a term of its math with \llterm{name}{…}
// (KaTeX renders data-ll-term="name"); a widget marks the parts that
// compute it with data-ll-part="name …". Hovering a term highlights the
// matching parts of the nearest widget that has them, and hovering or
// focusing a part highlights the nearest term of that name: both get the
// class ll-linked. KaTeX hides its HTML from screen readers (they read its
// MathML), so the keyboard's way in is the row of term buttons the lesson
// compiler writes after the formula (web/lesson/build/termkeys.go): focusing
// or hovering one highlights the parts and the formula's terms of its
// name. One set of listeners on the document serves every widget,
// including parts a widget renders later.

const termLinkCSS = `[data-ll-term]:not(.ll-term-key){cursor:help;border-radius:3px;text-decoration:underline dotted;text-underline-offset:4px}
.ll-linked{outline:3px solid #E69F00 !important;outline-offset:2px;background:rgba(230,159,0,0.18) !important;border-radius:3px}`

// termKey selects the term buttons (lesson.build's TermKeyClass).
const termKey = ".ll-term-key"

// termLinksOn is set once the document's listeners are installed.
var termLinksOn bool

// linkTerms installs the document's listeners and style (once).
func linkTerms() {
	if termLinksOn {
		return
	}
	termLinksOn = true
	doc := app.Window().Get("document")
	doc.Get("documentElement").Call("setAttribute", "data-term-links", "on") // what a test waits for
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

// linkSource is the term or widget part an event happened in (null if none).
func linkSource(e app.Value) app.Value {
	t := e.Get("target")
	if !present(t) || t.Get("closest").Type() != app.TypeFunction {
		return app.Null()
	}
	return t.Call("closest", "[data-ll-term], [data-ll-part]")
}

func present(v app.Value) bool { return v != nil && !v.IsNull() && !v.IsUndefined() }

// hoverLinked is set while the highlight comes from the pointer, not from
// the keyboard focus. Scrolling (focus scrolls a button into view) makes
// the browser send mouseover for whatever lies under a pointer that did
// not move: that must not clear what the focus highlights.
var hoverLinked bool

func termOn(e app.Value) {
	src := linkSource(e)
	hover := e.Get("type").String() == "mouseover"
	if !present(src) && hover {
		// KaTeX lays a formula out in stacked boxes: the box under the
		// pointer is often not inside the term's element, though within
		// its rectangle.
		src = termAt(e.Get("clientX").Float(), e.Get("clientY").Float())
		if !present(src) {
			if hoverLinked {
				clearLinked()
			}
			return
		}
	}
	if !present(src) {
		return
	}
	clearLinked()
	hoverLinked = hover
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
	if e.Get("type").String() == "mouseout" && !hoverLinked {
		return // the pointer leaves; the focus keeps its highlight
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
		out := formulaTerms(src, term.String())
		for i, p := range parts {
			if present(w) && widgets[i].Equal(w) {
				out = append(out, p)
			}
		}
		return out
	}
	var out []app.Value
	for _, name := range strings.Fields(src.Call("getAttribute", "data-ll-part").String()) {
		terms := doc.Call("querySelectorAll", `[data-ll-term="`+name+`"]:not(`+termKey+`)`)
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

// formulaTerms returns, for a term button, the terms of that name in the
// formula its row follows (none for a term in a formula).
func formulaTerms(src app.Value, name string) []app.Value {
	if !src.Call("matches", termKey).Bool() {
		return nil
	}
	row := src.Call("closest", ".ll-terms")
	if !present(row) {
		return nil
	}
	formula := row.Get("previousElementSibling")
	if !present(formula) {
		return nil
	}
	var out []app.Value
	terms := formula.Call("querySelectorAll", `[data-ll-term="`+name+`"]`)
	for i := 0; i < terms.Length(); i++ {
		out = append(out, terms.Index(i))
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
