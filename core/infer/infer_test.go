package infer

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randDense(r *rand.Rand, in, out int, act Activation) Dense {
	d := Dense{In: in, Out: out, W: make([]float32, in*out), B: make([]float32, out), Act: act}
	s := float32(math.Sqrt(6 / float64(in+out)))
	for i := range d.W {
		d.W[i] = (2*r.Float32() - 1) * s
	}
	for i := range d.B {
		d.B[i] = (2*r.Float32() - 1) * 0.1
	}
	return d
}

// naive is a float64 reference forward pass.
func naive(m MLP, x []float32) []float64 {
	cur := make([]float64, len(x))
	for i, v := range x {
		cur[i] = float64(v)
	}
	for _, d := range m {
		next := make([]float64, d.Out)
		for o := 0; o < d.Out; o++ {
			s := float64(d.B[o])
			for i := 0; i < d.In; i++ {
				s += float64(d.W[o*d.In+i]) * cur[i]
			}
			switch d.Act {
			case Sigmoid:
				s = 1 / (1 + math.Exp(-s))
			case Tanh:
				s = math.Tanh(s)
			case ReLU:
				s = math.Max(0, s)
			}
			next[o] = s
		}
		cur = next
	}
	return cur
}

func randVec(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

func testNet(r *rand.Rand, kind string) Network {
	lat := 2
	encOut := lat
	if kind == "vae" {
		encOut = 2 * lat
	}
	return Network{
		Kind: kind, Latent: lat, Input: 784, OutputDist: "bernoulli",
		Encoder: MLP{randDense(r, 784, 256, ReLU), randDense(r, 256, encOut, Identity)},
		Decoder: MLP{randDense(r, lat, 256, ReLU), randDense(r, 256, 784, Sigmoid)},
	}
}

func TestForwardMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, act := range []Activation{Identity, Sigmoid, Tanh, ReLU} {
		m := MLP{randDense(r, 13, 7, act), randDense(r, 7, 5, Tanh), randDense(r, 5, 3, act)}
		if err := m.Check(); err != nil {
			t.Fatal(err)
		}
		x := randVec(r, 13)
		got := m.Forward(nil, x)
		want := naive(m, x)
		for i := range want {
			if d := math.Abs(float64(got[i]) - want[i]); d > 1e-5 {
				t.Errorf("%v: out[%d] = %g, want %g", act, i, got[i], want[i])
			}
		}
	}
}

func TestNetworkEncodeDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, kind := range []string{"ae", "vae"} {
		n := testNet(r, kind)
		if err := n.Check(); err != nil {
			t.Fatal(err)
		}
		x := make([]float32, 784)
		for i := range x {
			x[i] = r.Float32()
		}
		mu, lv := n.Encode(x)
		ref := naive(n.Encoder, x)
		if len(mu) != 2 {
			t.Fatalf("%s: len(mu) = %d", kind, len(mu))
		}
		if kind == "vae" {
			if len(lv) != 2 || math.Abs(float64(lv[1])-ref[3]) > 1e-4 {
				t.Errorf("vae logVar = %v, ref %v", lv, ref[2:])
			}
		} else if lv != nil {
			t.Errorf("ae logVar = %v, want nil", lv)
		}
		if math.Abs(float64(mu[0])-ref[0]) > 1e-4 {
			t.Errorf("%s: mu = %v, ref %v", kind, mu, ref[:2])
		}
		// Appending to mu must not clobber logVar.
		_ = append(mu, 99)
		if kind == "vae" && lv[0] == 99 {
			t.Error("mu aliases logVar capacity")
		}
		z := []float32{0.3, -1.2}
		dec := n.Decode(z)
		dref := naive(n.Decoder, z)
		var ws Workspace
		dst := make([]float32, 784)
		dst = n.DecodeInto(&ws, dst, z)
		for i := range dref {
			if math.Abs(float64(dec[i])-dref[i]) > 1e-5 || dec[i] != dst[i] {
				t.Fatalf("%s: decode[%d] = %g / %g, ref %g", kind, i, dec[i], dst[i], dref[i])
			}
		}
	}
}

func TestDecodeIntoZeroAlloc(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := testNet(r, "vae")
	var ws Workspace
	dst := make([]float32, 784)
	z := []float32{0.1, 0.2}
	n.DecodeInto(&ws, dst, z)
	allocs := testing.AllocsPerRun(50, func() { n.DecodeInto(&ws, dst, z) })
	if allocs != 0 {
		t.Errorf("DecodeInto allocates %v times per call, want 0", allocs)
	}
	enc := make([]float32, 4)
	x := make([]float32, 784)
	n.EncodeInto(&ws, enc, x)
	if a := testing.AllocsPerRun(20, func() { n.EncodeInto(&ws, enc, x) }); a != 0 {
		t.Errorf("EncodeInto allocates %v times per call", a)
	}
}

func TestCheckRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	n := testNet(r, "ae")
	bad := n.Clone()
	bad.Decoder[1].B = bad.Decoder[1].B[:3]
	if bad.Check() == nil {
		t.Error("short bias accepted")
	}
	bad = n.Clone()
	bad.Latent = 3
	if bad.Check() == nil {
		t.Error("wrong latent accepted")
	}
	bad = n.Clone()
	bad.Kind = "vae"
	if bad.Check() == nil {
		t.Error("vae with latent-wide encoder accepted")
	}
	bad = n.Clone()
	bad.Encoder[0].Act = 9
	if bad.Check() == nil {
		t.Error("bad activation accepted")
	}
	// Clone is deep.
	c := n.Clone()
	c.Encoder[0].W[0] = 42
	if n.Encoder[0].W[0] == 42 {
		t.Error("Clone shares weights")
	}
}

func TestParseActivation(t *testing.T) {
	for _, a := range []Activation{Identity, Sigmoid, Tanh, ReLU} {
		b, err := ParseActivation(a.String())
		if err != nil || b != a {
			t.Errorf("round trip %v: %v %v", a, b, err)
		}
	}
	if _, err := ParseActivation("swish"); err == nil {
		t.Error("unknown activation accepted")
	}
}

func TestSigmoidExtremes(t *testing.T) {
	v := []float32{-1000, 1000, 0}
	Sigmoid.apply(v)
	if v[0] != 0 || v[1] != 1 || v[2] != 0.5 {
		t.Errorf("sigmoid extremes = %v", v)
	}
}

// BenchmarkD1r is the R1 decoder (2→256 ReLU→784 sigmoid) on one latent
// point, float32, through the row products of Network.DecodeInto: the
// engine's D1r row (BenchmarkD1 is the D1 workload's compiled path).
func BenchmarkD1r(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	n := testNet(r, "vae")
	var ws Workspace
	dst := make([]float32, 784)
	z := []float32{0.5, -0.5}
	b.ReportAllocs()
	for b.Loop() {
		n.DecodeInto(&ws, dst, z)
	}
}

func TestCompiledMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	n := testNet(r, "vae")
	c := Compile(n.Decoder)
	e := Compile(n.Encoder)
	dst := make([]float32, 784)
	for trial := 0; trial < 5; trial++ {
		z := randVec(r, 2)
		got := c.Forward(dst, z)
		want := naive(n.Decoder, z)
		for i := range want {
			if math.Abs(float64(got[i])-want[i]) > 1e-5 {
				t.Fatalf("decoder out[%d] = %g, want %g", i, got[i], want[i])
			}
		}
		x := make([]float32, 784)
		for i := range x {
			if r.IntN(3) == 0 {
				x[i] = r.Float32()
			}
		}
		enc := e.Forward(nil, x)
		ref := naive(n.Encoder, x)
		for i := range ref {
			if math.Abs(float64(enc[i])-ref[i]) > 1e-4 {
				t.Fatalf("encoder out[%d] = %g, want %g", i, enc[i], ref[i])
			}
		}
	}
	if a := testing.AllocsPerRun(20, func() { c.Forward(dst, []float32{0.1, 0.2}) }); a != 0 {
		t.Errorf("Compiled.Forward allocates %v times", a)
	}
	// Compile copies: later weight changes do not leak in.
	before := c.Forward(nil, []float32{1, 1})[0]
	n.Decoder[1].B[0] += 5
	if after := c.Forward(nil, []float32{1, 1})[0]; after != before {
		t.Error("Compiled shares weights with the MLP")
	}
}

// BenchmarkD1 is the D1 reference workload: the R1 decoder on one latent
// point through Compile (transposed, zero-skipping), as the worker decodes.
func BenchmarkD1(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	n := testNet(r, "vae")
	c := Compile(n.Decoder)
	dst := make([]float32, 784)
	z := []float32{0.5, -0.5}
	b.ReportAllocs()
	for b.Loop() {
		c.Forward(dst, z)
	}
}

// TestCompiledHiddenActivations: Compiled.Forward matches the float64
// reference with every activation on hidden layers (a ReLU layer feeds the
// next one through CSR.FromDenseReLU, the others through FromDense), and a
// NaN input still comes out as NaN through ReLU layers.
func TestCompiledHiddenActivations(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, act := range []Activation{Identity, Sigmoid, Tanh, ReLU} {
		m := MLP{randDense(r, 3, 40, act), randDense(r, 40, 37, ReLU), randDense(r, 37, 9, act)}
		c := Compile(m)
		for range 5 {
			x := randVec(r, 3)
			got := c.Forward(nil, x)
			want := naive(m, x)
			for i := range want {
				if d := math.Abs(float64(got[i]) - want[i]); d > 1e-5 {
					t.Fatalf("%v: out[%d] = %g, want %g", act, i, got[i], want[i])
				}
			}
		}
		for i, v := range c.Forward(nil, []float32{float32(math.NaN()), 0, 0}) {
			if v == v {
				t.Fatalf("%v: NaN input gave out[%d] = %g", act, i, v)
			}
		}
	}
}
