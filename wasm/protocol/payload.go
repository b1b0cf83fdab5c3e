package protocol

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"latentlab/core/infer"
)

// PackBytes packs a byte string into float32 words (little-endian, zero
// padded to a multiple of four) so that it can travel in the f32 payload.
// The receiver needs the length: UnpackBytes(f, n).
func PackBytes(b []byte) []float32 {
	f := make([]float32, (len(b)+3)/4)
	var w [4]byte
	for i := range f {
		n := copy(w[:], b[4*i:])
		clear(w[n:])
		f[i] = math.Float32frombits(binary.LittleEndian.Uint32(w[:]))
	}
	return f
}

// UnpackBytes is the inverse of PackBytes: it returns the first n bytes held
// by f, or an error if f is too short.
func UnpackBytes(f []float32, n int) ([]byte, error) {
	if n < 0 || n > 4*len(f) { // not (n+3)/4: it overflows for a corrupt n near MaxInt
		return nil, fmt.Errorf("protocol: %d bytes do not fit in %d float words", n, len(f))
	}
	b := make([]byte, 4*((n+3)/4))
	for i := range (n + 3) / 4 {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f[i]))
	}
	return b[:n], nil
}

// ViewBytes is UnpackBytes without the copy where it can: on a
// little-endian machine (wasm, amd64, arm64) the bytes PackBytes packed are
// f's memory, and ViewBytes returns the first n of them, sharing f's
// memory (the caller must not reuse f). A reply carrying a model file (1.6
// MB every few seconds while a widget keeps its weights) then costs the
// page one allocation, the one that copies it out of JavaScript, instead
// of two. On a big-endian machine it copies (UnpackBytes). A length that
// does not fit in f is refused.
func ViewBytes(f []float32, n int) ([]byte, error) {
	if !littleEndian {
		return UnpackBytes(f, n)
	}
	if n < 0 || n > 4*len(f) { // not (n+3)/4: it overflows for a corrupt n near MaxInt
		return nil, fmt.Errorf("protocol: %d bytes do not fit in %d float words", n, len(f))
	}
	if n == 0 {
		return []byte{}, nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), 4*len(f))[:n:n], nil
}

// littleEndian reports whether this machine stores the low byte first.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// LayerShape describes one dense layer of a snapshot.
type LayerShape struct {
	In  int    `json:"in"`
	Out int    `json:"out"`
	Act string `json:"act"` // infer.Activation.String()
}

// SnapshotReply is the reply to "snapshot": an infer.Network's architecture.
// f32: for each encoder layer, then each decoder layer, W (Out×In row-major)
// then B. Use NetworkFromSnapshot to rebuild the network on the UI side.
type SnapshotReply struct {
	Kind       string       `json:"kind"`
	Input      int          `json:"input"`
	Latent     int          `json:"latent"`
	OutputDist string       `json:"output_dist"`
	Encoder    []LayerShape `json:"encoder"`
	Decoder    []LayerShape `json:"decoder"`
	Step       int          `json:"step"`
	Width      int          `json:"width,omitempty"`
	Height     int          `json:"height,omitempty"`
}

// SnapshotOf flattens n into a snapshot body and its f32 payload.
func SnapshotOf(n *infer.Network) (SnapshotReply, []float32) {
	s := SnapshotReply{Kind: n.Kind, Input: n.Input, Latent: n.Latent, OutputDist: n.OutputDist}
	size := 0
	for _, m := range []infer.MLP{n.Encoder, n.Decoder} {
		for _, d := range m {
			size += len(d.W) + len(d.B)
		}
	}
	f := make([]float32, 0, size)
	for i, m := range []infer.MLP{n.Encoder, n.Decoder} {
		shapes := make([]LayerShape, len(m))
		for j, d := range m {
			shapes[j] = LayerShape{In: d.In, Out: d.Out, Act: d.Act.String()}
			f = append(f, d.W...)
			f = append(f, d.B...)
		}
		if i == 0 {
			s.Encoder = shapes
		} else {
			s.Decoder = shapes
		}
	}
	return s, f
}

// NetworkFromSnapshot rebuilds the network described by s from its payload f.
// The network's slices alias f (no copy). It checks the result with
// infer.Network.Check.
func NetworkFromSnapshot(s SnapshotReply, f []float32) (infer.Network, error) {
	n := infer.Network{Kind: s.Kind, Input: s.Input, Latent: s.Latent, OutputDist: s.OutputDist}
	off := 0
	build := func(shapes []LayerShape) (infer.MLP, error) {
		m := make(infer.MLP, len(shapes))
		for i, sh := range shapes {
			act, err := infer.ParseActivation(sh.Act)
			if err != nil {
				return nil, err
			}
			if sh.In <= 0 || sh.Out <= 0 || sh.In > 1<<16 || sh.Out > 1<<16 {
				return nil, fmt.Errorf("protocol: snapshot layer %d has shape %d→%d", i, sh.In, sh.Out)
			}
			nw := sh.In * sh.Out
			if off+nw+sh.Out > len(f) {
				return nil, fmt.Errorf("protocol: snapshot payload has %d floats, layers need more", len(f))
			}
			m[i] = infer.Dense{In: sh.In, Out: sh.Out, Act: act,
				W: f[off : off+nw : off+nw], B: f[off+nw : off+nw+sh.Out : off+nw+sh.Out]}
			off += nw + sh.Out
		}
		return m, nil
	}
	var err error
	if n.Encoder, err = build(s.Encoder); err != nil {
		return infer.Network{}, fmt.Errorf("encoder: %w", err)
	}
	if n.Decoder, err = build(s.Decoder); err != nil {
		return infer.Network{}, fmt.Errorf("decoder: %w", err)
	}
	if off != len(f) {
		return infer.Network{}, fmt.Errorf("protocol: snapshot payload has %d floats, layers use %d", len(f), off)
	}
	if err := n.Check(); err != nil {
		return infer.Network{}, fmt.Errorf("protocol: snapshot: %w", err)
	}
	return n, nil
}
