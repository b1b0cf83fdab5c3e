package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Addr returns the listen address: ADDR if set, else 127.0.0.1:PORT with
// PORT defaulting to def.
func Addr(def string) string {
	if a := os.Getenv("ADDR"); a != "" {
		return a
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = def
	}
	return net.JoinHostPort("127.0.0.1", port)
}

// Options say how the server treats connections; zero values mean the
// defaults below.
type Options struct {
	// Grace is how long a shutdown waits for the requests in flight —
	// downloads included — before it closes the connections still open.
	Grace time.Duration
	// MaxConns caps the open connections; the default keeps two file
	// descriptors per connection (socket and file) under the process's limit.
	MaxConns int
	// MaxConnsPerClient caps the open connections from one IP address. The
	// default is DefaultMaxConnsPerClient, at most a quarter of MaxConns, so
	// that one address never takes every slot; behind a reverse proxy (one
	// address for everyone) set it to MaxConns.
	MaxConnsPerClient int
	// WriteTimeout bounds writing a response other than a static file (a
	// page); static files get their own deadline (Config.MinRate).
	WriteTimeout time.Duration
}

// Defaults of Options.
const (
	DefaultGrace             = time.Minute
	DefaultMaxConnsPerClient = 128
	DefaultWriteTimeout      = 30 * time.Second
	maxConnsCeiling          = 8192
)

func (o Options) withDefaults() Options {
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.MaxConns <= 0 {
		o.MaxConns = maxConnsCeiling
		if n := openFileLimit(); n > 0 {
			o.MaxConns = min(maxConnsCeiling, max(16, (n-64)/2))
		}
	}
	if o.MaxConnsPerClient <= 0 {
		o.MaxConnsPerClient = max(1, min(DefaultMaxConnsPerClient, o.MaxConns/4))
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	return o
}

// NewHTTPServer returns the http.Server for h with the timeouts of o: slow
// request headers, idle keep-alive connections and page writes all end.
func NewHTTPServer(h http.Handler, o Options) *http.Server {
	o = o.withDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      o.WriteTimeout,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// ListenAndServe serves h on addr with the connection caps and timeouts of
// o, prints the URL to out, and on SIGINT or SIGTERM shuts down gracefully:
// it stops accepting, lets the requests in flight finish for up to o.Grace
// (a second signal cuts that short), closes what is left and returns nil —
// a requested stop is a success.
func ListenAndServe(addr string, h http.Handler, out io.Writer, o Options) error {
	o = o.withDefaults()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	fmt.Fprintf(out, "Latent Lab is serving at http://%s/  (Ctrl-C to stop)\n", net.JoinHostPort(host, port))

	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	stop, force := make(chan struct{}), make(chan struct{})
	go func() {
		<-sig
		close(stop)
		<-sig
		close(force)
	}()
	return Serve(LimitListener(ln, o.MaxConns, o.MaxConnsPerClient), NewHTTPServer(h, o), o.Grace, stop, force, out)
}

// Serve runs srv on ln until stop is closed, then shuts down: requests in
// flight may finish for up to grace (or until force is closed), after which
// the remaining connections are closed. It returns nil after a requested
// stop, whether or not the grace period ran out.
func Serve(ln net.Listener, srv *http.Server, grace time.Duration, stop, force <-chan struct{}, out io.Writer) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-stop:
	}
	fmt.Fprintf(out, "shutting down: letting requests in flight finish (up to %s)\n", grace)
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	go func() {
		select {
		case <-force:
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := srv.Shutdown(ctx); err != nil {
		fmt.Fprintln(out, "grace period over: closing the connections still open")
		_ = srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
