package reparam

// The graphs' logical sizes: one row on a wide screen; on a narrow one
// (a canvas under narrowW CSS pixels) the decoder and the loss go on a
// second row, right to left, so that every node stays readable. With a
// model attached (live values) both layouts grow to make room for the
// numbers under the nodes and along the edges.
const (
	graphW, graphH   = 600.0, 210.0
	narrowW, narrowH = 360.0, 300.0
	liveW, liveH     = 680.0, 250.0
	narrowLiveH      = 355.0
	narrowBelow      = 480.0 // CSS px: a canvas narrower than this uses the narrow layout
)

// narrowAt and narrowLiveAt are the nodes' positions in the narrow layouts,
// in the order of sampleGraphs' nodes: x, encoder, μ, σ, z, decoder, loss, ε.
var (
	narrowAt     = [][2]float64{{35, 80}, {120, 80}, {225, 48}, {195, 128}, {290, 192}, {165, 192}, {50, 192}, {290, 262}}
	narrowLiveAt = [][2]float64{{35, 85}, {130, 85}, {250, 52}, {250, 130}, {295, 220}, {160, 220}, {50, 220}, {295, 300}}
)

// layout returns gr laid out for a canvas cssW CSS pixels wide (0: not yet
// laid out), live or schematic, and the logical size to draw it at.
func layout(gr graph, cssW float64, live bool) (out graph, w, h float64) {
	out = gr
	out.Nodes = append([]gnode(nil), gr.Nodes...)
	narrow := cssW > 0 && cssW < narrowBelow
	switch {
	case narrow:
		at, h := narrowAt, narrowH
		if live {
			at, h = narrowLiveAt, narrowLiveH
		}
		for i := range out.Nodes {
			out.Nodes[i].X, out.Nodes[i].Y = at[i][0], at[i][1]
		}
		out.Narrow = true
		return out, narrowW, h
	case live:
		for i := range out.Nodes { // spread along the wider canvas
			out.Nodes[i].X *= liveW / graphW
		}
		return out, liveW, liveH
	}
	return out, graphW, graphH
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
	// Narrow is set on a graph laid out in two rows for a narrow canvas.
	Narrow bool
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
