//go:build !wasm

package page

import (
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Live serves the Site of a dist folder and builds it again when the lesson
// bundle (dist/web/lessons, which lessonc -watch rewrites) changes: pages
// are rendered from the new lessons, and the offline worker gets a new
// version, so a browser never keeps a lesson the server no longer has. With
// Options.Dev the worker also asks the network first, so the next reload
// shows the new lesson (make preview).
type Live struct {
	dist string
	o    Options
	site atomic.Pointer[Site]

	mu    sync.Mutex // held while checking the bundle and rebuilding
	stamp string     // the bundle the current Site was built from
	next  time.Time  // the next check, at most every liveCheck outside Dev
}

// liveCheck is how often a server outside the preview looks at the bundle.
const liveCheck = time.Second

// NewLive returns the Live site of dist (see NewSite for the options).
func NewLive(dist string, o Options) *Live {
	l := &Live{dist: dist, o: o, stamp: bundleStamp(dist)}
	l.site.Store(NewSite(dist, o))
	return l
}

// Site returns the Site of the current bundle, rebuilt first if the bundle
// changed since.
func (l *Live) Site() *Site {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.o.Dev || !now.Before(l.next) {
		l.next = now.Add(liveCheck)
		if s := bundleStamp(l.dist); s != l.stamp {
			l.stamp = s
			l.site.Store(NewSite(l.dist, l.o))
		}
	}
	return l.site.Load()
}

// ServeHTTP serves the request from the current Site.
func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) { l.Site().ServeHTTP(w, r) }

// bundleStamp summarises the lesson bundle's files: names, sizes and
// modification times ("" without a bundle).
func bundleStamp(dist string) string {
	dir := filepath.Join(dist, "web", "lessons")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var b strings.Builder
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			continue
		}
		b.WriteString(n + " " + fi.ModTime().Format(time.RFC3339Nano) + " " + strconv.FormatInt(fi.Size(), 10) + "\n")
	}
	return b.String()
}
