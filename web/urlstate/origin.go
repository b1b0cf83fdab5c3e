package urlstate

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"latentlab/web/params"
)

// KeyOrigin is the page-wide query key naming the origin of the course page
// that embeds Latent Lab (e.g. origin=https://course.example.edu). Quiz
// results are posted to that origin only.
const KeyOrigin = "origin"

// ParseOrigin reads a bare web origin, scheme://host[:port] with scheme
// http or https and nothing after it but an optional "/", and returns it in
// the form browsers compare (lower case, default port dropped).
func ParseOrigin(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || !Safe(s) {
		return "", errors.New("not a plain value")
	}
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil {
		return "", errors.New("not an address")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", errors.New("scheme must be http or https")
	}
	if u.Opaque != "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "?#") {
		return "", errors.New("an origin has no user, path, query or fragment")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-:") != "" {
		return "", errors.New("bad host")
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	out := scheme + "://" + host
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return "", errors.New("bad port")
		}
		if !(scheme == "https" && n == 443 || scheme == "http" && n == 80) {
			out += ":" + strconv.Itoa(n)
		}
	}
	return out, nil
}

// TargetOrigin decides where an embedded page may post quiz results: the
// origin= query value when present (a refused value gives a Note and ""),
// else the origin of the document's referrer (the framing page) when it is
// an http(s) address, else "" — post nothing. Resize messages carry no
// student data and do not use it.
func TargetOrigin(query url.Values, referrer string) (string, *params.Note) {
	if raw, ok := lookup(query, KeyOrigin); ok {
		o, err := ParseOrigin(raw)
		if err != nil {
			return "", &params.Note{Param: KeyOrigin, Message: "origin: the embed's origin= is not an origin like https://course.example.edu, so quiz results are not sent to the course page (answers are still saved in this browser)"}
		}
		return o, nil
	}
	u, err := url.Parse(referrer)
	if referrer == "" || err != nil || u.Host == "" {
		return "", nil
	}
	o, err := ParseOrigin(u.Scheme + "://" + u.Host)
	if err != nil {
		return "", nil
	}
	return o, nil
}
