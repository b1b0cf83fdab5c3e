package server

import (
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func init() {
	// Types that Go's table may lack on minimal systems.
	for ext, typ := range map[string]string{
		".wasm":        "application/wasm",
		".js":          "text/javascript; charset=utf-8",
		".mjs":         "text/javascript; charset=utf-8",
		".css":         "text/css; charset=utf-8",
		".json":        "application/json",
		".svg":         "image/svg+xml",
		".woff2":       "font/woff2",
		".woff":        "font/woff",
		".ttf":         "font/ttf",
		".webmanifest": "application/manifest+json",
		".llm":         "application/octet-stream",
		".bin":         "application/octet-stream",
		".html":        "text/html; charset=utf-8",
		".png":         "image/png",
	} {
		_ = mime.AddExtensionType(ext, typ)
	}
}

// UncompressedLengthHeader carries a static file's decoded size, which a
// progress bar needs when the body arrives compressed.
const UncompressedLengthHeader = "X-Uncompressed-Content-Length"

// hashedName matches file names that carry a content hash, e.g.
// style.3f9a1c2b.css or engine-0123456789abcdef.wasm: safe to cache forever.
var hashedName = regexp.MustCompile(`[.-][0-9a-f]{8,64}\.[a-z0-9]+$`)

// fileServer serves files below root, preferring a precompressed sibling
// (name.br, name.gz) when the client accepts that encoding, each response
// with a write deadline sized for its file (see writeBudget).
type fileServer struct {
	root    string
	minRate int64         // bytes per second a client must at least read
	slack   time.Duration // added to every deadline (latency, a slow start)
}

// encodings in order of preference, and their file extensions.
var (
	encodings    = []string{"br", "gzip"}
	encodingExts = map[string]string{"br": ".br", "gzip": ".gz"}
)

func (fs *fileServer) serve(w http.ResponseWriter, r *http.Request, urlPath string) {
	name := filepath.Join(fs.root, filepath.FromSlash(path.Clean(urlPath)))
	fi, err := os.Stat(name)
	if err != nil || fi.IsDir() {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	ctype := mime.TypeByExtension(filepath.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	h.Add("Vary", "Accept-Encoding")
	h.Set("Cache-Control", cacheControl(urlPath))

	serveName, modTime := name, fi.ModTime()
	if rh := r.Header.Get("Range"); rh != "" {
		if tooManyRanges(rh) {
			h.Set("Content-Range", fmt.Sprintf("bytes */%d", fi.Size()))
			http.Error(w, "too many ranges", http.StatusRequestedRangeNotSatisfiable)
			return
		}
	} else if enc := fs.encoding(r.Header.Get("Accept-Encoding"), name, fi); enc != "" {
		serveName = name + encodingExts[enc]
		h.Set("Content-Encoding", enc)
	}
	f, err := os.Open(serveName)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	// A validator that differs per encoding, so caches never mix them.
	si, _ := f.Stat()
	if h.Get("Content-Encoding") != "" {
		// ServeContent leaves Content-Length out when an encoding is set.
		h.Set("Content-Length", strconv.FormatInt(si.Size(), 10))
	}
	// The decoded size, for go-app's loading progress (WasmContentLengthHeader).
	h.Set(UncompressedLengthHeader, strconv.FormatInt(fi.Size(), 10))
	h.Set("ETag", fmt.Sprintf(`"%x-%x%s"`, modTime.UnixNano(), si.Size(), h.Get("Content-Encoding")))
	// A client that reads slower than minRate loses the connection instead
	// of holding it (and two file descriptors) for ever.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(fs.writeBudget(si.Size())))
	http.ServeContent(w, r, "", modTime.Truncate(time.Second), f)
}

// encoding returns the coding to serve file name in ("" for identity): the
// client's preferred one among the precompressed variants that exist and
// are not older than the file.
func (fs *fileServer) encoding(accept, name string, fi os.FileInfo) string {
	var have []string
	for _, enc := range encodings {
		ci, err := os.Stat(name + encodingExts[enc])
		if err == nil && !ci.IsDir() && !ci.ModTime().Before(fi.ModTime()) {
			have = append(have, enc)
		}
	}
	return preferredEncoding(accept, have)
}

// writeBudget is how long sending size bytes may take: the slack plus the
// time at minRate.
func (fs *fileServer) writeBudget(size int64) time.Duration {
	return fs.slack + time.Duration(float64(size)/float64(fs.minRate)*float64(time.Second))
}

// cacheControl chooses the caching policy for a static path.
func cacheControl(urlPath string) string {
	switch {
	case hashedName.MatchString(path.Base(urlPath)):
		return "public, max-age=31536000, immutable"
	case strings.HasPrefix(urlPath, "/web/katex/fonts/"):
		return "public, max-age=604800"
	default:
		// Fixed names (app.wasm, lessons, models): always revalidate; the
		// ETag makes that a cheap 304.
		return "no-cache"
	}
}

// Negotiate returns the content coding to send a compressible response in:
// the request's preferred one of "br" and "gzip", else "" (identity). The
// pages, rendered per request, use it; static files pick their precompressed
// variant the same way.
func Negotiate(r *http.Request) string {
	return preferredEncoding(r.Header.Get("Accept-Encoding"), encodings)
}
