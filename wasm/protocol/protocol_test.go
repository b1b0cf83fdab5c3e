package protocol

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/spec"
)

func f64(v float64) *float64 { return &v }

// samples holds one filled-in body for every request and reply type.
var samples = []struct {
	typ  string
	body any
}{
	{Hello, &HelloBody{Client: "test"}},
	{Ready, &ReadyBody{Protocol: Version, Engine: "dev", GoVersion: "go1.26", Datasets: []string{"mnist", "moons"}, Workloads: []string{"R1"}}},
	{Create, &CreateBody{
		Model: spec.Config{Kind: "vae", Input: 2, Hidden: []int{256}, Latent: 2, HiddenAct: "relu", CodeAct: "identity", Output: "bernoulli",
			Lambda: 0.1, Beta: 0.5, NoiseStd: 0.2, LR: 1e-3, Batch: 100, Optimizer: "adam", Init: "he", Seed: 7},
		Data: DataConfig{Source: "toy", Name: "moons", N: 500, Test: 100, Noise: 0.05, Seed: 3}}},
	{Created, &CreatedBody{Kind: "vae", Params: 1234, Input: 784, Latent: 2, Width: 28, Height: 28, Train: 10000, Test: 2000, Step: 5,
		Config: &CreateBody{Model: spec.Config{Kind: "cae", Hidden: []int{}}, Data: DataConfig{Source: "mnist"}}}},
	{Train, &TrainBody{Steps: 10, EvalEvery: 5, EvalEnd: true, EvalN: 200, MaxMs: 100}},
	{Trained, &TrainedBody{Step: 12, Metrics: []StepMetrics{{Step: 11, Loss: 1.5, Recon: 1, KL: 0.5, KLPerDim: []float64{0.25, 0.25}, ELBO: -1.5}, {Step: 12, Loss: 1.4, Recon: 1, Penalty: 0.4}},
		Eval: []EvalMetrics{{Step: 12, N: 100, Loss: 1.6, Recon: 1.1, KL: 0.5, ELBO: -1.6}}, Diverged: "loss is NaN", Restored: 11, Millis: 3.5}},
	{Set, &SetBody{LR: f64(0.01), Beta: f64(2), Lambda: f64(0.3), Noise: f64(0.1)}},
	{Set, &SetReply{LR: 0.01, Beta: 2, Lambda: 0.3, Noise: 0.1}},
	{Encode, &EncodeBody{Split: "train", Offset: 10, Count: 50, Inputs: true}},
	{Encode, &EncodeReply{N: 50, Latent: 2, Sigma: true, Labels: []int{1, 2, 3}}},
	{Decode, &DecodeBody{Mean: true}},
	{Decode, &ImagesReply{N: 3, Dim: 784, Width: 28, Height: 28}},
	{Reconstruct, &EncodeBody{Split: "test", Count: 8}},
	{Reconstruct, &ReconstructReply{N: 8, Dim: 784, Width: 28, Height: 28, Labels: []int{0, 1}}},
	{Score, &ScoreBody{EncodeBody: EncodeBody{Split: "test", Count: 2000}, Relative: true, Corrupt: "noise", Seed: 3, Top: 10}},
	{Score, &ScoreReply{N: 2000, Dim: 784, Width: 28, Height: 28, Labels: []int{7, 1}, Top: []int{5, 9}}},
	{Grid, &GridBody{DimX: 0, DimY: 1, N: 10, Range: 2.5, Quantile: true, Base: []float64{0, 0, 1}}},
	{Grid, &GridReply{N: 2, Dim: 4, Width: 2, Height: 2, Xs: []float64{-1, 1}, Ys: []float64{1, -1}}},
	{Sample, &SampleBody{N: 16, Seed: 9}},
	{Sample, &ImagesReply{N: 16, Dim: 784, Latent: 2}},
	{Jacobian, &JacobianBody{Index: 4, Split: "test"}},
	{Jacobian, &JacobianReply{Rows: 2, Cols: 784, Singular: []float64{3, 1}, Frobenius: 10}},
	{Contraction, &ContractionBody{Sigma: 0.1, Count: 100, Draws: 4, Seed: 1}},
	{Contraction, &ContractionReply{Ratio: 0.4, StdErr: 0.01, N: 100}},
	{Weights, &WeightsBody{Max: 64}},
	{Weights, &WeightsReply{N: 64, In: 784, Width: 28, Height: 28}},
	{Snapshot, nil},
	{Snapshot, &SnapshotReply{Kind: "ae", Input: 3, Latent: 1, OutputDist: "bernoulli", Encoder: []LayerShape{{In: 3, Out: 1, Act: "identity"}}, Decoder: []LayerShape{{In: 1, Out: 3, Act: "sigmoid"}}, Step: 4}},
	{Save, &SaveBody{Name: "mine", Meta: map[string]string{"note": "x"}}},
	{Save, &BytesReply{Bytes: 1000}},
	{Load, &LoadBody{Bytes: 1000, Name: "vae-mnist-2d", Data: &DataConfig{Source: "mnist"}, Kind: "vae"}},
	{ExportWeights, &WeightsFileReply{Weights: 1000, Sidecar: 200}},
	{ImportWeights, &ImportWeightsBody{Weights: 1000, Sidecar: 200, Data: &DataConfig{Source: "mnist"}, Kind: "vae"}},
	{Dispose, nil},
	{Bench, &BenchBody{Workload: "R1", Data: "mnist", Steps: 20, Warmup: 2, Keep: true}},
	{Bench, &BenchReply{Workload: "R1", Millis: []float64{1, 2, 3}, MedianMs: 2, StepsPerS: 500, Data: "synthetic", Float: "float32", GoArch: "wasm"}},
	{Trace, &TraceBody{Index: 2, Split: "train", Eps: []float32{0.5, -1}, Seed: 4, LR: 0.01}},
	{Trace, &TraceReply{Kind: "vae", Output: "bernoulli", Step: 3, Input: 4, Latent: 2, Width: 2, Height: 2, Label: 7, Hidden: []int{3},
		Mu: []float32{1, 2}, LogVar: []float32{0, -1}, Sigma: []float32{1, 0.6}, Eps: []float32{0.5, -1}, Z: []float32{1.5, 1.4},
		KLPerDim: []float64{0.5, 2.1}, KL: 2.6, Beta: 1, ReconTerm: 3, Loss: 5.6, NegELBO: 5.6,
		GradZ: []float32{0.1, 0.2}, GradMu: []float32{1.1, 2.2}, GradLogVar: []float32{0.3, -0.2},
		Layers: []LayerGrad{{Name: "enc0", In: 4, Out: 3, WNorm: 2, BNorm: 1}}, LR: 0.01, LossAfter: 5.2}},
	{Classify, &ClassifyBody{Features: "code", Labelled: []int{10, 100}, Seed: 2, Decay: 0.01, Unlabelled: 500}},
	{Classify, &ClassifyReply{Accuracy: []float64{0.5, 0.75}, Dim: 32, Test: 2000}},
	{ErrorType, nil},
}

