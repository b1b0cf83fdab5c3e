package server

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowDownload streams chunks of 64 KiB with a pause between them, as a
// large file does over a slow connection; it stops early when the request
// ends.
func slowDownload(chunks int, pause time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(chunks*64<<10))
		chunk := bytes.Repeat([]byte{'x'}, 64<<10)
		for i := 0; i < chunks; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(pause):
			case <-r.Context().Done():
				return
			}
		}
	})
}

// startDownload begins GET url and returns once the first bytes arrived,
// with a channel that gets how many body bytes arrived in the end.
func startDownload(t *testing.T, url string) <-chan int64 {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	first := make([]byte, 1)
	if _, err := io.ReadFull(res.Body, first); err != nil {
		t.Fatal(err)
	}
	done := make(chan int64, 1)
	go func() {
		defer res.Body.Close()
		n, _ := io.Copy(io.Discard, res.Body)
		done <- n + 1
	}()
	return done
}

// A shutdown lets a download in flight finish, refuses new connections,
// and returns nil.
func TestShutdownLetsDownloadFinish(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop, force := make(chan struct{}), make(chan struct{})
	var out bytes.Buffer
	served := make(chan error, 1)
	go func() {
		served <- Serve(ln, NewHTTPServer(slowDownload(16, 40*time.Millisecond), Options{}), 10*time.Second, stop, force, &out)
	}()
	got := startDownload(t, "http://"+ln.Addr().String()+"/")
	close(stop)
	select {
	case n := <-got:
		if n != 16*64<<10 {
			t.Errorf("download cut at %d of %d bytes", n, 16*64<<10)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("download did not finish")
	}
	if err := <-served; err != nil {
		t.Errorf("Serve after stop: %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("new connection accepted after the shutdown")
	}
	if !strings.Contains(out.String(), "shutting down") || strings.Contains(out.String(), "grace period over") {
		t.Errorf("output: %q", out.String())
	}
}

// When the grace period runs out, the remaining downloads are cut and
// Serve still returns nil; a second signal (force) cuts at once.
func TestShutdownGraceRunsOut(t *testing.T) {
	for _, forced := range []bool{false, true} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		stop, force := make(chan struct{}), make(chan struct{})
		grace := 300 * time.Millisecond
		if forced {
			grace = time.Hour
		}
		var out bytes.Buffer
		served := make(chan error, 1)
		go func() {
			served <- Serve(ln, NewHTTPServer(slowDownload(1000, 50*time.Millisecond), Options{}), grace, stop, force, &out)
		}()
		got := startDownload(t, "http://"+ln.Addr().String()+"/")
		close(stop)
		if forced {
			time.Sleep(100 * time.Millisecond)
			close(force)
		}
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("forced %v: Serve: %v", forced, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("forced %v: Serve did not return", forced)
		}
		if n := <-got; n >= 1000*64<<10 {
			t.Errorf("forced %v: download not cut", forced)
		}
		if !strings.Contains(out.String(), "grace period over") {
			t.Errorf("forced %v: output %q", forced, out.String())
		}
	}
}

// The server exits 0 on SIGTERM, after the download in flight has finished
// (it used to cut it after 5 s and exit 1).
func TestSIGTERMExitsZero(t *testing.T) {
	h := startHelper(t, helperSIGTERM)
	got := startDownload(t, h.url)
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if n := <-got; n != sigtermChunks*64<<10 {
		t.Errorf("download cut at %d of %d bytes", n, sigtermChunks*64<<10)
	}
	if err := h.cmd.Wait(); err != nil {
		t.Errorf("server exit after SIGTERM: %v; stderr: %s", err, h.stderr.String())
	}
}
