package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
)

// entry is one tensor's line of the header.
type entry struct {
	DType       DType    `json:"dtype"`
	Shape       []int    `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// Marshal encodes f: the tensors' data back to back in f's order, the header
// in the same order, padded with spaces to a multiple of 8 bytes (as the
// reference writer does, so the data is aligned).
func Marshal(f *File) ([]byte, error) {
	if len(f.Tensors) > MaxTensors {
		return nil, fmt.Errorf("safetensors: %d tensors, at most %d", len(f.Tensors), MaxTensors)
	}
	var h bytes.Buffer
	h.WriteByte('{')
	if len(f.Metadata) > 0 {
		m, err := json.Marshal(f.Metadata) // keys sorted
		if err != nil {
			return nil, fmt.Errorf("safetensors: metadata: %w", err)
		}
		fmt.Fprintf(&h, "%q:%s", MetadataKey, m)
	}
	seen := map[string]bool{}
	var off int64
	for i, t := range f.Tensors {
		if err := t.check(); err != nil {
			return nil, fmt.Errorf("safetensors: %w", err)
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("safetensors: tensor %q appears twice", t.Name)
		}
		seen[t.Name] = true
		name, _ := json.Marshal(t.Name)
		e, _ := json.Marshal(entry{DType: t.DType, Shape: shapeOrEmpty(t.Shape), DataOffsets: [2]int64{off, off + int64(len(t.Data))}})
		if i > 0 || len(f.Metadata) > 0 {
			h.WriteByte(',')
		}
		h.Write(name)
		h.WriteByte(':')
		h.Write(e)
		off += int64(len(t.Data))
	}
	h.WriteByte('}')
	for h.Len()%8 != 0 {
		h.WriteByte(' ')
	}
	if h.Len() > MaxHeaderBytes {
		return nil, fmt.Errorf("safetensors: header is %d bytes, at most %d", h.Len(), MaxHeaderBytes)
	}
	out := make([]byte, 8, 8+int64(h.Len())+off)
	binary.LittleEndian.PutUint64(out, uint64(h.Len()))
	out = append(out, h.Bytes()...)
	for _, t := range f.Tensors {
		out = append(out, t.Data...)
	}
	return out, nil
}

func shapeOrEmpty(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// Unmarshal decodes a safetensors file. The tensors' Data alias b. Every
// problem with the bytes yields an error wrapping ErrFormat; Unmarshal never
// panics and allocates at most in proportion to the header.
func Unmarshal(b []byte) (*File, error) {
	if len(b) < 8 {
		return nil, formatErr("truncated: %d bytes, a file starts with an 8-byte header length", len(b))
	}
	n := binary.LittleEndian.Uint64(b)
	if n < 2 || n > MaxHeaderBytes {
		return nil, formatErr("header length %d out of range 2…%d (not a safetensors file?)", n, MaxHeaderBytes)
	}
	if uint64(len(b)-8) < n {
		return nil, formatErr("truncated in the header: it is %d bytes, the file has %d after the length", n, len(b)-8)
	}
	header, data := b[8:8+n], b[8+n:]
	if header[0] != '{' {
		return nil, formatErr("header does not start with '{' (not a safetensors file?)")
	}
	entries, meta, err := parseHeader(bytes.TrimRight(header, " "))
	if err != nil {
		return nil, err
	}
	tensors := map[string]Tensor{}
	for _, ne := range entries {
		t, err := tensorOf(ne.name, ne.e, data)
		if err != nil {
			return nil, err
		}
		tensors[ne.name] = t
	}
	sorted, err := checkCoverage(entries, int64(len(data)))
	if err != nil {
		return nil, err
	}
	f := &File{Metadata: meta, Tensors: make([]Tensor, len(sorted))}
	for i, ne := range sorted {
		f.Tensors[i] = tensors[ne.name]
	}
	return f, nil
}

type namedEntry struct {
	name string
	e    entry
}

// parseHeader reads the header object key by key, refusing duplicate names,
// unknown fields and trailing data.
func parseHeader(h []byte) ([]namedEntry, map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(h))
	if _, err := dec.Token(); err != nil { // '{', checked by the caller
		return nil, nil, formatErr("header JSON: %v", err)
	}
	var entries []namedEntry
	var meta map[string]string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, formatErr("header JSON: %v", err)
		}
		name, _ := tok.(string)
		if seen[name] {
			return nil, nil, formatErr("tensor %q appears twice in the header", name)
		}
		seen[name] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, formatErr("header JSON at %q: %v", name, err)
		}
		if name == MetadataKey {
			if err := json.Unmarshal(raw, &meta); err != nil {
				return nil, nil, formatErr("__metadata__ must map strings to strings: %v", err)
			}
			continue
		}
		if name == "" {
			return nil, nil, formatErr("a tensor has an empty name")
		}
		if len(entries) == MaxTensors {
			return nil, nil, formatErr("more than %d tensors", MaxTensors)
		}
		var e entry
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(&e); err != nil {
			return nil, nil, formatErr("tensor %q: header entry: %v", name, err)
		}
		entries = append(entries, namedEntry{name, e})
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, nil, formatErr("header JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, formatErr("header JSON has trailing data")
	}
	return entries, meta, nil
}

// tensorOf checks one header entry against the data section and returns
// its tensor.
func tensorOf(name string, e entry, data []byte) (Tensor, error) {
	size, ok := e.DType.Size()
	if !ok {
		return Tensor{}, formatErr("tensor %q: unknown dtype %q", name, e.DType)
	}
	if len(e.Shape) > MaxRank {
		return Tensor{}, formatErr("tensor %q has %d dimensions, at most %d", name, len(e.Shape), MaxRank)
	}
	begin, end := e.DataOffsets[0], e.DataOffsets[1]
	if begin < 0 || end < begin {
		return Tensor{}, formatErr("tensor %q: data offsets [%d, %d] are not an interval", name, begin, end)
	}
	if end > int64(len(data)) {
		return Tensor{}, formatErr("tensor %q: data ends at byte %d but the data section has %d (truncated file)", name, end, len(data))
	}
	count, ok := elements(e.Shape, int(end-begin))
	if !ok || int64(count)*int64(size) != end-begin {
		return Tensor{}, formatErr("tensor %q: shape %v of %s does not fit its %d bytes", name, e.Shape, e.DType, end-begin)
	}
	return Tensor{Name: name, DType: e.DType, Shape: slices.Clone(shapeOrEmpty(e.Shape)), Data: data[begin:end:end]}, nil
}

// checkCoverage verifies that the tensors' byte ranges tile the data
// section exactly (no hole, no overlap, nothing after the last) and returns
// the entries in data order.
func checkCoverage(entries []namedEntry, size int64) ([]namedEntry, error) {
	sorted := slices.Clone(entries)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].e.DataOffsets, sorted[j].e.DataOffsets
		return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
	})
	var at int64
	for _, ne := range sorted {
		switch begin := ne.e.DataOffsets[0]; {
		case begin > at:
			return nil, formatErr("tensor %q starts at byte %d, leaving bytes %d…%d unused", ne.name, begin, at, begin-1)
		case begin < at:
			return nil, formatErr("tensor %q starts at byte %d, inside the previous tensor (which ends at %d)", ne.name, begin, at)
		}
		at = ne.e.DataOffsets[1]
	}
	switch {
	case at != size && len(sorted) == 0:
		return nil, formatErr("the header lists no tensors but %d bytes of data follow it", size)
	case at != size:
		return nil, formatErr("%d bytes follow the last tensor's data", size-at)
	}
	return sorted, nil
}
