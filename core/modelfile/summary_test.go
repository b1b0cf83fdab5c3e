package modelfile

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestReadSummary(t *testing.T) {
	f := sample(rand.New(rand.NewPCG(3, 4)))
	f.Meta = map[string]string{"name": "x"}
	f.Config = []byte(`{"kind":"vae"}`)
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadSummary(b)
	if err != nil {
		t.Fatal(err)
	}
	if s.Version != Version || s.Kind != f.Net.Kind || s.Input != f.Net.Input || s.Latent != f.Net.Latent ||
		s.Step != f.Step || s.Meta["name"] != "x" || string(s.Config) != `{"kind":"vae"}` {
		t.Errorf("summary %+v of %+v", s, f)
	}
	version := append([]byte("LLAB\x07\x00\x00\x00"), b[8:]...)
	for name, c := range map[string]struct {
		b    []byte
		want error
	}{
		"empty":   {nil, ErrNotModelFile},
		"png":     {[]byte("\x89PNG\r\n\x1a\n0000000000"), ErrNotModelFile},
		"version": {version, ErrVersion},
		"length":  {append([]byte("LLAB\x01\x00\x00\x00\x00\x00\x00\x00"), b[12:]...), ErrHeaderDamaged},
		"cut":     {b[:20], ErrHeaderTruncated},
		"json":    {append(append([]byte(nil), b[:12]...), strings.Repeat("x", len(b)-12)...), ErrHeaderDamaged},
	} {
		s, err := ReadSummary(c.b)
		if !errors.Is(err, c.want) || !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		if name == "version" && s.Version != 7 {
			t.Errorf("version: Summary.Version = %d, want 7", s.Version)
		}
	}
}
