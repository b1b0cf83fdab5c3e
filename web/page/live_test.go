//go:build !wasm

package page

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"latentlab/web/site"
)

// A lesson rewritten on disk (as lessonc -watch does) is served by the next
// request: the page shows the new text, and the offline worker's version
// (in app-worker.js) changes with it, twice in a row.
func TestLiveRebuildsWhenTheLessonsChange(t *testing.T) {
	dist := fakeDist(t)
	t.Cleanup(func() { site.SetBase("") })
	l := NewLive(dist, Options{Dev: true})
	get := func(path string) string {
		rec := httptest.NewRecorder()
		l.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Body.String()
	}
	lessonFile := filepath.Join(dist, "web", "lessons", "vae.json")
	orig, err := os.ReadFile(lessonFile)
	if err != nil {
		t.Fatal(err)
	}
	worker := get("/app-worker.js")
	if !strings.Contains(worker, "const networkFirst = true;") {
		t.Fatal("the preview's offline worker does not ask the network first")
	}
	for i, text := range []string{"Edited prose one", "Edited prose two"} {
		body := strings.Replace(string(orig), "Prose with", text, 1)
		if err := os.WriteFile(lessonFile, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		// A file system with coarse times may keep the old time: move it.
		later := time.Now().Add(time.Duration(i+1) * time.Second)
		os.Chtimes(lessonFile, later, later)
		if page := get("/lessons/vae"); !strings.Contains(page, text) {
			t.Errorf("edit %d: the page does not show %q", i+1, text)
		}
		w := get("/app-worker.js")
		if w == worker {
			t.Errorf("edit %d: the offline worker kept its version", i+1)
		}
		worker = w
	}
}

func TestServerWorkerIsCacheFirst(t *testing.T) {
	s := newSite(t, fakeDist(t), Options{})
	if !strings.Contains(string(s.workerJS), "const networkFirst = false;") {
		t.Error("outside the preview the offline worker must serve its current cache first")
	}
}
