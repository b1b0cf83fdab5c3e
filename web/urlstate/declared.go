package urlstate

import (
	"sync"

	"latentlab/web/params"
)

// A link carries what differs from what the lesson itself declares, not from
// a widget's built-in defaults: a lesson that sets lr 0.003 and a student who
// moves it back to the default 0.001 must get lr=0.001 in the link. The page
// declares each widget's lesson values here when it builds the widget
// (Declare); Merge, Encode and Replace compare against them. A widget never
// declared is compared with its table's defaults.

var (
	mu       sync.Mutex
	declared = map[string]params.Values{} // widget id → the lesson's values
	live     = map[string]tracked{}       // widget id → its current values
)

type tracked struct {
	table params.Table
	vals  params.Values
}

// Declare records the values the lesson declares for widget widgetID (its
// lesson-file values over the table's defaults, before the address applies):
// the baseline links are written against. A page calls it for every widget
// it builds; a later call for the same id replaces the earlier one.
func Declare(widgetID string, base params.Values) {
	cp := make(params.Values, len(base))
	for k, v := range base {
		cp[k] = v
	}
	mu.Lock()
	declared[widgetID] = cp
	mu.Unlock()
}

// Declared returns the baseline declared for widgetID (nil: the defaults).
func Declared(widgetID string) params.Values {
	mu.Lock()
	defer mu.Unlock()
	return declared[widgetID]
}

// Track records the map a widget keeps its current values in, so that a page
// can report them (Current). Widgets change the map in place; a widget that
// makes a new map tracks it again.
func Track(widgetID string, table params.Table, v params.Values) {
	mu.Lock()
	live[widgetID] = tracked{table, v}
	mu.Unlock()
	exposeCurrent()
}

// Current returns every tracked widget's current values, each as a query
// string of all its parameters (params.Table.Encode), keyed by widget id.
// The browser tests read it (globalThis.latentlabParams) to check that a
// link reproduces every setting.
func Current() map[string]string {
	mu.Lock()
	defer mu.Unlock()
	out := make(map[string]string, len(live))
	for id, t := range live {
		out[id] = t.table.Encode(t.vals)
	}
	return out
}