func TestRoundTripEveryType(t *testing.T) {
	seen := map[string]bool{}
	for i, s := range samples {
		m, err := New(s.typ, s.body)
		if err != nil {
			t.Fatalf("%d %s: %v", i, s.typ, err)
		}
		m.Run, m.Seq, m.Slot = 3, uint64(100+i), "explorer"
		wire, err := Marshal(m)
		if err != nil {
			t.Fatalf("%d %s: marshal: %v", i, s.typ, err)
		}
		got, err := Unmarshal(wire)
		if err != nil {
			t.Fatalf("%d %s: unmarshal: %v", i, s.typ, err)
		}
		if got.Type != s.typ || got.Run != 3 || got.Seq != uint64(100+i) || got.Slot != "explorer" {
			t.Errorf("%d: envelope %+v", i, got)
		}
		seen[s.typ] = true
		if s.body == nil {
			if len(got.Body) != 0 {
				t.Errorf("%d %s: body %s, want none", i, s.typ, got.Body)
			}
			continue
		}
		fresh := reflect.New(reflect.TypeOf(s.body).Elem()).Interface()
		if err := got.DecodeBody(fresh); err != nil {
			t.Fatalf("%d %s: decode body: %v", i, s.typ, err)
		}
		if !reflect.DeepEqual(fresh, s.body) {
			t.Errorf("%d %s: body round trip\n got %+v\nwant %+v", i, s.typ, fresh, s.body)
		}
	}
	for _, r := range Requests {
		if !seen[r] {
			t.Errorf("request type %q has no round-trip sample", r)
		}
		if !seen[ReplyType(r)] {
			t.Errorf("reply type %q has no round-trip sample", ReplyType(r))
		}
	}
}

