package page

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
)

// A page arrives rendered by the server (or the static export): the lesson's
// prose with its typeset math, a sized placeholder for each widget and a
// read-only preview of each quiz. When app.wasm starts, go-app v9.8.0 does
// not reuse that DOM: its first Mount builds the page anew and swaps it in
// for the server's root element (body.firstElementChild) in one
// replaceChild. So the first view attaches like this instead:
//
//   - Before go-app starts, captureServerRender keeps a reference to the
//     server's root element and reads the state the server rendered from
//     (ssrStateID: the route, the lesson without its prose HTML, the index).
//   - The page's OnInit (which runs before go-app's first render) takes that
//     state, so the first client render already has the whole lesson and
//     never shows "Loading…".
//   - Each prose block renders as an empty container whose OnMount moves the
//     server's nodes into it (adoptServerNodes): the prose and its math are
//     neither fetched nor parsed nor laid out a second time, and the text a
//     reader is selecting stays the same nodes. go-app handles the OnMount
//     dispatches queued by a Mount before it yields to the browser, so no
//     frame shows the empty containers.
//   - Widgets and quizzes then wake one per task (see LessonPage.wake),
//     nearest the viewport first, in place of their placeholders.

// ssrStateID is the id of the hidden element that carries serverState.
const ssrStateID = "ll-ssr-state"

// ssrBlockAttr marks each server-rendered prose block with its index.
const ssrBlockAttr = "ssr-block"

// serverState is what a server-rendered page was rendered from.
type serverState struct {
	Route  string         `json:"route"`            // canonical route, e.g. "/lessons/vae"
	Lesson *lesson.Lesson `json:"lesson,omitempty"` // prose blocks without their HTML
	Index  *lesson.Index  `json:"index,omitempty"`
}

// stateElement renders s for the client to take (server side).
func stateElement(s serverState) app.UI {
	if s.Lesson != nil {
		l := *s.Lesson
		l.Blocks = make([]lesson.Block, len(s.Lesson.Blocks))
		for i, b := range s.Lesson.Blocks {
			if b.Kind == lesson.KindHTML {
				b.HTML = "" // the client adopts the rendered nodes instead
			}
			l.Blocks[i] = b
		}
		s.Lesson = &l
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil
	}
	// As text, which go-app escapes for HTML (it writes attribute values
	// with Go quoting, which a browser would not read back).
	return app.Div().ID(ssrStateID).Hidden(true).Text(string(b))
}

var captured *serverState

// nearestAtStart is the id of the block (widget or quiz) that the wake loop
// would wake first, found in the server's render when the app started (see
// nearestBlock); "" if none is near the viewport.
var nearestAtStart string

// wakeNearest wakes that block, once: the first page that attaches to the
// server's render shows it live in its first render, instead of its
// placeholder until the wake loop gets to it (after a layout of the whole
// new page, a re-render and another layout). The loop wakes the rest.
func wakeNearest(blocks []*mounted) {
	id := nearestAtStart
	nearestAtStart = ""
	for _, b := range blocks {
		if id != "" && b.domID() == id {
			b.wake()
		}
	}
}

// takeServerState returns the server's state for route once: to the first
// page the app mounts, when the server rendered that same route.
func takeServerState(route string) *serverState {
	s := captured
	if s == nil || s.Route != route {
		return nil
	}
	captured = nil
	return s
}
