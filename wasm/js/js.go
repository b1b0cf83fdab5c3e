// Package js embeds the engine worker's JavaScript shim (engine-worker.js)
// so that Go tools (the browser benchmark, tests) can serve it. The build
// copies the same file to dist/web/engine-worker.js.
package js

import _ "embed"

// WorkerJS is the content of engine-worker.js.
//
//go:embed engine-worker.js
var WorkerJS []byte
