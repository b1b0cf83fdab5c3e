package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func sample() *File {
	return &File{
		Metadata: map[string]string{"format": "pt", "note": "a \"quoted\" ü"},
		Tensors: []Tensor{
			Float32("enc1.weight", []int{2, 3}, []float32{1, -2, 3.5, 0, float32(math.Pi), -1e-30}),
			Float32("enc1.bias", []int{2}, []float32{0.25, -0.5}),
			{Name: "step", DType: I64, Shape: []int{}, Data: []byte{7, 0, 0, 0, 0, 0, 0, 0}},
			{Name: "empty", DType: F16, Shape: []int{0, 4}, Data: []byte{}},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	f := sample()
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if n := binary.LittleEndian.Uint64(b); n%8 != 0 || b[8] != '{' {
		t.Errorf("header length %d not padded to 8 or not an object", n)
	}
	g, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, g) {
		t.Fatalf("round trip differs:\n%+v\n%+v", f, g)
	}
	v, err := g.Tensors[0].Float32s()
	if err != nil || v[4] != float32(math.Pi) || v[5] != -1e-30 {
		t.Errorf("Float32s = %v, %v", v, err)
	}
	if _, err := g.Tensors[2].Float32s(); err == nil || !strings.Contains(err.Error(), `"step" has dtype I64`) {
		t.Errorf("Float32s of an I64 tensor: %v", err)
	}
	if tn, ok := g.Tensor("enc1.bias"); !ok || len(tn.Data) != 8 {
		t.Errorf("Tensor(enc1.bias) = %+v, %v", tn, ok)
	}
	b2, _ := Marshal(g)
	if !bytes.Equal(b, b2) {
		t.Error("re-encoding is not byte-identical")
	}
}

// TestReadsReferenceLayout reads a file laid out by hand as the format's
// documentation describes it: keys in any order, data in another order,
// metadata last, header padded with spaces.
func TestReadsReferenceLayout(t *testing.T) {
	header := `{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"format":"pt"}}   `
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, uint64(len(header)))
	buf.WriteString(header)
	binary.Write(&buf, binary.LittleEndian, float32(1.5)) // a
	binary.Write(&buf, binary.LittleEndian, float32(-2))  // b
	f, err := Unmarshal(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if f.Tensors[0].Name != "a" || f.Tensors[1].Name != "b" || f.Metadata["format"] != "pt" {
		t.Fatalf("got %+v", f)
	}
	if v, _ := f.Tensors[1].Float32s(); v[0] != -2 {
		t.Errorf("b = %v", v)
	}
}

// build assembles a file from a raw header and data.
func build(header string, data []byte) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, uint64(len(header)))
	buf.WriteString(header)
	buf.Write(data)
	return buf.Bytes()
}

func TestUnmarshalRefuses(t *testing.T) {
	good, err := Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	w := `{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`
	eight := make([]byte, 8)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":            {nil, "truncated"},
		"short length":     {[]byte{1, 2, 3}, "truncated"},
		"huge header":      {append([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, good[8:]...), "header length"},
		"header cut":       {good[:20], "truncated in the header"},
		"not an object":    {build(`["w"]`, nil), "does not start with '{'"},
		"bad json":         {build(`{"w":`, nil), "header JSON"},
		"trailing json":    {build(w+`{}`, eight), "trailing data"},
		"duplicate":        {build(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), `"w" appears twice`},
		"unknown field":    {build(`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}`, eight), `tensor "w": header entry`},
		"unknown dtype":    {build(`{"w":{"dtype":"F24","shape":[2],"data_offsets":[0,8]}}`, eight), `tensor "w": unknown dtype "F24"`},
		"wrong size":       {build(`{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, eight), `tensor "w": shape [3] of F32 does not fit its 8 bytes`},
		"negative dim":     {build(`{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, eight), `tensor "w": shape [-2]`},
		"overflowing dims": {build(`{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}`, eight), `tensor "w": shape`},
		"too many dims":    {build(`{"w":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,2],"data_offsets":[0,8]}}`, eight), `tensor "w" has 9 dimensions`},
		"reversed offsets": {build(`{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}`, eight), "not an interval"},
		"truncated data":   {build(w, eight[:6]), `tensor "w": data ends at byte 8 but the data section has 6 (truncated file)`},
		"hole":             {build(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), `tensor "w" starts at byte 4, leaving bytes 0…3 unused`},
		"overlap":          {build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), `tensor "b" starts at byte 4, inside`},
		"trailing bytes":   {build(w, append(eight, 0)), "1 bytes follow the last tensor"},
		"bytes, no tensor": {build(`{}`, eight), "lists no tensors"},
		"bad metadata":     {build(`{"__metadata__":{"a":1}}`, nil), "__metadata__ must map strings to strings"},
		"empty name":       {build(`{"":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, eight), "empty name"},
	}
	for name, c := range cases {
		f, err := Unmarshal(c.data)
		if err == nil {
			t.Errorf("%s: accepted (%+v)", name, f)
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", name, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", name, err, c.want)
		}
	}
}

func TestMarshalRefuses(t *testing.T) {
	cases := map[string]struct {
		f    File
		want string
	}{
		"duplicate":  {File{Tensors: []Tensor{Float32("a", []int{1}, []float32{1}), Float32("a", []int{1}, []float32{1})}}, `"a" appears twice`},
		"reserved":   {File{Tensors: []Tensor{Float32(MetadataKey, []int{1}, []float32{1})}}, "reserved"},
		"wrong size": {File{Tensors: []Tensor{{Name: "a", DType: F32, Shape: []int{2}, Data: []byte{1, 2, 3, 4}}}}, `tensor "a": shape [2]`},
		"bad dtype":  {File{Tensors: []Tensor{{Name: "a", DType: "Q4", Shape: []int{1}, Data: []byte{1}}}}, "unknown dtype"},
	}
	for name, c := range cases {
		if _, err := Marshal(&c.f); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", name, err, c.want)
		}
	}
}

func FuzzUnmarshal(f *testing.F) {
	good, err := Marshal(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-3])
	f.Add(build(`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add([]byte{2, 0, 0, 0, 0, 0, 0, 0, '{', '}'})
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Unmarshal(b)
		if err != nil {
			if file != nil {
				t.Fatal("non-nil file with an error")
			}
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		// Whatever is accepted re-encodes to a file that reads back the same.
		b2, err := Marshal(file)
		if err != nil {
			t.Fatalf("re-marshal an accepted file: %v", err)
		}
		file2, err := Unmarshal(b2)
		if err != nil {
			t.Fatalf("re-read: %v", err)
		}
		if len(file.Metadata) == 0 {
			file.Metadata = nil // an empty metadata map is not written
		}
		if !reflect.DeepEqual(file, file2) {
			t.Fatalf("re-read differs:\n%+v\n%+v", file, file2)
		}
	})
}
