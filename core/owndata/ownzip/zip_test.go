package ownzip

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"latentlab/core/owndata"
)

// makeZip builds an archive of the named files.
func makeZip(t testing.TB, files map[string][]byte, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRead(t *testing.T) {
	b := makeZip(t, map[string][]byte{"d/a.png": []byte("A"), "d/b.JPG": []byte("BB"), "d/notes.txt": []byte("x"),
		"__MACOSX/d/._a.png": []byte("junk"), "d/.DS_Store": []byte("junk"), "d/": nil}, zip.Deflate)
	files, skipped, over, err := Read("d.zip", b)
	if err != nil || len(files) != 2 || over != 0 || len(skipped) != 1 || skipped[0] != "d/notes.txt" {
		t.Fatalf("files %v, skipped %v, over %d, err %v", files, skipped, over, err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Name] = string(f.Data)
	}
	if got["d/a.png"] != "A" || got["d/b.JPG"] != "BB" {
		t.Errorf("contents %v", got)
	}

	if _, _, _, err := Read("bad.zip", []byte("PK\x03\x04 not really")); err == nil || !strings.HasPrefix(err.Error(), "bad.zip: not a readable zip archive") {
		t.Errorf("corrupt: %v", err)
	}
	if files, _, _, err := Read("empty.zip", makeZip(t, nil, zip.Deflate)); err != nil || len(files) != 0 {
		t.Errorf("empty: %v, %v", files, err)
	}
	// Bombs: one image that declares more than MaxImageBytes, and many that
	// together declare more than MaxUnzipped; refused before inflating.
	if _, _, _, err := Read("bomb.zip", declaring(t, 1, MaxImageBytes+1)); err == nil || !strings.Contains(err.Error(), "0.png inflates to 17 MB") {
		t.Errorf("big entry: %v", err)
	}
	if _, _, _, err := Read("bomb.zip", declaring(t, 17, MaxImageBytes)); err == nil || !strings.Contains(err.Error(), "more than 256 MB (a zip bomb?)") {
		t.Errorf("many entries: %v", err)
	}
	if _, _, _, err := Read("crowd.zip", declaring(t, MaxEntries+1, 1)); err == nil || !strings.Contains(err.Error(), "crowd.zip: 40001 entries; at most 40000") {
		t.Errorf("too many entries: %v", err)
	}
}

// declaring builds an archive of n stored images whose directory declares
// size bytes each (their data is a single byte: they are never read).
func declaring(t *testing.T, n int, size uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("%d.png", i), Method: zip.Store, CompressedSize64: 1, UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte{0})
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadLyingSizes: an entry whose directory understates its size is
// refused, never inflated past what it declares.
func TestReadLyingSizes(t *testing.T) {
	b := makeZip(t, map[string][]byte{"a.png": bytes.Repeat([]byte("ab"), 5000)}, zip.Store)
	// The central directory's uncompressed size (offset 24 of its record).
	i := bytes.LastIndex(b, []byte("PK\x01\x02"))
	b[i+24], b[i+25] = 10, 0
	b[i+20], b[i+21] = 10, 0 // compressed size too (stored)
	if _, _, _, err := Read("liar.zip", b); err == nil || !strings.Contains(err.Error(), "liar.zip: a.png") {
		t.Errorf("lying sizes: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(makeZip(f, map[string][]byte{"a.png": []byte("A"), "b.txt": []byte("B")}, zip.Deflate))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, b []byte) {
		files, _, _, err := Read("f.zip", b)
		if err != nil {
			return
		}
		total := 0
		for _, f := range files {
			if !owndata.IsImageName(f.Name) || len(f.Data) > MaxImageBytes {
				t.Fatalf("returned %q of %d bytes", f.Name, len(f.Data))
			}
			total += len(f.Data)
		}
		if total > MaxUnzipped || len(files) > owndata.MaxImages {
			t.Fatalf("%d files, %d bytes", len(files), total)
		}
	})
}
