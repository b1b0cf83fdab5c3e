package server

import (
	"net/http"
	"strings"
)

// ContentSecurityPolicy returns the policy sent with every response.
// WebAssembly may be compiled ('wasm-unsafe-eval') but no inline or injected
// script runs; KaTeX's output uses style attributes, hence 'unsafe-inline'
// for styles only. frameAncestors is a CSP source list ("" means "*").
func ContentSecurityPolicy(frameAncestors string) string {
	fa := strings.TrimSpace(frameAncestors)
	if fa == "" {
		fa = "*"
	}
	// Keep the policy a single header line whatever the flag holds.
	fa = strings.Map(func(r rune) rune {
		if r == ';' || r == ',' || r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, fa)
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"worker-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		// Quiz results go to the learning record store an xAPI launch names
		// (web/xapi): any https origin, or one on this machine for a local LRS.
		"connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors " + fa,
	}, "; ")
}

func setSecurityHeaders(h http.Header, csp string) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}
