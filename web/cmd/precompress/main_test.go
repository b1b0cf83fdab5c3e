package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestCompressWritesSmallerVariantsOnce(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "app.wasm")
	raw := bytes.Repeat([]byte("latent lab "), 5000)
	if err := os.WriteFile(name, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := compress(name)
	if err != nil || n != 2 {
		t.Fatalf("first run: %d variants, %v", n, err)
	}
	gz, _ := os.ReadFile(name + ".gz")
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, raw) {
		t.Error("gzip variant does not decode to the original")
	}
	br, _ := os.ReadFile(name + ".br")
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); !bytes.Equal(got, raw) {
		t.Error("brotli variant does not decode to the original")
	}
	if n, _ := compress(name); n != 0 {
		t.Errorf("second run rewrote %d up-to-date variants", n)
	}
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(name, later, later)
	if n, _ := compress(name); n != 2 {
		t.Errorf("after the original changed: %d variants rewritten, want 2", n)
	}
}

func TestIncompressibleFileGetsNoVariant(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x.bin")
	b := make([]byte, 64)
	for i := range b {
		b[i] = byte(i*97 + 13)
	}
	os.WriteFile(name, b, 0o644)
	compress(name)
	if _, err := os.Stat(name + ".gz"); err == nil {
		t.Error("a variant larger than the original was kept")
	}
}
