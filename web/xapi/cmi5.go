package xapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// cmi5 launch parameters (the cmi5 specification's launch of an assignable
// unit, AU): endpoint, actor and registration as in an xAPI launch, the
// AU's activityId, and fetch, the one-use address the session's
// authorization token comes from.
const (
	KeyFetch          = "fetch"
	KeyCMI5ActivityID = "activityId"
)

// cmi5 vocabulary: verbs, the context categories of cmi5-defined
// statements, the session id extension and the state document the LMS
// writes before the launch.
const (
	VerbInitialized   = "http://adlnet.gov/expapi/verbs/initialized"
	VerbPassed        = "http://adlnet.gov/expapi/verbs/passed"
	VerbFailed        = "http://adlnet.gov/expapi/verbs/failed"
	VerbTerminated    = "http://adlnet.gov/expapi/verbs/terminated"
	CategoryCMI5      = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
	CategoryMoveOn    = "https://w3id.org/xapi/cmi5/context/categories/moveon"
	ExtSessionID      = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
	LaunchDataStateID = "LMS.LaunchData"
)

// CMI5 is a validated cmi5 launch: Launch (without Auth until the token is
// fetched; ActivityID is the AU's activityId) and the fetch address.
type CMI5 struct {
	Launch
	Fetch string
}

// ParseCMI5 reads cmi5 launch parameters. It returns nil and no error when
// the address has no fetch parameter (not a cmi5 launch), and an error that
// names the parameter when a value is unusable.
func ParseCMI5(q url.Values) (*CMI5, error) {
	f := strings.TrimSpace(q.Get(KeyFetch))
	if f == "" {
		return nil, nil
	}
	if len(f) > MaxLaunchValue || !httpURL(f) {
		return nil, errors.New("fetch: not an http(s) address")
	}
	if q.Get(KeyEndpoint) == "" {
		return nil, errors.New("endpoint: missing (the learning record store)")
	}
	if q.Get(KeyRegistration) == "" {
		return nil, errors.New("registration: missing")
	}
	if q.Get(KeyCMI5ActivityID) == "" {
		return nil, errors.New("activityId: missing (the assignable unit's IRI)")
	}
	x := url.Values{}
	for _, k := range []string{KeyEndpoint, KeyActor, KeyRegistration} {
		x.Set(k, q.Get(k))
	}
	x.Set(KeyActivityID, q.Get(KeyCMI5ActivityID))
	l, err := ParseLaunch(x)
	if err != nil {
		// name the parameter as the cmi5 launch spells it
		return nil, errors.New(strings.Replace(err.Error(), KeyActivityID+":", KeyCMI5ActivityID+":", 1))
	}
	return &CMI5{Launch: *l, Fetch: f}, nil
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil && u.Fragment == ""
}

// ParseToken reads the fetch address's answer to the AU's POST: {"auth-token":
// "…"} gives the Authorization header value for the session; an error
// answer ({"error-code": …}, e.g. a fetch address used twice) an error.
func ParseToken(status int, body []byte) (auth string, err error) {
	var r struct {
		Token     string `json:"auth-token"`
		ErrorCode string `json:"error-code"`
	}
	jerr := json.Unmarshal(body, &r)
	switch {
	case r.ErrorCode != "":
		return "", fmt.Errorf("fetch: the course refused the token (cmi5 error %s; a launch link works once: launch again from the course)", r.ErrorCode)
	case status != 200:
		return "", fmt.Errorf("fetch: the course answered HTTP %d (a launch link works once: launch again from the course)", status)
	case jerr != nil || r.Token == "" || strings.ContainsAny(r.Token, "\r\n"):
		return "", errors.New("fetch: the answer is not a cmi5 token")
	}
	return "Basic " + r.Token, nil
}

// LaunchDataURL is the state document the LMS wrote for this launch
// (LMS.LaunchData), read with GET and the session's token.
func (c *CMI5) LaunchDataURL() string {
	agent, _ := json.Marshal(c.Actor)
	q := url.Values{"stateId": {LaunchDataStateID}, "activityId": {c.ActivityID}, "agent": {string(agent)}, "registration": {c.Registration}}
	return c.Endpoint + "activities/state?" + q.Encode()
}

// LaunchData is what the AU uses of LMS.LaunchData: the context every
// statement starts from (it carries the session id), the launch mode
// (only "Normal" records results), and the mastery score.
type LaunchData struct {
	ContextTemplate *Context `json:"contextTemplate"`
	LaunchMode      string   `json:"launchMode"`
	MasteryScore    *float64 `json:"masteryScore,omitempty"`
	MoveOn          string   `json:"moveOn,omitempty"`
}

