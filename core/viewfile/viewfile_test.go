package viewfile

import (
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"latentlab/core/infer"
)

// sample is a view with the pretrained model's shape (2 → 256 ReLU → 784
// sigmoid) and weights of a trained decoder's size.
func sample(r *rand.Rand, codes int) *View {
	dense := func(in, out int, act infer.Activation, std float64) infer.Dense {
		d := infer.Dense{In: in, Out: out, Act: act, W: make([]float32, in*out), B: make([]float32, out)}
		for i := range d.W {
			d.W[i] = float32(r.NormFloat64() * std)
		}
		for i := range d.B {
			d.B[i] = float32(r.NormFloat64() * 0.1)
		}
		return d
	}
	v := &View{Step: 2000, Meta: map[string]string{"test_neg_elbo": "140.1"}, Input: 784, Latent: 2, Output: "bernoulli", N: codes,
		Decoder: infer.MLP{dense(2, 256, infer.ReLU, 1), dense(256, 784, infer.Sigmoid, 0.15)}}
	for i := range codes {
		v.Mu = append(v.Mu, float32(r.NormFloat64()), float32(r.NormFloat64()))
		v.Sigma = append(v.Sigma, float32(r.Float64()), float32(r.Float64()))
		v.Labels = append(v.Labels, i%10)
	}
	return v
}

func TestRoundTrip(t *testing.T) {
	v := sample(rand.New(rand.NewPCG(1, 2)), 50)
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Step != v.Step || back.Meta["test_neg_elbo"] != "140.1" || back.N != 50 || back.Latent != 2 || back.Input != 784 {
		t.Fatalf("header came back as %+v", back)
	}
	for i := range v.Mu {
		if back.Mu[i] != v.Mu[i] || back.Sigma[i] != v.Sigma[i] {
			t.Fatalf("code %d: %v, %v want %v, %v (codes are stored exactly)", i, back.Mu[i], back.Sigma[i], v.Mu[i], v.Sigma[i])
		}
	}
	for i, l := range v.Labels {
		if back.Labels[i] != l {
			t.Fatalf("label %d is %d, want %d", i, back.Labels[i], l)
		}
	}
	// Each weight is within half a step of its row's scale; biases are exact.
	for k, d := range v.Decoder {
		got := back.Decoder[k]
		if err := got.Check(); err != nil || got.Act != d.Act {
			t.Fatalf("layer %d: %v, activation %v", k, err, got.Act)
		}
		for o := range d.Out {
			m := 0.0
			for _, w := range d.W[o*d.In : (o+1)*d.In] {
				m = max(m, math.Abs(float64(w)))
			}
			for i := range d.In {
				if diff := math.Abs(float64(got.W[o*d.In+i] - d.W[o*d.In+i])); diff > m/127/2*1.0001 {
					t.Fatalf("layer %d weight (%d, %d) off by %g, more than half a step (%g)", k, o, i, diff, m/127/2)
				}
			}
			if got.B[o] != d.B[o] {
				t.Fatalf("layer %d bias %d changed", k, o)
			}
		}
	}
}

// TestMaxPixelDiff: quantisation moves the decoded pixels, by a measurable
// amount (these random weights are far rougher than a trained decoder's:
// viewgen checks the real model against MaxPixelError when it writes).
func TestMaxPixelDiff(t *testing.T) {
	v := sample(rand.New(rand.NewPCG(1, 7)), 20)
	if d := MaxPixelDiff(v.Network(), v); d != 0 {
		t.Fatalf("a view differs from its own network by %g", d)
	}
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := MaxPixelDiff(v.Network(), back); d <= 0 || d > 0.2 {
		t.Errorf("quantised decodes differ by %g, want in (0, 0.2]", d)
	}
}

