package server

import (
	"math"
	"strconv"
	"strings"
)

// preferredEncoding picks the content coding for a response from an
// Accept-Encoding header (RFC 9110 §12.5.3): among offered (in the server's
// order of preference) the one with the highest weight; a weight of 0 —
// however it is written: q=0, Q=0.000 — refuses a coding, "*" stands for
// every coding not named, and a weight that does not parse refuses too. ""
// means identity (no header, or nothing offered is acceptable: identity is
// then sent all the same, which RFC 9110 allows instead of a 406).
func preferredEncoding(header string, offered []string) string {
	weights := map[string]float64{}
	star := -1.0 // "*" absent
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		w := weight(params)
		if name == "*" {
			star = w
			continue
		}
		if old, seen := weights[name]; !seen || w < old { // a repeated coding: the stricter weight
			weights[name] = w
		}
	}
	best, bestW := "", 0.0
	for _, enc := range offered {
		w, named := weights[enc]
		if !named {
			w = max(star, 0)
		}
		if w > bestW {
			best, bestW = enc, w
		}
	}
	return best
}

// weight reads the q parameter of one Accept-Encoding element (1 when absent).
func weight(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(q) || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}
