package e2e

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Download runs trigger (which makes the page start one file download, e.g.
// by clicking a button), waits until the browser has written the file and
// returns its path: a fresh temporary folder holding the file under the name
// the page suggested (filepath.Base(path) is that name). It fails the test
// when no download completes within Timeout.
func (p *Page) Download(trigger func()) (path string) {
	p.T.Helper()
	dir := p.T.TempDir()
	ctx, cancel := context.WithCancel(p.Ctx)
	defer cancel()
	var (
		mu   sync.Mutex
		name string // suggested file name
		guid string
		done = make(chan string, 1) // final state: completed | canceled
	)
	err := chromedp.ListenBrowser(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *browser.EventDownloadWillBegin:
			if guid == "" {
				guid, name = e.GUID, e.SuggestedFilename
			}
		case *browser.EventDownloadProgress:
			if e.GUID == guid && e.State != browser.DownloadProgressStateInProgress {
				select {
				case done <- string(e.State):
				default:
				}
			}
		}
	})
	if err != nil {
		p.T.Fatalf("download: listen: %v", err)
	}
	events := true
	_, err = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
	if err != nil {
		p.T.Fatalf("download: set behaviour: %v", err)
	}
	defer chromedp.CallBrowser(p.Ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorDefault})
	trigger()
	var state string
	select {
	case state = <-done:
	case <-time.After(Timeout):
		p.T.Fatalf("download: no download finished within %v", Timeout)
	}
	mu.Lock()
	defer mu.Unlock()
	if state != string(browser.DownloadProgressStateCompleted) {
		p.T.Fatalf("download of %q ended %s", name, state)
	}
	// allowAndName stores the file under its GUID: give it its suggested name.
	path = filepath.Join(dir, filepath.Base(name))
	if err := os.Rename(filepath.Join(dir, guid), path); err != nil {
		p.T.Fatalf("download: %v", err)
	}
	return path
}
