package server

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bigFixture is a dist folder holding web/big.bin: size incompressible
// bytes with no precompressed variants.
func bigFixture(t testing.TB, size int) string {
	t.Helper()
	dir := t.TempDir()
	web := filepath.Join(dir, "web")
	if err := os.MkdirAll(web, 0o755); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, size)
	rand.Read(b)
	if err := os.WriteFile(filepath.Join(web, "big.bin"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(web, "small.json"), []byte(strings.Repeat(`{"x":1}`, 9000)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startServer serves cfg's handler with NewHTTPServer on a loopback port
// (ln wrapped by wrap when not nil) and counts the connections it closed.
func startServer(t testing.TB, cfg Config, o Options, wrap func(net.Listener) net.Listener) (addr string, closed *atomic.Int64) {
	t.Helper()
	if cfg.App == nil {
		cfg.App = http.NotFoundHandler()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		ln = wrap(ln)
	}
	srv := NewHTTPServer(New(cfg), o)
	closed = new(atomic.Int64)
	srv.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed.Add(1)
		}
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), closed
}

// dialFrom connects to addr from a local loopback IP (127.0.0.x): each IP
// is another client for the per-client cap.
func dialFrom(t testing.TB, ip, addr string) *net.TCPConn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", ip, err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*net.TCPConn)
}

func sendGet(t testing.TB, c net.Conn, path string, headers ...string) {
	t.Helper()
	req := "GET " + path + " HTTP/1.1\r\nHost: lab\r\n" + strings.Join(headers, "") + "\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A client that asks for a large file and never reads loses its connection
// once the file's write deadline passes (it used to hold it for ever).
func TestWriteDeadlineCutsReaderThatNeverReads(t *testing.T) {
	const size = 16 << 20
	addr, closed := startServer(t, Config{Dir: bigFixture(t, size), MinRate: 64 << 20, WriteSlack: 100 * time.Millisecond}, Options{}, nil)
	c := dialFrom(t, "127.0.0.1", addr)
	c.SetReadBuffer(4 << 10)
	sendGet(t, c, "/web/big.bin")
	// Budget: 100 ms + 16 MiB at 64 MiB/s = 350 ms.
	waitFor(t, "server closes the stalled connection", 10*time.Second, func() bool { return closed.Load() == 1 })
	c.SetReadDeadline(time.Now().Add(time.Second))
	n, _ := io.Copy(io.Discard, c)
	if n >= size {
		t.Errorf("the whole file arrived (%d bytes) although the client never read in time", n)
	}
}

// A slow but steady client within the rate gets the whole file.
func TestWriteDeadlineLetsSteadyReaderFinish(t *testing.T) {
	const size = 8 << 20
	// Budget: 3 s + 8 MiB at 4 MiB/s = 5 s; the client reads at about 16 MiB/s.
	addr, _ := startServer(t, Config{Dir: bigFixture(t, size), MinRate: 4 << 20, WriteSlack: 3 * time.Second}, Options{}, nil)
	c := dialFrom(t, "127.0.0.1", addr)
	sendGet(t, c, "/web/big.bin")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got int64
	buf := make([]byte, 64<<10)
	for {
		n, err := res.Body.Read(buf)
		got += int64(n)
		if err != nil {
			break
		}
		time.Sleep(4 * time.Millisecond)
	}
	if got != size {
		t.Errorf("steady reader got %d of %d bytes", got, size)
	}
}

// Range requests: a few parts are served, more than MaxRanges refused with
// 416; a request with 60,000 ranges is refused before any work, with an
// answer smaller than the request.
func TestRangeLimits(t *testing.T) {
	addr, _ := startServer(t, Config{Dir: bigFixture(t, 1<<16)}, Options{}, nil)
	get := func(ranges string) (*http.Response, int) {
		req, _ := http.NewRequest("GET", "http://"+addr+"/web/big.bin", nil)
		req.Header.Set("Range", ranges)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, len(b)
	}
	if res, n := get("bytes=0-9"); res.StatusCode != http.StatusPartialContent || n != 10 {
		t.Errorf("one range: %d, %d bytes", res.StatusCode, n)
	}
	parts := make([]string, MaxRanges)
	for i := range parts {
		parts[i] = fmt.Sprintf("%d-%d", 100*i, 100*i+9)
	}
	if res, _ := get("bytes=" + strings.Join(parts, ",")); res.StatusCode != http.StatusPartialContent ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "multipart/byteranges") {
		t.Errorf("%d ranges: %d %s", MaxRanges, res.StatusCode, res.Header.Get("Content-Type"))
	}
	parts = append(parts, "5000-5009")
	if res, _ := get("bytes=" + strings.Join(parts, ",")); res.StatusCode != http.StatusRequestedRangeNotSatisfiable ||
		res.Header.Get("Content-Range") != "bytes */65536" {
		t.Errorf("%d ranges: %d, Content-Range %q", len(parts), res.StatusCode, res.Header.Get("Content-Range"))
	}
	// 60,000 one-byte ranges: refused at the header limit.
	many := make([]string, 60000)
	for i := range many {
		many[i] = fmt.Sprintf("%d-%d", i, i)
	}
	c := dialFrom(t, "127.0.0.1", addr)
	req := "GET /web/big.bin HTTP/1.1\r\nHost: lab\r\nRange: bytes=" + strings.Join(many, ",") + "\r\n\r\n"
	go io.WriteString(c, req)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode < 400 || len(body) > len(req) {
		t.Errorf("60,000 ranges: status %d, %d-byte answer to a %d-byte request", res.StatusCode, len(body), len(req))
	}
}

