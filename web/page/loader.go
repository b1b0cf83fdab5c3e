//go:build !wasm

package page

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"text/template"

	"latentlab/web/server"
)

// goappLoader matches the loader go-app v9.8.0 puts in every page (a spinning
// icon without alt text and a label, in a full-screen overlay). go-app
// writes attributes in map order, so the patterns take any order.
var goappLoader = regexp.MustCompile(`(?s)<aside[^>]*\bid="app-wasm-loader"[^>]*>.*?</aside>`)

// bareARIA matches an aria-* attribute written without a value: go-app
// writes a "true" value as a bare attribute, which HTML reads as "" (so
// aria-hidden would not hide).
var bareARIA = regexp.MustCompile(`\s(aria-[a-z]+)([\s>/])`)

// ogURL matches go-app's og:url tag (the address a page was rendered at).
var ogURL = regexp.MustCompile(`<meta[^>]*\bproperty="og:url"[^>]*>\n?`)

// loaderMarkup replaces it: a small panel at the foot of the window that
// leaves the page readable, names the page it loads, shows progress, and
// says in words (with a Retry button) when the interactive parts cannot
// start. The loader script (loaderJS) drives it; without JavaScript it is
// hidden (see the noscript style in the page's head).
const loaderMarkup = `<aside id="app-wasm-loader" class="ll-loader" aria-label="Loading status">` +
	`<div class="ll-loader-progress" role="status">` +
	`<span class="ll-loader-label">Loading the interactive parts of “%s”…</span> ` +
	`<progress class="ll-loader-bar" max="100" value="0" aria-label="Loading progress">0%%</progress>` +
	`</div>` +
	`<div class="ll-loader-failure" role="alert" hidden>` +
	`<p class="ll-loader-message"></p>` +
	`<button type="button" class="btn ll-loader-retry">Retry</button>` +
	`</div>` +
	`</aside>`

// finishPage turns go-app's rendering of a page into the page served: the
// accessible loader in place of go-app's, and an embed's forced theme on
// <html> so that its first paint has the right colours. A page of the
// static export says so first thing in its head (static/boot.js reads it)
// noZoomViewport is go-app's own viewport tag, which forbids zooming
// (maximum-scale=1, user-scalable=0): readers must be able to zoom (WCAG
// 1.4.4), so it goes and the site's own tag (newGoApp's RawHeaders) stays.
var noZoomViewport = regexp.MustCompile(`<meta name="viewport" content="[^"]*user-scalable=(?:0|no)[^"]*">\n?`)

// and names no address (it does not know its host).
func finishPage(page []byte, u *url.URL, static bool) []byte {
	if static {
		page = ogURL.ReplaceAllLiteral(page, nil)
		page = bytes.Replace(page, []byte(`<meta charset="UTF-8">`), []byte(`<meta charset="UTF-8">`+"\n"+`<meta name="latentlab-export" content="static">`), 1)
	}
	title := pageTitle(page) // already escaped
	if title == "" {
		title = "Latent Lab"
	}
	page = goappLoader.ReplaceAllLiteral(page, []byte(fmt.Sprintf(loaderMarkup, title)))
	page = bareARIA.ReplaceAll(page, []byte(` $1="true"$2`))
	page = noZoomViewport.ReplaceAllLiteral(page, nil)
	if embedRoute.MatchString(u.Path) {
		if t := validTheme(u.Query().Get("theme")); t != "" {
			page = bytes.Replace(page, []byte("<html "), []byte(`<html data-theme="`+html.EscapeString(t)+`" `), 1)
		}
	}
	return page
}

// loaderScript is app.js: go-app's environment for app.wasm plus Latent
// Lab's loader (loaderJS).
func loaderScript(s *Site) []byte {
	env := map[string]string{
		"GOAPP_VERSION":              s.files.version,
		"GOAPP_STATIC_RESOURCES_URL": s.base,
		"GOAPP_ROOT_PREFIX":          s.base,
		"GOAPP_INTERNAL_URLS":        "[]",
		"LATENTLAB_OFFLINE_DOWNLOAD": fmt.Sprint(s.files.offlineTransfer),
		"LATENTLAB_OFFLINE_STORAGE":  fmt.Sprint(s.files.offlineRaw),
	}
	data := map[string]any{
		"Env":          env,
		"Base":         s.base,
		"Wasm":         s.base + "/web/app.wasm",
		"Worker":       s.base + "/app-worker.js",
		"LengthHeader": server.UncompressedLengthHeader,
	}
	var b bytes.Buffer
	if err := loaderTemplate.Execute(&b, jsValues(data)); err != nil {
		panic(fmt.Sprintf("loader script: %v", err))
	}
	return b.Bytes()
}

// jsValues encodes each value as a JavaScript literal (JSON).
func jsValues(m map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		b, _ := json.Marshal(v)
		out[k] = string(b)
	}
	return out
}

var loaderTemplate = template.Must(template.New("app.js").Parse(loaderJS))
