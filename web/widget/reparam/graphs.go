package reparam

import (
	"math"
	"time"

	"latentlab/web/widget/kit"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Graphs is the two-graphs widget: both graphs with Play forward / Play
// backward animations. With a model attached (a pretrained VAE, or the
// model a vae-trainer on the page is training) the graphs carry one traced
// step's values: μ, σ, ε, z, x̂ and the loss under the nodes, the gradient
// magnitudes along the edges, and the same numbers in a table under them
// (graphs_attach.go); without one they stay the schematic.
type Graphs struct {
	app.Compo
	kit.Base

	gs    [2]graph
	mode  string // "", "forward", "backward"
	t     float64
	start time.Time
	loop  kit.Loop

	at attachment // the attached model and its traced step
}

func (g *Graphs) id(i int) string { return "tg-" + g.B.ID + "-" + string(rune('0'+i)) }

// OnInit builds the graphs.
func (g *Graphs) OnInit() {
	g.Init(GraphParams)
	g.Cleanup(g.loop.Release)
	g.Cleanup(g.at.close)
	g.Resized(g.redraw)
	g.gs = sampleGraphs()
}

// OnMount draws the resting state and attaches the model, if any.
func (g *Graphs) OnMount(ctx app.Context) {
	if g.gs[0].Nodes == nil {
		g.OnInit()
	}
	g.mode, g.t = "backward", 1 // show the end of the backward pass first
	g.attach(ctx)
	if g.at.src != nil {
		g.NeedsEngine() // the attached model's traces are the engine's
	}
	ctx.Defer(func(app.Context) { g.redraw() })
}

func (g *Graphs) play(mode string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		g.mode, g.t, g.start = mode, 0, time.Now()
		if kit.ReducedMotion() { // no animation: the whole pass at once
			g.t = 1
			g.redraw()
			return
		}
		g.loop.Start(ctx, func(ctx app.Context) bool {
			speed := pSpeed.Get(g.Vals)
			if speed <= 0 {
				speed = 1
			}
			g.t = math.Min(1, time.Since(g.start).Seconds()*speed/3)
			g.redraw()
			return g.t < 1
		})
	}
}

const stages = 5.0

func (g *Graphs) redraw() {
	p := pass{mode: g.mode, t: g.t, live: g.at.view}
	for i := range g.gs {
		cw := 0.0
		if v := kit.Element(g.id(i)).Get("clientWidth"); kit.Present(v) {
			cw = v.Float()
		}
		gr, w, h := layout(g.gs[i], cw, g.at.src != nil)
		if c, ok := kit.Sized(g.id(i), w, h); ok {
			drawGraph(c, gr, p)
		}
	}
}

func (g *Graphs) caption(i int) string {
	switch g.mode {
	case "forward":
		if i == 0 {
			return "Forward pass: x is encoded to μ and σ, then z is drawn at random from N(μ, σ²), decoded, and scored by the loss."
		}
		return "Forward pass: x is encoded to μ and σ; ε is drawn from N(0, I) outside the network; z = μ + σ·ε is a deterministic function of μ, σ and ε."
	case "backward":
		return g.gs[i].Note
	}
	return ""
}

// Render draws both graphs, their captions and, with a model attached, the
// traced step's numbers.
func (g *Graphs) Render() app.UI {
	if g.gs[0].Nodes == nil {
		g.OnInit()
	}
	live := ""
	if g.at.view != nil {
		live = ", with the values of one traced step (listed in the table below)"
	}
	fig := func(i int) app.UI {
		maxW := "600px"
		if g.at.src != nil {
			maxW = "780px"
		}
		return app.Figure().Class("ll-fig ll-wide").Style("max-width", maxW).Style("flex", "1 1 100%").Body(
			// On narrow screens the graph is drawn in two rows (layout)
			// rather than shrinking its labels below readability.
			app.Canvas().ID(g.id(i)).Class("ll-canvas").Attr("role", "img").
				Aria("label", "Computation graph: "+g.gs[i].Title+live).Style("width", "100%").
				Style("max-width", maxW),
			app.FigCaption().Text(g.caption(i)),
		)
	}
	buttons := []app.UI{
		app.Button().Type("button").Class("ll-btn").Text("Play forward").Disabled(g.B.ActionsOff).OnClick(g.play("forward")),
		app.Button().Type("button").Class("ll-btn").Text("Play backward").Disabled(g.B.ActionsOff).OnClick(g.play("backward")),
	}
	if g.at.src != nil {
		buttons = append(buttons, app.Button().Type("button").Class("ll-btn").Text("Draw another ε").
			Disabled(g.B.ActionsOff || g.at.tr == nil).OnClick(g.drawEps))
	}
	var values app.UI = app.Text("")
	if g.at.src != nil {
		values = g.valuesUI()
	}
	return app.Div().Class("ll-widget two-graphs").Body(
		app.Div().Class("ll-controls", "ll-trainbar").Body(
			app.Div().Class("ll-buttons").Body(buttons...),
			app.Div().Class("ll-status").Attr("role", "status").Aria("label", "Graph animation status").
				Text(map[string]string{"forward": "Showing the forward pass (blue).", "backward": "Showing the backward pass (red): where the gradient of the loss flows."}[g.mode]),
		),
		fig(0), fig(1), values,
	)
}
