package reparam

import (
	"encoding/json"
	"math"
	"testing"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// traceOf builds a VAE trace from its reply body (JSON, as the engine sends
// it) and the example's pixels.
func traceOf(t *testing.T, body string, x, recon []float32, hidden []float32) *engine.Trace {
	t.Helper()
	var tr engine.Trace
	if err := json.Unmarshal([]byte(body), &tr.TraceReply); err != nil {
		t.Fatal(err)
	}
	tr.X, tr.Recon = x, recon
	if hidden != nil {
		tr.Hidden = [][]float32{hidden}
	}
	return &tr
}

const vae2D = `{"kind": "vae", "input": 4, "latent": 2, "width": 2, "height": 2, "label": 7,
	"mu": [0.5, -1.25], "log_var": [-2, -1], "sigma": [0.3679, 0.6065], "eps": [1.5, -0.5], "z": [1.0518, -1.5533],
	"kl": 2.25, "recon": 95.25, "grad_z": [3, -4], "grad_mu": [3.5, -5.25],
	"layers": [{"name": "enc0", "w": 100, "b": 100}, {"name": "enc1", "w": 7, "b": 1},
	           {"name": "dec0", "w": 2, "b": 1}, {"name": "dec1", "w": 2, "b": 4}]}`

// TestLiveOf: the graphs' numbers come from the trace, the gradients are
// the reconstruction term's (∂L/∂μ = ∂L/∂z, ∂L/∂σ = ∂L/∂z ⊙ ε, ‖∂L/∂θ‖
// over the decoder's layers only), and the stochastic graph carries no
// number past z.
func TestLiveOf(t *testing.T) {
	tr := traceOf(t, vae2D, []float32{0, 0.8, 1, 0}, []float32{0.1, 0.7, 0.9, 0.6}, []float32{0, 2, 0.5})
	v, ok := liveOf(tr)
	if !ok {
		t.Fatal("a VAE trace was refused")
	}
	for key, want := range map[string]string{
		"x": "a 7", "enc": "2/3 units on", "mu": "(0.5, −1.2)", "sigma": "(0.368, 0.607)", "eps": "(1.5, −0.5)",
		"z": "(1.1, −1.6)", "dec": "x̂: 3 px > ½", "loss": "95.2 nats",
	} {
		if v.Node[key] != want {
			t.Errorf("node %s shows %q, want %q", key, v.Node[key], want)
		}
	}
	gradSigma := math.Hypot(3*1.5, -4*-0.5)
	for key, want := range map[string]string{
		"dec": "‖∂L/∂θ‖ = 5.0", // √(2² + 1² + 2² + 4²): the encoder's layers do not count
		"mu":  "‖∂L/∂μ‖ = 5.0", "sigma": "‖∂L/∂σ‖ = " + kit.FormatNumber(gradSigma),
	} {
		if v.Back[key] != want {
			t.Errorf("node %s gets the gradient %q, want %q", key, v.Back[key], want)
		}
	}
	if want := "‖∂L/∂z‖ = 5.0"; v.Edge["z-dec"] != want {
		t.Errorf("z → decoder carries %q, want %q", v.Edge["z-dec"], want)
	}
	rows := map[string]string{}
	for _, r := range v.Rows {
		rows[r.Key] = r.Value
	}
	for key, want := range map[string]string{
		"grad-mu": "(3.0, −4.0)", "grad-sigma": "(4.5, 2.0)", "kl": "2.2 nats", "logvar": "(−2.0, −1.0)",
		"x": "a held-out 7: a 2×2 image, 2 of its pixels ink",
	} {
		if rows[key] != want {
			t.Errorf("row %s = %q, want %q", key, rows[key], want)
		}
	}

	// The gradient reaches μ and σ (their numbers appear) only in the
	// reparameterized graph; the decoder's in both.
	gs := sampleGraphs()
	for i, want := range []map[string]float64{{"mu": math.Inf(1), "sigma": math.Inf(1), "dec": 1}, {"mu": 3, "sigma": 3, "dec": 1}} {
		for n, key := range nodeKeys[:len(gs[i].Nodes)] {
			if at, ok := want[key]; ok && departure(gs[i], n) != at {
				t.Errorf("%s: the gradient leaves %s at stage %g, want %g", gs[i].Title, key, departure(gs[i], n), at)
			}
		}
	}
}

// TestLiveOfWideAndRefused: a 16-dimensional code shows its norms on the
// nodes (all values in the table); a trace without a Gaussian code (a CAE)
// is refused.
func TestLiveOfWideAndRefused(t *testing.T) {
	tr := traceOf(t, vae2D, []float32{0, 1, 1, 0}, make([]float32, 4), nil)
	d := 16
	tr.Mu, tr.Sigma, tr.Eps, tr.Z, tr.GradZ = make([]float32, d), make([]float32, d), make([]float32, d), make([]float32, d), make([]float32, d)
	tr.Mu[3] = 2
	v, ok := liveOf(tr)
	if !ok || v.Node["mu"] != "‖·‖ = 2.0 (16 dims)" {
		t.Errorf("16-D μ on its node: %q (ok %v)", v.Node["mu"], ok)
	}
	if v.Node["enc"] != "" {
		t.Errorf("an encoder without a hidden layer shows %q", v.Node["enc"])
	}
	cae := traceOf(t, `{"kind": "cae", "input": 4, "latent": 2, "grad_z": [1, 2], "code": [0.1, 0.2]}`, make([]float32, 4), make([]float32, 4), nil)
	if _, ok := liveOf(cae); ok {
		t.Error("a CAE trace was accepted")
	}
}

// TestLayoutFits: in every layout each node, its subtitle and its value
// line lie inside the canvas, and no two nodes overlap.
func TestLayoutFits(t *testing.T) {
	for _, gr := range sampleGraphs() {
		for _, c := range []struct {
			cssW float64
			live bool
		}{{0, false}, {600, false}, {360, false}, {0, true}, {680, true}, {360, true}} {
			g, w, h := layout(gr, c.cssW, c.live)
			boxes := make([][4]float64, len(g.Nodes))
			for i, n := range g.Nodes {
				half := math.Max(nodeWidth(n), 6*float64(len([]rune(n.Sub))))/2 + 1
				bottom := n.Y + 30
				if c.live {
					bottom = n.Y + 58
				}
				top := n.Y - 15
				if c.live && nodeKeys[i] == "mu" { // its value above it
					top = n.Y - 31
				}
				boxes[i] = [4]float64{n.X - half, n.Y - 15, n.X + half, n.Y + 15}
				if n.X-half < 0 || n.X+half > w || top < 18 || bottom > h+14 {
					t.Errorf("%s, %v px, live %v: node %s at (%g, %g) leaves the %g×%g canvas", gr.Title, c.cssW, c.live, n.Name, n.X, n.Y, w, h)
				}
			}
			for i := range boxes {
				for j := range i {
					a, b := boxes[i], boxes[j]
					if a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] {
						t.Errorf("%s, %v px, live %v: nodes %s and %s overlap", gr.Title, c.cssW, c.live, g.Nodes[i].Name, g.Nodes[j].Name)
					}
				}
			}
		}
	}
}

// TestStages: node values appear as the forward pass reaches them.
func TestStages(t *testing.T) {
	rep := sampleGraphs()[1]
	for i, want := range []float64{0, 1, 2, 2, 3, 4, 5, 0} {
		if got := arrival(rep, i); got != want {
			t.Errorf("%s arrives at stage %g, want %g", rep.Nodes[i].Name, got, want)
		}
	}
}
