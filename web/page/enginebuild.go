package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
)

// EngineBuild is the About page's line naming the engine build this browser
// runs: engine-worker.js loads engine.wasm (WebAssembly SIMD kernels) where
// the browser validates a SIMD module, engine-scalar.wasm elsewhere. The
// line asks the worker itself (its "ready" reply), so it names the build
// that actually runs, not a guess.
type EngineBuild struct {
	app.Compo
	build engine.Build
	err   string
	known bool
}

// OnMount asks the shared engine worker which build it runs.
func (e *EngineBuild) OnMount(ctx app.Context) {
	engine.Describe(func(b engine.Build, err error) {
		ctx.Dispatch(func(app.Context) {
			e.build, e.known = b, true
			if err != nil {
				e.err = err.Error()
			}
		})
	})
}

// Render draws the line.
func (e *EngineBuild) Render() app.UI {
	p := app.P().ID("engine-build").Aria("live", "polite")
	switch {
	case !e.known:
		return p.Text("Asking the training engine which build this browser runs…")
	case e.err != "":
		return p.Text("The training engine did not start in this browser (" + e.err + "), so the lessons cannot train here.")
	}
	text := "In this browser the training engine runs the " + e.build.Kernels() + " build"
	if e.build.Go != "" {
		text += ", compiled with " + e.build.Go
	}
	return p.Body(app.Text(text+": "), app.Code().Text(e.build.Engine), app.Text("."))
}
