package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MNISTMagic starts every MNIST subset file.
const MNISTMagic = "LLMN"

// MNISTVersion is the subset file format version.
const MNISTVersion = 1

// Limits on MNIST subset files.
const (
	MaxMNISTCount = 100000
	MaxMNISTSide  = 64
)

// mnistHeaderLen is magic(4) + version, count, rows, cols (uint32 each).
const mnistHeaderLen = 20

// ErrMNISTFormat is wrapped by every error about a malformed subset file.
var ErrMNISTFormat = errors.New("data: bad MNIST subset file")

// EncodeMNIST writes images (uint8 pixels, count×rows×cols row-major) and
// labels (0–9) in the subset format:
//
//	"LLMN" | version u32 | count u32 | rows u32 | cols u32 | labels [count]u8 | pixels [count·rows·cols]u8
//
// All integers little-endian. The payload is raw bytes so that HTTP compression
// (gzip/brotli) shrinks it well.
func EncodeMNIST(w io.Writer, count, rows, cols int, labels []uint8, pixels []uint8) error {
	if count < 0 || count > MaxMNISTCount || rows <= 0 || rows > MaxMNISTSide || cols <= 0 || cols > MaxMNISTSide {
		return fmt.Errorf("data: encode MNIST: shape %d×%d×%d out of range", count, rows, cols)
	}
	if len(labels) != count || len(pixels) != count*rows*cols {
		return fmt.Errorf("data: encode MNIST: %d labels and %d pixels for %d images of %d×%d", len(labels), len(pixels), count, rows, cols)
	}
	for i, l := range labels {
		if l > 9 {
			return fmt.Errorf("data: encode MNIST: label %d of image %d out of range 0..9", l, i)
		}
	}
	var h [mnistHeaderLen]byte
	copy(h[:], MNISTMagic)
	binary.LittleEndian.PutUint32(h[4:], MNISTVersion)
	binary.LittleEndian.PutUint32(h[8:], uint32(count))
	binary.LittleEndian.PutUint32(h[12:], uint32(rows))
	binary.LittleEndian.PutUint32(h[16:], uint32(cols))
	for _, b := range [][]byte{h[:], labels, pixels} {
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("data: encode MNIST: %w", err)
		}
	}
	return nil
}

func mnistErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMNISTFormat}, args...)...)
}

// DecodeMNIST reads a subset file written by EncodeMNIST and returns it as a
// Set with pixels scaled to [0, 1] (p/255) and integer labels. It checks the
// magic, version, shape limits, label range, truncation and trailing bytes,
// and never reads more than the format limits allow.
func DecodeMNIST(r io.Reader) (*Set, error) {
	var h [mnistHeaderLen]byte
	if n, err := io.ReadFull(r, h[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, mnistErr("truncated header (%d of %d bytes)", n, mnistHeaderLen)
		}
		return nil, fmt.Errorf("data: read MNIST header: %w", err)
	}
	if string(h[:4]) != MNISTMagic {
		return nil, mnistErr("magic is %q, want %q", h[:4], MNISTMagic)
	}
	if v := binary.LittleEndian.Uint32(h[4:]); v != MNISTVersion {
		return nil, mnistErr("version %d, this build reads version %d", v, MNISTVersion)
	}
	count := binary.LittleEndian.Uint32(h[8:])
	rows := binary.LittleEndian.Uint32(h[12:])
	cols := binary.LittleEndian.Uint32(h[16:])
	if count > MaxMNISTCount {
		return nil, mnistErr("count %d exceeds %d", count, MaxMNISTCount)
	}
	if rows == 0 || rows > MaxMNISTSide || cols == 0 || cols > MaxMNISTSide {
		return nil, mnistErr("image shape %d×%d out of range 1..%d", rows, cols, MaxMNISTSide)
	}
	n, dim := int(count), int(rows*cols)
	want := n * (1 + dim)
	// Read what is there (bounded), so a lying header costs no more than the data present.
	body, err := io.ReadAll(io.LimitReader(r, int64(want)+1))
	if err != nil {
		return nil, fmt.Errorf("data: read MNIST body: %w", err)
	}
	if len(body) < want {
		return nil, mnistErr("truncated: %d of %d bytes after the header for %d images of %d×%d", len(body), want, n, rows, cols)
	}
	if len(body) > want {
		return nil, mnistErr("trailing data after %d images", n)
	}
	s := &Set{Name: "mnist", N: n, Dim: dim, Rows: int(rows), Cols: int(cols),
		X: make([]float32, n*dim), Labels: make([]int, n)}
	for i, l := range body[:n] {
		if l > 9 {
			return nil, mnistErr("label %d of image %d out of range 0..9", l, i)
		}
		s.Labels[i] = int(l)
	}
	for i, p := range body[n:] {
		s.X[i] = float32(p) / 255
	}
	return s, nil
}

// DecodeMNISTBytes is DecodeMNIST on a byte slice.
func DecodeMNISTBytes(b []byte) (*Set, error) { return DecodeMNIST(bytes.NewReader(b)) }
