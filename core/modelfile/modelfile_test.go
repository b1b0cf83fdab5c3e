package modelfile

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"latentlab/core/infer"
)

func dense(r *rand.Rand, in, out int, act infer.Activation) infer.Dense {
	d := infer.Dense{In: in, Out: out, W: make([]float32, in*out), B: make([]float32, out), Act: act}
	for i := range d.W {
		d.W[i] = float32(r.NormFloat64())
	}
	for i := range d.B {
		d.B[i] = float32(r.NormFloat64())
	}
	return d
}

func sample(r *rand.Rand) *File {
	return &File{
		Version: Version,
		Config:  json.RawMessage(`{"lr":0.001,"batch":100}`),
		Step:    1234,
		Meta:    map[string]string{"name": "vae-test", "dataset": "mnist"},
		Net: infer.Network{
			Kind: "vae", Input: 12, Latent: 2, OutputDist: "bernoulli",
			Encoder: infer.MLP{dense(r, 12, 8, infer.ReLU), dense(r, 8, 4, infer.Identity)},
			Decoder: infer.MLP{dense(r, 2, 8, infer.Tanh), dense(r, 8, 12, infer.Sigmoid)},
		},
	}
}

func TestRoundTripExact(t *testing.T) {
	f := sample(rand.New(rand.NewPCG(1, 1)))
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, g) {
		t.Fatalf("round trip differs:\n%+v\n%+v", f, g)
	}
	b2, _ := Marshal(g)
	if !bytes.Equal(b, b2) {
		t.Error("re-encoding is not byte-identical")
	}
}

func TestSaveRefuses(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	f := sample(r)
	f.Net.Decoder[0].W[3] = float32(math.NaN())
	if _, err := Marshal(f); err == nil {
		t.Error("NaN weight saved")
	}
	f = sample(r)
	f.Net.Latent = 3
	if _, err := Marshal(f); err == nil {
		t.Error("inconsistent network saved")
	}
	f = sample(r)
	f.Config = json.RawMessage(`{bad`)
	if _, err := Marshal(f); err == nil {
		t.Error("invalid config JSON saved")
	}
}

// rebuild assembles a file with the given version and header and valid weights/CRC.
func rebuild(version uint32, hdr []byte, weights []byte) []byte {
	var b bytes.Buffer
	b.WriteString(Magic)
	binary.Write(&b, binary.LittleEndian, version)
	binary.Write(&b, binary.LittleEndian, uint32(len(hdr)))
	b.Write(hdr)
	b.Write(weights)
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes()
}

