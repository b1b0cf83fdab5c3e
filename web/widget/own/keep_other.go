//go:build !(js && wasm)

package own

// Outside the browser (native tests, the server's pre-rendering) the data
// set lives in memory only.

var memory string

func store(v string) { memory = v }

func restore() string { return memory }