func TestReplyAndFail(t *testing.T) {
	req := MustNew(Train, &TrainBody{Steps: 3})
	req.Run, req.Seq, req.Slot = 2, 9, "a"
	r, err := req.Reply(&TrainedBody{Step: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Type != Trained || r.Run != 2 || r.Seq != 9 || r.Slot != "a" || r.Err() != nil {
		t.Errorf("reply %+v", r)
	}
	f := req.Fail(errors.New("boom"))
	if f.Type != Trained || f.Seq != 9 || f.Error != "boom" {
		t.Errorf("fail %+v", f)
	}
	var re *RemoteError
	if !errors.As(f.Err(), &re) || !strings.Contains(f.Err().Error(), "boom") {
		t.Errorf("Err() = %v", f.Err())
	}
	if g := (Message{}).Fail(nil); g.Type != ErrorType || g.Error == "" {
		t.Errorf("fail of empty message %+v", g)
	}
}

func TestUnmarshalBad(t *testing.T) {
	for _, in := range []string{``, `{`, `[]`, `{"seq":1}`, `{"type":3}`} {
		if _, err := Unmarshal([]byte(in)); err == nil {
			t.Errorf("Unmarshal(%q) accepted", in)
		}
	}
	m := Message{Type: Train, Body: []byte(`{"steps":"many"}`)}
	var b TrainBody
	if err := m.DecodeBody(&b); err == nil {
		t.Error("bad body decoded")
	}
	// An empty body keeps defaults.
	b = TrainBody{Steps: 5}
	if err := (Message{Type: Train}).DecodeBody(&b); err != nil || b.Steps != 5 {
		t.Errorf("empty body: %v %+v", err, b)
	}
}

func TestPackBytes(t *testing.T) {
	for n := range 11 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(250 - 17*i)
		}
		f := PackBytes(b)
		if len(f) != (n+3)/4 {
			t.Errorf("n=%d: %d words", n, len(f))
		}
		got, err := UnpackBytes(f, n)
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("n=%d: got %v %v, want %v", n, got, err, b)
		}
	}
	// NaN bit patterns must survive (they are bytes, not numbers).
	b := []byte{0xff, 0xff, 0xc0, 0x7f, 0x01, 0x00, 0xc0, 0x7f}
	if got, _ := UnpackBytes(PackBytes(b), len(b)); !bytes.Equal(got, b) {
		t.Errorf("NaN patterns: %x", got)
	}
	for _, n := range []int{5, -1, math.MaxInt} {
		if _, err := UnpackBytes(make([]float32, 1), n); err == nil {
			t.Errorf("length %d of a 1-word payload accepted", n)
		}
	}
}

