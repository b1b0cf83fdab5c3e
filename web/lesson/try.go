package lesson

import (
	"net/url"
	"sort"
	"strings"
)

// A "Try this" button puts a widget of the lesson into the setup a lesson
// item describes. The lesson compiler writes it into the prose HTML, where
// the item stands, as a link:
//
//	<p class="try"><a class="try-button" href="?lab.lambda=3#widget-lab"
//	   data-try="lab" data-try-set="lambda=3">Try: λ = 3</a></p>
//
// Without the app (before it attaches, or with JavaScript off) the link loads
// the page with the setup in its address, which the widget reads when it
// starts; once the app runs, a click applies the setup in place (see
// web/page) without reloading the other widgets.
const (
	TryClass   = "try-button" // class of the link
	TryWidget  = "try"        // data-try: the widget block's id
	TrySetAttr = "try-set"    // data-try-set: the parameters, as a query string with plain names
)

// TrySetup is one "Try this" button: the widget block it sets up and the
// parameter values (the widget's own names, as text) on top of the lesson's.
type TrySetup struct {
	Widget string            // id of the widget block
	Set    map[string]string // parameter → value
	Label  string            // the button's text after "Try: "
}

// Query returns the setup's values as a query string with plain names,
// sorted by name: "beta=8&latent=8".
func (t TrySetup) Query() string { return encodeSorted(t.Set, "") }

// Href returns the link's address on a lesson page: the values as
// {widget}.{param} keys and the widget's figure as the fragment.
func (t TrySetup) Href() string {
	return "?" + encodeSorted(t.Set, t.Widget+".") + "#widget-" + url.PathEscape(t.Widget)
}

func encodeSorted(m map[string]string, prefix string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = url.QueryEscape(prefix+k) + "=" + url.QueryEscape(m[k])
	}
	return strings.Join(parts, "&")
}

// ParseTrySet reads a data-try-set value back.
func ParseTrySet(s string) (map[string]string, error) {
	q, err := url.ParseQuery(s)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(q))
	for k, v := range q {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out, nil
}
