package reparam

import (
	"fmt"
	"math"
	"strings"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// Node keys, in the order of sampleGraphs' nodes: x, encoder, μ, σ, z,
// decoder, loss, ε. An edge's key is "from-to" ("z-dec").
var nodeKeys = []string{"x", "enc", "mu", "sigma", "z", "dec", "loss", "eps"}

// edgeKey names edge e of a graph by its end nodes.
func edgeKey(e gedge) string { return nodeKeys[e.From] + "-" + nodeKeys[e.To] }

// liveView is what one traced step of an attached VAE puts on the graphs:
// the forward pass's values under the nodes, the gradient magnitudes the
// backward pass carries along the edges, and the same numbers as text rows
// (for the table under the graphs, which screen readers read).
//
// The graphs score z with the reconstruction term alone (the loss node is
// −log p(x|z)), so the gradients shown are that term's: ∂L/∂z is the
// engine's (the analytic KL does not depend on z), and through
// z = μ + σ·ε, ∂L/∂μ = ∂L/∂z · 1 and ∂L/∂σ = ∂L/∂z ⊙ ε. The KL term
// reaches μ and σ directly, without z; the table says how large it is.
type liveView struct {
	Node map[string]string // node key → its forward value
	Back map[string]string // node key → the gradient the backward pass leaves on it
	Edge map[string]string // edge key → the gradient magnitude it carries back
	Rows []liveRow
}

// liveRow is one quantity of the table: its key, the linked-formula part
// it computes (data-ll-part; lessons/README.md), its name, its value and a
// note.
type liveRow struct {
	Key, Part, Name, Value, Note string
}

// liveOf reads the graphs' numbers from a VAE's trace (false for a trace
// without a Gaussian code).
func liveOf(t *engine.Trace) (liveView, bool) {
	d := len(t.Mu)
	if d == 0 || len(t.Sigma) != d || len(t.Eps) != d || len(t.Z) != d || len(t.GradZ) != d {
		return liveView{}, false
	}
	gradSigma := make([]float32, d)
	for i := range gradSigma {
		gradSigma[i] = t.GradZ[i] * t.Eps[i]
	}
	theta := decoderGradNorm(t)
	v := liveView{
		Node: map[string]string{
			"x": inputSummary(t), "enc": hiddenSummary(t), "mu": short(t.Mu), "sigma": short(t.Sigma),
			"eps": short(t.Eps), "z": short(t.Z), "dec": reconSummary(t), "loss": kit.FormatNats(t.ReconTerm),
		},
		Back: map[string]string{
			"dec":   "‖∂L/∂θ‖ = " + kit.FormatNumber(theta),
			"mu":    "‖∂L/∂μ‖ = " + kit.FormatNumber(norm(t.GradZ)),
			"sigma": "‖∂L/∂σ‖ = " + kit.FormatNumber(norm(gradSigma)),
		},
		Edge: map[string]string{"z-dec": "‖∂L/∂z‖ = " + kit.FormatNumber(norm(t.GradZ))},
	}
	const reparOnly = "reparameterized graph; drawn directly, the gradient stops at z"
	v.Rows = []liveRow{
		{"x", "x", "x", inputRow(t), ""},
		{"mu", "mu posterior", "μ", full(t.Mu), "the encoder's mean"},
		{"logvar", "sigma posterior", "log σ²", full(t.LogVar), "the encoder's second output"},
		{"sigma", "sigma posterior", "σ", full(t.Sigma), "σ = exp(½ log σ²)"},
		{"eps", "eps", "ε", full(t.Eps), "drawn from N(0, I)"},
		{"z", "z", "z = μ + σ·ε", full(t.Z), ""},
		{"xhat", "xhat", "x̂", reconRow(t), "the decoder's output"},
		{"recon", "recon", "−log p(x|z)", kit.FormatNats(t.ReconTerm), "the loss node: the reconstruction term"},
		{"kl", "kl", "KL(q(z|x) ‖ p(z))", kit.FormatNats(t.KL), "the ELBO's other term: reaches μ and σ directly, not through z"},
		{"grad-z", "grads", "∂L/∂z", full(t.GradZ), "both graphs"},
		{"grad-mu", "grads", "∂L/∂μ = ∂L/∂z · 1", full(t.GradZ), reparOnly},
		{"grad-sigma", "grads", "∂L/∂σ = ∂L/∂z ⊙ ε", full(gradSigma), reparOnly},
		{"grad-theta", "grads", "‖∂L/∂θ‖", kit.FormatNumber(theta), "the decoder's weights, both graphs"},
	}
	return v, true
}

// decoderGradNorm is ‖∂loss/∂θ‖ over the decoder's layers (weights and
// biases); the KL term does not depend on θ, so it is the reconstruction
// term's.
func decoderGradNorm(t *engine.Trace) float64 {
	s := 0.0
	for _, l := range t.Layers {
		if strings.HasPrefix(l.Name, "dec") {
			s += l.WNorm*l.WNorm + l.BNorm*l.BNorm
		}
	}
	return math.Sqrt(s)
}

// short writes a code vector for a node: its values up to three
// dimensions, else its norm.
func short(v []float32) string {
	if len(v) > 3 {
		return fmt.Sprintf("‖·‖ = %s (%d dims)", kit.FormatNumber(norm(v)), len(v))
	}
	return full(v)
}

// full writes every value of v: (0.52, −1.3).
func full(v []float32) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = kit.FormatNumber(float64(x))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// norm is the Euclidean norm of v.
func norm(v []float32) float64 {
	s := 0.0
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// inputSummary names the input on its node: the digit, or the point.
func inputSummary(t *engine.Trace) string {
	switch {
	case t.Width == 0:
		return short(t.X)
	case t.Label >= 0:
		return fmt.Sprintf("a %d", t.Label)
	}
	return fmt.Sprintf("%d pixels", t.Input)
}

func inputRow(t *engine.Trace) string {
	if t.Width == 0 {
		return full(t.X)
	}
	s := fmt.Sprintf("a %d×%d image, %d of its pixels ink", t.Width, t.Height, above(t.X, 0))
	if t.Label >= 0 {
		s = fmt.Sprintf("a held-out %d: ", t.Label) + s
	}
	return s
}

// hiddenSummary says how many of the encoder's first hidden units fire.
func hiddenSummary(t *engine.Trace) string {
	if len(t.Hidden) == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d units on", above(t.Hidden[0], 0), len(t.Hidden[0]))
}

// reconSummary is x̂ on the decoder's node: its ink pixels, or the point.
func reconSummary(t *engine.Trace) string {
	if t.Width == 0 {
		return "x̂ = " + short(t.Recon)
	}
	return fmt.Sprintf("x̂: %d px > ½", above(t.Recon, 0.5))
}

func reconRow(t *engine.Trace) string {
	if t.Width == 0 {
		return full(t.Recon)
	}
	return fmt.Sprintf("%d pixel intensities, %d of them above ½ (x has %d)", t.Input, above(t.Recon, 0.5), above(t.X, 0.5))
}

// above counts the values of v greater than c.
func above(v []float32, c float32) int {
	n := 0
	for _, x := range v {
		if x > c {
			n++
		}
	}
	return n
}
