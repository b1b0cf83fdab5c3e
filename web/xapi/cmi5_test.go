package xapi_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	. "latentlab/web/xapi"
	"latentlab/web/xapi/xapitest"
)

func cmi5Query() url.Values {
	return url.Values{
		KeyEndpoint:       {"https://lrs.example.edu/xapi/"},
		KeyFetch:          {"https://lms.example.edu/cmi5/fetch?k=1"},
		KeyActor:          {`{"objectType":"Agent","account":{"homePage":"https://lms.example.edu","name":"ada"}}`},
		KeyRegistration:   {"760e3480-ba55-4991-94b0-01820dbd23a2"},
		KeyCMI5ActivityID: {"https://course.example.edu/au/vae-quiz"},
	}
}

func TestParseCMI5(t *testing.T) {
	c, err := ParseCMI5(cmi5Query())
	if err != nil {
		t.Fatal(err)
	}
	if c.Fetch != "https://lms.example.edu/cmi5/fetch?k=1" || c.ActivityID != "https://course.example.edu/au/vae-quiz" || c.Auth != "" || c.Actor.Account.Name != "ada" {
		t.Fatalf("launch %+v", c)
	}
	if c, err := ParseCMI5(launchQuery()); c != nil || err != nil {
		t.Fatalf("an xAPI launch (no fetch) read as cmi5: %v %v", c, err)
	}
	for key, bad := range map[string]string{
		KeyFetch:          "javascript:alert(1)",
		KeyEndpoint:       "",
		KeyRegistration:   "",
		KeyCMI5ActivityID: "not an <iri>",
		KeyActor:          `{"name":"no id"}`,
	} {
		q := cmi5Query()
		q.Set(key, bad)
		_, err := ParseCMI5(q)
		if err == nil || !strings.HasPrefix(err.Error(), key+":") || (bad != "" && strings.Contains(err.Error(), bad)) {
			t.Errorf("%s=%q: error %v (must name the parameter, not repeat it)", key, bad, err)
		}
	}
}

func TestParseToken(t *testing.T) {
	if a, err := ParseToken(200, []byte(`{"auth-token":"QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}`)); err != nil || a != "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" {
		t.Fatalf("token: %q %v", a, err)
	}
	for _, c := range []struct {
		status int
		body   string
	}{{200, `{"error-code":"1","error-text":"already fetched"}`}, {403, ``}, {200, `<html>`}, {200, `{"auth-token":""}`}} {
		if a, err := ParseToken(c.status, []byte(c.body)); err == nil || !strings.HasPrefix(err.Error(), "fetch:") {
			t.Errorf("%d %s: %q %v", c.status, c.body, a, err)
		}
	}
}

