package modelfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The fuzz targets check three properties on every input: nothing panics;
// a file Load accepts is one ReadSummary accepts and describes the same way;
// a file Load accepts saves again and loads back equal. A random mutation
// almost always breaks the checksum, which Load checks last, so each target
// re-seals its input (a fresh CRC, and in FuzzHeader a fresh header length)
// for the mutations to reach the header parser and the weights.
//
// `make test` fuzzes each target for a few seconds, `make fuzz` longer. With
// LLAB_FUZZ_CORPUS set to a corpus folder (the go command's fuzz cache for
// this package), the targets also run every input found there: `make fuzz`
// uses it to report the statement coverage the corpus reaches.

// seal returns a copy of b whose last four bytes are the CRC-32 of the rest.
func seal(b []byte) []byte {
	if len(b) < 4 {
		return b
	}
	out := append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(out[len(out)-4:], crc32.ChecksumIEEE(out[:len(out)-4]))
	return out
}

// checkFile asserts the three properties for file b.
func checkFile(t *testing.T, b []byte) {
	sum, serr := ReadSummary(b)
	m, err := Unmarshal(b)
	if err != nil {
		if m != nil {
			t.Fatal("non-nil file with an error")
		}
		return
	}
	if serr != nil {
		t.Fatalf("Load accepted a file ReadSummary refuses: %v", serr)
	}
	if sum.Version != Version || sum.Kind != m.Net.Kind || sum.Input != m.Net.Input || sum.Latent != m.Net.Latent ||
		sum.Step != m.Step || !reflect.DeepEqual(sum.Meta, m.Meta) || !bytes.Equal(sum.Config, m.Config) {
		t.Fatalf("summary %+v disagrees with the loaded file", sum)
	}
	if err := m.Net.Check(); err != nil {
		t.Fatalf("loaded invalid network: %v", err)
	}
	b2, err := Marshal(m)
	if err != nil {
		t.Fatalf("re-marshal accepted file: %v", err)
	}
	m2, err := Unmarshal(b2)
	if err != nil || !reflect.DeepEqual(m, m2) {
		t.Fatalf("re-load differs: %v", err)
	}
}

// FuzzLoad mutates whole files: as given (the checksum mostly fails) and
// re-sealed (the mutation reaches the parser).
func FuzzLoad(f *testing.F) {
	good, err := Marshal(sample(rand.New(rand.NewPCG(4, 4))))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("LLAB"))
	addCorpus(f, "FuzzLoad")
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFile(t, b)
		checkFile(t, seal(b))
	})
}

// FuzzHeader mutates a header and the weights separately and frames them as
// a well-formed file (magic, version, header length, checksum), so every
// mutation of the header JSON reaches parseHeader and every weight mutation
// reaches the weight reader.
func FuzzHeader(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, prec := range []string{"", "f16"} {
		s := sample(r)
		s.Precision = prec
		good, err := Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		hl := binary.LittleEndian.Uint32(good[8:])
		hdr, weights := good[12:12+hl], good[12+hl:len(good)-4]
		f.Add(hdr, weights)
		f.Add(append(append([]byte(nil), hdr...), '}'), weights)
		f.Add([]byte(strings.Replace(string(hdr), `"step":1234`, `"step":9223372036854775807`, 1)), weights)
		f.Add([]byte(strings.Replace(string(hdr), `"encoder":[`, `"encoder":[{"in":12,"out":12,"act":"relu"},`, 1)), weights)
	}
	addCorpus(f, "FuzzHeader")
	f.Fuzz(func(t *testing.T, hdr, weights []byte) {
		var b bytes.Buffer
		b.WriteString(Magic)
		binary.Write(&b, binary.LittleEndian, uint32(Version))
		binary.Write(&b, binary.LittleEndian, uint32(len(hdr)))
		b.Write(hdr)
		b.Write(weights)
		binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
		checkFile(t, b.Bytes())
	})
}

// addCorpus adds every input of $LLAB_FUZZ_CORPUS/<target> (files in the
// go command's "go test fuzz v1" format of []byte arguments).
func addCorpus(f *testing.F, target string) {
	dir := os.Getenv("LLAB_FUZZ_CORPUS")
	if dir == "" {
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, target, "*"))
	n := 0
	for _, name := range files {
		args, err := readCorpusFile(name)
		if err != nil {
			f.Fatalf("corpus file %s: %v", name, err)
		}
		f.Add(args...)
		n++
	}
	f.Logf("%s: %d corpus inputs from %s", target, n, dir)
}

// readCorpusFile reads the []byte arguments of one corpus file.
func readCorpusFile(name string) ([]any, error) {
	fd, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	sc := bufio.NewScanner(fd)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var args []any
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "go test fuzz") {
			continue
		}
		lit, ok := strings.CutPrefix(line, "[]byte(")
		if !ok || !strings.HasSuffix(lit, ")") {
			return nil, errUnsupported(line)
		}
		s, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
		if err != nil {
			return nil, err
		}
		args = append(args, []byte(s))
	}
	return args, sc.Err()
}

type errUnsupported string

func (e errUnsupported) Error() string {
	return "unsupported corpus line " + strconv.Quote(string(e)[:min(len(e), 40)])
}
