package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxIDXBytes bounds the payload ReadIDX accepts (the MNIST training images are 47 MB).
const MaxIDXBytes = 64 << 20

// ReadIDX reads an uncompressed IDX file of unsigned bytes (type 0x08), the
// format of the original MNIST distribution: magic 0x0000 08 NDIM, NDIM
// big-endian uint32 dimensions, then the data. It returns the dimensions and data.
func ReadIDX(r io.Reader) (dims []int, payload []byte, err error) {
	var m [4]byte
	if _, err := io.ReadFull(r, m[:]); err != nil {
		return nil, nil, fmt.Errorf("idx: read magic: %w", err)
	}
	if m[0] != 0 || m[1] != 0 || m[2] != 0x08 || m[3] == 0 || m[3] > 4 {
		return nil, nil, fmt.Errorf("idx: magic % x is not a uint8 IDX file with 1–4 dimensions", m)
	}
	total := 1
	for i := 0; i < int(m[3]); i++ {
		var d uint32
		if err := binary.Read(r, binary.BigEndian, &d); err != nil {
			return nil, nil, fmt.Errorf("idx: read dimension %d: %w", i, err)
		}
		if d == 0 || int(d) > MaxIDXBytes || total*int(d) > MaxIDXBytes {
			return nil, nil, fmt.Errorf("idx: dimension %d = %d makes the payload exceed %d bytes", i, d, MaxIDXBytes)
		}
		total *= int(d)
		dims = append(dims, int(d))
	}
	payload = make([]byte, total)
	if _, err := io.ReadFull(r, payload); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, nil, fmt.Errorf("idx: truncated payload (want %d bytes)", total)
		}
		return nil, nil, fmt.Errorf("idx: read payload: %w", err)
	}
	return dims, payload, nil
}
