// Package urlstate keeps widget settings in the page address so that a link
// reproduces what the student sees, and builds the embed URLs and iframe
// snippets instructors copy.
//
// Query keys: on lesson pages (/lessons/{slug}) and whole-lesson embeds
// (/embed/{slug}) each widget's parameters are written `{widgetID}.{param}`
// (e.g. `explorer.beta=2`); on a single-widget embed (/embed/{slug}/{widgetID})
// they are plain `{param}`. Two page-wide keys apply everywhere:
// `controls=locked|hidden` and `theme=light|dark`.
//
// Values are parsed by the widget's params.Table (the one declarative table
// that also validates lesson files). A value that cannot be read, that is too
// long, or that contains markup characters is refused: the default is used
// and a Note says so. Notes never repeat the refused text, so hostile input
// cannot reach the page even as text.
//
// The package is pure Go and tested natively; Replace, which rewrites the
// address bar with history.replaceState, has a js/wasm implementation and a
// no-op elsewhere.
package urlstate

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"latentlab/web/params"
	"latentlab/web/site"
)

// Page-wide query keys and their values.
const (
	KeyControls    = "controls"
	KeyTheme       = "theme"
	ControlsLocked = "locked"
	ControlsHidden = "hidden"
	ThemeLight     = "light"
	ThemeDark      = "dark"
)

// MaxValueLen is the longest query value accepted for any parameter.
const MaxValueLen = 200

// Options are the page-wide settings read from the query.
type Options struct {
	Locked     bool     // controls=locked: settings shown but disabled (actions still work)
	Hidden     bool     // controls=hidden: controls not shown
	Lock       []string // lock=beta,trainer.lr: just these settings disabled (sorted)
	ActionsOff bool     // actions=off: Train, Step, Reset, Resample… disabled too
	Theme      string   // "light", "dark", or "" (follow the reader's preference)
}

// Query returns the options as query values (only those set).
func (o Options) Query() url.Values {
	q := url.Values{}
	switch {
	case o.Hidden:
		q.Set(KeyControls, ControlsHidden)
	case o.Locked:
		q.Set(KeyControls, ControlsLocked)
	}
	o.lockQuery(q)
	if o.Theme == ThemeLight || o.Theme == ThemeDark {
		q.Set(KeyTheme, o.Theme)
	}
	return q
}

// Route describes what kind of page a path is.
type Route struct {
	Embed  bool   // under /embed/
	Slug   string // lesson slug, if any
	Widget string // widget (or quiz) id of a single-widget embed
}

// ParseRoute reads /lessons/{slug}, /embed/{slug} and /embed/{slug}/{id},
// under the site's base path and in the forms a static host serves them
// (name.html, name/index.html).
func ParseRoute(path string) Route {
	path = strings.TrimSuffix(strings.TrimSuffix(site.Route(path), "/index.html"), ".html")
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var r Route
	switch {
	case len(parts) >= 2 && parts[0] == "embed":
		r.Embed, r.Slug = true, parts[1]
		if len(parts) >= 3 {
			r.Widget = parts[2]
		}
	case len(parts) >= 2 && parts[0] == "lessons":
		r.Slug = parts[1]
	}
	return r
}

// Key returns the query key of param for widgetID on a page at path.
func Key(path, widgetID, param string) string {
	if r := ParseRoute(path); r.Widget != "" && r.Widget == widgetID {
		return param
	}
	return widgetID + "." + param
}

// Safe reports whether s may be used as a parameter value: short, valid
// UTF-8, no control characters and none of < > " ' ` that could start markup
// or break out of an attribute.
func Safe(s string) bool {
	if len(s) > MaxValueLen || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || strings.ContainsRune("<>\"'`\\", r) {
			return false
		}
	}
	return !strings.Contains(strings.ToLower(s), "javascript:")
}

// Decode reads the parameters of widget widgetID (described by table) from
// the query of a page at path, over the table's defaults, and the page-wide
// options. Unreadable or unsafe values fall back to the default with a Note;
// numbers outside their range are clamped with a Note. A refused page-wide
// option is not noted here, once per widget, but by DecodeOptions, once per
// page.
func Decode(path string, query url.Values, widgetID string, table params.Table) (params.Values, []params.Note, Options) {
	return Apply(path, query, widgetID, table, nil)
}

