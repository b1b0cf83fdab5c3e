package page

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/site"
)

// The lesson bundle is read from these paths (dist/web/lessons, served under
// /web/lessons/).
const lessonsURL = "/web/lessons/"

// readBundleFile returns one file of the lesson bundle by name ("index.json",
// "vae.json"). In the browser it is fetched (blocking: call it from
// ctx.Async); the server sets it to read from the dist folder (see Handler).
var readBundleFile = func(name string) ([]byte, error) {
	return site.Fetch(lessonsURL + name)
}

var (
	indexMu    sync.Mutex
	indexCache *lesson.Index
)

// readJSON reads a bundle file into v.
func readJSON(name string, v any) error {
	b, err := readBundleFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	return nil
}

// loadIndex reads (once) the lesson index. Blocking in the browser: call it
// from ctx.Async there.
func loadIndex() (*lesson.Index, error) {
	indexMu.Lock()
	defer indexMu.Unlock()
	if indexCache != nil {
		return indexCache, nil
	}
	var idx lesson.Index
	if err := readJSON(lesson.IndexFile, &idx); err != nil {
		return nil, err
	}
	indexCache = &idx
	return indexCache, nil
}

// forgetIndex drops the cached index (the server re-reads it when the bundle
// changes).
func forgetIndex() {
	indexMu.Lock()
	indexCache = nil
	indexMu.Unlock()
}

// loadLesson reads one lesson of the bundle. Blocking in the browser.
func loadLesson(slug string) (*lesson.Lesson, error) {
	var l lesson.Lesson
	if err := readJSON(lesson.LessonFile(slug), &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// neighbours returns the lessons before and after slug in the index.
func neighbours(idx *lesson.Index, slug string) (prev, next *lesson.Meta) {
	if idx == nil {
		return nil, nil
	}
	for i := range idx.Lessons {
		if idx.Lessons[i].Slug != slug {
			continue
		}
		if i > 0 {
			prev = &idx.Lessons[i-1]
		}
		if i+1 < len(idx.Lessons) {
			next = &idx.Lessons[i+1]
		}
	}
	return prev, next
}

// pageURL returns the current page URL (a copy) with its path made
// canonical (no base path, no .html; see canonical).
func pageURL(ctx app.Context) *url.URL {
	u := *ctx.Page().URL()
	u.Path, u.RawPath = canonical(u.Path), ""
	return &u
}
