package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

func tinyMNIST(t *testing.T) []byte {
	labels := []uint8{3, 0, 9}
	pix := make([]uint8, 3*2*4)
	for i := range pix {
		pix[i] = uint8(i * 10)
	}
	pix[len(pix)-1] = 255
	var b bytes.Buffer
	if err := EncodeMNIST(&b, 3, 2, 4, labels, pix); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestMNISTRoundTrip(t *testing.T) {
	s, err := DecodeMNISTBytes(tinyMNIST(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.N != 3 || s.Dim != 8 || s.Rows != 2 || s.Cols != 4 || len(s.X) != 24 {
		t.Fatalf("shape %+v", s)
	}
	if s.Labels[0] != 3 || s.Labels[2] != 9 || s.Label(1) != 0 {
		t.Errorf("labels %v", s.Labels)
	}
	if s.Row(1)[0] != 80.0/255 || s.X[23] != 1 || s.X[0] != 0 {
		t.Errorf("pixels %v", s.X)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

func TestMNISTRefuses(t *testing.T) {
	good := tinyMNIST(t)
	mod := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint32(b[off:], v)
		return b
	}
	badLabel := append([]byte(nil), good...)
	badLabel[mnistHeaderLen+1] = 10
	cases := map[string]struct {
		b    []byte
		want string
	}{
		"empty":     {nil, "truncated header"},
		"magic":     {append([]byte("LLAB"), good[4:]...), "magic"},
		"version":   {mod(4, 7), "version 7"},
		"count":     {mod(8, MaxMNISTCount+1), "count"},
		"rows":      {mod(12, 0), "shape"},
		"cols":      {mod(16, 1000), "shape"},
		"truncated": {good[:len(good)-1], "truncated"},
		"trailing":  {append(append([]byte(nil), good...), 1), "trailing"},
		"label":     {badLabel, "label 10"},
		"liar":      {mod(8, 50000), "truncated"},
	}
	for name, c := range cases {
		_, err := DecodeMNISTBytes(c.b)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !errors.Is(err, ErrMNISTFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want ErrMNISTFormat mentioning %q", name, err, c.want)
		}
	}
	if err := EncodeMNIST(&bytes.Buffer{}, 1, 1, 1, []uint8{12}, []uint8{0}); err == nil {
		t.Error("encode accepted label 12")
	}
}

func TestReadIDX(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6})
	zw.Close()
	zr, _ := gzip.NewReader(&b)
	dims, p, err := ReadIDX(zr)
	if err != nil || len(dims) != 3 || dims[0] != 2 || dims[2] != 3 || len(p) != 6 || p[5] != 6 {
		t.Fatalf("ReadIDX = %v %v %v", dims, p, err)
	}
	if _, _, err := ReadIDX(bytes.NewReader([]byte{0, 0, 8, 1, 0, 0, 0, 5, 1})); err == nil {
		t.Error("truncated IDX accepted")
	}
	if _, _, err := ReadIDX(bytes.NewReader([]byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 1})); err == nil {
		t.Error("float IDX accepted")
	}
}

func TestSubsetGatherHead(t *testing.T) {
	s, _ := Toy("moons", 10, 0.1, 1)
	u := s.Subset([]int{4, 1})
	if u.N != 2 || u.Labels[0] != 0 || u.Labels[1] != 1 || u.Row(0)[1] != s.Row(4)[1] {
		t.Errorf("subset %+v", u)
	}
	u.X[0] = 99
	if s.X[8] == 99 {
		t.Error("Subset shares storage")
	}
	g := s.Gather(nil, []int{9, 0})
	if len(g) != 4 || g[0] != s.Row(9)[0] || g[3] != s.Row(0)[1] {
		t.Errorf("gather %v", g)
	}
	if h := s.Head(50); h.N != 10 {
		t.Errorf("Head(50).N = %d", h.N)
	}
}

func TestToyShapesAndDeterminism(t *testing.T) {
	for _, name := range ToyNames {
		a, err := Toy(name, 400, 0.05, 7)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		wantDim := 2
		if name == "swissroll" {
			wantDim = 3
		}
		if a.N != 400 || a.Dim != wantDim {
			t.Errorf("%s: N=%d Dim=%d", name, a.N, a.Dim)
		}
		b, _ := Toy(name, 400, 0.05, 7)
		c, _ := Toy(name, 400, 0.05, 8)
		same, diff := true, false
		for i := range a.X {
			same = same && a.X[i] == b.X[i]
			diff = diff || a.X[i] != c.X[i]
			if math.IsNaN(float64(a.X[i])) || math.Abs(float64(a.X[i])) > 3 {
				t.Fatalf("%s: coordinate %g out of range", name, a.X[i])
			}
		}
		if !same || !diff {
			t.Errorf("%s: same seed identical %v, other seed differs %v", name, same, diff)
		}
	}
	for _, bad := range []struct {
		name  string
		n     int
		noise float64
	}{{"torus", 10, 0}, {"circle", 0, 0}, {"circle", 10, -1}, {"circle", 10, math.NaN()}} {
		if _, err := Toy(bad.name, bad.n, bad.noise, 1); err == nil {
			t.Errorf("Toy(%q, %d, %g) accepted", bad.name, bad.n, bad.noise)
		}
	}
}

func TestToyGeometry(t *testing.T) {
	c, _ := Toy("circle", 2000, 0.05, 1)
	sum, sumSq := 0.0, 0.0
	for i := 0; i < c.N; i++ {
		r := math.Hypot(float64(c.Row(i)[0]), float64(c.Row(i)[1]))
		sum += r
		sumSq += r * r
	}
	mean := sum / float64(c.N)
	sd := math.Sqrt(sumSq/float64(c.N) - mean*mean)
	if math.Abs(mean-1) > 0.01 || math.Abs(sd-0.05) > 0.01 {
		t.Errorf("circle radius mean %g sd %g, want ≈1, ≈0.05", mean, sd)
	}
	b, _ := Toy("blobs", 4000, 0, 2)
	var cx, cy [4]float64
	var cnt [4]int
	for i := 0; i < b.N; i++ {
		l := b.Labels[i]
		cx[l] += float64(b.Row(i)[0])
		cy[l] += float64(b.Row(i)[1])
		cnt[l]++
	}
	for l := range cnt {
		if cnt[l] != 1000 {
			t.Errorf("blob %d has %d points, want 1000", l, cnt[l])
		}
		if r := math.Hypot(cx[l]/1000, cy[l]/1000); math.Abs(r-1.5) > 0.05 {
			t.Errorf("blob %d centre at radius %g, want 1.5", l, r)
		}
	}
	m, _ := Toy("moons", 1000, 0, 3)
	zeros := 0
	for _, l := range m.Labels {
		if l == 0 {
			zeros++
		}
	}
	if zeros != 500 {
		t.Errorf("moons: %d of 1000 in class 0", zeros)
	}
	sr, _ := Toy("swissroll", 1000, 0, 4)
	for i := 0; i < sr.N; i++ {
		x, z, tt := float64(sr.Row(i)[0]), float64(sr.Row(i)[2]), float64(sr.Param[i])
		if math.Abs(math.Hypot(x, z)-tt/10) > 1e-5 {
			t.Fatalf("swissroll point %d: radius %g, want t/10 = %g", i, math.Hypot(x, z), tt/10)
		}
	}
}
