package owndata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Limits on a CSV file. MaxBytes is checked by the caller before the file is
// read (a browser File's size); ParseCSV checks it again on what it is given.
const (
	MaxBytes   = 64 << 20 // 64 MiB: about 3 million rows of two columns
	MaxRows    = 100000   // rows kept; the rest are counted and left out with a note
	MaxColumns = 64       // columns a file may have
	MinRows    = 2        // a data set of one point teaches nothing
	MaxAbs     = 1e15     // larger magnitudes are refused (they are units gone wrong, and squares must stay finite)
)

// Table is a parsed CSV file: Rows rows of len(Columns) numbers.
type Table struct {
	Columns []string  // column names (the header, or "column 1", …)
	X       []float64 // Rows×len(Columns), row-major
	Rows    int
	Note    string // what was left out (rows past MaxRows), or ""
}

// Col returns column j's values (a copy).
func (t *Table) Col(j int) []float64 {
	c := make([]float64, t.Rows)
	for i := range c {
		c[i] = t.X[i*len(t.Columns)+j]
	}
	return c
}

// ErrTooLarge is returned for a file over MaxBytes.
var ErrTooLarge = fmt.Errorf("the file is larger than %d MB", MaxBytes>>20)

// CheckSize refuses a file of size bytes before it is read.
func CheckSize(name string, size int64) error {
	if size > MaxBytes {
		return fmt.Errorf("%s (%.0f MB): %w; nothing was read", name, float64(size)/1e6, ErrTooLarge)
	}
	if size == 0 {
		return fmt.Errorf("%s is empty", name)
	}
	return nil
}

// ParseCSV parses a CSV file of numeric columns. The first row is a header
// when any of its cells is not a number. Cells are trimmed; commas,
// semicolons or tabs separate them (whichever the first line uses most).
// Errors name the file, the line and the column: a cell that is not a number
// (or is NaN or infinite, or larger than MaxAbs in magnitude), a row with
// another number of cells than the first, fewer than MinRows rows.
func ParseCSV(name string, b []byte) (*Table, error) {
	if err := CheckSize(name, int64(len(b))); err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = separator(b)
	r.FieldsPerRecord = -1 // ragged rows get our own message
	r.ReuseRecord = true
	r.TrimLeadingSpace = true
	t := &Table{}
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s, line %d: %v", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if first {
			first = false
			if len(rec) > MaxColumns {
				return nil, fmt.Errorf("%s, line %d: %d columns; at most %d are read", name, line, len(rec), MaxColumns)
			}
			if isHeader(rec) {
				t.Columns = header(rec)
				continue
			}
			t.Columns = numbered(len(rec))
		}
		if len(rec) != len(t.Columns) {
			return nil, fmt.Errorf("%s, line %d: %d cells where the first row has %d (ragged rows)", name, line, len(rec), len(t.Columns))
		}
		if t.Rows == MaxRows {
			rest := 1 + bytes.Count(b[r.InputOffset():], []byte("\n"))
			t.Note = fmt.Sprintf("%s has more than %s rows: the first %s were kept and about %s left out.",
				name, count(MaxRows), count(MaxRows), count(rest))
			break
		}
		for j, cell := range rec {
			v, err := number(cell)
			if err != nil {
				return nil, fmt.Errorf("%s, line %d, column %d (%s): %w", name, line, j+1, t.Columns[j], err)
			}
			t.X = append(t.X, v)
		}
		t.Rows++
	}
	if t.Rows < MinRows {
		return nil, fmt.Errorf("%s: %d data rows; at least %d are needed", name, t.Rows, MinRows)
	}
	return t, nil
}

// number parses one cell.
func number(cell string) (float64, error) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return 0, errors.New("empty cell (every cell must be a number)")
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%q is too large (magnitudes up to %g are read)", clip(s), MaxAbs)
	case err != nil:
		return 0, fmt.Errorf("%q is not a number", clip(s))
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%q is not a finite number (NaN and infinities are refused)", clip(s))
	case math.Abs(v) > MaxAbs:
		return 0, fmt.Errorf("%q is too large (magnitudes up to %g are read)", clip(s), MaxAbs)
	}
	return v, nil
}

// isHeader reports whether a first row is a header: some cell is not a number.
func isHeader(rec []string) bool {
	for _, c := range rec {
		if _, err := strconv.ParseFloat(strings.TrimSpace(c), 64); err != nil {
			return true
		}
	}
	return false
}

func header(rec []string) []string {
	h := make([]string, len(rec))
	for j, c := range rec {
		if h[j] = clip(strings.TrimSpace(c)); h[j] == "" {
			h[j] = fmt.Sprintf("column %d", j+1)
		}
	}
	return h
}

func numbered(n int) []string {
	h := make([]string, n)
	for j := range h {
		h[j] = fmt.Sprintf("column %d", j+1)
	}
	return h
}

// separator is the first line's most frequent of comma, semicolon and tab.
func separator(b []byte) rune {
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// clip shortens s for a message (valid UTF-8, at most 24 runes).
func clip(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if r := []rune(s); len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return s
}

// count formats n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
