// Package widget is the registry of interactive widgets that lesson files can
// mount with a fenced ```widget NAME``` block. Widget packages register
// themselves in init; the lesson linter and the lesson page both consult the
// registry, so a widget name or parameter is valid in exactly one place.
package widget

import (
	"fmt"
	"sort"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
)

// Block is one widget occurrence on a page, already validated.
type Block struct {
	Name   string        // registered widget name, e.g. "latent-explorer"
	ID     string        // author-chosen id, unique within the lesson
	Lesson string        // slug of the lesson the block belongs to
	Params params.Values // decoded parameters: lesson YAML, then URL query overrides
	Notes  []params.Note // values that were clamped or refused, to show to the student
	Embed  bool          // rendered inside /embed/... (no site chrome)
	Locked bool          // controls=locked: settings visible but disabled (actions still work)
	Hidden bool          // controls=hidden: controls not shown
	// Locks names settings locked one by one (lock=beta,lr): their controls
	// are disabled, the others work. Read it through ParamLocked.
	Locks map[string]bool
	// ActionsOff (actions=off) disables the widget's actions too: Train,
	// Step, Reset, Resample, Estimate…, which locked settings leave usable.
	ActionsOff bool
	Theme      string // "light" or "dark" when forced by the embedder, else ""
	// Page is shared by the widgets of the page that shows this block (a
	// lesson page or an embed): a trainer publishes its model there for the
	// widgets that follow it. Never nil on a page; NewPage otherwise.
	Page *Page
}

// ParamLocked reports whether the control of setting name is disabled by
// the embedder (controls=locked, or name listed in lock=).
func (b Block) ParamLocked(name string) bool { return b.Locked || b.Locks[name] }

// Page holds what the widgets of one page share, under string keys; a
// page that is shown again starts with a new, empty Page, so nothing of a
// previous visit leaks in. It is used from the browser's single thread.
type Page struct {
	shared map[string]any
}

// NewPage returns an empty page scope.
func NewPage() *Page { return &Page{shared: map[string]any{}} }

// Shared returns the value of type T kept under key in p, making it with
// make (and keeping it) the first time.
func Shared[T any](p *Page, key string, make func() *T) *T {
	if v, ok := p.shared[key].(*T); ok {
		return v
	}
	v := make()
	p.shared[key] = v
	return v
}

// Find returns the value of type T kept under key in p, if there is one.
func Find[T any](p *Page, key string) (*T, bool) {
	v, ok := p.shared[key].(*T)
	return v, ok
}

// Spec describes a widget kind: its name, what it shows, and its parameters.
type Spec struct {
	Name    string       // the name used in lesson files
	Title   string       // short human title, e.g. "Latent explorer"
	Summary string       // one sentence for the authoring guide
	Params  params.Table // parameters accepted in YAML and URL queries ("id" is implicit)
	// New builds the component for a validated block.
	New func(b Block) app.UI
}

var (
	mu    sync.RWMutex
	specs = map[string]Spec{}
)

// Register adds a widget kind. It panics on a duplicate or empty name, which
// is a programming error caught by any test that imports the widget package.
func Register(s Spec) {
	mu.Lock()
	defer mu.Unlock()
	if s.Name == "" || s.New == nil {
		panic("widget: Register needs a name and a constructor")
	}
	if _, dup := specs[s.Name]; dup {
		panic(fmt.Sprintf("widget: %q registered twice", s.Name))
	}
	specs[s.Name] = s
}

// Lookup returns the spec registered under name.
func Lookup(name string) (Spec, bool) {
	mu.RLock()
	defer mu.RUnlock()
	s, ok := specs[name]
	return s, ok
}

// Names lists every registered widget name, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// QuizBlock is one quiz occurrence on a page. Quiz holds the lesson bundle's
// *quiz.Quiz (typed any so this registry stays free of the quiz package).
type QuizBlock struct {
	ID     string // quiz id, unique within the lesson
	Lesson string // slug of the lesson
	Quiz   any    // *quiz.Quiz from the lesson bundle
	Embed  bool   // rendered inside /embed/...
	Locked bool   // controls=locked
	Hidden bool   // controls=hidden
	Theme  string // "light" or "dark" when forced by the embedder
}

var quizView func(QuizBlock) app.UI

// RegisterQuizView installs the component that renders quiz blocks
// (web/widget/quizview calls it in init). Until one is registered the lesson
// page shows a notice in place of each quiz.
func RegisterQuizView(f func(QuizBlock) app.UI) {
	mu.Lock()
	defer mu.Unlock()
	quizView = f
}

// QuizView returns the registered quiz renderer, or nil.
func QuizView() func(QuizBlock) app.UI {
	mu.RLock()
	defer mu.RUnlock()
	return quizView
}
