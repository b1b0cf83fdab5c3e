// Command precompress writes name.br and name.gz next to every compressible
// file of a folder, with the best compression levels, so that the server
// never compresses at request time. A variant is rewritten only when the
// original is newer, and kept only when it is smaller.
//
//	go run ./web/cmd/precompress dist/web
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions worth compressing (fonts in woff2 are
// already compressed; PNGs too).
var compressible = map[string]bool{
	".wasm": true, ".js": true, ".css": true, ".json": true, ".html": true, ".svg": true,
	".llm": true, ".bin": true, ".ttf": true, ".txt": true, ".webmanifest": true, ".map": false,
}

func main() {
	minSize := flag.Int64("min", 1024, "skip files smaller than this many bytes")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("usage: precompress [-min bytes] DIR...")
	}
	var jobs []string
	for _, dir := range flag.Args() {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !compressible[strings.ToLower(filepath.Ext(p))] {
				return nil
			}
			if fi, err := d.Info(); err == nil && fi.Size() >= *minSize {
				jobs = append(jobs, p)
			}
			return nil
		})
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		failed  bool
		written int
	)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, p := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(p string) {
			defer func() { <-sem; wg.Done() }()
			n, err := compress(p)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				log.Printf("precompress %s: %v", p, err)
				failed = true
			}
			written += n
		}(p)
	}
	wg.Wait()
	fmt.Printf("precompress: %d files checked, %d variants written\n", len(jobs), written)
	if failed {
		os.Exit(1)
	}
}

// compress writes the stale variants of p and returns how many it wrote.
func compress(p string) (int, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	var raw []byte
	n := 0
	for _, v := range []struct {
		ext string
		enc func([]byte) ([]byte, error)
	}{{".gz", gz}, {".br", br}} {
		out := p + v.ext
		if oi, err := os.Stat(out); err == nil && !oi.ModTime().Before(fi.ModTime()) {
			continue // up to date
		}
		if raw == nil {
			if raw, err = os.ReadFile(p); err != nil {
				return n, err
			}
		}
		b, err := v.enc(raw)
		if err != nil {
			return n, err
		}
		if len(b) >= len(raw) {
			os.Remove(out)
			continue
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func gz(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func br(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
