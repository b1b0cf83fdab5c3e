// Package safetensors reads and writes the safetensors format: a plain,
// documented tensor file that PyTorch, JAX, TensorFlow and NumPy all read
// (pip install safetensors). It is stdlib-only so the UI binary may use it.
//
// Layout:
//
//	offset  size  field
//	0       8     N, the header length (uint64, little-endian)
//	8       N     header: UTF-8 JSON, starting with '{', optionally padded with spaces
//	8+N     …     data: every tensor's bytes, little-endian, row-major, back to back
//
// The header maps each tensor name to {"dtype": "F32", "shape": [out, in],
// "data_offsets": [begin, end]} (offsets relative to the start of the data)
// and may hold "__metadata__", a map of strings to strings. The data must be
// covered exactly: no holes, no overlaps, nothing after the last tensor.
//
// Unmarshal checks all of that, and more strictly than the reference reader
// (unknown header fields and duplicate names are refused); every refusal
// wraps ErrFormat and names the tensor at fault.
package safetensors

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrFormat is wrapped by every error about a malformed or truncated file.
var ErrFormat = errors.New("safetensors: bad file")

// Limits that keep a hostile file from costing more than its own size.
const (
	MaxHeaderBytes = 1 << 20 // JSON header
	MaxTensors     = 4096
	MaxRank        = 8
)

// MetadataKey is the header entry that holds the free-form metadata.
const MetadataKey = "__metadata__"

// DType is an element type as the format spells it: "F32", "F16", "I64"…
type DType string

// The element types of the format.
const (
	F64  DType = "F64"
	F32  DType = "F32"
	F16  DType = "F16"
	BF16 DType = "BF16"
	I64  DType = "I64"
	I32  DType = "I32"
	I16  DType = "I16"
	I8   DType = "I8"
	U64  DType = "U64"
	U32  DType = "U32"
	U16  DType = "U16"
	U8   DType = "U8"
	Bool DType = "BOOL"
	F8E5 DType = "F8_E5M2"
	F8E4 DType = "F8_E4M3"
)

// Size returns the bytes per element of d, and false for an unknown type.
func (d DType) Size() (int, bool) {
	switch d {
	case F64, I64, U64:
		return 8, true
	case F32, I32, U32:
		return 4, true
	case F16, BF16, I16, U16:
		return 2, true
	case I8, U8, Bool, F8E5, F8E4:
		return 1, true
	}
	return 0, false
}

// Tensor is one named tensor: raw little-endian bytes, row-major.
type Tensor struct {
	Name  string
	DType DType
	Shape []int
	Data  []byte
}

// Elements returns the number of elements the shape holds, and false if the
// product overflows limit.
func elements(shape []int, limit int) (int, bool) {
	n := 1
	for _, d := range shape {
		if d < 0 || (d > 0 && n > limit/d) {
			return 0, false
		}
		n *= d
	}
	return n, true
}

// Float32 returns an F32 tensor holding v with the given shape. It panics if
// len(v) is not the shape's element count (a programming error).
func Float32(name string, shape []int, v []float32) Tensor {
	if n, ok := elements(shape, len(v)); !ok || n != len(v) {
		panic(fmt.Sprintf("safetensors: Float32(%q): %d values for shape %v", name, len(v), shape))
	}
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return Tensor{Name: name, DType: F32, Shape: append([]int(nil), shape...), Data: b}
}

// Float32s returns the values of an F32 tensor. Any other dtype is refused
// with an error naming the tensor.
func (t Tensor) Float32s() ([]float32, error) {
	if t.DType != F32 {
		return nil, fmt.Errorf("tensor %q has dtype %s, want F32 (in PyTorch: tensor.float())", t.Name, t.DType)
	}
	if len(t.Data)%4 != 0 {
		return nil, fmt.Errorf("tensor %q has %d bytes, not whole float32s", t.Name, len(t.Data))
	}
	v := make([]float32, len(t.Data)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return v, nil
}

// check reports whether t's name, dtype, shape and data agree.
func (t Tensor) check() error {
	if t.Name == "" || t.Name == MetadataKey {
		return fmt.Errorf("tensor name %q is reserved or empty", t.Name)
	}
	size, ok := t.DType.Size()
	if !ok {
		return fmt.Errorf("tensor %q: unknown dtype %q", t.Name, t.DType)
	}
	if len(t.Shape) > MaxRank {
		return fmt.Errorf("tensor %q has %d dimensions, at most %d", t.Name, len(t.Shape), MaxRank)
	}
	n, ok := elements(t.Shape, len(t.Data))
	if !ok || n*size != len(t.Data) {
		return fmt.Errorf("tensor %q: shape %v of %s needs a different size than its %d bytes", t.Name, t.Shape, t.DType, len(t.Data))
	}
	return nil
}

// File is the content of a safetensors file.
type File struct {
	Tensors  []Tensor          // in the order of their data
	Metadata map[string]string // the header's "__metadata__" (may be nil)
}

// Tensor returns the tensor called name.
func (f *File) Tensor(name string) (Tensor, bool) {
	for _, t := range f.Tensors {
		if t.Name == name {
			return t, true
		}
	}
	return Tensor{}, false
}

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}
