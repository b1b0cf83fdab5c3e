package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"latentlab/core/formula"
)

// TestAgreesWithFormula cross-checks the trainer's KL and CAE penalty with
// the closed forms the quizzes and widgets use (package formula).
func TestAgreesWithFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	// KL per dimension.
	c := tiny("vae")
	x := tinyData(rng, 3, c.Input)
	tr, err := New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	eps := make([]float32, 3*c.Latent)
	tr.forward(x, eps, 3)
	_, per := tr.klTerm(3)
	enc := tr.net.enc[len(tr.net.enc)-1].Output()
	L := c.Latent
	for j := 0; j < L; j++ {
		var want float64
		for r := 0; r < 3; r++ {
			want += formula.KLDiagGaussian(float64(enc[r*2*L+j]), float64(enc[r*2*L+L+j])) / 3
		}
		if math.Abs(per[j]-want) > 1e-6*math.Max(1, want) {
			t.Errorf("KL dim %d: trainer %g, formula %g", j, per[j], want)
		}
	}
	// CAE penalties, sigmoid and tanh, on one example.
	for _, act := range []string{"sigmoid", "tanh"} {
		c := tiny("cae")
		c.CodeAct = act
		x := tinyData(rng, 1, c.Input)
		tr, err := New(c, x)
		if err != nil {
			t.Fatal(err)
		}
		l := tr.net.enc[0]
		W := make([][]float64, l.Out) // formula wants W[j][i], unit j's weights
		b := make([]float64, l.Out)
		for j := range W {
			W[j] = make([]float64, l.In)
			for i := range W[j] {
				W[j][i] = float64(l.W[i*l.Out+j])
			}
			b[j] = float64(l.B[j])
		}
		x64 := make([]float64, len(x))
		for i, v := range x {
			x64[i] = float64(v)
		}
		tr.forward(x, nil, 1)
		got := tr.caePenalty(1)
		want := formula.SigmoidCAEPenalty(W, b, x64)
		if act == "tanh" {
			want = formula.TanhCAEPenalty(W, b, x64)
		}
		if math.Abs(got-want) > 1e-5*math.Max(1, want) {
			t.Errorf("%s CAE penalty: trainer %g, formula %g", act, got, want)
		}
	}
}
