//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"latentlab/web/page"
	"latentlab/web/server"
)

// serve runs the server, or writes the static export with -static.
func serve() {
	dist := flag.String("dist", "dist", "built site folder (holds web/app.wasm)")
	addr := flag.String("addr", "", "listen address (default: $ADDR, else 127.0.0.1:$PORT, PORT defaulting to 8080)")
	frame := flag.String("frame-ancestors", "*", "CSP frame-ancestors: which sites may embed the playground in an iframe, e.g. \"'self' https://moodle.example.edu\"")
	static := flag.String("static", "", "write the static export into this folder and exit")
	dev := flag.Bool("dev", false, "authoring preview (make preview): the offline worker asks the network first, so a reload shows the lessons lessonc -watch just rebuilt")
	base := flag.String("base", "/", "with -static: the base path the export will be served under, e.g. /latent-lab/ for user.github.io/latent-lab/")
	grace := flag.Duration("grace", server.DefaultGrace, "on SIGINT or SIGTERM, how long downloads in flight may finish before the server closes them")
	minRate := flag.Int64("min-rate", server.DefaultMinRate, "slowest read rate a client may have, in bytes per second: a static file's write deadline is 30 s plus its size at this rate")
	maxConns := flag.Int("max-conns", 0, "most open connections at once (0: from the open-file limit, at most 8192)")
	perClient := flag.Int("max-conns-per-client", 0, "most open connections from one IP address (0: 128, at most a quarter of -max-conns; a classroom behind NAT shares one address; behind a reverse proxy set it to -max-conns)")
	flag.Parse()
	log.SetFlags(0)

	if _, err := os.Stat(filepath.Join(*dist, "web", "app.wasm")); err != nil {
		log.Fatalf("%s/web/app.wasm is missing: build the site first (make run, or make build)", *dist)
	}
	if *static != "" {
		if err := page.ExportStatic(*dist, *static, *base); err != nil {
			log.Fatal(err)
		}
		return
	}
	a := *addr
	if a == "" {
		a = server.Addr("8080")
	}
	h := server.New(server.Config{
		Dir:            *dist,
		App:            page.NewLive(*dist, page.Options{Dev: *dev}),
		Known:          page.Known,
		NotFoundPath:   "/404",
		FrameAncestors: *frame,
		MinRate:        *minRate,
	})
	opts := server.Options{Grace: *grace, MaxConns: *maxConns, MaxConnsPerClient: *perClient}
	if err := server.ListenAndServe(a, h, os.Stdout, opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
