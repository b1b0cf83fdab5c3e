package urlstate

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"latentlab/web/params"
)

// Lock-related page-wide keys: lock=beta,lr disables just those settings;
// actions=off also disables the widgets' actions (Train, Step, Reset,
// Resample, Estimate…), which controls=locked leaves usable.
const (
	KeyLock    = "lock"
	KeyActions = "actions"
	ActionsOff = "off"
)

// lockName is a parameter name, optionally prefixed by a widget id
// ("beta", "trainer.beta").
var lockName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}(\.[A-Za-z0-9_]{1,40})?$`)

// MaxLocks is the most names lock= may list.
const MaxLocks = 64

// decodeLocks reads lock=: comma-separated parameter names, each plain
// (every widget's parameter of that name; on a single-widget embed, that
// widget's) or {widgetID}.{param}. A name that is not a plain name is left
// out with a Note that does not repeat it.
func decodeLocks(raw string) ([]string, []params.Note) {
	var out []string
	var notes []params.Note
	seen := map[string]bool{}
	bad := 0
	for _, n := range strings.Split(raw, ",") {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
		case !lockName.MatchString(n) || len(out) >= MaxLocks:
			bad++
		case !seen[n]:
			seen[n] = true
			out = append(out, n)
		}
	}
	if bad > 0 {
		notes = append(notes, params.Note{Param: KeyLock, Message: "lock: some names are not parameter names like beta or trainer.beta and were left out"})
	}
	sort.Strings(out)
	return out, notes
}

// LocksParam reports whether the options lock parameter param of widget
// widgetID: every setting under controls=locked, else those lock= names
// (plain or as {widgetID}.{param}).
func (o Options) LocksParam(widgetID, param string) bool {
	if o.Locked {
		return true
	}
	for _, n := range o.Lock {
		if n == param || n == widgetID+"."+param {
			return true
		}
	}
	return false
}

// LockedParams lists the parameters of table that the options lock for
// widget widgetID, in table order.
func (o Options) LockedParams(widgetID string, table params.Table) []string {
	var out []string
	for _, p := range table {
		if o.LocksParam(widgetID, p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// EmbedLocks maps lock= names of a lesson page to those of the single-widget
// embed of widgetID: {widgetID}.{param} becomes {param}, other widgets'
// names are dropped, plain names stay.
func EmbedLocks(names []string, widgetID string) []string {
	if widgetID == "" {
		return names
	}
	var out []string
	for _, n := range names {
		id, p, dotted := strings.Cut(n, ".")
		switch {
		case !dotted:
			out = append(out, n)
		case id == widgetID:
			out = append(out, p)
		}
	}
	return out
}

// lockQuery adds lock= and actions= to q.
func (o Options) lockQuery(q url.Values) {
	if len(o.Lock) > 0 && !o.Locked && !o.Hidden {
		q.Set(KeyLock, strings.Join(o.Lock, ","))
	}
	if o.ActionsOff {
		q.Set(KeyActions, ActionsOff)
	}
}