// The connection caps: a client over its own cap gets 503 at once, other
// clients are served, and over the total cap a client waits for a slot.
func TestLimitListener(t *testing.T) {
	wrap := func(ln net.Listener) net.Listener { return LimitListener(ln, 2, 1) }
	addr, _ := startServer(t, Config{Dir: bigFixture(t, 1024)}, Options{}, wrap)
	ok := func(c net.Conn) bool {
		sendGet(t, c, "/web/small.json")
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, res.Body)
		return res.StatusCode == http.StatusOK
	}
	a := dialFrom(t, "127.0.0.1", addr)
	if !ok(a) {
		t.Fatal("first client not served")
	}
	b := dialFrom(t, "127.0.0.1", addr) // same client, over its cap of 1
	sendGet(t, b, "/web/small.json")
	b.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(b), nil)
	if err != nil || res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("over the per-client cap: %v %v", res, err)
	}
	c := dialFrom(t, "127.0.0.2", addr)
	if !ok(c) {
		t.Fatal("another client not served")
	}
	// Total cap 2 reached: a third client waits...
	d := dialFrom(t, "127.0.0.3", addr)
	sendGet(t, d, "/web/small.json")
	d.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, _ := d.Read(make([]byte, 1)); n > 0 {
		t.Fatal("served over the total cap")
	}
	// ...until a slot frees.
	a.Close()
	d.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err = http.ReadResponse(bufio.NewReader(d), nil)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("waiting client after a slot freed: %v %v", res, err)
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	if o.Grace != DefaultGrace || o.MaxConnsPerClient != min(DefaultMaxConnsPerClient, o.MaxConns/4) || o.WriteTimeout != DefaultWriteTimeout {
		t.Errorf("defaults %+v", o)
	}
	if small := (Options{MaxConns: 20}).withDefaults(); small.MaxConnsPerClient != 5 {
		t.Errorf("20 connections: %d per client, want a quarter", small.MaxConnsPerClient)
	}
	if set := (Options{MaxConns: 20, MaxConnsPerClient: 20}).withDefaults(); set.MaxConnsPerClient != 20 {
		t.Errorf("a per-client cap set by hand changed to %d", set.MaxConnsPerClient)
	}
	if n := openFileLimit(); n > 0 && 2*o.MaxConns+64 > n {
		t.Errorf("MaxConns %d: two descriptors each exceed the limit of %d open files", o.MaxConns, n)
	}
	if o.MaxConns < 16 || o.MaxConns > maxConnsCeiling {
		t.Errorf("MaxConns %d", o.MaxConns)
	}
}

// A server with a low open-file limit keeps serving while 200 connections
// from one address ask for a large file and never read: it used to accept
// them until it ran out of descriptors ("too many open files") and then
// stopped accepting.
func TestLowFileLimitKeepsServing(t *testing.T) {
	h := startHelper(t, helperFDLimit, "LATENTLAB_SERVER_DIR="+bigFixture(t, 8<<20))
	addr := strings.TrimSuffix(strings.TrimPrefix(h.url, "http://"), "/")
	for i := 0; i < 200; i++ {
		c := dialFrom(t, "127.0.0.2", addr)
		c.SetReadBuffer(4 << 10)
		sendGet(t, c, "/web/big.bin")
	}
	c := dialFrom(t, "127.0.0.1", addr)
	sendGet(t, c, "/web/small.json")
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("a normal client beside 200 stalled ones: %v %v; server stderr: %s", res, err, h.stderr.String())
	}
	if strings.Contains(h.stderr.String(), "too many open files") {
		t.Errorf("the server ran out of descriptors: %s", h.stderr.String())
	}
}
