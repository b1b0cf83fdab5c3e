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
// The API at a glance:
//
//   - Controls: Field{ID, Param, Label, Value, Input, Log, Live, Unit,
//     Disabled, Labels, OnChange}.UI() renders a labelled slider / number box /
//     select / checkbox from a params.Param (typed values are clamped by
//     Param.Parse and the Note is passed to OnChange); Controls(fields...)
//     lays them out; Notes(notes) shows clamping notes; AddNote/DropNote.
//   - Training: Bar{Running, Busy, Disabled, Stopped, OnTrain, OnPause, OnStep,
//     OnReset}.UI() (buttons named Train, Pause, Step, Reset);
//     StatusRegion(Status{Step, Rate, Terms, State, Message}.String()) is the
//     role=status "Training status" region; Alert(msg); Driver is the lockstep
//     state machine (Train/Pause/Step/Reset → steps to request; Begin/Done per
//     reply; EngineTime sizes chunks); History is a decimating loss series.
//   - Drawing: Fit(canvas) → Surface (CSS-pixel coordinates at the device
//     pixel ratio, FG = theme colour); Cached{ID} keeps a fitted Surface;
//     Surface.LinePlot(LinePlot{Series…}), Surface.Bars, Surface.Axes,
//     Surface.Legend, Surface.DrawScatter(MapFrame, Points, …), Surface.Line,
//     Surface.Ellipse, Surface.Cursor, Surface.Text; PathBuilder batches a
//     polyline or thousands of markers into one Path2D; MapFrame maps latent ↔
//     pixels; StyleFor(label) and DigitLegend() give colour-blind-safe
//     Okabe–Ito colours plus marker shapes; PutGray / PutGrid put 28×28 images
//     (ImageGrid layout) with one CopyBytesToJS; Frame coalesces redraws to one
//     per animation frame; FetchBytes and Now wrap fetch and performance.now.
//
// A go-app v9 pitfall the kit works around: on re-render, v9 compares event
// handlers by their code pointer only, so a closure that captured different
// values in a later Render is silently NOT re-bound — the first closure
// stays. Kit controls pass a scope (value, enabled state) to On* so they
// re-bind; in your own components capture only stable things (the component
// pointer, constant names) in handlers, or pass a scope argument.
package kit
