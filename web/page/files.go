//go:build !wasm

package page

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// fileSet is what the offline worker knows about the site: every address it
// may keep, with the revision (a content hash) it must have, and which of
// them it keeps when it installs (the shell: what any page needs to start,
// and every page and lesson, so that the text of the whole site reads
// offline at once, about 0.4 MB with brotli) and which when asked to keep the
// site for offline use (the engine, the data sets, the models, the math
// fonts: what the widgets of pages not opened yet need).
type fileSet struct {
	version string
	// networkFirst: the worker serves from its cache only offline (Options.Dev)
	networkFirst bool
	home         string            // the home page's address
	revs         map[string]string // address → revision
	shell        []string
	offline      []string
	aliases      map[string]string // page address → the address it is kept under
	// bytes of the offline set: as stored (decoded) and as downloaded
	// (brotli, where the build has a .br)
	offlineRaw, offlineTransfer int64
}

// shellFile reports whether a file under /web/ is kept when the worker
// installs: what every page needs to start, and the lessons.
func shellFile(rel string) bool {
	switch rel {
	case "app.wasm", "style.css", "katex/katex.min.css", "icon.svg", "icon-192.png", "storage-guard.js", "boot.js", "embed-child.js":
		return true
	}
	return strings.HasPrefix(rel, "lessons/")
}

// offlineRank orders the files kept for offline use, most needed first (the
// engine, which every training widget needs; the data; the models; the math
// fonts, woff2 only: every browser that runs the site reads it), or returns
// −1 for a file not kept.
func offlineRank(rel string) int {
	switch {
	case keptWhenUsed(rel):
		return -1
	case strings.HasPrefix(rel, "engine"), rel == "wasm_exec.js":
		return 0
	case strings.HasPrefix(rel, "data/"):
		return 1
	case strings.HasPrefix(rel, "models/"):
		return 2
	case strings.HasPrefix(rel, "katex/fonts/") && strings.HasSuffix(rel, ".woff2"):
		return 3
	case rel == "icon-512.png":
		return 4
	}
	return -1
}

// keptWhenUsed reports whether a file is kept only once a page has fetched
// it, never in advance: the scalar engine, which only browsers without
// WebAssembly SIMD load (engine-worker.js picks the build).
func keptWhenUsed(rel string) bool { return rel == "engine-scalar.wasm" }

// listFiles builds the file set of the built folder web (dist/web) for a
// site at base whose pages are kept under the addresses pages maps to.
func listFiles(web string, pages map[string]string, base string, static bool) *fileSet {
	fsx := &fileSet{revs: map[string]string{}, aliases: map[string]string{}}
	ranks := map[string]int{}
	filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(web, p)
		rel = filepath.ToSlash(rel)
		shell, rank := shellFile(rel), offlineRank(rel)
		switch filepath.Ext(rel) {
		case ".br", ".gz", ".tmp", ".map":
			return nil
		}
		if !shell && rank < 0 && !keptWhenUsed(rel) {
			return nil
		}
		r, err := fileRev(p)
		if err != nil {
			return nil
		}
		addr := base + "/web/" + rel
		fsx.revs[addr] = r
		if shell {
			fsx.shell = append(fsx.shell, addr)
			return nil
		}
		if rank < 0 {
			return nil
		}
		fsx.offline = append(fsx.offline, addr)
		ranks[addr] = rank
		raw, transfer := fileSizes(p)
		fsx.offlineRaw += raw
		fsx.offlineTransfer += transfer
		return nil
	})
	// The version covers every file and the page list, so pages (which are
	// rendered from all of them) take it as their revision.
	h := sha256.New()
	io.WriteString(h, base)
	if static {
		io.WriteString(h, " static")
	}
	for _, addr := range sortedKeys(fsx.revs) {
		io.WriteString(h, "\n"+addr+" "+fsx.revs[addr])
	}
	for _, addr := range sortedKeys(pages) {
		io.WriteString(h, "\n"+addr+" "+pages[addr])
	}
	fsx.version = hex.EncodeToString(h.Sum(nil))[:16]
	for _, addr := range sortedKeys(pages) {
		file := pages[addr]
		fsx.revs[file] = fsx.version
		if file != addr {
			fsx.aliases[addr] = file
		}
		if addr == base+"/" {
			fsx.home = file
		}
		fsx.shell = append(fsx.shell, file)
	}
	sort.Strings(fsx.shell)
	sort.Slice(fsx.offline, func(i, j int) bool {
		a, b := fsx.offline[i], fsx.offline[j]
		if ranks[a] != ranks[b] {
			return ranks[a] < ranks[b]
		}
		return a < b
	})
	return fsx
}

// addRoot adds a file served at the site's root (go-app's files, the
// loader) to the shell.
func (f *fileSet) addRoot(addr string, content []byte) {
	f.revs[addr] = rev(content)
	f.shell = append(f.shell, addr)
	sort.Strings(f.shell)
}

// rev is the revision of some content: a short hash.
func rev(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:6])
}

// fileRev is the revision of a file: a hash of its content, remembered
// while its size and modification time stay the same (a Site rebuilt after
// the lessons changed hashes only what changed, not the engine and data).
func fileRev(name string) (string, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	key := revKey{name, fi.Size(), fi.ModTime().UnixNano()}
	revMemo.Lock()
	r, ok := revMemo.revs[key]
	revMemo.Unlock()
	if ok {
		return r, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	r = hex.EncodeToString(h.Sum(nil)[:6])
	revMemo.Lock()
	if revMemo.revs == nil {
		revMemo.revs = map[revKey]string{}
	}
	revMemo.revs[key] = r
	revMemo.Unlock()
	return r, nil
}

// revKey names one version of a file: path, size, modification time.
type revKey struct {
	name        string
	size, mtime int64
}

var revMemo struct {
	sync.Mutex
	revs map[revKey]string
}

// fileSizes returns a file's size and what it takes to download (its
// brotli variant's size when the build wrote one).
func fileSizes(name string) (raw, transfer int64) {
	fi, err := os.Stat(name)
	if err != nil {
		return 0, 0
	}
	raw, transfer = fi.Size(), fi.Size()
	if bi, err := os.Stat(name + ".br"); err == nil && bi.Size() < transfer {
		transfer = bi.Size()
	}
	return raw, transfer
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