// Apply is Decode over base values (e.g. those of the lesson file) instead
// of the defaults: keys absent from the query keep their base value, and a
// refused value falls back to the base value.
func Apply(path string, query url.Values, widgetID string, table params.Table, base params.Values) (params.Values, []params.Note, Options) {
	vals := table.Defaults()
	for k, v := range base {
		if _, ok := table.Lookup(k); ok {
			vals[k] = v
		}
	}
	var notes []params.Note
	r := ParseRoute(path)
	plain := r.Widget != "" && r.Widget == widgetID
	for _, p := range table {
		raw, ok := lookup(query, widgetID+"."+p.Name)
		if plain {
			if v, ok2 := lookup(query, p.Name); ok2 {
				raw, ok = v, true
			}
		}
		if !ok {
			continue
		}
		def := p.Format(vals[p.Name])
		if !Safe(raw) {
			notes = append(notes, params.Note{Param: p.Name, Message: fmt.Sprintf("%s: the value in the address was refused (not a plain value); using %s", p.Name, def)})
			continue
		}
		v, note, err := p.Parse(raw)
		if err != nil {
			notes = append(notes, params.Note{Param: p.Name, Message: fmt.Sprintf("%s: %s; using %s", p.Name, reason(p), def)})
			continue
		}
		if note != nil {
			notes = append(notes, *note)
		}
		vals[p.Name] = v
	}
	opts, _ := DecodeOptions(query) // their notes are the page's, not each widget's
	return vals, notes, opts
}

// reason says what a parameter expects, without echoing the input.
func reason(p params.Param) string {
	switch p.Kind {
	case params.Int:
		return fmt.Sprintf("expected a whole number from %g to %g", p.Min, p.Max)
	case params.Float:
		return fmt.Sprintf("expected a number from %g to %g", p.Min, p.Max)
	case params.Bool:
		return "expected 1 or 0"
	case params.Choice:
		return "expected one of " + strings.Join(p.Choices, ", ")
	}
	return "the value could not be read"
}

