package model

import (
	"compress/gzip"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// mnistImages returns the first n MNIST images of the given file ("train"
// or "t10k") as rows of 784 floats in [0,1], read from the GoMNIST module
// in the module cache, or ok = false if it is not there.
func mnistImages(tb testing.TB, file string, n int) (x []float32, ok bool) {
	tb.Helper()
	var roots []string
	for _, env := range []string{"GOMODCACHE", "GOPATH"} {
		if v := os.Getenv(env); v != "" {
			roots = append(roots, v, filepath.Join(v, "pkg", "mod"))
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		roots = append(roots, filepath.Join(h, "go", "pkg", "mod"))
	}
	for _, r := range roots {
		dirs, _ := filepath.Glob(filepath.Join(r, "github.com", "petar", "!go!m!n!i!s!t@*", "data"))
		for _, d := range dirs {
			f, err := os.Open(filepath.Join(d, file+"-images-idx3-ubyte.gz"))
			if err != nil {
				continue
			}
			defer f.Close()
			zr, err := gzip.NewReader(f)
			if err != nil {
				tb.Fatalf("mnist %s: %v", file, err)
			}
			// IDX header: magic 0x00000803, count, rows, cols (big-endian).
			var hdr [16]byte
			if _, err := io.ReadFull(zr, hdr[:]); err != nil {
				tb.Fatalf("mnist %s: %v", file, err)
			}
			count := int(binary.BigEndian.Uint32(hdr[4:]))
			if binary.BigEndian.Uint32(hdr[:]) != 0x803 || count < n ||
				binary.BigEndian.Uint32(hdr[8:]) != 28 || binary.BigEndian.Uint32(hdr[12:]) != 28 {
				tb.Fatalf("mnist %s: unexpected header % x", file, hdr)
			}
			pix := make([]byte, n*784)
			if _, err := io.ReadFull(zr, pix); err != nil {
				tb.Fatalf("mnist %s: %v", file, err)
			}
			x = make([]float32, n*784)
			for i := range x {
				x[i] = float32(pix[i]) / 255
			}
			return x, true
		}
	}
	return nil, false
}

// mnistOrSynthetic returns real MNIST rows when available, else n synthetic
// sparse 28×28 images with about MNIST's density (19% non-zero pixels,
// placed in a central blob) so that benchmarks still exercise the sparse path.
func mnistOrSynthetic(tb testing.TB, n int) (x []float32, real bool) {
	if x, ok := mnistImages(tb, "train", n); ok {
		return x, true
	}
	rng := rand.New(rand.NewPCG(99, 99))
	x = make([]float32, n*784)
	for i := 0; i < n; i++ {
		for p := 0; p < 784; p++ {
			r, c := p/28-14, p%28-14
			if r*r+c*c < 100 && rng.Float64() < 0.6 {
				x[i*784+p] = float32(rng.Float64())
			}
		}
	}
	return x, false
}