func TestNetworkDecodesNotEncodes(t *testing.T) {
	v := sample(rand.New(rand.NewPCG(3, 4)), 1)
	net := v.Network()
	if out := net.Decode([]float32{0.5, -1}); len(out) != 784 {
		t.Fatalf("decode gave %d pixels", len(out))
	}
	if len(net.Encoder) != 0 || !net.IsVAE() {
		t.Fatalf("a view's network has an encoder (%d layers) or is not a VAE", len(net.Encoder))
	}
}

// TestRefusesCorruptFiles: truncated, padded, wrong magic, bad header
// fields and non-finite numbers are refused with a message; never a panic.
func TestRefusesCorruptFiles(t *testing.T) {
	good, err := Marshal(sample(rand.New(rand.NewPCG(5, 6)), 20))
	if err != nil {
		t.Fatal(err)
	}
	hlen := int(binary.LittleEndian.Uint32(good[len(Magic):]))
	body := len(Magic) + 4 + hlen
	withHeader := func(old, new string) []byte {
		h := strings.Replace(string(good[len(Magic)+4:body]), old, new, 1)
		b := append([]byte(Magic), binary.LittleEndian.AppendUint32(nil, uint32(len(h)))...)
		return append(append(b, h...), good[body:]...)
	}
	nan := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(nan[len(good)-20-4*2*20*2:], math.Float32bits(float32(math.NaN())))
	cases := map[string]struct {
		b    []byte
		want string
	}{
		"empty":          {nil, "not a Latent Lab view file"},
		"html":           {[]byte("<!doctype html><p>not found"), "not a Latent Lab view file"},
		"model file":     {[]byte("LLMODEL\x00rest"), "not a Latent Lab view file"},
		"huge header":    {append([]byte(Magic), 0xff, 0xff, 0xff, 0x7f), "header of"},
		"bad json":       {withHeader(`"step"`, `"step":`), "header"},
		"padded":         {append(append([]byte(nil), good...), 0), "truncated or padded"},
		"truncated":      {good[:len(good)-1], "truncated or padded"},
		"wide layer":     {withHeader(`"In":256,"Out":784`, `"In":256,"Out":99999999`), "layer 2"},
		"broken chain":   {withHeader(`"In":256,"Out":784`, `"In":255,"Out":784`), "layer 2"},
		"activation":     {withHeader(`"Act":"sigmoid"`, `"Act":"softmax"`), "unknown activation"},
		"output":         {withHeader(`"output":"bernoulli"`, `"output":"poisson"`), "output distribution"},
		"negative codes": {withHeader(`"codes":20`, `"codes":-1`), "codes"},
		"many codes":     {withHeader(`"codes":20`, `"codes":2000000000`), "codes"},
		"not a number":   {nan, "not a finite number"},
	}
	for name, c := range cases {
		_, err := Unmarshal(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one that says %q", name, err, c.want)
		}
	}
	if _, err := Unmarshal(nil); !errors.Is(err, ErrNotView) {
		t.Errorf("an empty file: %v, want ErrNotView", err)
	}
	for n := 0; n < len(good); n += 1 + n/64 { // every length of the header, then ever sparser
		if _, err := Unmarshal(good[:n]); err == nil {
			t.Fatalf("the first %d of %d bytes were accepted", n, len(good))
		}
	}
}

func TestMarshalRefusesBadShapes(t *testing.T) {
	v := sample(rand.New(rand.NewPCG(7, 8)), 3)
	v.Labels = v.Labels[:2]
	if _, err := Marshal(v); err == nil {
		t.Error("3 codes with 2 labels were written")
	}
	v = sample(rand.New(rand.NewPCG(7, 8)), 3)
	v.Input = 100
	if _, err := Marshal(v); err == nil {
		t.Error("a decoder to 784 pixels was written as one to 100")
	}
}

func FuzzUnmarshal(f *testing.F) {
	good, _ := Marshal(sample(rand.New(rand.NewPCG(9, 9)), 3))
	f.Add(good)
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Unmarshal(b)
		if err == nil {
			if cerr := v.check(); cerr != nil {
				t.Fatalf("accepted a view that fails its own check: %v", cerr)
			}
		}
	})
}
