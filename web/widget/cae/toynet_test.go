package cae

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestToyNetGradient checks the analytic gradient (reconstruction + λ·penalty)
// against central finite differences.
func TestToyNetGradient(t *testing.T) {
	n := NewToyNet(5, 3)
	n.Lambda = 0.7
	for i := range n.B1 {
		n.B1[i] = 0.3 * float64(i-2)
	}
	xs := ToyData("moons", 7, 0.1, 1)
	in := append([]float64(nil), xs...)
	in[0] += 0.2 // a corrupted input, as in a DAE
	n.Gradient(in, xs)
	g := append([]float64(nil), n.grad...)
	loss := func() float64 {
		m := n.Gradient(in, xs)
		return m.Recon + n.Lambda*m.Penalty
	}
	const h = 1e-6
	idx, worst := 0, 0.0
	for _, p := range n.params() {
		for i := range p {
			old := p[i]
			p[i] = old + h
			lp := loss()
			p[i] = old - h
			lm := loss()
			p[i] = old
			fd := (lp - lm) / (2 * h)
			if d := math.Abs(fd - g[idx]); d > worst {
				worst = d
			}
			idx++
		}
	}
	if worst > 1e-6 {
		t.Fatalf("worst gradient component differs from finite differences by %g", worst)
	}
}

// TestPenaltyMatchesJacobian checks the closed form against ‖J‖²_F from the
// explicit Jacobian, and that against finite differences of the encoder.
func TestPenaltyMatchesJacobian(t *testing.T) {
	n := NewToyNet(6, 9)
	x0, x1 := 0.3, -0.8
	J := n.Jacobian(nil, x0, x1)
	f := 0.0
	for _, v := range J {
		f += v * v
	}
	if p := n.Penalty(x0, x1); math.Abs(p-f) > 1e-12 {
		t.Fatalf("closed form %g, Jacobian %g", p, f)
	}
	const h = 1e-6
	hp := n.Encode(nil, x0+h, x1)
	hm := n.Encode(nil, x0-h, x1)
	for j := range hp {
		fd := (hp[j] - hm[j]) / (2 * h)
		if math.Abs(fd-J[2*j]) > 1e-7 {
			t.Fatalf("∂h%d/∂x0: fd %g, analytic %g", j, fd, J[2*j])
		}
	}
}

