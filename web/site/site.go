// Package site knows where the site lives: its base path ("" when it is
// served from a domain root, "/latent-lab" under a sub-path such as a GitHub
// Pages project site) and how to fetch one of its files from the browser.
//
// Every site-absolute address the UI writes ("/lessons/vae", "/web/models/…")
// goes through Path, so one build works at any base. In the browser the base
// comes from the page's loader script (go-app's GOAPP_ROOT_PREFIX); the server
// and the static export set it with SetBase before they render a page.
package site

import (
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

var (
	mu      sync.RWMutex
	base    string
	baseSet bool
)

// CleanBase normalises a base path as typed ("", "/", "latent-lab",
// "/latent-lab/") to the form Base returns: "" or "/latent-lab". It reports
// false for a base that is not a plain path (a scheme, a query, "..").
func CleanBase(b string) (string, bool) {
	b = strings.Trim(strings.TrimSpace(b), "/")
	if b == "" {
		return "", true
	}
	for _, seg := range strings.Split(b, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
		for _, r := range seg {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~", r)
			if !ok {
				return "", false
			}
		}
	}
	return "/" + b, true
}

// SetBase sets the base path (see CleanBase; an invalid base is refused with
// false and leaves the base as it was). A process serves one base.
func SetBase(b string) bool {
	c, ok := CleanBase(b)
	if !ok {
		return false
	}
	mu.Lock()
	base, baseSet = c, true
	mu.Unlock()
	return true
}

// Base returns the base path: "" at a domain root, else "/name" (no
// trailing slash).
func Base() string {
	mu.RLock()
	b, set := base, baseSet
	mu.RUnlock()
	if set || !app.IsClient {
		return b
	}
	c := ""
	// Pages served by Latent Lab define goappGetenv (app.js); other hosts of
	// the UI code (a test page of the engine client) are at the root.
	if app.Window().Get("goappGetenv").Truthy() {
		c, _ = CleanBase(app.Getenv("GOAPP_ROOT_PREFIX"))
	}
	mu.Lock()
	base, baseSet = c, true
	mu.Unlock()
	return c
}

// Path returns the address of a site-absolute path p ("/about",
// "/web/models/x.llm") under the base. Other addresses (relative, a
// fragment, another host) are returned as they are.
func Path(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return p
	}
	b := Base()
	if b == "" {
		return p
	}
	if p == "/" {
		return b + "/"
	}
	return b + p
}

// Route returns the route of an address path: the path without the base
// ("/latent-lab/lessons/vae" → "/lessons/vae"); a path outside the base is
// returned as it is.
func Route(p string) string {
	b := Base()
	if b == "" {
		return p
	}
	if p == b {
		return "/"
	}
	if strings.HasPrefix(p, b+"/") {
		return p[len(b):]
	}
	return p
}
