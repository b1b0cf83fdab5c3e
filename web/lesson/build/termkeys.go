package build

import (
	"html"
	"regexp"
	"slices"
	"strings"
)

// Linked terms for the keyboard and screen readers. KaTeX hides its HTML
// rendering from assistive technology (screen readers read its MathML), so
// the terms a lesson links with \llterm{name}{…} can be hovered but not
// reached from the keyboard. After a display formula with linked terms
// the compiler writes a row of small buttons, one per term name in order
// ("Show in the figure: −ELBO · reconstruction term · KL term"): each
// carries data-ll-term="name", so focusing or hovering it highlights the
// same widget parts as the term itself (web/page/termlinks.go).

// TermKeysClass is the class of the row of term buttons; TermKeyClass that
// of one button.
const (
	TermKeysClass = "ll-terms"
	TermKeyClass  = "ll-term-key"
)

// termLabels are the buttons' words for the term names the lessons and the
// widgets use (lessons/README.md, "Linked formulas"); another name is
// shown as itself, hyphens as spaces.
var termLabels = map[string]string{
	"elbo":      "−ELBO",
	"recon":     "reconstruction term",
	"kl":        "KL term",
	"x":         "input x",
	"xhat":      "reconstruction x̂",
	"hidden":    "hidden layer",
	"posterior": "posterior q(z|x)",
	"mu":        "mean μ",
	"sigma":     "spread σ",
	"eps":       "noise ε",
	"z":         "code z",
	"code":      "code h",
	"grads":     "gradients",
	"update":    "update",
	"jacobian":  "Jacobian",
	"penalty":   "Jacobian penalty",
	"loss":      "loss",
}

// termLabel is the button text of term name.
func termLabel(name string) string {
	if l, ok := termLabels[name]; ok {
		return l
	}
	return strings.ReplaceAll(name, "-", " ")
}

// linkedTerm finds the term names in KaTeX's output (the names are checked
// when the formula is typeset: lower-case letters, digits and hyphens).
var linkedTerm = regexp.MustCompile(`data-ll-term="([a-z][a-z0-9-]*)"`)

// termKeys returns the row of term buttons that follows a display formula
// whose typeset HTML is typeset ("" when it links no term).
func termKeys(typeset string) string {
	var names []string
	for _, m := range linkedTerm.FindAllStringSubmatch(typeset, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	if len(names) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<span class="` + TermKeysClass + `" role="group" aria-label="Terms of the formula above, shown in the figure">`)
	b.WriteString(`<span class="ll-terms-lead" aria-hidden="true">Show in the figure:</span>`)
	for _, n := range names {
		b.WriteString(` <button type="button" class="` + TermKeyClass + `" data-ll-term="` + n + `">` + html.EscapeString(termLabel(n)) + `</button>`)
	}
	b.WriteString(`</span>`)
	return b.String()
}
