//go:build !(js && wasm)

package page

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// captureServerRender has nothing to capture outside the browser.
func captureServerRender() {}

// adoptServerNodes has no server-rendered nodes outside the browser.
func adoptServerNodes(app.Value, int) bool { return false }
