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
package kit
