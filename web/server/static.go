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
// (name.br, name.gz) when the client accepts that encoding.
type fileServer struct {
	root string
}

// encodings in order of preference.
var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

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
	accept := r.Header.Get("Accept-Encoding")
	if r.Header.Get("Range") == "" {
		for _, enc := range encodings {
			if !acceptsEncoding(accept, enc.token) {
				continue
			}
			ci, err := os.Stat(name + enc.ext)
			if err != nil || ci.IsDir() || ci.ModTime().Before(fi.ModTime()) {
				continue // missing or stale variant
			}
			serveName = name + enc.ext
			h.Set("Content-Encoding", enc.token)
			break
		}
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
	http.ServeContent(w, r, "", modTime.Truncate(time.Second), f)
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
// "br" or "gzip" when the request accepts it (in that order of preference),
// else "" (identity). The pages, rendered per request, use it; static files
// pick their precompressed variant the same way.
func Negotiate(r *http.Request) string {
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range encodings {
		if acceptsEncoding(accept, enc.token) {
			return enc.token
		}
	}
	return ""
}

// acceptsEncoding reports whether an Accept-Encoding header allows token
// (a q=0 weight refuses it).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(fields[0]), token) {
			continue
		}
		for _, f := range fields[1:] {
			f = strings.ReplaceAll(strings.TrimSpace(f), " ", "")
			if f == "q=0" || f == "q=0.0" || f == "q=0.00" || f == "q=0.000" {
				return false
			}
		}
		return true
	}
	return false
}
