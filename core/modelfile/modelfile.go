// Package modelfile reads and writes Latent Lab model files (.llm): a trained
// infer.Network plus its training configuration and metadata, in a small,
// versioned, size-limited binary format. It is stdlib-only so the UI binary can
// load pretrained models.
//
// Layout (all integers little-endian):
//
//	offset  size  field
//	0       4     magic "LLAB"
//	4       4     format version (uint32, currently 1)
//	8       4     header length H (uint32, ≤ MaxHeaderBytes)
//	12      H     header: UTF-8 JSON (see header below)
//	12+H    4·N   weights: float32 (or 2·N bytes of float16 when the header says "dtype":"f16"),
//	              for each encoder then decoder layer W (Out×In row-major) then B
//	…       4     CRC-32 (IEEE) of every preceding byte
//
// N is implied by the architecture in the header; nothing may follow the checksum.
package modelfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"latentlab/core/infer"
)

// Magic is the four bytes every model file starts with.
const Magic = "LLAB"

// Version is the format version this package writes (and the only one it reads).
const Version = 1

// Limits that keep a hostile or corrupt file from exhausting memory, and
// every integer of the header within a range the code can add to.
const (
	MaxHeaderBytes = 1 << 20  // JSON header
	MaxWeightBytes = 64 << 20 // all float32 weights together
	MaxLayers      = 32       // per MLP
	MaxWidth       = 1 << 16  // any layer's In or Out
	// MaxStep bounds the training step: a trillion steps (centuries of
	// training) leaves room for any continuation without overflow.
	MaxStep = 1_000_000_000_000
)

// ErrFormat is wrapped by every error about a malformed, truncated or
// unsupported file, so callers can tell bad files from I/O failures.
var ErrFormat = errors.New("modelfile: bad model file")

// File is the content of a model file.
type File struct {
	Version int               // format version (set by Load; Save always writes Version)
	Config  json.RawMessage   // model + training configuration, opaque JSON (may be empty)
	Net     infer.Network     // the trained network
	Step    int               // training steps taken
	Meta    map[string]string // free-form metadata (name, dataset, metrics, licence…)
	// Precision is how weights are stored: "f32" (or "", exact) or "f16"
	// (IEEE half precision, half the bytes; Save rounds to nearest, Load expands exactly).
	Precision string
}

func layersOf(m infer.MLP) []layerHeader {
	ls := make([]layerHeader, len(m))
	for i, d := range m {
		ls[i] = layerHeader{In: d.In, Out: d.Out, Act: d.Act.String()}
	}
	return ls
}

// Save writes f to w in the current format version. It refuses networks whose
// shapes are inconsistent or exceed the format's limits, and non-finite weights.
func Save(w io.Writer, f *File) error {
	if f == nil {
		return errors.New("modelfile: save nil file")
	}
	n := &f.Net
	if err := n.Check(); err != nil {
		return fmt.Errorf("modelfile: save: %w", err)
	}
	h := header{
		Kind: n.Kind, Input: n.Input, Latent: n.Latent, OutputDist: n.OutputDist,
		Encoder: layersOf(n.Encoder), Decoder: layersOf(n.Decoder),
		Step: f.Step, Meta: f.Meta, Config: f.Config,
	}
	if len(h.Config) == 0 {
		h.Config = nil
	}
	switch f.Precision {
	case "", "f32":
	case "f16":
		h.DType = "f16"
	default:
		return fmt.Errorf("modelfile: save: unknown precision %q (want f32 or f16)", f.Precision)
	}
	if err := checkHeader(&h); err != nil {
		return fmt.Errorf("modelfile: save: %w", err)
	}
	hb, err := json.Marshal(&h)
	if err != nil {
		return fmt.Errorf("modelfile: save header: %w", err)
	}
	if len(hb) > MaxHeaderBytes {
		return fmt.Errorf("modelfile: save: header is %d bytes, limit %d", len(hb), MaxHeaderBytes)
	}
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(w, crc))
	var pre [12]byte
	copy(pre[:4], Magic)
	binary.LittleEndian.PutUint32(pre[4:], Version)
	binary.LittleEndian.PutUint32(pre[8:], uint32(len(hb)))
	bw.Write(pre[:])
	bw.Write(hb)
	var buf [4]byte
	for _, m := range []infer.MLP{n.Encoder, n.Decoder} {
		for li := range m {
			for _, s := range [][]float32{m[li].W, m[li].B} {
				for _, v := range s {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						return fmt.Errorf("modelfile: save: non-finite weight %v", v)
					}
					if h.DType == "f16" {
						hv, ok := f32ToF16(v)
						if !ok {
							return fmt.Errorf("modelfile: save: weight %v exceeds float16 range", v)
						}
						binary.LittleEndian.PutUint16(buf[:], hv)
						bw.Write(buf[:2])
						continue
					}
					binary.LittleEndian.PutUint32(buf[:], math.Float32bits(v))
					bw.Write(buf[:])
				}
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("modelfile: save: %w", err)
	}
	binary.LittleEndian.PutUint32(buf[:], crc.Sum32())
	if _, err := w.Write(buf[:]); err != nil {
		return fmt.Errorf("modelfile: save: %w", err)
	}
	return nil
}

