package worker

import (
	"math"
	"testing"

	"latentlab/core/analysis"
	"latentlab/core/spec"
)

// The worker's gonum-free Jacobian and singular values (kept out of
// engine.wasm to keep it small) agree with core/analysis (gonum).
func TestJacobianMatchesCoreAnalysis(t *testing.T) {
	for _, kind := range []string{"vae", "ae", "cae"} {
		hidden := []int{24, 12}
		if kind == "cae" {
			hidden = []int{}
		}
		cfg := spec.Config{Kind: kind, Hidden: hidden, Latent: 4, HiddenAct: "tanh", CodeAct: "sigmoid", Batch: 10, Beta: 1, Seed: 3}
		if kind == spec.VAE {
			cfg.CodeAct = "identity"
		}
		data := SyntheticMNIST(20, 2)
		tr, err := Engine{}.NewTrainer(cfg.WithDefaults(spec.Data{Dim: data.Dim, N: data.N, Binary: true}), data)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		net := tr.Network()
		x := SyntheticMNIST(1, 9).X
		J := EncoderJacobian(&net, x)
		ref, err := analysis.Jacobian(&net, x)
		if err != nil {
			t.Fatal(err)
		}
		r, c := ref.Dims()
		if r != 4 || c != 784 {
			t.Fatalf("reference Jacobian %d×%d", r, c)
		}
		var worst float64
		for i := range r {
			for j := range c {
				worst = math.Max(worst, math.Abs(J[i*c+j]-ref.At(i, j)))
			}
		}
		if worst > 1e-9 {
			t.Errorf("%s: Jacobian differs from core/analysis by %g", kind, worst)
		}
		sv, frob := SingularValues(J, r, c)
		rsv, err := analysis.SingularValues(ref)
		if err != nil {
			t.Fatal(err)
		}
		var f2 float64
		for k := range rsv {
			f2 += rsv[k] * rsv[k]
			if math.Abs(sv[k]-rsv[k]) > 1e-9*(1+rsv[0]) {
				t.Errorf("%s: σ%d = %g, core/analysis %g", kind, k, sv[k], rsv[k])
			}
		}
		if math.Abs(frob-f2) > 1e-9*(1+f2) {
			t.Errorf("%s: ‖J‖²_F = %g, Σσ² = %g", kind, frob, f2)
		}
	}
}
