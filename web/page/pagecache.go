//go:build !wasm

package page

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"sync"

	"github.com/andybalholm/brotli"
)

// renderedPage is a page as served: its status and body, raw and compressed
// (pages are rendered once per address and kept: they depend only on the
// address and the built files, which a Site does not see change).
type renderedPage struct {
	status       int
	raw, gz, br  []byte
	compressOnce sync.Once
}

// body returns the page in the coding negotiated for the request.
func (p *renderedPage) body(coding string) []byte {
	p.compressOnce.Do(func() {
		p.gz, p.br = gzipBytes(p.raw), brotliBytes(p.raw)
	})
	switch coding {
	case "br":
		return p.br
	case "gzip":
		return p.gz
	}
	return p.raw
}

// pageCache keeps the most recent rendered pages (an embed address carries
// its settings in the query, so the addresses are not a fixed set).
type pageCache struct {
	mu    sync.Mutex
	pages map[string]*renderedPage
	order []string
}

const pageCacheSize = 64

func (c *pageCache) get(key string) *renderedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[key]
}

func (c *pageCache) put(key string, p *renderedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil {
		c.pages = map[string]*renderedPage{}
	}
	if _, ok := c.pages[key]; !ok {
		c.order = append(c.order, key)
	}
	c.pages[key] = p
	for len(c.order) > pageCacheSize {
		delete(c.pages, c.order[0])
		c.order = c.order[1:]
	}
}

func gzipBytes(raw []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	return b.Bytes()
}

func brotliBytes(raw []byte) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, 9)
	w.Write(raw)
	w.Close()
	return b.Bytes()
}

// writePage sends a rendered page with the status and coding it calls for.
func writePage(w http.ResponseWriter, r *http.Request, p *renderedPage, coding, etag string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding")
	h.Set("ETag", etag)
	if p.status == http.StatusOK && r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body(coding)
	if coding != "" {
		h.Set("Content-Encoding", coding)
	}
	h.Del("Content-Length")
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
