package own

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"latentlab/core/owndata"
)

// The data set is kept in the tab's session storage (where the browser
// allows it), so that a reload keeps it and closing the tab forgets it. It
// is encoded as JSON with the points as base64 float32 little-endian, or,
// for images (8-bit intensities, owndata.Quantise), one byte a pixel: some
// 4,800 images fit in the tab's storage; a larger set is kept in memory only.

// keepKey is the session-storage key.
const keepKey = "latentlab.owndata"

type kept struct {
	Name string `json:"name"`
	Dim  int    `json:"dim"`
	Note string `json:"note,omitempty"`
	X    string `json:"x"` // base64 of the float32 little-endian points
	// Side is an image set's width and height; X is then one byte a pixel.
	Side int `json:"side,omitempty"`
}

// encode returns the stored form of s.
func encode(s *owndata.Set) string {
	if s.Images() {
		b := make([]byte, len(s.X))
		for i, v := range s.X {
			b[i] = byte(math.Round(float64(v) * 255))
		}
		j, _ := json.Marshal(kept{Name: s.Name, Dim: s.Dim, Note: s.Note, Side: s.Width, X: base64.StdEncoding.EncodeToString(b)})
		return string(j)
	}
	b := make([]byte, 4*len(s.X))
	for i, v := range s.X {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	j, _ := json.Marshal(kept{Name: s.Name, Dim: s.Dim, Note: s.Note, X: base64.StdEncoding.EncodeToString(b)})
	return string(j)
}

// decode reads a stored data set, checking it as the worker will.
func decode(v string) (*owndata.Set, error) {
	var k kept
	if err := json.Unmarshal([]byte(v), &k); err != nil {
		return nil, fmt.Errorf("kept data set: %w", err)
	}
	b, err := base64.StdEncoding.DecodeString(k.X)
	if err != nil || len(b)%4 != 0 && k.Side == 0 || k.Side != 0 && (k.Side*k.Side != k.Dim) {
		return nil, fmt.Errorf("kept data set: points not readable")
	}
	var x []float32
	if k.Side > 0 {
		x = make([]float32, len(b))
		for i, v := range b {
			x[i] = float32(v) / 255
		}
	} else {
		x = make([]float32, len(b)/4)
		for i := range x {
			x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
	if err := owndata.Check(x, k.Dim); err != nil {
		return nil, err
	}
	return &owndata.Set{Name: k.Name, Dim: k.Dim, Note: k.Note, X: x, Width: k.Side, Height: k.Side}, nil
}
