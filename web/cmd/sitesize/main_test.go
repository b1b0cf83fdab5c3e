//go:build !js

package main

import (
	"slices"
	"testing"
)

// TestStartFiles: the first visit counts the files a page loads to start,
// not the lessons the worker keeps later nor the installed app's icons.
func TestStartFiles(t *testing.T) {
	shell := []string{"/", "/lessons/vae", "/web/lessons/vae.json", "/web/app.wasm", "/app.js", "/web/icon.svg",
		"/web/icon-192.png", "/web/icon-512.png", "/web/style.css"}
	got := startFiles(shell)
	want := []string{"/web/app.wasm", "/app.js", "/web/icon.svg", "/web/style.css"}
	if !slices.Equal(got, want) {
		t.Errorf("startFiles = %v, want %v", got, want)
	}
}
