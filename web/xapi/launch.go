// Package xapi sends quiz results to a learning record store (LRS) the way
// e-learning tools do (xAPI 1.0.3): a course launches Latent Lab with the
// conventional launch parameters (endpoint, auth, actor, registration,
// activity_id), every answered/completed statement is queued in the
// browser's storage and POSTed to {endpoint}statements with the
// X-Experience-API-Version header, and the queue is retried while the LRS
// cannot be reached. Nothing waits for the LRS: the quiz answers at once.
//
// The package is pure Go (tested natively) but for the browser's fetch,
// which has a js/wasm implementation (Fetch).
package xapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// Version is the xAPI version sent in X-Experience-API-Version.
const Version = "1.0.3"

// Launch parameters, as LMS launch links write them.
const (
	KeyEndpoint     = "endpoint"
	KeyAuth         = "auth"
	KeyActor        = "actor"
	KeyRegistration = "registration"
	KeyActivityID   = "activity_id"
)

// Launch is a validated xAPI launch: where statements go and who they are
// about.
type Launch struct {
	Endpoint     string // absolute http(s) URL ending in "/"
	Auth         string // the Authorization header value ("Basic …"), may be ""
	Actor        *Agent
	Registration string // a UUID, may be ""
	ActivityID   string // the lesson's activity IRI chosen by the course, may be ""
}

// Agent is an xAPI agent with one inverse functional identifier.
type Agent struct {
	ObjectType string   `json:"objectType,omitempty"`
	Name       string   `json:"name,omitempty"`
	Mbox       string   `json:"mbox,omitempty"`
	MboxSHA1   string   `json:"mbox_sha1sum,omitempty"`
	OpenID     string   `json:"openid,omitempty"`
	Account    *Account `json:"account,omitempty"`
}

// Account identifies an agent by an account on a system.
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$`)

// MaxLaunchValue is the longest launch value accepted.
const MaxLaunchValue = 2000

// ParseLaunch reads the launch parameters of a page address. It returns nil
// and no error when there is no endpoint (no LRS: nothing is sent), and an
// error that names the parameter, never repeating its text, when a value
// is unusable (then nothing is sent either).
func ParseLaunch(q url.Values) (*Launch, error) {
	ep := strings.TrimSpace(q.Get(KeyEndpoint))
	if ep == "" {
		return nil, nil
	}
	for _, k := range []string{KeyEndpoint, KeyAuth, KeyActor, KeyRegistration, KeyActivityID} {
		if v := q.Get(k); len(v) > MaxLaunchValue || strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return nil, fmt.Errorf("%s: not a plain value", k)
		}
	}
	u, err := url.Parse(ep)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" || u.RawQuery != "" {
		return nil, errors.New("endpoint: not an http(s) address of a learning record store")
	}
	l := &Launch{Endpoint: strings.TrimSuffix(u.String(), "/") + "/"}
	if a := strings.TrimSpace(q.Get(KeyAuth)); a != "" {
		if !strings.HasPrefix(a, "Basic ") && !strings.HasPrefix(a, "Bearer ") {
			a = "Basic " + a
		}
		l.Auth = a
	}
	raw := q.Get(KeyActor)
	if raw == "" {
		return nil, errors.New("actor: missing (the learner the results are about)")
	}
	var ag Agent
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ag); err != nil {
		return nil, errors.New("actor: not an xAPI agent in JSON")
	}
	if err := ag.check(); err != nil {
		return nil, fmt.Errorf("actor: %w", err)
	}
	ag.ObjectType = "Agent"
	l.Actor = &ag
	if r := strings.TrimSpace(q.Get(KeyRegistration)); r != "" {
		if !uuidRE.MatchString(r) {
			return nil, errors.New("registration: not a UUID")
		}
		l.Registration = strings.ToLower(r)
	}
	if a := strings.TrimSpace(q.Get(KeyActivityID)); a != "" {
		if u, err := url.Parse(a); err != nil || u.Scheme == "" || strings.ContainsAny(a, " <>\"") {
			return nil, errors.New("activity_id: not an IRI")
		}
		l.ActivityID = a
	}
	return l, nil
}

// check requires exactly one inverse functional identifier, well formed.
func (a Agent) check() error {
	if a.ObjectType != "" && a.ObjectType != "Agent" {
		return errors.New("only an Agent can be the actor")
	}
	n := 0
	if a.Mbox != "" {
		n++
		if !strings.HasPrefix(a.Mbox, "mailto:") || !strings.Contains(a.Mbox, "@") {
			return errors.New("mbox must be a mailto: address")
		}
	}
	if a.MboxSHA1 != "" {
		n++
		if !regexp.MustCompile(`^[0-9a-fA-F]{40}$`).MatchString(a.MboxSHA1) {
			return errors.New("mbox_sha1sum must be 40 hex digits")
		}
	}
	if a.OpenID != "" {
		n++
		if u, err := url.Parse(a.OpenID); err != nil || u.Scheme == "" {
			return errors.New("openid must be a URI")
		}
	}
	if a.Account != nil {
		n++
		if u, err := url.Parse(a.Account.HomePage); err != nil || u.Scheme == "" || a.Account.Name == "" {
			return errors.New("account needs a homePage URL and a name")
		}
	}
	if n != 1 {
		return errors.New("needs exactly one of mbox, mbox_sha1sum, openid, account")
	}
	return nil
}
