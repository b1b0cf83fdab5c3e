package e2e

import (
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// hostPage serves body as an HTML page from a server of its own (another
// port, so another origin than the site) and returns its address.
func hostPage(t *testing.T, body string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// A real mouse click on "Open in Latent Lab ↗" inside an embed framed by a
// page of another origin opens the lesson in a new tab, with the embed's
// settings, and leaves the iframe where it was.
func TestOpenInLatentLabOpensANewTab(t *testing.T) {
	w1, _, _, _, _ := embedTargets(t)
	src := BaseURL(t) + w1 + "?seed=7&controls=locked"
	host := hostPage(t, `<!doctype html><title>Course page</title><h1>Course page</h1>`+
		`<iframe id="lab" title="Latent Lab" width="900" height="700" src="`+html.EscapeString(src)+`"></iframe>`)
	p := NewTab(t)
	ctx, cancel := context.WithTimeout(p.Ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe#lab")))
	if err != nil || len(frames) == 0 || frames[0].ContentDocument == nil {
		t.Fatalf("the embed's iframe (same site, another origin) has no document here: %v", err)
	}
	link := chromedp.CSS("#open-in-latent-lab")
	// Wait until the app has attached (go-app's click handler is installed).
	deadline := time.Now().Add(60 * time.Second)
	for {
		frames, _ = chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe#lab")))
		doc := frames[0].ContentDocument
		ready, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(".embed figure.widget-frame .widget-body .ll-widget"), chromedp.FromNode(doc), chromedp.AtLeast(0)))
		if len(ready) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the embed did not start inside the course page")
		}
		time.Sleep(300 * time.Millisecond)
	}
	opened := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool { return info.Type == "page" })
	doc := frames[0].ContentDocument
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(link, chromedp.FromNode(doc)), chromedp.Click(link, chromedp.FromNode(doc))); err != nil {
		t.Fatalf("click Open in Latent Lab: %v", err)
	}
	var id target.ID
	select {
	case id = <-opened:
	case <-time.After(20 * time.Second):
		t.Fatal("clicking Open in Latent Lab inside the embed opened no new tab")
	}
	tab, cancelTab := chromedp.NewContext(p.Ctx, chromedp.WithTargetID(id))
	defer cancelTab()
	var newURL string
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		infos, _ := chromedp.Targets(p.Ctx)
		for _, in := range infos {
			if in.TargetID == id {
				newURL = in.URL
			}
		}
		if strings.Contains(newURL, "/lessons/") {
			break
		}
	}
	u, err := url.Parse(newURL)
	if err != nil || !strings.HasPrefix(w1, "/embed/") {
		t.Fatalf("new tab at %q", newURL)
	}
	parts := strings.Split(strings.TrimPrefix(w1, "/embed/"), "/")
	if u.Path != "/lessons/"+parts[0] || u.Query().Get(parts[1]+".seed") != "7" || u.Query().Has("controls") || u.Fragment != "widget-"+parts[1] {
		t.Errorf("the new tab opened %s, want /lessons/%s?%s.seed=7#widget-%s (the embed's settings, not its locks)", newURL, parts[0], parts[1], parts[1])
	}
	_ = tab
	// The iframe still shows the embed.
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range tree.FrameTree.ChildFrames {
		if !strings.Contains(c.Frame.URL, "/embed/") {
			t.Errorf("the iframe navigated to %s", c.Frame.URL)
		}
	}
}