// A cmi5 session: initialized, an answer (allowed), passed or failed by the
// mastery score, completed, terminated; each carries the launch data's
// session id and the registration, the defined ones the cmi5 category
// (results also moveOn) and the AU as their object; results only once and
// only in Normal mode; all valid xAPI.
func TestCMI5Session(t *testing.T) {
	c, _ := ParseCMI5(cmi5Query())
	c.Auth = "Basic dG9rZW4="
	data, err := ParseLaunchData([]byte(`{"contextTemplate":{"contextActivities":{"grouping":[{"id":"https://course.example.edu/publisher/vae"}]},
		"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-42"}},"launchMode":"Normal","masteryScore":0.5,"moveOn":"Passed"}`))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	s := c.Start(data, t0)
	answer := Statement{
		Verb:      Verb{ID: VerbAnswered, Display: map[string]string{"en-US": "answered"}},
		Object:    Object{ID: "https://lab.example.org/embed/vae/quiz#quiz/q1", ObjectType: "Activity", Definition: &Definition{Name: map[string]string{"en-US": "Q1"}, Type: "http://adlnet.gov/expapi/activities/cmi.interaction", InteractionType: "choice"}},
		Result:    &Result{Success: Bool(true), Score: &Score{Scaled: 1, Raw: 1, Max: 1}},
		Context:   &Context{ContextActivities: map[string][]Ref{"parent": {{ID: "https://lab.example.org/embed/vae/quiz#quiz"}}}},
		Timestamp: t0.Format(time.RFC3339),
	}
	all := []Statement{s.Initialized(t0), s.Allowed(answer)}
	all = append(all, s.Finish(3, 4, t0.Add(90*time.Second))...)
	if again := s.Finish(4, 4, t0.Add(100*time.Second)); again != nil {
		t.Errorf("results sent twice: %+v", again)
	}
	all = append(all, s.Terminated(t0.Add(125500*time.Millisecond)))
	verbs := []string{VerbInitialized, VerbAnswered, VerbPassed, VerbCompleted, VerbTerminated}
	if len(all) != len(verbs) {
		t.Fatalf("%d statements, want %d", len(all), len(verbs))
	}
	var raw []json.RawMessage
	for i, st := range all {
		if st.Verb.ID != verbs[i] {
			t.Errorf("statement %d: verb %s, want %s", i, st.Verb.ID, verbs[i])
		}
		if st.Context.Registration != c.Registration || st.Context.Extensions[ExtSessionID] != "s-42" || st.Actor == nil || len(st.ID) != 36 {
			t.Errorf("statement %d: context %+v", i, st.Context)
		}
		cats := refIDs(st.Context.ContextActivities["category"])
		defined := st.Verb.ID != VerbAnswered
		if defined != strings.Contains(cats, CategoryCMI5) {
			t.Errorf("statement %d (%s): categories %q", i, st.Verb.ID, cats)
		}
		if results := st.Verb.ID == VerbPassed || st.Verb.ID == VerbCompleted; results != strings.Contains(cats, CategoryMoveOn) {
			t.Errorf("statement %d (%s): categories %q", i, st.Verb.ID, cats)
		}
		if defined && st.Object.ID != c.ActivityID {
			t.Errorf("statement %d: object %s, want the AU", i, st.Object.ID)
		}
		if !strings.Contains(refIDs(st.Context.ContextActivities["grouping"]), "https://course.example.edu/publisher/vae") {
			t.Errorf("statement %d: the template's grouping is missing", i)
		}
		b, _ := json.Marshal(st)
		raw = append(raw, b)
	}
	if p := all[2].Result; !p.Succeeded() || p.Score.Scaled != 0.75 || p.Duration != "PT90S" {
		t.Errorf("passed: %+v", p)
	}
	if r := all[3].Result; r.Success != nil || r.Score != nil || !r.Completion {
		t.Errorf("completed must say completion only: %+v", r)
	}
	if d := all[4].Result.Duration; d != "PT125.5S" {
		t.Errorf("terminated duration %q", d)
	}
	if !strings.Contains(refIDs(all[1].Context.ContextActivities["grouping"]), c.ActivityID) || refIDs(all[1].Context.ContextActivities["parent"]) == "" {
		t.Errorf("answer context %+v", all[1].Context.ContextActivities)
	}
	if err := xapitest.Validate(raw); err != nil {
		t.Fatal(err)
	}

	// Below the mastery score: failed. A Browse launch records no results.
	f := c.Start(data, t0).Finish(1, 4, t0)
	if len(f) != 2 || f[0].Verb.ID != VerbFailed || f[0].Result.Succeeded() {
		t.Errorf("1/4 with mastery 0.5: %+v", f)
	}
	data.LaunchMode = "Browse"
	if r := c.Start(data, t0).Finish(4, 4, t0); r != nil {
		t.Errorf("a Browse launch sent results: %+v", r)
	}
}

func TestParseLaunchData(t *testing.T) {
	for _, bad := range []string{`nope`, `{"launchMode":"Normal"}`, `{"contextTemplate":{"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s"}},"masteryScore":2}`} {
		if _, err := ParseLaunchData([]byte(bad)); err == nil {
			t.Errorf("launch data %s accepted", bad)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "PT0S", 1500 * time.Millisecond: "PT1.5S", 2 * time.Minute: "PT120S", -time.Second: "PT0S"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func refIDs(refs []Ref) string {
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, " ")
}
