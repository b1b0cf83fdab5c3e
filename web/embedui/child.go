package embedui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// ChildScriptPath is where static/embed-child.js is served.
const ChildScriptPath = "/web/embed-child.js"

// EnsureResizeReporter loads embed-child.js (the resize reporter) when the
// page is framed and the script is not on the page yet. The platform should
// list the script in the app handler's Scripts; the Embed button and the
// quiz call this too so that embeds report their height regardless. It adds
// a <script src> element (allowed by script-src 'self'); nothing is eval'd.
func EnsureResizeReporter() {
	if !app.IsClient {
		return
	}
	defer func() { recover() }()
	w := app.Window()
	if w.Get("parent").Equal(w.Get("self")) || w.Get("__latentlabChild").Truthy() {
		return
	}
	doc := w.Get("document")
	if doc.Call("querySelector", `script[src$="embed-child.js"]`).Truthy() {
		return
	}
	s := doc.Call("createElement", "script")
	s.Set("src", ChildScriptPath)
	doc.Get("head").Call("appendChild", s)
}

// OnMount makes sure a framed page reports its height (see EnsureResizeReporter).
func (d *Dialog) OnMount(ctx app.Context) { EnsureResizeReporter() }
