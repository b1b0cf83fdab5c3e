//go:build !js

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
)

// printPackages prints the code size of each Go package in a WebAssembly
// binary built without -s (the linker's name section names every function,
// e.g. "latentlab_web_page.__LessonPage_.Render": the package path with its
// punctuation turned into underscores). The data section (type data,
// strings, the function table) is reported as one line: the linker does not
// say which package it belongs to.
func printPackages(file string, top int) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	w, err := parseWasm(b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(w.names) == 0 {
		return fmt.Errorf("%s has no name section: build it without -ldflags=-s", file)
	}
	pkgs, err := goPackages()
	if err != nil {
		return err
	}
	per := map[string]int{}
	total := 0
	for i, size := range w.code {
		per[packageOf(w.names[w.imports+i], pkgs)] += size
		total += size
	}
	names := make([]string, 0, len(per))
	for p := range per {
		names = append(names, p)
	}
	sort.Slice(names, func(i, j int) bool { return per[names[i]] > per[names[j]] })
	fmt.Printf("app.wasm by Go package (code bytes; %s code, %s data, %d functions)\n", mbs(int64(total)), mbs(int64(w.data)), len(w.code))
	for i, p := range names {
		if i == top {
			rest := 0
			for _, q := range names[i:] {
				rest += per[q]
			}
			fmt.Printf("%10d  (%d other packages)\n", rest, len(names)-i)
			break
		}
		fmt.Printf("%10d  %s\n", per[p], p)
	}
	return nil
}

type wasmModule struct {
	imports int            // imported functions (they come first in the index space)
	code    []int          // body size of each defined function
	names   map[int]string // function index → name
	data    int            // bytes of the data section
}

// parseWasm reads the sections of a WebAssembly module that say how big
// each function is and what it is called.
func parseWasm(b []byte) (*wasmModule, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	m := &wasmModule{names: map[int]string{}}
	r := reader(b[8:])
	for len(r) > 0 {
		id := r.byte()
		sec := reader(r.bytes(int(r.uint())))
		switch id {
		case 2: // imports: module, name, kind, type
			for n := r2int(sec.uint()); n > 0; n-- {
				sec.bytes(int(sec.uint()))
				sec.bytes(int(sec.uint()))
				switch kind := sec.byte(); kind {
				case 0:
					sec.uint()
					m.imports++
				case 1: // table: reftype, limits
					sec.byte()
					sec.limits()
				case 2:
					sec.limits()
				case 3:
					sec.byte()
					sec.byte()
				}
			}
		case 10: // code
			for n := r2int(sec.uint()); n > 0; n-- {
				size := int(sec.uint())
				sec.bytes(size)
				m.code = append(m.code, size)
			}
		case 11:
			m.data = len(sec)
		case 0: // custom: "name" holds the function names (subsection 1)
			if string(sec.bytes(int(sec.uint()))) != "name" {
				continue
			}
			for len(sec) > 0 {
				sub := sec.byte()
				body := reader(sec.bytes(int(sec.uint())))
				if sub != 1 {
					continue
				}
				for n := r2int(body.uint()); n > 0; n-- {
					idx := int(body.uint())
					m.names[idx] = string(body.bytes(int(body.uint())))
				}
			}
		}
	}
	return m, nil
}

type reader []byte

func (r *reader) byte() byte {
	if len(*r) == 0 {
		return 0
	}
	c := (*r)[0]
	*r = (*r)[1:]
	return c
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(*r)
	if n <= 0 {
		*r = nil
		return 0
	}
	*r = (*r)[n:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if n > len(*r) {
		n = len(*r)
	}
	b := (*r)[:n]
	*r = (*r)[n:]
	return b
}

func (r *reader) limits() {
	if r.byte()&1 == 1 {
		r.uint()
	}
	r.uint()
}

func r2int(v uint64) int { return int(v) }

// goPackages lists app.wasm's packages (go list), longest first, each with
// the form the linker's names give it.
func goPackages() ([][2]string, error) {
	cmd := exec.Command("go", "list", "-deps", "./web")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return nil, fmt.Errorf("go list -deps ./web (js/wasm): %v %s", err, msg)
	}
	var pkgs [][2]string
	for _, p := range strings.Fields(string(out)) {
		pkgs = append(pkgs, [2]string{mangle(p), p})
	}
	sort.Slice(pkgs, func(i, j int) bool { return len(pkgs[i][0]) > len(pkgs[j][0]) })
	return pkgs, nil
}

// mangle is how the wasm linker spells a package path in a function name.
func mangle(p string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' {
			return r
		}
		return '_'
	}, p)
}

// packageOf returns the package a function name belongs to: the longest
// package whose mangled path prefixes it, else the name's first part
// (runtime helpers such as "type_.eq" have none).
func packageOf(name string, pkgs [][2]string) string {
	for _, p := range pkgs {
		if strings.HasPrefix(name, p[0]+".") {
			return p[1]
		}
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		return name[:i] + " (generated)"
	}
	return name
}