// ParseLaunchData reads LMS.LaunchData.
func ParseLaunchData(body []byte) (LaunchData, error) {
	var d LaunchData
	if err := json.Unmarshal(body, &d); err != nil {
		return d, errors.New("the course's launch data is not JSON")
	}
	if d.ContextTemplate == nil || d.ContextTemplate.Extensions[ExtSessionID] == nil {
		return d, errors.New("the course's launch data has no session id")
	}
	if d.MasteryScore != nil && (*d.MasteryScore < 0 || *d.MasteryScore > 1) {
		return d, errors.New("the course's mastery score is not in [0, 1]")
	}
	return d, nil
}

// Session builds the statements of one cmi5 session of the AU: initialized
// first, results (passed or failed, then completed) once, terminated last.
type Session struct {
	c        *CMI5
	data     LaunchData
	start    time.Time
	finished bool
}

// Start begins a session with the launch data; c.Auth must hold the token.
func (c *CMI5) Start(data LaunchData, now time.Time) *Session {
	return &Session{c: c, data: data, start: now}
}

// Launch is where the session's statements go (the token as Auth).
func (s *Session) Launch() *Launch { return &s.c.Launch }

// Normal reports whether the LMS launched the AU to record results.
func (s *Session) Normal() bool { return s.data.LaunchMode == "" || s.data.LaunchMode == "Normal" }

// context is the launch data's template with the registration and, for a
// cmi5-defined statement, the given categories.
func (s *Session) context(categories ...string) *Context {
	c := Context{Registration: s.c.Registration, ContextActivities: map[string][]Ref{}, Extensions: map[string]any{}}
	if t := s.data.ContextTemplate; t != nil {
		for k, v := range t.ContextActivities {
			c.ContextActivities[k] = append([]Ref(nil), v...)
		}
		for k, v := range t.Extensions {
			c.Extensions[k] = v
		}
	}
	for _, id := range categories {
		c.ContextActivities["category"] = append(c.ContextActivities["category"], Ref{ID: id, ObjectType: "Activity"})
	}
	return &c
}

// defined is a cmi5-defined statement about the AU.
func (s *Session) defined(verb, display string, r *Result, now time.Time, categories ...string) Statement {
	c := s.context(categories...)
	if len(c.ContextActivities) == 0 {
		c.ContextActivities = nil
	}
	return Statement{
		ID: NewUUID(), Actor: s.c.Actor,
		Verb:      Verb{ID: verb, Display: map[string]string{"en-US": display}},
		Object:    Object{ID: s.c.ActivityID, ObjectType: "Activity"},
		Result:    r,
		Context:   c,
		Timestamp: now.UTC().Format(time.RFC3339Nano),
	}
}

// Initialized is the session's first statement.
func (s *Session) Initialized(now time.Time) Statement {
	return s.defined(VerbInitialized, "initialized", nil, now, CategoryCMI5)
}

// Finish returns the result statements once: passed (scaled score at least
// the mastery score, else every point) or failed, then completed; none in
// a Browse or Review launch or when already sent.
func (s *Session) Finish(points, total float64, now time.Time) []Statement {
	if s.finished || !s.Normal() || total <= 0 {
		return nil
	}
	s.finished = true
	scaled := points / total
	pass := points >= total
	if s.data.MasteryScore != nil {
		pass = scaled >= *s.data.MasteryScore
	}
	d := Duration(now.Sub(s.start))
	score := &Score{Scaled: scaled, Raw: points, Min: 0, Max: total}
	verb, display := VerbFailed, "failed"
	if pass {
		verb, display = VerbPassed, "passed"
	}
	return []Statement{
		s.defined(verb, display, &Result{Success: Bool(pass), Score: score, Duration: d}, now, CategoryCMI5, CategoryMoveOn),
		s.defined(VerbCompleted, "completed", &Result{Completion: true, Duration: d}, now, CategoryCMI5, CategoryMoveOn),
	}
}

// Terminated is the session's last statement.
func (s *Session) Terminated(now time.Time) Statement {
	return s.defined(VerbTerminated, "terminated", &Result{Duration: Duration(now.Sub(s.start))}, now, CategoryCMI5)
}

// Allowed returns an AU's own statement (an answer) as cmi5 allows it: an
// id, the actor, the launch data's context (the session id), the
// registration, and the AU as the grouping activity; no cmi5 category.
func (s *Session) Allowed(st Statement) Statement {
	st.ID, st.Actor = NewUUID(), s.c.Actor
	c := s.context()
	if st.Context != nil {
		for k, v := range st.Context.ContextActivities {
			c.ContextActivities[k] = append(c.ContextActivities[k], v...)
		}
		for k, v := range st.Context.Extensions {
			c.Extensions[k] = v
		}
	}
	c.ContextActivities["grouping"] = append(c.ContextActivities["grouping"], Ref{ID: s.c.ActivityID, ObjectType: "Activity"})
	st.Context = c
	return st
}

// Duration writes d as an ISO 8601 duration in seconds (PT42.25S).
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", d.Seconds()), "0"), ".")
	if s == "" {
		s = "0"
	}
	return "PT" + s + "S"
}