func TestViewBytes(t *testing.T) {
	for n := range 11 { // every remainder mod 4, and none
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(250 - 17*i)
		}
		f := PackBytes(b)
		got, err := ViewBytes(f, n)
		if err != nil || !bytes.Equal(got, b) || len(got) != n || cap(got) != n {
			t.Errorf("n=%d: got %v (cap %d) %v, want %v", n, got, cap(got), err, b)
		}
		// Fewer bytes than the words hold (a length the sender rounded down).
		if n > 0 {
			if got, err := ViewBytes(f, n-1); err != nil || !bytes.Equal(got, b[:n-1]) {
				t.Errorf("n=%d: first %d bytes: %v %v", n, n-1, got, err)
			}
		}
	}
	// NaN bit patterns survive.
	b := []byte{0xff, 0xff, 0xc0, 0x7f, 0x01, 0x00, 0xc0, 0x7f}
	if got, _ := ViewBytes(PackBytes(b), len(b)); !bytes.Equal(got, b) {
		t.Errorf("NaN patterns: %x", got)
	}
	// A corrupt length is refused: too long for the payload, or negative.
	for _, n := range []int{5, 8, -1, math.MaxInt} {
		if _, err := ViewBytes(make([]float32, 1), n); err == nil {
			t.Errorf("length %d of a 1-word payload accepted", n)
		}
	}
	// Natively (little-endian amd64 and arm64) the bytes share the
	// payload's memory: no copy.
	if littleEndian {
		f := PackBytes([]byte{1, 2, 3, 4})
		v, _ := ViewBytes(f, 4)
		f[0] = math.Float32frombits(0x0a0b0c0d)
		if v[0] != 0x0d || v[3] != 0x0a {
			t.Errorf("ViewBytes copied: %v", v)
		}
	}
}

func testNet() infer.Network {
	return infer.Network{Kind: "vae", Input: 3, Latent: 1, OutputDist: "bernoulli",
		Encoder: infer.MLP{
			{In: 3, Out: 2, W: []float32{1, 2, 3, 4, 5, 6}, B: []float32{7, 8}, Act: infer.ReLU},
			{In: 2, Out: 2, W: []float32{9, 10, 11, 12}, B: []float32{13, 14}},
		},
		Decoder: infer.MLP{{In: 1, Out: 3, W: []float32{15, 16, 17}, B: []float32{18, 19, 20}, Act: infer.Sigmoid}},
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	n := testNet()
	s, f := SnapshotOf(&n)
	if len(f) != 20 {
		t.Fatalf("payload %d floats", len(f))
	}
	m := MustNew(Snapshot, &s)
	wire, _ := Marshal(m)
	m2, _ := Unmarshal(wire)
	var s2 SnapshotReply
	if err := m2.DecodeBody(&s2); err != nil {
		t.Fatal(err)
	}
	got, err := NetworkFromSnapshot(s2, f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n) {
		t.Errorf("got %+v\nwant %+v", got, n)
	}
	if _, err := NetworkFromSnapshot(s2, f[:19]); err == nil {
		t.Error("short payload accepted")
	}
	if _, err := NetworkFromSnapshot(s2, append(f, 1)); err == nil {
		t.Error("long payload accepted")
	}
	s2.Decoder[0].Act = "swish"
	if _, err := NetworkFromSnapshot(s2, f); err == nil {
		t.Error("bad activation accepted")
	}
}

func TestValidModelName(t *testing.T) {
	for name, want := range map[string]bool{"vae-mnist-2d": true, "a.b_c": true, "": false, "../x": false, ".x": false,
		"a/b": false, "a b": false, strings.Repeat("a", 65): false, "A9": true, "x<script>": false} {
		if ValidModelName(name) != want {
			t.Errorf("ValidModelName(%q) = %v", name, !want)
		}
	}
}

func TestPackTwo(t *testing.T) {
	a, b := []byte("safetensors!"), []byte(`{"kind":"vae"}`)
	for _, c := range [][2][]byte{{a, b}, {a, nil}, {a[:5], b[:3]}} {
		f := PackTwo(c[0], c[1])
		ga, gb, err := UnpackTwo(f, len(c[0]), len(c[1]))
		if err != nil || string(ga) != string(c[0]) || string(gb) != string(c[1]) {
			t.Errorf("UnpackTwo(PackTwo(%q, %q)) = %q, %q, %v", c[0], c[1], ga, gb, err)
		}
	}
	if _, _, err := UnpackTwo(PackTwo(a, b), len(a), len(b)+4); err == nil {
		t.Error("UnpackTwo took a sidecar longer than the payload")
	}
	if _, _, err := UnpackTwo(PackTwo(a, b), -1, 0); err == nil {
		t.Error("UnpackTwo took a negative length")
	}
	if _, _, err := UnpackTwo(PackTwo(a, b), math.MaxInt, 0); err == nil {
		t.Error("UnpackTwo took a length near MaxInt")
	}
}
