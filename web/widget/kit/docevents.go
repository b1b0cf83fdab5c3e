package kit

import (
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Events that must be decided inside the browser's dispatch.
//
// go-app runs an element's event handler (On, OnKeyDown, OnClick…) on its
// UI goroutine, and that goroutine runs it after the browser's dispatch has
// returned whenever it is busy — handling a worker reply, say, which is
// common while a model trains. By then preventDefault and stopPropagation
// do nothing: the arrow key on a canvas has already scrolled the page,
// Space has paged down, Home has jumped to the top, a Try link has been
// followed. What must be decided synchronously is decided here, from the
// event alone (its key, its target), by one capture listener per event type
// on the document: a js.FuncOf callback runs inside the dispatch, before
// any element and before go-app's own window handlers. The work itself
// stays where it was — in the element's go-app handler, or handed to a
// component with ctx.Dispatch — since state the widget owns is touched
// only on its goroutine.
//
// Two ways in:
//   - declarative, for widgets: an element marked with DataSet(TakeKeys,
//     Keys(…)) has the listed keys' defaults prevented (without Ctrl, Meta
//     or Alt: browser shortcuts stay), one marked DataSet(TakePointer,
//     "true") its pointerdown's (no text selection or emulated mouse
//     events while dragging); the element's own handlers do the rest.
//   - OnDocument, for a decision that needs code (a link's class, the
//     element focused now): the handler runs synchronously and may call
//     preventDefault and stopPropagation itself.

// TakeKeys is the data attribute (without "data-") that names the keys an
// element consumes, as Keys joins them: DataSet(kit.TakeKeys,
// kit.ArrowsAnd("Home")). It covers the element and what is inside it.
const TakeKeys = "ll-take-keys"

// TakePointer is the data attribute (without "data-") that makes an
// element consume its pointerdown: DataSet(kit.TakePointer, "true").
const TakePointer = "ll-take-pointer"

// ArrowsAnd is the TakeKeys value for the four arrow keys and the keys
// named.
func ArrowsAnd(keys ...string) string {
	return Keys(append([]string{"ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"}, keys...)...)
}

// keySep separates the keys in a TakeKeys value (no key name contains it).
const keySep = "|"

// Keys is the TakeKeys value for the keys named (KeyboardEvent.key values:
// "ArrowLeft", "Home", "Enter", " " for Space, "n"). On the client it
// installs the document listener that reads the attribute, so a widget
// that renders the value has it before the element can take focus.
func Keys(keys ...string) string {
	installTakes()
	return keySep + strings.Join(keys, keySep) + keySep
}

// takesKey reports whether a TakeKeys value lists key.
func takesKey(list, key string) bool {
	return key != "" && strings.Contains(list, keySep+key+keySep)
}

// docRoutes are the handlers of the document's capture listeners, by
// event type, in the order added. The page's JavaScript is single-threaded
// and a goroutine is switched only where it blocks, but event callbacks
// and the UI goroutine both reach these maps: the lock keeps that honest.
var docRoutes = struct {
	sync.Mutex
	next      int
	handlers  map[string][]docRoute
	listeners map[string]app.Func
}{handlers: map[string][]docRoute{}, listeners: map[string]app.Func{}}

type docRoute struct {
	id     int
	handle func(e app.Value) bool
}

// OnDocument adds handle to the document's capture listener for events of
// type typ and returns what removes it. handle runs synchronously inside
// the browser's dispatch (see above); handlers run in the order added until
// one returns true (it took the event). It must not block nor touch a
// component's state: hand that over with ctx.Dispatch. The listener is not
// passive, so handle may prevent a touch's scrolling. On the server it
// does nothing.
func OnDocument(typ string, handle func(e app.Value) bool) (remove func()) {
	if !app.IsClient {
		return func() {}
	}
	r := &docRoutes
	r.Lock()
	defer r.Unlock()
	r.next++
	id := r.next
	r.handlers[typ] = append(r.handlers[typ], docRoute{id, handle})
	if r.listeners[typ] == nil {
		fn := app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				dispatchDoc(typ, args[0])
			}
			return nil
		})
		r.listeners[typ] = fn
		app.Window().Get("document").Call("addEventListener", typ, fn, map[string]any{"capture": true, "passive": false})
	}
	return func() { removeDoc(typ, id) }
}

// dispatchDoc runs the handlers of typ on event e.
func dispatchDoc(typ string, e app.Value) {
	r := &docRoutes
	r.Lock()
	hs := append([]docRoute(nil), r.handlers[typ]...)
	r.Unlock()
	for _, h := range hs {
		if takeDoc(h.handle, e) {
			return
		}
	}
}

// takeDoc runs one handler; a panic (a detached node, an odd target) is
// that handler's failure, not the page's.
func takeDoc(handle func(app.Value) bool, e app.Value) (took bool) {
	defer func() {
		if recover() != nil {
			took = false
		}
	}()
	return handle(e)
}

func removeDoc(typ string, id int) {
	r := &docRoutes
	r.Lock()
	defer r.Unlock()
	hs := r.handlers[typ]
	for i, h := range hs {
		if h.id == id {
			r.handlers[typ] = append(hs[:i:i], hs[i+1:]...)
			return
		}
	}
}

var takesOnce sync.Once

// installTakes adds the document handlers that read TakeKeys and
// TakePointer (once, on the client).
func installTakes() {
	if !app.IsClient {
		return
	}
	takesOnce.Do(func() {
		OnDocument("keydown", takeKey)
		OnDocument("pointerdown", takePointer)
	})
}

// Closest is the element e's target is or is inside that matches the CSS
// selector, or nil (a text node or a window target has none).
func Closest(e app.Value, selector string) app.Value {
	t := e.Get("target")
	if !Present(t) || !Present(t.Get("closest")) {
		return nil
	}
	if el := t.Call("closest", selector); Present(el) {
		return el
	}
	return nil
}

// takeKey prevents the default of a key that the focused element takes.
func takeKey(e app.Value) bool {
	for _, mod := range []string{"ctrlKey", "metaKey", "altKey"} {
		if e.Get(mod).Truthy() {
			return false
		}
	}
	el := Closest(e, "[data-"+TakeKeys+"]")
	if el == nil || !takesKey(el.Call("getAttribute", "data-"+TakeKeys).String(), e.Get("key").String()) {
		return false
	}
	e.Call("preventDefault")
	return true
}

// takePointer prevents the default of a pointerdown on an element that
// takes the pointer.
func takePointer(e app.Value) bool {
	if Closest(e, "[data-"+TakePointer+"]") == nil {
		return false
	}
	e.Call("preventDefault")
	return true
}