func lookup(q url.Values, key string) (string, bool) {
	v, ok := q[key]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// DecodeOptions reads controls=, lock=, actions= and theme=; other values
// give a Note.
func DecodeOptions(query url.Values) (Options, []params.Note) {
	var o Options
	var notes []params.Note
	if c, ok := lookup(query, KeyControls); ok {
		switch strings.ToLower(strings.TrimSpace(c)) {
		case ControlsLocked:
			o.Locked = true
		case ControlsHidden:
			o.Hidden = true
		case "", "shown", "normal":
		default:
			notes = append(notes, params.Note{Param: KeyControls, Message: "controls: expected locked or hidden; showing the controls"})
		}
	}
	if l, ok := lookup(query, KeyLock); ok {
		var ln []params.Note
		o.Lock, ln = decodeLocks(l)
		notes = append(notes, ln...)
	}
	if a, ok := lookup(query, KeyActions); ok {
		switch strings.ToLower(strings.TrimSpace(a)) {
		case ActionsOff:
			o.ActionsOff = true
		case "", "on":
		default:
			notes = append(notes, params.Note{Param: KeyActions, Message: "actions: expected off or on; the widgets' buttons work"})
		}
	}
	if t, ok := lookup(query, KeyTheme); ok {
		switch strings.ToLower(strings.TrimSpace(t)) {
		case ThemeLight:
			o.Theme = ThemeLight
		case ThemeDark:
			o.Theme = ThemeDark
		case "", "auto":
		default:
			notes = append(notes, params.Note{Param: KeyTheme, Message: "theme: expected light or dark; following the reader's setting"})
		}
	}
	return o, notes
}

// Encode writes the values of widget widgetID that differ from what the
// lesson declares (Declare; the defaults for a widget never declared) as
// query keys for a page at path, plus the options.
func Encode(path, widgetID string, table params.Table, v params.Values, o Options) url.Values {
	q := o.Query()
	for k, vals := range table.Diff(Declared(widgetID), v) {
		q[Key(path, widgetID, k)] = vals
	}
	return q
}

// Merge returns the query cur with widget widgetID's keys replaced by those
// of v that differ from what the lesson declares (see Encode); other
// widgets' keys and options are kept.
func Merge(path string, cur url.Values, widgetID string, table params.Table, v params.Values) url.Values {
	return MergeOver(path, cur, widgetID, table, Declared(widgetID), v)
}

// MergeOver is Merge against an explicit baseline base (nil: the defaults).
func MergeOver(path string, cur url.Values, widgetID string, table params.Table, base, v params.Values) url.Values {
	out := url.Values{}
	for k, vals := range cur {
		out[k] = append([]string(nil), vals...)
	}
	for _, p := range table {
		out.Del(Key(path, widgetID, p.Name))
		out.Del(widgetID + "." + p.Name)
	}
	for k, vals := range table.Diff(base, v) {
		out[Key(path, widgetID, k)] = vals
	}
	return out
}

// EmbedQuery maps a lesson page's query to the query of the single-widget
// embed of widgetID: `{widgetID}.{param}` keys become plain `{param}`, other
// widgets' keys are dropped, controls= and theme= are kept. With widgetID ""
// (a whole-lesson embed) the keys stay as they are.
func EmbedQuery(lessonQuery url.Values, widgetID string) url.Values {
	out := url.Values{}
	prefix := widgetID + "."
	for k, vals := range lessonQuery {
		if len(vals) == 0 {
			continue
		}
		v := vals[0]
		switch {
		case k == KeyControls || k == KeyTheme || k == KeyActions:
			out.Set(k, v)
		case k == KeyLock:
			if names, _ := decodeLocks(v); len(EmbedLocks(names, widgetID)) > 0 {
				out.Set(k, strings.Join(EmbedLocks(names, widgetID), ","))
			}
		case widgetID == "":
			if strings.Contains(k, ".") {
				out.Set(k, v)
			}
		case strings.HasPrefix(k, prefix) && len(k) > len(prefix) && !strings.Contains(k[len(prefix):], "."):
			out.Set(k[len(prefix):], v)
		}
	}
	return out
}

// EmbedPath is /embed/{slug} or /embed/{slug}/{widgetID}.
func EmbedPath(slug, widgetID string) string {
	p := "/embed/" + url.PathEscape(slug)
	if widgetID != "" {
		p += "/" + url.PathEscape(widgetID)
	}
	return p
}

// EmbedURL is origin + EmbedPath + the query (sorted keys).
func EmbedURL(origin, slug, widgetID string, q url.Values) string {
	u := strings.TrimRight(origin, "/") + EmbedPath(slug, widgetID)
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// Snippet is the HTML an instructor pastes into a course page: an iframe of
// src with an accessible title, plus (optional) the host script that makes
// the iframe fit its content. Every attribute is escaped.
func Snippet(src, title string, height int, hostScript string) string {
	if height <= 0 {
		height = 480
	}
	s := fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="%d" style="border:0;max-width:100%%" loading="lazy" allow="clipboard-write"></iframe>`,
		html.EscapeString(src), html.EscapeString(title), height)
	if hostScript != "" {
		s += "\n" + fmt.Sprintf(`<script src="%s" defer></script>`, html.EscapeString(hostScript))
	}
	return s
}

// LessonQuery maps the query of an embed back to that of the lesson page it
// comes from ("Open in Latent Lab"): on a single-widget embed of widgetID
// plain `{param}` keys become `{widgetID}.{param}`; the embedder's
// page-wide options (controls=, lock=, actions=, origin=) are dropped, the
// theme is kept.
func LessonQuery(embedQuery url.Values, widgetID string) url.Values {
	out := url.Values{}
	for k, vals := range embedQuery {
		if len(vals) == 0 {
			continue
		}
		switch {
		case k == KeyControls || k == KeyLock || k == KeyActions || k == KeyOrigin:
		case k == KeyTheme:
			out.Set(k, vals[0])
		case widgetID == "" || strings.Contains(k, "."):
			out.Set(k, vals[0])
		default:
			out.Set(widgetID+"."+k, vals[0])
		}
	}
	return out
}