// TestCAEContractsMoreThanAE trains an AE and a CAE with the same seed on the
// noisy circle and checks the CAE's measured contraction ratio is lower while
// its reconstruction of the data stays reasonable.
func TestCAEContractsMoreThanAE(t *testing.T) {
	xs := ToyData("circle", 300, 0.05, 1)
	ae, cae := NewToyNet(16, 1), NewToyNet(16, 1)
	ae.Tied, cae.Tied = true, true
	cae.Lambda = defaultLambda
	for i := 0; i < 1500; i++ {
		if _, err := ae.TrainStep(xs, 32); err != nil {
			t.Fatal(err)
		}
		if _, err := cae.TrainStep(xs, 32); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ra := ae.ContractionRatio(xs, 0.1, 4, rng)
	rc := cae.ContractionRatio(xs, 0.1, 4, rng)
	la, lc := ae.Loss(xs), cae.Loss(xs)
	t.Logf("AE ratio %.3f recon %.4f pen %.3f | CAE ratio %.3f recon %.4f pen %.3f", ra, la.Recon, la.Penalty, rc, lc.Recon, lc.Penalty)
	if rc >= ra {
		t.Fatalf("CAE ratio %.3f not below AE ratio %.3f", rc, ra)
	}
	if lc.Recon > 0.2 {
		t.Fatalf("CAE reconstruction error %.3f too large", lc.Recon)
	}
}

func TestSVD2AndEllipse(t *testing.T) {
	// J = diag(3, 1) rotated by 30° in input space: s = (3, 1), v1 = (cos30, sin30).
	c, s := math.Cos(math.Pi/6), math.Sin(math.Pi/6)
	J := []float64{3 * c, 3 * s, -1 * s, 1 * c}
	s1, s2, vx, vy := SVD2(J)
	if math.Abs(s1-3) > 1e-12 || math.Abs(s2-1) > 1e-12 {
		t.Fatalf("singular values %g %g", s1, s2)
	}
	if math.Abs(math.Abs(vx*c+vy*s)-1) > 1e-12 {
		t.Fatalf("v1 = (%g, %g), want ±(%g, %g)", vx, vy, c, s)
	}
	pts := Ellipse(1, 2, 3, 1, vx, vy, 8)
	if d := math.Hypot(pts[0]-1, pts[1]-2); math.Abs(d-3) > 1e-12 {
		t.Fatalf("first ellipse point at distance %g, want 3", d)
	}
	if d := math.Hypot(pts[4]-1, pts[5]-2); math.Abs(d-1) > 1e-12 {
		t.Fatalf("quarter ellipse point at distance %g, want 1", d)
	}
}

func TestField(t *testing.T) {
	a := Field(func(x, y float64) (float64, float64) { return x / 2, y / 2 }, 4, -2, 2)
	if len(a) != 16 {
		t.Fatalf("%d arrows", len(a))
	}
	if a[0].X0 != -1.5 || a[0].Y0 != 1.5 || a[0].X1 != -0.75 {
		t.Fatalf("first arrow %+v", a[0])
	}
}

func TestHandCalcExample(t *testing.T) {
	c := Calc(exampleW, exampleB, exampleX)
	if math.Abs(c.Explicit-c.Closed) > 1e-12 {
		t.Fatalf("explicit %g closed %g", c.Explicit, c.Closed)
	}
	t.Logf("a=%v h=%v s=%v rowsq=%v penalty=%.6f", c.A, c.H, c.S, c.RowSq, c.Closed)
}

// TestMeterOrdering trains the meter's three models and logs their ratios at
// σ = 0.1; the CAE must be the least sensitive of the three.
func TestMeterOrdering(t *testing.T) {
	m := &Meter{}
	m.OnInit()
	m.stepAll(1500, func() bool { return true })
	m.measure()
	r := m.ratios(0.1)
	t.Logf("ratios at σ=0.1: AE %.3f DAE %.3f CAE %.3f", r[0], r[1], r[2])
	if !(r[2] < r[0]) {
		t.Fatalf("CAE %.3f not below AE %.3f", r[2], r[0])
	}
}

// TestLabDivergenceKeepsLastGood poisons the CAE mid-run: training must stop
// with a reason and restore the last good (finite) models.
func TestLabDivergenceKeepsLastGood(t *testing.T) {
	l := &Lab{}
	l.OnInit()
	if !l.trainSteps(20, func() bool { return true }) {
		t.Fatal("healthy training stopped")
	}
	good := l.cae.W1[0]
	l.cae.W1[0] = math.NaN()
	if l.trainSteps(5, func() bool { return true }) {
		t.Fatal("training did not stop on a NaN weight")
	}
	if !strings.Contains(l.reason, "diverged") {
		t.Fatalf("reason %q does not say it diverged", l.reason)
	}
	if l.cae.W1[0] != good {
		t.Fatalf("CAE weight not restored: %g, want %g", l.cae.W1[0], good)
	}
}

func TestCapArrow(t *testing.T) {
	a := CapArrow(Arrow{1, 1, 4, 5}, 0.5)
	if math.Abs(math.Hypot(a.X1-1, a.Y1-1)-0.5) > 1e-12 || math.Abs(a.X1-1.3) > 1e-12 {
		t.Fatalf("capped arrow %+v", a)
	}
	if b := CapArrow(Arrow{0, 0, 0.1, 0}, 0.5); b.X1 != 0.1 {
		t.Fatalf("short arrow changed: %+v", b)
	}
}
