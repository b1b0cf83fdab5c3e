package xapi

import "errors"

// errFetch: the learning record store could not be reached.
var errFetch = errors.New("xapi: the learning record store could not be reached")
