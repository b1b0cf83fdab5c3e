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
func traced(t *testing.T, kind string) engine.Trace {
	t.Helper()
	m := enginetest.NewClient().Model("step-test")
	c := spec.Default(kind)
	c.Batch = 50
	if kind == spec.VAE {
		c.Hidden = []int{16}
	}
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
	tr := traced(t, spec.VAE)
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

// TestCAEStageTexts: the CAE's stages state its penalty by the closed form
// and by the explicit sum (equal), and the loss as recon + λ‖J‖².
func TestCAEStageTexts(t *testing.T) {
	tr := traced(t, spec.CAE)
	if tr.Kind != "cae" || len(tr.Jacobian) != tr.Latent*tr.Input {
		t.Fatalf("trace of a %s with a %d-value Jacobian", tr.Kind, len(tr.Jacobian))
	}
	w := &stepThrough{tr: &tr}
	if len(w.stages()) != len(caeStages) {
		t.Fatal("a CAE's trace does not choose the CAE's stages")
	}
	jac := textJacobian(&tr)
	if !strings.Contains(jac, kit.FormatNumber(tr.Penalty)) || kit.FormatNumber(tr.Penalty) != kit.FormatNumber(tr.PenaltySum) {
		t.Errorf("Jacobian stage %q (closed form %g, sum %g)", jac, tr.Penalty, tr.PenaltySum)
	}
	if l := textCAELoss(&tr); !strings.Contains(l, kit.FormatNumber(tr.Loss)) || !strings.Contains(l, kit.FormatNumber(tr.Lambda)) {
		t.Errorf("loss stage %q", l)
	}
	for _, st := range caeStages {
		if st.text(&tr) == "" {
			t.Errorf("stage %s says nothing", st.key)
		}
	}
}
