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
)

// fileSet is what the offline worker knows about the site: every address it
// may keep, with the revision (a content hash) it must have, and which of
// them it keeps when it installs (the shell: what any page needs to start)
// and which when asked to keep the site for offline use (every page, lesson,
// engine, model and data file).
type fileSet struct {
	version string
	home    string            // the home page's address
	revs    map[string]string // address → revision
	shell   []string
	offline []string
	aliases map[string]string // page address → the address it is kept under
	// bytes of the offline set: as stored (decoded) and as downloaded
	// (brotli, where the build has a .br)
	offlineRaw, offlineTransfer int64
}

// shellFiles are the files under /web/ that every page needs to start.
var shellFiles = map[string]bool{
	"app.wasm": true, "style.css": true, "katex/katex.min.css": true, "icon.svg": true,
	"icon-192.png": true, "boot.js": true, "embed-child.js": true,
}

// offlineFile reports whether a file under /web/ is kept for offline use:
// lessons, the engine, data, models, the math fonts (woff2, which every
// browser that runs the site reads), the large icon.
func offlineFile(rel string) bool {
	switch {
	case strings.HasPrefix(rel, "katex/fonts/"):
		return strings.HasSuffix(rel, ".woff2")
	case strings.HasPrefix(rel, "lessons/"), strings.HasPrefix(rel, "data/"), strings.HasPrefix(rel, "models/"):
		return true
	case strings.HasPrefix(rel, "engine"), rel == "wasm_exec.js", rel == "icon-512.png":
		return true
	}
	return false
}

// listFiles builds the file set of the built folder web (dist/web) for a
// site at base whose pages are kept under the addresses pages maps to.
func listFiles(web string, pages map[string]string, base string, static bool) *fileSet {
	fsx := &fileSet{revs: map[string]string{}, aliases: map[string]string{}}
	filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(web, p)
		rel = filepath.ToSlash(rel)
		shell, offline := shellFiles[rel], offlineFile(rel)
		switch filepath.Ext(rel) {
		case ".br", ".gz", ".tmp", ".map":
			return nil
		}
		if !shell && !offline {
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
		fsx.offline = append(fsx.offline, addr)
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
			fsx.shell = append(fsx.shell, file)
		} else {
			fsx.offline = append(fsx.offline, file)
			raw, transfer := pageSize(web, addr, base)
			fsx.offlineRaw += raw
			fsx.offlineTransfer += transfer
		}
	}
	sort.Strings(fsx.shell)
	sort.Strings(fsx.offline)
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

func fileRev(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:6]), nil
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

// pageSize estimates a page's size from what it is rendered from: a lesson
// page or lesson embed is about its lesson file, other pages a few kB.
func pageSize(web, addr, base string) (raw, transfer int64) {
	route := strings.TrimPrefix(addr, base)
	if slug := routeSlug(route); slug != "" && (lessonRoute.MatchString(route) || !strings.Contains(route[len("/embed/"):], "/")) {
		return fileSizes(filepath.Join(web, "lessons", slug+".json"))
	}
	return 12_000, 4_000
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
