package e2e

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The authoring preview loop (make preview): lessonc -watch rebuilds the
// lessons of a copy of the site while the server runs with -dev, and a
// reload shows each edit at once, three times in a row, through the offline
// worker (issue: a stale lesson came back after one hard reload).
func TestPreviewShowsEachEditOnReload(t *testing.T) {
	root := Root()
	dir := t.TempDir()
	dist, lessons := filepath.Join(dir, "dist"), filepath.Join(dir, "lessons")
	copyTree(t, filepath.Join(Dist(), "web"), filepath.Join(dist, "web"))
	copyTree(t, filepath.Join(root, "lessons"), lessons)

	watcher := startTool(t, filepath.Join(root, ".cache", "bin", "lessonc"), "-out", filepath.Join(dist, "web", "lessons"), "-watch", lessons)
	waitLine(t, watcher, regexp.MustCompile(`watching`))
	srv := startTool(t, filepath.Join(root, ".cache", "bin", "latentlab"), "-dev", "-dist", dist, "-addr", "127.0.0.1:0")
	base := strings.TrimSuffix(waitLine(t, srv, regexp.MustCompile(`http://127\.0\.0\.1:\d+`)), "/")

	p := NewTab(t)
	p.Goto(base + "/lessons/dae")

	source := filepath.Join(lessons, "dae.md")
	orig, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dist, "web", "lessons", "dae.json")
	prev := ""
	throughWorker := 0
	for i, marker := range []string{"Preview edit one: the watcher rebuilt this.", "Preview edit two: and again.", "Preview edit three: still fresh."} {
		// The page is controlled by an installed offline worker, with no
		// update still installing: the reload below goes through it.
		p.WaitJS(steadyWorkerJS, 120*time.Second)
		if err := os.WriteFile(source, append(append([]byte{}, orig...), "\n\n"+marker+"\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		waitFile(t, bundle, marker)
		p.Do(chromedp.Reload())
		p.WaitReady()
		text := Eval[string](p, `document.querySelector("main").innerText`)
		if !strings.Contains(text, marker) {
			t.Errorf("after the edit %q, the reloaded page does not show it", marker)
		}
		if prev != "" && strings.Contains(text, prev) {
			t.Errorf("after the edit %q, the reloaded page still shows the previous %q", marker, prev)
		}
		prev = marker
		state := Eval[string](p, workerStateJS)
		via := Eval[float64](p, `performance.getEntriesByType("navigation")[0].workerStart`) > 0
		if via {
			throughWorker++
		}
		t.Logf("edit %d: reloaded; offline worker %s, the page came through it: %v", i+1, state, via)
	}
	// Headless Chromium sometimes sends the first reload after the worker's
	// first install past it; the later ones go through it, and every one
	// must show the edit.
	if throughWorker == 0 {
		t.Error("no reload went through the offline worker: the test did not test it")
	}
	p.Screenshot("preview-reload")
}

// steadyWorkerJS is true once the page is controlled by an activated
// offline worker and no newer version is installing.
const steadyWorkerJS = `(async () => {
	if (!navigator.serviceWorker.controller) return false;
	const reg = await navigator.serviceWorker.getRegistration();
	return !!reg && !!reg.active && reg.active.state === "activated" && !reg.installing && !reg.waiting;
})()`

// workerStateJS describes the page's offline worker registration.
const workerStateJS = `navigator.serviceWorker.getRegistration().then(r => JSON.stringify({registered: !!r,
	active: r && r.active && r.active.state, installing: !!(r && r.installing), waiting: !!(r && r.waiting),
	controlled: !!navigator.serviceWorker.controller}))`

// copyTree copies the regular files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		fi, err := in.Stat()
		if err != nil {
			return err
		}
		o, err := os.Create(out)
		if err != nil {
			return err
		}
		if _, err := io.Copy(o, in); err != nil {
			o.Close()
			return err
		}
		if err := o.Close(); err != nil {
			return err
		}
		// Keep the times: a precompressed variant is served only while it
		// is not older than its file.
		return os.Chtimes(out, fi.ModTime(), fi.ModTime())
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// tool is a command the test started, with its output as lines.
type tool struct {
	name  string
	lines chan string
}

// startTool runs a built tool from the repository root (where lessonc finds
// KaTeX) until the test ends.
func startTool(t *testing.T, bin string, args ...string) *tool {
	t.Helper()
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: build the site first (make build)", bin)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = Root()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tl := &tool{name: filepath.Base(bin), lines: make(chan string, 256)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case tl.lines <- sc.Text():
			default: // nobody reads the rest
			}
		}
		close(tl.lines)
	}()
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
	})
	return tl
}

// waitLine waits for a line of the tool's output that matches re and
// returns the match.
func waitLine(t *testing.T, tl *tool, re *regexp.Regexp) string {
	t.Helper()
	timeout := time.After(2 * time.Minute)
	var seen []string
	for {
		select {
		case l, ok := <-tl.lines:
			if !ok {
				t.Fatalf("%s stopped before printing %s:\n%s", tl.name, re, strings.Join(seen, "\n"))
			}
			seen = append(seen, l)
			if m := re.FindString(l); m != "" {
				return m
			}
		case <-timeout:
			t.Fatalf("%s did not print %s:\n%s", tl.name, re, strings.Join(seen, "\n"))
		}
	}
}

// waitFile waits until the file contains substr.
func waitFile(t *testing.T, name, substr string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(name); err == nil && strings.Contains(string(b), substr) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never contained %q", name, substr)
}
