//go:build !(js && wasm)

package urlstate

import "latentlab/web/params"

// Replace rewrites the address bar so that it carries widget widgetID's
// current settings (history.replaceState; never adds a history entry).
// Outside the browser it does nothing.
func Replace(widgetID string, table params.Table, v params.Values) {}

func exposeCurrent() {}
