package page

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
)

// The lesson bundle is fetched from these URLs (served from dist/web/lessons).
const lessonsURL = "/web/lessons/"

var (
	indexMu    sync.Mutex
	indexCache *lesson.Index
)

// fetchJSON GETs the site-relative path into v. It blocks: call it from
// ctx.Async only.
func fetchJSON(base *url.URL, path string, v any) error {
	u := *base
	u.Path, u.RawQuery, u.Fragment = path, "", ""
	res, err := http.Get(u.String())
	if err != nil {
		return fmt.Errorf("fetch %s: %w", path, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch %s: %s", path, res.Status)
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("fetch %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

// loadIndex fetches (once) the lesson index. Blocking: call from ctx.Async.
func loadIndex(base *url.URL) (*lesson.Index, error) {
	indexMu.Lock()
	defer indexMu.Unlock()
	if indexCache != nil {
		return indexCache, nil
	}
	var idx lesson.Index
	if err := fetchJSON(base, lessonsURL+lesson.IndexFile, &idx); err != nil {
		return nil, err
	}
	indexCache = &idx
	return indexCache, nil
}

// loadLesson fetches one lesson bundle. Blocking: call from ctx.Async.
func loadLesson(base *url.URL, slug string) (*lesson.Lesson, error) {
	var l lesson.Lesson
	if err := fetchJSON(base, lessonsURL+lesson.LessonFile(slug), &l); err != nil {
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

// pageURL returns the current page URL (a copy).
func pageURL(ctx app.Context) *url.URL {
	u := *ctx.Page().URL()
	return &u
}
