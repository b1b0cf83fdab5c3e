package modelfile

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSeedCorpus regenerates testdata/fuzz/FuzzLoad when run with
// LLAB_WRITE_CORPUS=1; otherwise it is skipped.
func TestWriteSeedCorpus(t *testing.T) {
	if os.Getenv("LLAB_WRITE_CORPUS") == "" {
		t.Skip("set LLAB_WRITE_CORPUS=1 to regenerate the fuzz seed corpus")
	}
	good, err := Marshal(sample(rand.New(rand.NewPCG(5, 5))))
	if err != nil {
		t.Fatal(err)
	}
	h := sample(rand.New(rand.NewPCG(5, 5)))
	h.Precision = "f16"
	half, err := Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 0x40
	seeds := map[string][]byte{
		"valid":         good,
		"valid-f16":     half,
		"truncated":     good[:len(good)-7],
		"header-only":   good[:40],
		"wrong-magic":   append([]byte("LLAX"), good[4:]...),
		"wrong-version": append(append([]byte("LLAB"), 9, 0, 0, 0), good[8:]...),
		"corrupt":       bad,
		"huge-header":   []byte("LLAB\x01\x00\x00\x00\xff\xff\xff\xff{}"),
		"empty":         {},
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzLoad")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
