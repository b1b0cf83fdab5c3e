package reparam

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
	"latentlab/web/widget/vae"
)

// noModel is the model parameter's value that attaches none: the graphs
// stay the schematic.
const noModel = "none"

// retraceGap is how often at most the graphs trace a model that changes
// (a trainer's, while it trains).
const retraceGap = time.Second

// attachment is the model the graphs follow and its latest traced step.
type attachment struct {
	src    *vae.Source   // nil: nothing attached (the schematic)
	cancel func()        // ends the subscription to src
	tr     *engine.Trace // the traced step (nil until one arrives)
	view   *liveView     // tr's numbers on the graphs
	err    string        // why there are no values
	draws  int           // "Draw another ε" presses: ε's seed is seed + draws

	pending  bool        // a trace is in flight
	ver      int         // src.Ver when the last trace was asked for (-1: none)
	drawsAt  int         // draws when the last trace was asked for
	asked    time.Time   // when it was asked for
	deferred *time.Timer // a trace waiting for retraceGap to pass
}

func (a *attachment) close() {
	if a.cancel != nil {
		a.cancel()
		a.cancel = nil
	}
	if a.deferred != nil {
		a.deferred.Stop()
		a.deferred = nil
	}
}

// source resolves the block's parameters to the Source of the model to
// attach: the trainer named by source when it is on the page, else the
// pretrained model named by model, else nil (model "none").
func source(p *widget.Page, v params.Values) *vae.Source {
	model := pGraphModel.Get(v)
	if src := pGraphSource.Get(v); src != "" {
		follow := params.Values{vae.SourceParam.Name: src, vae.PretrainedParam.Name: false, pGraphModel.Name: vae.PretrainedName}
		if vae.Follows(p, follow) {
			return vae.ChooseSource(p, follow)
		}
	}
	if model == noModel {
		return nil
	}
	return vae.ChooseSource(p, params.Values{pGraphModel.Name: model, vae.PretrainedParam.Name: true})
}

// attach follows the block's model, if any, and traces it whenever it
// changes (at most once per retraceGap).
func (g *Graphs) attach(ctx app.Context) {
	g.at.close()
	g.at = attachment{src: source(g.B.Page, g.Vals), ver: -1}
	if g.at.src == nil {
		return
	}
	g.at.cancel = g.at.src.Subscribe(func() { ctx.Dispatch(func(ctx app.Context) { g.maybeTrace(ctx) }) })
	g.maybeTrace(ctx)
}

// maybeTrace asks for a new trace when the model or ε changed since the
// last one, waiting until retraceGap has passed since that one.
func (g *Graphs) maybeTrace(ctx app.Context) {
	a := &g.at
	s := a.src
	if s == nil || s.Model == nil || s.Net == nil || a.pending || a.deferred != nil {
		return
	}
	if a.ver == s.Ver && a.drawsAt == a.draws {
		return
	}
	if wait := retraceGap - time.Since(a.asked); a.ver >= 0 && a.drawsAt == a.draws && wait > 0 {
		a.deferred = time.AfterFunc(wait, func() {
			ctx.Dispatch(func(ctx app.Context) { a.deferred = nil; g.maybeTrace(ctx) })
		})
		return
	}
	a.pending, a.ver, a.drawsAt, a.asked = true, s.Ver, a.draws, time.Now()
	of := engine.TraceOf{Split: "test", Index: pGraphExample.Get(g.Vals), Seed: uint64(pGraphSeed.Get(g.Vals) + a.draws)}
	s.Model.Trace(of, func(t engine.Trace, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			a.pending = false
			g.traced(t, err)
			g.maybeTrace(ctx) // the model may have moved on meanwhile
		})
	})
}

// traced shows a trace's numbers, or says why there are none.
func (g *Graphs) traced(t engine.Trace, err error) {
	a := &g.at
	if err != nil {
		a.err = "The engine could not trace a step, so the graphs show the schematic: " + err.Error()
		return
	}
	v, ok := liveOf(&t)
	if !ok {
		a.err = fmt.Sprintf("The graphs show a VAE's sampling step; this model is a %s, so they show the schematic.", t.Kind)
		return
	}
	a.tr, a.view, a.err = &t, &v, ""
	g.redraw()
}

// drawEps traces the same digit with a new ε.
func (g *Graphs) drawEps(ctx app.Context, _ app.Event) {
	g.at.draws++
	g.maybeTrace(ctx)
}

// valuesUI is the traced step's numbers as a table (what the graphs draw,
// readable as text), or why there are none yet.
func (g *Graphs) valuesUI() app.UI {
	a := &g.at
	if a.view == nil {
		msg := a.err
		if msg == "" && a.src.Err != "" {
			msg = a.src.Err + " The graphs show the schematic meanwhile."
		}
		if msg == "" {
			msg = "Loading " + a.src.Title + " to trace one step; the graphs show the schematic meanwhile…"
		}
		return app.P().Class("ll-readout").Text(msg)
	}
	rows := make([]app.UI, len(a.view.Rows))
	for i, r := range a.view.Rows {
		note := app.UI(app.Text(""))
		if r.Note != "" {
			note = app.Span().Class("tg-note").Text(" — " + r.Note)
		}
		rows[i] = app.Tr().DataSet("q", r.Key).DataSet("ll-part", r.Part).Body(
			app.Th().Scope("row").Text(r.Name), app.Td().Body(app.Span().Class("tg-value").Text(r.Value), note))
	}
	return app.Table().Class("ll-table tg-values").DataSet("trace", traceJSON(a.tr)).Body(
		app.Caption().Text(g.valuesCaption()),
		app.THead().Body(app.Tr().Body(app.Th().Text("quantity"), app.Th().Text("value"))),
		app.TBody().Body(rows...),
	)
}

// valuesCaption says whose numbers the table and the graphs show.
func (g *Graphs) valuesCaption() string {
	t := g.at.tr
	return fmt.Sprintf("The engine's numbers for one step of %s (step %s) on held-out digit #%d, ε seed %d. "+
		"The loss L on the graphs is the reconstruction term −log p(x|z); the gradients are its gradients.",
		g.at.src.Title, kit.FormatCount(t.Step), pGraphExample.Get(g.Vals), pGraphSeed.Get(g.Vals)+g.at.draws)
}

// traceJSON is the traced values the graphs show, at full precision (a
// data attribute for tests and for readers who copy them).
func traceJSON(t *engine.Trace) string {
	b, err := json.Marshal(struct {
		Mu, LogVar, Sigma, Eps, Z, GradZ []float32
		Recon, KL                        float64
		Label, Step                      int
	}{t.Mu, t.LogVar, t.Sigma, t.Eps, t.Z, t.GradZ, t.ReconTerm, t.KL, t.Label, t.Step})
	if err != nil {
		return ""
	}
	return string(b)
}
