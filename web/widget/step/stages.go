package step

import (
	"fmt"
	"math"
	"strings"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// figure is one canvas of a stage: an image at its native size scaled up
// (image), or a plot drawn at the canvas's CSS size (plot).
type figure struct {
	part  string // the canvas id is the widget's ID(part)
	label string // its accessible name
	image bool   // a 28×28-style image (else a plot of height px)
	wide  bool   // a grid of images, as wide as the stage allows
	ratio string // a plot whose height follows its width (CSS aspect-ratio), instead of px
	px    int    // CSS height of a plot
}

// stage is one step of the slow motion.
type stage struct {
	key, title string
	parts      string // the linked-formula names it computes (data-ll-part; lessons/README.md)
	text       func(t *engine.Trace) string
	figures    []figure
	draw       func(w *stepThrough, t *engine.Trace)
}

var (
	figX     = figure{part: "x", label: "The input x", image: true}
	figXhat  = figure{part: "xhat", label: "The reconstruction x̂", image: true}
	figPlane = figure{part: "plane", label: "Latent space: the prior, the posterior ellipse, μ and z", ratio: "2 / 1"}
)

// vaeStages are the stages of one VAE training step.
var vaeStages = []stage{
	{key: "x", title: "The input x", parts: "x", figures: []figure{figX}, text: textX,
		draw: func(w *stepThrough, t *engine.Trace) { w.image("x", t.X, t) }},
	{key: "hidden", title: "The encoder's hidden layer", parts: "hidden", text: textHidden,
		figures: []figure{figX, {part: "hidden", label: "The hidden layer's activations as a strip", px: 70}},
		draw: func(w *stepThrough, t *engine.Trace) {
			w.image("x", t.X, t)
			if len(t.Hidden) > 0 {
				w.strip("hidden", t.Hidden[0])
			}
		}},
	{key: "posterior", title: "μ and log σ²: the posterior q(z|x)", parts: "posterior mu sigma", text: textPosterior, figures: []figure{figPlane},
		draw: func(w *stepThrough, t *engine.Trace) { w.plane(t, planeShow{ellipse: true}) }},
	{key: "eps", title: "ε is drawn", parts: "eps", text: textEps, figures: []figure{{part: "eps", label: "ε on the standard normal", px: 220}},
		draw: func(w *stepThrough, t *engine.Trace) { w.epsPlane(t) }},
	{key: "z", title: "z = μ + σ ⊙ ε", parts: "z", text: textZ, figures: []figure{figPlane},
		draw: func(w *stepThrough, t *engine.Trace) { w.plane(t, planeShow{ellipse: true, z: true}) }},
	{key: "xhat", title: "The decoder's x̂", parts: "xhat", text: textXhat, figures: []figure{figX, figXhat},
		draw: func(w *stepThrough, t *engine.Trace) { w.image("x", t.X, t); w.image("xhat", t.Recon, t) }},
	{key: "recon", title: "The reconstruction term", parts: "recon", text: textRecon,
		figures: []figure{figX, figXhat, {part: "err", label: "Per-pixel reconstruction error map, in nats", image: true}},
		draw: func(w *stepThrough, t *engine.Trace) {
			w.image("x", t.X, t)
			w.image("xhat", t.Recon, t)
			w.heat("err", t.ReconPixel, t)
		}},
	{key: "kl", title: "The KL term", parts: "kl", text: textKL, figures: []figure{{part: "kl", label: "KL per latent dimension, in nats", px: 160}},
		draw: func(w *stepThrough, t *engine.Trace) { w.klBars(t) }},
	{key: "elbo", title: "−ELBO: the loss on this digit", parts: "elbo", text: textELBO,
		figures: []figure{{part: "elbo", label: "The reconstruction and KL terms adding up to −ELBO", px: 90}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.elboBar(t) }},
	{key: "grads", title: "Gradients flow back", parts: "grads", text: textGrads,
		figures: []figure{{part: "graph", label: "The network with each layer's gradient magnitude on its edge", px: 150}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.graph(t) }},
	{key: "update", title: "The update", parts: "update", text: textUpdate,
		figures: []figure{{part: "update", label: "The loss on this digit before and after the update", px: 90}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.updateBars(t) }},
}

func textX(t *engine.Trace) string {
	if t.Width == 0 {
		return fmt.Sprintf("One held-out point x = %s. Everything that follows is what the engine computes for it in one training step.", vec(t.X))
	}
	on := 0
	for _, v := range t.X {
		if v > 0 {
			on++
		}
	}
	label := ""
	if t.Label >= 0 {
		label = fmt.Sprintf(", a %d", t.Label)
	}
	return fmt.Sprintf("One held-out digit%s: %d pixel intensities in [0, 1], %d of them ink (non-zero). "+
		"Everything that follows is what the engine computes for this one image in one training step.", label, t.Input, on)
}

func textHidden(t *engine.Trace) string {
	if len(t.Hidden) == 0 {
		return "This encoder has no hidden layer: x goes straight to μ and log σ²."
	}
	h := t.Hidden[0]
	on, top := 0, 0.0
	for _, v := range h {
		if v > 0 {
			on++
		}
		top = math.Max(top, float64(v))
	}
	return fmt.Sprintf("h = ReLU(W₁x + b₁): %d hidden units, one column each in the strip (brighter = larger). "+
		"%d of them are active for this digit (the others are exactly 0), the largest is %s.", len(h), on, kit.FormatNumber(top))
}

func textPosterior(t *engine.Trace) string {
	return fmt.Sprintf("The encoder's last layer outputs 2 × %d numbers: μ = %s and log σ² = %s, so σ = %s. "+
		"Together they are the posterior q(z|x) = N(μ, diag σ²): the thick ellipse is μ ± σ, the thin one μ ± 2σ, "+
		"the dashed circle the prior's 1σ.", t.Latent, vec(t.Mu), vec(t.LogVar), vec(t.Sigma))
}

func textEps(t *engine.Trace) string {
	return fmt.Sprintf("ε = %s is drawn from the standard normal N(0, I). It is the step's only randomness, "+
		"and it does not depend on the weights: that is what lets gradients pass through the sampling.", vec(t.Eps))
}

func textZ(t *engine.Trace) string {
	parts := make([]string, 0, min(len(t.Z), 4))
	for j := range t.Z[:min(len(t.Z), 4)] {
		parts = append(parts, fmt.Sprintf("z%s = %s + %s × %s = %s", sub(j+1), num(t.Mu[j]), num(t.Sigma[j]), num(t.Eps[j]), num(t.Z[j])))
	}
	return "The reparameterization: " + strings.Join(parts, "; ") +
		". z moves from μ along ε, stretched by σ — a small σ keeps it close to μ."
}

func textXhat(t *engine.Trace) string {
	if t.Output != "bernoulli" {
		return fmt.Sprintf("The decoder maps z to x̂ = %s, the mean of its Gaussian p(x|z); x was %s.", vec(t.Recon), vec(t.X))
	}
	return fmt.Sprintf("The decoder maps z to x̂, the probability that each of the %d pixels is ink (left: x, right: x̂).", t.Input)
}

func textRecon(t *engine.Trace) string {
	worst := append([]float32(nil), t.ReconPixel...)
	total := 0.0
	for _, v := range worst {
		total += float64(v)
	}
	if t.Output != "bernoulli" || t.Width == 0 {
		return fmt.Sprintf("−log p(x|z) = ‖x − x̂‖²/(2σ²) + const = %s nats for this point, summed over its %d coordinates.",
			kit.FormatNumber(t.ReconTerm), t.Input)
	}
	top := topSum(worst, 50)
	return fmt.Sprintf("−log p(x|z) = −Σᵢ [xᵢ log x̂ᵢ + (1 − xᵢ) log(1 − x̂ᵢ)] = %s nats. "+
		"The map shows each pixel's share (brighter = more nats): the 50 worst of the %d pixels carry %s%% of it.", kit.FormatNumber(t.ReconTerm), t.Input, kit.FormatNumber(math.Round(100*top/total)))
}

func textKL(t *engine.Trace) string {
	parts := make([]string, 0, len(t.KLPerDim))
	for j, v := range t.KLPerDim[:min(len(t.KLPerDim), 4)] {
		parts = append(parts, "KL"+sub(j+1)+" = "+kit.FormatNumber(v))
	}
	return fmt.Sprintf("KLⱼ = ½(μⱼ² + σⱼ² − log σⱼ² − 1) for each latent dimension: %s; "+
		"KL = %s nats. It is zero only where the posterior equals the prior (μⱼ = 0, σⱼ = 1).",
		strings.Join(parts, ", "), kit.FormatNumber(t.KL))
}

func textELBO(t *engine.Trace) string {
	s := fmt.Sprintf("−ELBO = reconstruction + KL = %s + %s = %s nats for this digit.",
		kit.FormatNumber(t.ReconTerm), kit.FormatNumber(t.KL), kit.FormatNumber(t.NegELBO))
	if t.Beta != 1 {
		s += fmt.Sprintf(" With β = %s the trainer minimises reconstruction + β·KL = %s.", kit.FormatNumber(t.Beta), kit.FormatNumber(t.Loss))
	}
	return s + " Training averages this over a batch of digits and lowers it."
}

func textGrads(t *engine.Trace) string {
	return fmt.Sprintf("Backpropagation: ∂L/∂z = %s. Through z = μ + σε (the pathwise gradient): "+
		"∂L/∂μ = ∂L/∂z + β·μ = %s and ∂L/∂log σ² = ∂L/∂z ⊙ ½σε + β·½(σ² − 1) = %s. "+
		"The edges carry ‖∂L/∂W‖ of each layer (thicker = larger).", vec(t.GradZ), vec(t.GradMu), vec(t.GradLogVar))
}

func textUpdate(t *engine.Trace) string {
	d := t.LossAfter - t.Loss
	same := ""
	if t.Kind == "vae" {
		same = ", with the same ε"
	}
	return fmt.Sprintf("One gradient step on this digit alone, w ← w − η·∂L/∂w with η = %s: "+
		"the loss on it goes from %s to %s nats (%s)%s. "+
		"The trainer takes such steps on batches of digits, with Adam — thousands of them.",
		kit.FormatNumber(t.LR), kit.FormatNumber(t.Loss), kit.FormatNumber(t.LossAfter), signed(d), same)
}

// vec formats a short vector: (a, b, …), at most 4 entries.
func vec(v []float32) string {
	parts := make([]string, 0, min(len(v), 5))
	for _, x := range v[:min(len(v), 4)] {
		parts = append(parts, num(x))
	}
	if len(v) > 4 {
		parts = append(parts, "…")
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func num(v float32) string { return kit.FormatNumber(float64(v)) }

func signed(d float64) string {
	if d > 0 {
		return "+" + kit.FormatNumber(d)
	}
	return kit.FormatNumber(d)
}

// sub writes a small positive integer as subscript digits.
func sub(n int) string {
	const digits = "₀₁₂₃₄₅₆₇₈₉"
	var b strings.Builder
	for _, c := range fmt.Sprint(n) {
		i := int(c - '0')
		b.WriteString(string([]rune(digits)[i]))
	}
	return b.String()
}

// topSum returns the sum of the k largest values of v (v is reordered).
func topSum(v []float32, k int) float64 {
	total := 0.0
	for range min(k, len(v)) {
		best := 0
		for i := range v {
			if v[i] > v[best] {
				best = i
			}
		}
		total += float64(v[best])
		v[best] = float32(math.Inf(-1))
	}
	return total
}
