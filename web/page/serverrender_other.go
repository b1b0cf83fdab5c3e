//go:build !(js && wasm)

package page

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// captureServerRender has nothing to capture outside the browser.
func captureServerRender() {}

// nearestBlock has no viewport outside the browser.
func nearestBlock(app.Value) string { return "" }

// adoptServerNodes has no server-rendered nodes outside the browser.
func adoptServerNodes(app.Value, int) bool { return false }
