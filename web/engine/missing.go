package engine

import (
	"errors"
	"regexp"

	"latentlab/wasm/protocol"
)

// fetchFailed matches the worker's error for a file it could not download
// (wasm/engine's fetch: "fetch URL: why").
var fetchFailed = regexp.MustCompile(`fetch \S*/web/(models|data)/\S*:`)

// Missing says what file the engine could not download when err is such a
// failure: "the pretrained model" or "the training data" ("" for any other
// error). A widget says so in a student's words and offers to try again,
// rather than showing the engine's error.
func Missing(err error) string {
	var re *protocol.RemoteError
	if !errors.As(err, &re) {
		return ""
	}
	switch m := fetchFailed.FindStringSubmatch(re.Msg); {
	case m == nil:
		return ""
	case m[1] == "models":
		return "the pretrained model"
	default:
		return "the training data"
	}
}
