package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
)

// EngineBuild is the About page's line naming the engine build this browser
// runs: engine-worker.js loads engine.wasm (WebAssembly SIMD kernels) where
// the browser validates a SIMD module, engine-scalar.wasm elsewhere. When a
// lesson has started the engine in this tab the line asks the worker itself
// (its "ready" reply names its kernels); otherwise it makes the worker's own
// SIMD test, since a page without training widgets never starts the engine.
type EngineBuild struct {
	app.Compo
	build  engine.Build
	err    string
	asked  bool // the running worker was asked
	known  bool // its answer came
	simd   bool // the browser's SIMD test (when the engine is not running)
	probed bool
}

// OnMount asks the running engine, or tests the browser.
func (e *EngineBuild) OnMount(ctx app.Context) {
	e.asked = engine.Describe(func(b engine.Build, err error) {
		ctx.Dispatch(func(app.Context) {
			e.build, e.known = b, true
			if err != nil {
				e.err = err.Error()
			}
		})
	})
	if !e.asked {
		e.simd, e.probed = engine.SIMDSupported(), true
	}
}

// Render draws the line.
func (e *EngineBuild) Render() app.UI {
	p := app.P().ID("engine-build")
	switch {
	case e.asked && !e.known:
		return p.Text("Asking the training engine which build it runs…")
	case e.asked && e.err != "":
		return p.Text("The training engine did not answer (" + e.err + ").")
	case e.asked:
		text := "In this tab the training engine runs the " + e.build.Kernels() + " build"
		if e.build.Go != "" {
			text += ", compiled with " + e.build.Go
		}
		return p.Body(app.Text(text+": "), app.Code().Text(e.build.Engine), app.Text("."))
	case e.probed:
		return p.Text("This browser will run the " + engine.BuildName(e.simd) + " build of the training engine when a lesson starts it.")
	}
	return p // the server's render: the browser is not known yet
}
