// Package kit is the shared toolkit of Latent Lab's interactive widgets: the
// Train/Pause/Step/Reset control bar and its "Training status" live region, a
// lockstep training driver for the engine worker, parameter controls built from
// a params.Param (clamping with a visible note), and canvas drawing: line plots
// with axes and legend, latent scatter plots, and strips or grids of 28×28
// images put with one CopyBytesToJS.
//
// Pure logic (scales, ticks, colours, formatting, the driver's state machine,
// layout) has no JS dependency and is tested natively. Drawing goes through
// go-app's app.Value, so the package also compiles natively (draw calls are
// no-ops there); call drawing functions from OnMount, ctx.Defer or an
// animation frame (see Frame), never from Render.
//
// A go-app v9 pitfall the kit works around: on re-render, v9 compares event
// handlers by their code pointer only, so a closure that captured different
// values in a later Render is silently NOT re-bound — the first closure
// stays. Kit controls pass a scope (value, enabled state) to On* so they
// re-bind; in your own components capture only stable things (the component
// pointer, constant names) in handlers, or pass a scope argument.
package kit
