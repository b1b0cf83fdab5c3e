package modelfile

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// Summary is what a model file's header says, read without its weights or
// checksum: enough for a page to describe a file, or to refuse it in plain
// words, before handing it to Load.
type Summary struct {
	Version       int // format version of the file
	Kind          string
	Input, Latent int
	Step          int
	Meta          map[string]string
	Config        json.RawMessage // the training configuration, when the file has one
}

// Errors of ReadSummary, each wrapping ErrFormat.
var (
	ErrNotModelFile    = fmt.Errorf("%w: not a Latent Lab model file", ErrFormat)
	ErrVersion         = fmt.Errorf("%w: unsupported format version", ErrFormat)
	ErrHeaderDamaged   = fmt.Errorf("%w: damaged header", ErrFormat)
	ErrHeaderTruncated = fmt.Errorf("%w: truncated in header", ErrFormat)
)

// ReadSummary reads the header of the model file b with the parser Load
// uses, so a header Load would refuse is refused here too (ErrHeaderDamaged,
// with the reason); the weights and the checksum are not read. A file of
// another format version returns ErrVersion with Summary.Version set.
func ReadSummary(b []byte) (Summary, error) {
	if len(b) < 12 || string(b[:4]) != Magic {
		return Summary{}, ErrNotModelFile
	}
	s := Summary{Version: int(binary.LittleEndian.Uint32(b[4:8]))}
	if s.Version != Version {
		return s, ErrVersion
	}
	n := int64(binary.LittleEndian.Uint32(b[8:12]))
	if n <= 0 || n > MaxHeaderBytes {
		return s, ErrHeaderDamaged
	}
	if 12+n > int64(len(b)) {
		return s, ErrHeaderTruncated
	}
	h, err := parseHeader(b[12 : 12+n])
	if err != nil {
		return s, fmt.Errorf("%w (%v)", ErrHeaderDamaged, err)
	}
	s.Kind, s.Input, s.Latent, s.Step, s.Meta, s.Config = h.Kind, h.Input, h.Latent, h.Step, h.Meta, h.Config
	return s, nil
}
