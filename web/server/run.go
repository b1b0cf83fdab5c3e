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

// ListenAndServe serves h on addr, prints the URL to out, and shuts down
// gracefully (finishing requests in flight) on SIGINT or SIGTERM.
func ListenAndServe(addr string, h http.Handler, out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	fmt.Fprintf(out, "Latent Lab is serving at http://%s/  (Ctrl-C to stop)\n", net.JoinHostPort(host, port))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(out, "shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
