package reparam

import (
	"math"
	"time"

	"latentlab/web/widget/kit"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The graphs' logical sizes: one row on a wide screen; on a narrow one
// (a canvas under narrowW CSS pixels) the decoder and the loss go on a
// second row, right to left, so that every node stays readable.
const (
	graphW, graphH   = 600.0, 210.0
	narrowW, narrowH = 360.0, 300.0
)

// narrowAt are the nodes' positions in the narrow layout, in the order of
// sampleGraphs' nodes: x, encoder, μ, σ, z, decoder, loss, ε.
var narrowAt = [][2]float64{{35, 80}, {120, 80}, {225, 48}, {195, 128}, {290, 192}, {165, 192}, {50, 192}, {290, 262}}

// narrowed returns gr laid out for a narrow canvas.
func narrowed(gr graph) graph {
	out := gr
	out.Nodes = append([]gnode(nil), gr.Nodes...)
	for i := range out.Nodes {
		out.Nodes[i].X, out.Nodes[i].Y = narrowAt[i][0], narrowAt[i][1]
	}
	return out
}

// node kinds
const (
	kData = iota
	kLayer
	kValue
	kStochastic
	kNoise
	kLoss
)

type gnode struct {
	Name, Sub string
	X, Y      float64
	Kind      int
}

// gedge is an edge From→To; Fwd is its stage in the forward pass, Bwd in the
// backward pass (-1: the gradient does not travel along it), Label is shown
// on the edge during the backward pass.
type gedge struct {
	From, To int
	Fwd, Bwd int
	Label    string
}

type graph struct {
	Title string
	Nodes []gnode
	Edges []gedge
	// Stop, when ≥ 0, is a node where the backward pass is blocked.
	Stop int
	Note string // what happens at the end of the backward pass
}

// Graphs returns the two computation graphs of the VAE sampling step:
// sampling z directly (the backward pass stops at the random node) and the
// reparameterized form z = μ + σ⊙ε with ε an outside input.
func sampleGraphs() [2]graph {
	base := func(z gnode) []gnode {
		return []gnode{
			{"x", "input", 30, 105, kData},
			{"encoder", "weights φ", 130, 105, kLayer},
			{"μ", "", 240, 60, kValue},
			{"σ", "", 240, 150, kValue},
			z,
			{"decoder", "weights θ", 450, 105, kLayer},
			{"loss", "−log p(x|z)", 560, 105, kLoss},
		}
	}
	stoch := graph{
		Title: "Sampling z directly",
		Nodes: base(gnode{"z ~ N(μ, σ²)", "random draw", 345, 105, kStochastic}),
		Edges: []gedge{
			{0, 1, 0, -1, ""}, {1, 2, 1, -1, ""}, {1, 3, 1, -1, ""},
			{2, 4, 2, -1, "?"}, {3, 4, 2, -1, "?"},
			{4, 5, 3, 1, "∂L/∂z"}, {5, 6, 4, 0, "∂L/∂x̂"},
		},
		Stop: 4,
		Note: "The gradient reaches z and stops: z is a random draw, and ∂z/∂μ, ∂z/∂σ are not defined for it. The encoder weights φ get no gradient from the reconstruction term.",
	}
	nodes := base(gnode{"z = μ + σ·ε", "deterministic", 345, 105, kValue})
	nodes = append(nodes, gnode{"ε ~ N(0, I)", "outside noise", 345, 172, kNoise})
	rep := graph{
		Title: "Reparameterized: z = μ + σ·ε",
		Nodes: nodes,
		Edges: []gedge{
			{0, 1, 0, -1, ""}, {1, 2, 1, 3, "∂L/∂φ"}, {1, 3, 1, 3, "∂L/∂φ"},
			{2, 4, 2, 2, "∂z/∂μ = 1"}, {3, 4, 2, 2, "∂z/∂σ = ε"}, {7, 4, 2, -1, ""},
			{4, 5, 3, 1, "∂L/∂z"}, {5, 6, 4, 0, "∂L/∂x̂"},
		},
		Stop: -1,
		Note: "The gradient flows through z = μ + σ·ε to μ and σ (∂z/∂μ = 1, ∂z/∂σ = ε) and on into the encoder weights φ. ε is an input with no parameters, so nothing needs its gradient.",
	}
	return [2]graph{stoch, rep}
}

// Graphs is the two-graphs widget: both graphs with Play forward / Play
// backward animations.
type Graphs struct {
	app.Compo
	kit.Base

	gs    [2]graph
	mode  string // "", "forward", "backward"
	t     float64
	start time.Time
	loop  kit.Loop
}

func (g *Graphs) id(i int) string { return "tg-" + g.B.ID + "-" + string(rune('0'+i)) }

// OnInit builds the graphs.
func (g *Graphs) OnInit() {
	g.Init(GraphParams)
	g.Cleanup(g.loop.Release)
	g.Resized(g.redraw)
	g.gs = sampleGraphs()
}

// OnMount draws the resting state.
func (g *Graphs) OnMount(ctx app.Context) {
	if g.gs[0].Nodes == nil {
		g.OnInit()
	}
	g.mode, g.t = "backward", 1 // show the end of the backward pass first
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
	for i := range g.gs {
		gr, w, h := g.gs[i], graphW, graphH
		if cw := kit.Element(g.id(i)).Get("clientWidth"); kit.Present(cw) && cw.Float() > 0 && cw.Float() < 480 {
			gr, w, h = narrowed(gr), narrowW, narrowH
		}
		if c, ok := kit.Sized(g.id(i), w, h); ok {
			drawGraph(c, gr, g.mode, g.t)
		}
	}
}

func nodeColor(k int) string {
	switch k {
	case kLayer:
		return "#dbe9f6"
	case kStochastic:
		return "#fbe0d0"
	case kNoise:
		return "#eee"
	case kLoss:
		return "#e5f4ee"
	}
	return "#fff"
}

func drawGraph(c kit.Surface, gr graph, mode string, t float64) {
	c.Paint(kit.Paper)
	c.Write(8, 16, gr.Title, "600 13px system-ui, sans-serif", kit.Ink, "left")
	prog := t * stages // stage progress
	// edges
	for _, e := range gr.Edges {
		a, b := gr.Nodes[e.From], gr.Nodes[e.To]
		c.SetStroke("#bbb", 1.5)
		c.Segment(a.X, a.Y, b.X, b.Y)
		switch mode {
		case "forward":
			f := kit.Clamp(prog-float64(e.Fwd), 0, 1)
			if f > 0 {
				c.SetStroke(kit.Blue, 3)
				c.Segment(a.X, a.Y, a.X+(b.X-a.X)*f, a.Y+(b.Y-a.Y)*f)
			}
		case "backward":
			if e.Bwd < 0 {
				continue
			}
			f := kit.Clamp(prog-float64(e.Bwd), 0, 1)
			if f > 0 {
				c.SetStroke(kit.Vermilion, 3)
				c.Segment(b.X, b.Y, b.X+(a.X-b.X)*f, b.Y+(a.Y-b.Y)*f)
				if f >= 1 && e.Label != "" {
					mx, my := (a.X+b.X)/2, (a.Y+b.Y)/2
					c.Write(mx, my-6, e.Label, "11px system-ui, sans-serif", kit.Vermilion, "center")
				}
			}
		}
	}
	// blocked edges: a cross where the backward pass stops
	if mode == "backward" && gr.Stop >= 0 && prog >= 2 {
		for _, e := range gr.Edges {
			if e.To != gr.Stop || e.Bwd >= 0 {
				continue
			}
			a, b := gr.Nodes[e.From], gr.Nodes[e.To]
			mx, my := (a.X+b.X)/2, (a.Y+b.Y)/2
			c.SetStroke(kit.Vermilion, 2.5)
			c.Segment(mx-6, my-6, mx+6, my+6)
			c.Segment(mx-6, my+6, mx+6, my-6)
		}
		s := gr.Nodes[gr.Stop]
		c.Write(s.X, s.Y+42, "gradient stops here", "600 11px system-ui, sans-serif", kit.Vermilion, "center")
	}
	// nodes
	for _, n := range gr.Nodes {
		w := 14 + 6.6*float64(len([]rune(n.Name)))
		if n.Kind == kLayer {
			w = math.Max(w, 70)
		}
		c.SetFill(nodeColor(n.Kind))
		c.SetStroke(kit.Ink, 1.2)
		if n.Kind == kStochastic {
			c.SetStroke(kit.Vermilion, 2)
			c.SetDash(4, 3)
		}
		c.Ctx.Call("beginPath")
		if n.Kind == kValue || n.Kind == kData || n.Kind == kStochastic || n.Kind == kNoise {
			c.Ctx.Call("ellipse", n.X, n.Y, w/2, 14, 0, 0, 2*math.Pi)
		} else {
			c.Ctx.Call("rect", n.X-w/2, n.Y-15, w, 30)
		}
		c.Ctx.Call("fill")
		c.Ctx.Call("stroke")
		c.SetDash()
		c.Write(n.X, n.Y+4, n.Name, "12px system-ui, sans-serif", kit.Ink, "center")
		if n.Sub != "" {
			c.Write(n.X, n.Y+27, n.Sub, "10px system-ui, sans-serif", "#666", "center")
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

// Render draws both graphs and their captions.
func (g *Graphs) Render() app.UI {
	if g.gs[0].Nodes == nil {
		g.OnInit()
	}
	fig := func(i int) app.UI {
		return app.Figure().Class("ll-fig ll-wide").Style("max-width", "600px").Style("flex", "1 1 100%").Body(
			// On narrow screens the graph is drawn in two rows (narrowed)
			// rather than shrinking its labels below readability.
			app.Canvas().ID(g.id(i)).Class("ll-canvas").Attr("role", "img").
				Aria("label", "Computation graph: "+g.gs[i].Title).Style("width", "100%").
				Style("max-width", "600px"),
			app.FigCaption().Text(g.caption(i)),
		)
	}
	return app.Div().Class("ll-widget two-graphs").Body(
		app.Div().Class("ll-controls", "ll-trainbar").Body(
			app.Div().Class("ll-buttons").Body(
				app.Button().Type("button").Class("ll-btn").Text("Play forward").Disabled(g.B.ActionsOff).OnClick(g.play("forward")),
				app.Button().Type("button").Class("ll-btn").Text("Play backward").Disabled(g.B.ActionsOff).OnClick(g.play("backward")),
			),
			app.Div().Class("ll-status").Attr("role", "status").Aria("label", "Graph animation status").
				Text(map[string]string{"forward": "Showing the forward pass (blue).", "backward": "Showing the backward pass (red): where the gradient of the loss flows."}[g.mode]),
		),
		fig(0), fig(1),
	)
}
