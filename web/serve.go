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
	base := flag.String("base", "/", "with -static: the base path the export will be served under, e.g. /latent-lab/ for user.github.io/latent-lab/")
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
		App:            page.Handler(*dist),
		Known:          page.Known,
		NotFoundPath:   "/404",
		FrameAncestors: *frame,
	})
	if err := server.ListenAndServe(a, h, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