// Marshal is Save into a byte slice.
func Marshal(f *File) ([]byte, error) {
	var b bytes.Buffer
	if err := Save(&b, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Unmarshal is Load from a byte slice.
func Unmarshal(b []byte) (*File, error) { return Load(bytes.NewReader(b)) }

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

// Load reads a model file, verifying magic, version, header, sizes, weights and
// checksum. Every problem with the data yields an error wrapping ErrFormat;
// Load never panics and never allocates more than the format limits allow.
func Load(r io.Reader) (*File, error) {
	crc := crc32.NewIEEE()
	br := bufio.NewReader(r)
	tr := io.TeeReader(br, crc)
	var pre [12]byte
	if _, err := io.ReadFull(tr, pre[:]); err != nil {
		return nil, readErr("preamble", err)
	}
	if string(pre[:4]) != Magic {
		return nil, formatErr("magic is %q, want %q (not a Latent Lab model file)", pre[:4], Magic)
	}
	if v := binary.LittleEndian.Uint32(pre[4:]); v != Version {
		return nil, formatErr("format version %d, this build reads version %d", v, Version)
	}
	hl := binary.LittleEndian.Uint32(pre[8:])
	if hl == 0 || hl > MaxHeaderBytes {
		return nil, formatErr("header length %d out of range 1..%d", hl, MaxHeaderBytes)
	}
	hb := make([]byte, hl)
	if _, err := io.ReadFull(tr, hb); err != nil {
		return nil, readErr("header", err)
	}
	h, err := parseHeader(hb)
	if err != nil {
		return nil, err
	}
	width := 4
	if h.DType == "f16" {
		width = 2
	}
	f := &File{Version: Version, Config: h.Config, Step: h.Step, Meta: h.Meta, Precision: h.DType}
	n := &f.Net
	n.Kind, n.Input, n.Latent, n.OutputDist = h.Kind, h.Input, h.Latent, h.OutputDist
	var buf [4 << 10]byte
	// readFloats reads n floats, growing the slice as data arrives so that a
	// truncated file claiming a huge layer costs memory only for what it holds.
	readFloats := func(n int, what string) ([]float32, error) {
		dst := make([]float32, 0, min(n, 1<<16))
		for len(dst) < n {
			k := min(n-len(dst), len(buf)/4)
			if _, err := io.ReadFull(tr, buf[:width*k]); err != nil {
				return nil, readErr(what, err)
			}
			for i := 0; i < k; i++ {
				var v float32
				if width == 2 {
					v = f16ToF32(binary.LittleEndian.Uint16(buf[2*i:]))
				} else {
					v = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
				}
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					return nil, formatErr("%s: non-finite weight", what)
				}
				dst = append(dst, v)
			}
		}
		return dst, nil
	}
	for pi, ls := range [][]layerHeader{h.Encoder, h.Decoder} {
		name := [2]string{"encoder", "decoder"}[pi]
		m := make(infer.MLP, len(ls))
		for i, l := range ls {
			act, _ := infer.ParseActivation(l.Act)
			d := infer.Dense{In: l.In, Out: l.Out, Act: act}
			what := fmt.Sprintf("%s layer %d weights", name, i)
			var err error
			if d.W, err = readFloats(l.In*l.Out, what); err != nil {
				return nil, err
			}
			if d.B, err = readFloats(l.Out, what); err != nil {
				return nil, err
			}
			m[i] = d
		}
		if pi == 0 {
			n.Encoder = m
		} else {
			n.Decoder = m
		}
	}
	if err := n.Check(); err != nil {
		return nil, formatErr("%v", err)
	}
	sum := crc.Sum32()
	var tail [4]byte
	if _, err := io.ReadFull(br, tail[:]); err != nil {
		return nil, readErr("checksum", err)
	}
	if got := binary.LittleEndian.Uint32(tail[:]); got != sum {
		return nil, formatErr("checksum mismatch (file %08x, computed %08x): corrupt file", got, sum)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		if err == nil {
			return nil, formatErr("trailing data after checksum")
		}
		return nil, fmt.Errorf("modelfile: read after checksum: %w", err)
	}
	return f, nil
}

// readErr turns a short read into a format error and passes other I/O errors through.
func readErr(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return formatErr("truncated in %s", what)
	}
	return fmt.Errorf("modelfile: read %s: %w", what, err)
}
