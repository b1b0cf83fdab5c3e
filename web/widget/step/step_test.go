package step

import (
	"strings"
	"testing"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/engine/enginetest"
	"latentlab/web/widget/kit"
)

// traced returns the engine's trace of a small toy VAE after a few steps.
func traced(t *testing.T) engine.Trace {
	t.Helper()
	m := enginetest.NewClient().Model("vae:step-test")
	c := spec.Default(spec.VAE)
	c.Hidden, c.Batch = []int{16}, 50
	var err error
	m.Create(c, engine.Toy("moons", 200, 50, 0.05, 1), func(_ engine.Info, e error) { err = e })
	m.Train(engine.Chunk{Steps: 20}, func(_ engine.Trained, e error) { err = e })
	var tr engine.Trace
	m.Trace(engine.TraceOf{Index: 2, Seed: 5, LR: 0.01}, func(got engine.Trace, e error) { tr, err = got, e })
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestStageTexts: every stage says something different and states the
// trace's own numbers: the ELBO stage the sum of the two terms, the z stage
// z₁ = μ₁ + σ₁ × ε₁, the update stage the loss before and after.
func TestStageTexts(t *testing.T) {
	tr := traced(t)
	seen := map[string]string{}
	for _, st := range vaeStages {
		txt := st.text(&tr)
		if txt == "" || seen[txt] != "" {
			t.Errorf("stage %s: text %q (also stage %s)", st.key, txt, seen[txt])
		}
		seen[txt] = st.key
	}
	want := map[string][]string{
		"posterior": {num(tr.Mu[0]), num(tr.LogVar[1]), num(tr.Sigma[0])},
		"eps":       {num(tr.Eps[0]), num(tr.Eps[1])},
		"z":         {"z₁ = " + num(tr.Mu[0]) + " + " + num(tr.Sigma[0]) + " × " + num(tr.Eps[0]) + " = " + num(tr.Z[0])},
		"kl":        {kit.FormatNumber(tr.KLPerDim[0]), kit.FormatNumber(tr.KL)},
		"elbo":      {kit.FormatNumber(tr.ReconTerm) + " + " + kit.FormatNumber(tr.KL) + " = " + kit.FormatNumber(tr.NegELBO)},
		"grads":     {num(tr.GradMu[0]), num(tr.GradLogVar[1])},
		"update":    {"from " + kit.FormatNumber(tr.Loss) + " to " + kit.FormatNumber(tr.LossAfter), "η = 0.01"},
	}
	for _, st := range vaeStages {
		txt := st.text(&tr)
		for _, w := range want[st.key] {
			if !strings.Contains(txt, w) {
				t.Errorf("stage %s: %q does not contain %q", st.key, txt, w)
			}
		}
	}
	if !(tr.LossAfter < tr.Loss) {
		t.Errorf("the update raised the loss on the example: %g → %g", tr.Loss, tr.LossAfter)
	}
}

func TestSub(t *testing.T) {
	if got := sub(12); got != "₁₂" {
		t.Errorf("sub(12) = %q", got)
	}
}
