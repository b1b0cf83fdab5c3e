package reparam

import (
	"math"

	"latentlab/web/widget/kit"
)

// Fonts and colours of the graphs.
const (
	fontTitle = "600 13px system-ui, sans-serif"
	fontNode  = "12px system-ui, sans-serif"
	fontSub   = "10px system-ui, sans-serif"
	fontLabel = "11px system-ui, sans-serif"
	fontValue = "600 11px system-ui, sans-serif"
	subColor  = "#666"
	// valueColor is the forward values' blue, darkened from kit.Blue so
	// that 11-px text keeps its contrast on paper.
	valueColor = "#005a8c"
	gradColor  = "#b34700" // the backward numbers: kit.Vermilion, darkened the same way
)

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

// pass is what a graph is showing: the animation (mode, t in [0, 1]) and,
// when a model is attached, its traced step's values (nil: the schematic).
type pass struct {
	mode string // "forward", "backward" or ""
	t    float64
	live *liveView
}

// prog is the stage reached (stages per pass, fractional while animating).
func (p pass) prog() float64 { return p.t * stages }

func drawGraph(c kit.Surface, gr graph, p pass) {
	c.Paint(kit.Paper)
	c.Write(8, 16, gr.Title, fontTitle, kit.Ink, "left")
	for _, e := range gr.Edges {
		drawEdge(c, gr, e, p)
	}
	if p.mode == "backward" && gr.Stop >= 0 && p.prog() >= 2 {
		drawStop(c, gr, p.live != nil)
	}
	for i, n := range gr.Nodes {
		drawNode(c, n)
		if p.live != nil {
			drawValues(c, gr, i, p)
		}
	}
}

// drawEdge draws edge e, its part of the animation, and on the backward
// pass its label and (live) the gradient magnitude it carries.
func drawEdge(c kit.Surface, gr graph, e gedge, p pass) {
	a, b := gr.Nodes[e.From], gr.Nodes[e.To]
	c.SetStroke("#bbb", 1.5)
	c.Segment(a.X, a.Y, b.X, b.Y)
	switch {
	case p.mode == "forward":
		if f := kit.Clamp(p.prog()-float64(e.Fwd), 0, 1); f > 0 {
			c.SetStroke(kit.Blue, 3)
			c.Segment(a.X, a.Y, a.X+(b.X-a.X)*f, a.Y+(b.Y-a.Y)*f)
		}
	case p.mode == "backward" && e.Bwd >= 0:
		f := kit.Clamp(p.prog()-float64(e.Bwd), 0, 1)
		if f <= 0 {
			return
		}
		c.SetStroke(kit.Vermilion, 3)
		c.Segment(b.X, b.Y, b.X+(a.X-b.X)*f, b.Y+(a.Y-b.Y)*f)
		if f < 1 {
			return
		}
		mx, my := labelAt(gr, e)
		if e.Label != "" {
			c.Write(mx, my-6, e.Label, fontLabel, kit.Vermilion, "center")
		}
		if p.live != nil {
			if g := p.live.Edge[edgeKey(e)]; g != "" {
				c.Write(mx, my-20, g, fontValue, gradColor, "center") // above the label
			}
		}
	}
}

// labelAt is where edge e's labels go: its middle, or for the edges into
// z (from μ and σ) nearer their start, clear of z's wide node (in the
// narrow layout σ's nearer z, clear of σ's values).
func labelAt(gr graph, e gedge) (x, y float64) {
	a, b := gr.Nodes[e.From], gr.Nodes[e.To]
	at := 0.5
	switch {
	case nodeKeys[e.To] != "z":
	case nodeKeys[e.From] == "sigma" && gr.Narrow: // below σ's values, left of it
		at = 0.6
	case nodeKeys[e.From] == "mu" || nodeKeys[e.From] == "sigma":
		at = 0.4
	}
	return a.X + (b.X-a.X)*at, a.Y + (b.Y-a.Y)*at
}

// drawStop crosses the edges where the backward pass is blocked.
func drawStop(c kit.Surface, gr graph, live bool) {
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
	s, dy := gr.Nodes[gr.Stop], 42.0
	if live { // under z's value
		dy = 56
	}
	c.Write(s.X, s.Y+dy, "gradient stops here", "600 11px system-ui, sans-serif", kit.Vermilion, "center")
}

func drawNode(c kit.Surface, n gnode) {
	w := nodeWidth(n)
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
	c.Write(n.X, n.Y+4, n.Name, fontNode, kit.Ink, "center")
	if n.Sub != "" {
		c.Write(n.X, n.Y+27, n.Sub, fontSub, subColor, "center")
	}
}

func nodeWidth(n gnode) float64 {
	w := 14 + 6.6*float64(len([]rune(n.Name)))
	if n.Kind == kLayer {
		w = math.Max(w, 70)
	}
	return w
}

// drawValues writes node i's traced value under it (μ's above it: its
// edges leave below) once the forward pass has reached it, and the
// gradient the backward pass leaves on it once that has passed (never, for
// a node the gradient does not reach).
func drawValues(c kit.Surface, gr graph, i int, p pass) {
	n, key := gr.Nodes[i], nodeKeys[i]
	if v := p.live.Node[key]; v != "" && (p.mode != "forward" || p.prog() >= arrival(gr, i)) {
		x, y := n.X, n.Y+40
		switch {
		case key == "mu":
			y = n.Y - 20
		case key == "sigma" && gr.Narrow: // left of σ's steep edge down to z and its label
			x, y = n.X-48, n.Y+29
		case n.Sub == "":
			y = n.Y + 29
		}
		c.Write(x, y, v, fontValue, valueColor, "center")
	}
	if v := p.live.Back[key]; v != "" && p.mode == "backward" && p.prog() >= departure(gr, i) {
		x, y, align := n.X, n.Y+54, "center" // under the forward value
		switch {
		case key == "mu" && gr.Narrow: // right of μ: the title runs above it
			x, y, align = n.X+16, n.Y+4, "left"
		case key == "mu":
			y = n.Y - 34
		case key == "sigma" && gr.Narrow:
			x, y = n.X-48, n.Y+43
		case key == "sigma":
			y = n.Y + 43
		}
		c.Write(x, y, v, fontValue, gradColor, align)
	}
}

// arrival is the forward stage at which node i has its value: when the
// last edge into it has been drawn (0 for the inputs).
func arrival(gr graph, i int) float64 {
	at := 0.0
	for _, e := range gr.Edges {
		if e.To == i {
			at = math.Max(at, float64(e.Fwd+1))
		}
	}
	return at
}

// departure is the backward stage after which the gradient has passed
// node i (the first edge out of it has carried the gradient back).
func departure(gr graph, i int) float64 {
	at := math.Inf(1)
	for _, e := range gr.Edges {
		if e.From == i && e.Bwd >= 0 {
			at = math.Min(at, float64(e.Bwd+1))
		}
	}
	return at
}
