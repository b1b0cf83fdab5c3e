package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// MarkPrefix starts the name of every performance mark of the page's boot
// (the load benchmark, web/e2e/load_bench_test.go, reads them as its
// breakdown of a visit).
const MarkPrefix = "ll:"

// Mark records the performance mark MarkPrefix+name (nothing natively, or in
// a browser without User Timing). A mark costs about a microsecond.
func Mark(name string) {
	if !app.IsClient {
		return
	}
	if p := app.Window().Get("performance"); Present(p) && Present(p.Get("mark")) {
		p.Call("mark", MarkPrefix+name)
	}
}

// MarkOnce is Mark for a phase that may repeat (a second draw, another
// widget's wake): only its first time is recorded.
func MarkOnce(name string) {
	if !app.IsClient || marked[name] {
		return
	}
	if marked == nil {
		marked = map[string]bool{}
	}
	marked[name] = true
	Mark(name)
}

var marked map[string]bool