func TestLoadRefuses(t *testing.T) {
	good, err := Marshal(sample(rand.New(rand.NewPCG(3, 3))))
	if err != nil {
		t.Fatal(err)
	}
	hl := binary.LittleEndian.Uint32(good[8:])
	hdr := good[12 : 12+hl]
	weights := good[12+hl : len(good)-4]
	bigHdr := strings.Replace(string(hdr), `"encoder":[{"in":12,"out":8`, `"encoder":[{"in":65537,"out":8`, 1)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":         {nil, "truncated"},
		"wrong magic":   {append([]byte("GIF8"), good[4:]...), "magic"},
		"wrong version": {rebuild(2, hdr, weights), "version 2"},
		"truncated":     {good[:len(good)-10], "truncated"},
		"no checksum":   {good[:len(good)-4], "truncated"},
		"bad checksum":  {append(append([]byte(nil), good[:len(good)-1]...), good[len(good)-1]^1), "checksum"},
		"trailing":      {append(append([]byte(nil), good...), 0), "trailing"},
		"huge header":   {append([]byte("LLAB\x01\x00\x00\x00\xff\xff\xff\x7f"), good[12:]...), "header length"},
		"bad json":      {rebuild(1, []byte("{nope"), weights), "header JSON"},
		"unknown field": {rebuild(1, []byte(`{"kind":"vae","x":1}`), weights), "header JSON"},
		"absurd layer":  {rebuild(1, []byte(bigHdr), weights), "widths"},
		"bad kind":      {rebuild(1, []byte(strings.Replace(string(hdr), `"kind":"vae"`, `"kind":"gan"`, 1)), weights), "kind"},
		"bad act":       {rebuild(1, []byte(strings.Replace(string(hdr), `"relu"`, `"swish"`, 1)), weights), "activation"},
		"mismatch":      {rebuild(1, []byte(strings.Replace(string(hdr), `"latent":2`, `"latent":3`, 1)), weights), "does not match"},
		"nan weight":    {rebuild(1, hdr, append([]byte{0, 0, 0xc0, 0x7f}, weights[4:]...)), "non-finite"},
		"bad dtype":     {rebuild(1, []byte(strings.Replace(string(hdr), `"step"`, `"dtype":"f8","step"`, 1)), weights), "dtype"},
		"short weights": {rebuild(1, hdr, weights[:len(weights)-8]), "truncated"},
		"stray brace":   {rebuild(1, append(append([]byte(nil), hdr...), '}'), weights), "trailing"},
		"stray bracket": {rebuild(1, append(append([]byte(nil), hdr...), " ]"...), weights), "trailing"},
		"second object": {rebuild(1, append(append([]byte(nil), hdr...), hdr...), weights), "trailing"},
		"max step":      {rebuild(1, []byte(strings.Replace(string(hdr), `"step":1234`, `"step":9223372036854775807`, 1)), weights), "step"},
		"step overflow": {rebuild(1, []byte(strings.Replace(string(hdr), `"step":1234`, `"step":9223372036854775808`, 1)), weights), "header JSON"},
		"negative step": {rebuild(1, []byte(strings.Replace(string(hdr), `"step":1234`, `"step":-1`, 1)), weights), "step"},
		"float width":   {rebuild(1, []byte(strings.Replace(string(hdr), `"input":12`, `"input":12.5`, 1)), weights), "header JSON"},
	}
	for name, c := range cases {
		f, err := Unmarshal(c.data)
		if err == nil {
			t.Errorf("%s: accepted (%+v)", name, f)
			continue
		}
		// The page's header check refuses what the engine refuses, except
		// what lies beyond the header (weights, checksum, trailing bytes).
		if _, serr := ReadSummary(c.data); serr == nil && isHeaderCase(name) {
			t.Errorf("%s: Load refuses it (%v) but ReadSummary accepts it", name, err)
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", name, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", name, err, c.want)
		}
	}
}

// isHeaderCase reports whether a TestLoadRefuses case is about the header.
func isHeaderCase(name string) bool {
	switch name {
	case "truncated", "no checksum", "bad checksum", "trailing", "nan weight", "short weights":
		return false
	}
	return true
}

func TestSaveRefusesStepOutOfRange(t *testing.T) {
	for _, step := range []int{-1, MaxStep + 1, math.MaxInt} {
		f := sample(rand.New(rand.NewPCG(6, 6)))
		f.Step = step
		if _, err := Marshal(f); err == nil || !strings.Contains(err.Error(), "step") {
			t.Errorf("step %d: %v", step, err)
		}
	}
	f := sample(rand.New(rand.NewPCG(6, 6)))
	f.Step = MaxStep
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if g, err := Unmarshal(b); err != nil || g.Step != MaxStep {
		t.Errorf("step MaxStep: %v", err)
	}
}

func TestLimits(t *testing.T) {
	// 64 MiB cap: four 4096×4096 layers is 256 MiB and must be refused before allocating.
	h := header{Kind: "ae", Input: 4096, Latent: 4096, OutputDist: "gaussian",
		Encoder: []layerHeader{{4096, 4096, "relu"}, {4096, 4096, "relu"}},
		Decoder: []layerHeader{{4096, 4096, "relu"}, {4096, 4096, "relu"}}}
	hb, _ := json.Marshal(h)
	_, err := Unmarshal(rebuild(1, hb, nil))
	if err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("oversized model: %v", err)
	}
}
