package server

import "strings"

// MaxRanges is the most parts a Range request may ask for. More is refused
// (416): browsers and media players ask for one, download managers for a few,
// and thousands of small ranges only amplify a request into a response many
// times its size (RFC 9110 §14.2 lets a server refuse them).
const MaxRanges = 16

// tooManyRanges reports whether a Range header asks for more than MaxRanges parts.
func tooManyRanges(header string) bool {
	return strings.Count(header, ",")+1 > MaxRanges
}
