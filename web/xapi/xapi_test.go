package xapi_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"latentlab/web/store"
	. "latentlab/web/xapi"
	"latentlab/web/xapi/xapitest"
)

func launchQuery() url.Values {
	return url.Values{
		KeyEndpoint:     {"https://lrs.example.edu/xapi"},
		KeyAuth:         {"Basic dXNlcjpwYXNz"},
		KeyActor:        {`{"name":"Ada","mbox":"mailto:ada@example.edu"}`},
		KeyRegistration: {"760e3480-ba55-4991-94b0-01820dbd23a2"},
		KeyActivityID:   {"https://course.example.edu/units/vae"},
	}
}

func TestParseLaunch(t *testing.T) {
	l, err := ParseLaunch(launchQuery())
	if err != nil {
		t.Fatal(err)
	}
	if l.Endpoint != "https://lrs.example.edu/xapi/" || l.Auth != "Basic dXNlcjpwYXNz" || l.Actor.Mbox != "mailto:ada@example.edu" || l.Actor.ObjectType != "Agent" {
		t.Fatalf("launch %+v", l)
	}
	if l, err := ParseLaunch(url.Values{}); l != nil || err != nil {
		t.Fatalf("no endpoint: %v %v", l, err)
	}
	for key, bad := range map[string]string{
		KeyEndpoint:     "javascript:alert(1)",
		KeyActor:        `{"name":"<b>no id</b>"}`,
		KeyRegistration: "not-a-uuid",
		KeyActivityID:   "no scheme <b>",
	} {
		q := launchQuery()
		q.Set(key, bad)
		_, err := ParseLaunch(q)
		if err == nil || !strings.HasPrefix(err.Error(), key+":") || strings.Contains(err.Error(), bad) {
			t.Errorf("%s=%q: error %v (must name the parameter, not repeat it)", key, bad, err)
		}
	}
}

func sample(l *Launch) Statement {
	s := Statement{
		Verb:      Verb{ID: VerbAnswered, Display: map[string]string{"en-US": "answered"}},
		Object:    Object{ID: "https://lab.example.org/embed/vae/quiz#quiz/q1", ObjectType: "Activity", Definition: &Definition{Name: map[string]string{"en-US": "Q1"}, Type: "http://adlnet.gov/expapi/activities/cmi.interaction", InteractionType: "choice"}},
		Result:    &Result{Success: Bool(true), Score: &Score{Scaled: 1, Raw: 1, Max: 1}, Response: "0"},
		Context:   &Context{ContextActivities: map[string][]Ref{"parent": {{ID: "https://lab.example.org/embed/vae/quiz#quiz"}}}},
		Timestamp: "2026-12-03T10:00:00Z",
	}
	return l.ForLaunch(s, "https://lab.example.org/lessons/vae")
}

// A statement for an LRS has the actor, an id, the registration and the
// lesson as an activity, and the xAPI validation library accepts it.
func TestForLaunchIsValidXAPI(t *testing.T) {
	l, _ := ParseLaunch(launchQuery())
	s := sample(l)
	if s.Actor == nil || len(s.ID) != 36 || s.Context.Registration == "" || s.Context.ContextActivities["grouping"][0].ID != "https://course.example.edu/units/vae" {
		t.Fatalf("statement %+v", s)
	}
	b, _ := json.Marshal(s)
	if err := xapitest.Validate([]json.RawMessage{b}); err != nil {
		t.Fatal(err)
	}
	// The validator is not a rubber stamp: a statement without an actor fails.
	s.Actor = nil
	b, _ = json.Marshal(s)
	if err := xapitest.Validate([]json.RawMessage{b}); err == nil {
		t.Fatal("a statement without an actor passed validation")
	}
}

// fakeLRS answers POSTs with status (0: unreachable) and records bodies.
type fakeLRS struct {
	status int
	got    [][]json.RawMessage
	urls   []string
}

func (f *fakeLRS) post(endpoint, auth string, body []byte, done func(int, error)) {
	f.urls = append(f.urls, endpoint+"statements "+auth)
	if f.status == 0 {
		done(0, errors.New("unreachable"))
		return
	}
	var b []json.RawMessage
	_ = json.Unmarshal(body, &b)
	if f.status < 300 {
		f.got = append(f.got, b)
	}
	done(f.status, nil)
}

// Statements wait in storage while the LRS is unreachable or refuses them
// (with a notice), survive a reload, and go in one POST when it is back.
func TestOutboxQueuesAndRetries(t *testing.T) {
	mem := store.NewMemory()
	lrs := &fakeLRS{}
	o := NewOutbox(store.New(mem), lrs.post)
	l, _ := ParseLaunch(launchQuery())
	var st State
	for i := 0; i < 3; i++ {
		if err := o.Add(l, sample(l)); err != nil {
			t.Fatal(err)
		}
		o.Flush(func(s State) { st = s })
	}
	if st.Waiting != 3 || !st.Offline || !strings.Contains(st.Notice(), "3 results not delivered") {
		t.Fatalf("offline: %+v %q", st, st.Notice())
	}
	lrs.status = 401
	o.Flush(func(s State) { st = s })
	if st.Refused != 401 || !strings.Contains(st.Notice(), "refused") {
		t.Fatalf("refused: %+v %q", st, st.Notice())
	}
	// A new page (a reload) finds the queue in storage.
	lrs.status = 200
	o2 := NewOutbox(store.New(mem), lrs.post)
	if o2.State().Waiting != 3 {
		t.Fatalf("after a reload %d wait, want 3", o2.State().Waiting)
	}
	o2.Flush(func(s State) { st = s })
	if st.Waiting != 0 || st.Sent != 3 || st.Notice() != "" || len(lrs.got) != 1 || len(lrs.got[0]) != 3 {
		t.Fatalf("back online: %+v, %d POSTs", st, len(lrs.got))
	}
	if lrs.urls[len(lrs.urls)-1] != "https://lrs.example.edu/xapi/statements Basic dXNlcjpwYXNz" {
		t.Errorf("posted to %q", lrs.urls[len(lrs.urls)-1])
	}
	if _, ok := mem.Raw()[QueueKey]; ok {
		t.Error("the delivered queue is still stored")
	}
	if err := xapitest.Validate(lrs.got[0]); err != nil {
		t.Fatal(err)
	}
}
