package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/xapi"
	"latentlab/web/xapi/xapitest"
)

// cmi5LMS is what a cmi5 LMS adds to the test LRS: the one-use fetch
// address that hands out the session's token, and LMS.LaunchData.
type cmi5LMS struct {
	token     string // "" until a test sets one
	fetched   int
	sessionID string
	stateAuth []string // Authorization of each launch data read
}

// serveCMI5 answers POST /cmi5/fetch and GET /xapi/activities/state; it
// reports whether the request was one of them.
func (l *testLRS) serveCMI5(w http.ResponseWriter, r *http.Request) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := &l.cmi5
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/cmi5/fetch":
		c.fetched++
		w.Header().Set("Content-Type", "application/json")
		if c.fetched > 1 { // a fetch address works once (cmi5 8.2.3)
			fmt.Fprint(w, `{"error-code":"1","error-text":"already fetched"}`)
			return true
		}
		fmt.Fprintf(w, `{"auth-token":%q}`, c.token)
		return true
	case r.Method == http.MethodGet && r.URL.Path == "/xapi/activities/state":
		c.stateAuth = append(c.stateAuth, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") != "Basic "+c.token || r.URL.Query().Get("stateId") != xapi.LaunchDataStateID {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return true
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"contextTemplate":{"extensions":{%q:%q}},"launchMode":"Normal","moveOn":"Completed"}`, xapi.ExtSessionID, c.sessionID)
		return true
	}
	return false
}

// A quiz embedded in a course page of another origin and launched the cmi5
// way fetches its token once, reads the launch data with it, and sends
// initialized, each answer and, when the page goes away, terminated to the
// LRS with that token and the session id; every statement is valid xAPI.
// Launched again with the same (used) fetch address it says why nothing is
// sent.
func TestQuizCMI5Launch(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	lrs := startLRS(t)
	lrs.cmi5 = cmi5LMS{token: "Y21pNTpzZXNzaW9u", sessionID: "session-7f3a"}
	const (
		actor = `{"objectType":"Agent","account":{"homePage":"https://lms.example.edu","name":"ada"}}`
		reg   = "c0a7e4d2-1b5f-4f8e-9a3c-2d6b8e1f0a47"
		au    = "https://course.example.edu/au/latent-lab-quiz"
	)
	fetch := strings.TrimSuffix(lrs.url, "xapi/") + "cmi5/fetch"
	q := url.Values{"endpoint": {lrs.url}, "fetch": {fetch}, "actor": {actor}, "registration": {reg}, "activityId": {au}}
	src := BaseURL(t) + "/embed/" + slug + "/" + qz.ID + "?" + q.Encode()
	host := hostPage(t, `<!doctype html><title>Course page</title><h1>Unit 3</h1><iframe id="quiz" title="Latent Lab quiz" width="900" height="900" src="`+html.EscapeString(src)+`"></iframe>`)
	p := isolatedTab(t)
	ctx, cancel := context.WithTimeout(p.Ctx, 180*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	verbs := func() []string {
		lrs.mu.Lock()
		defer lrs.mu.Unlock()
		var out []string
		for _, raw := range lrs.statements {
			var s xapi.Statement
			_ = json.Unmarshal(raw, &s)
			out = append(out, s.Verb.ID)
		}
		return out
	}
	waitFor(t, 60*time.Second, "initialized", func() bool { return len(verbs()) >= 1 })

	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	doc := frameDoc(t, ctx, "iframe#quiz", base+" .quiz-check")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf("%s-c%d", base, right)), chromedp.FromNode(doc)),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Click(chromedp.CSS(base+" .quiz-check"), chromedp.FromNode(doc))); err != nil {
		t.Fatalf("answer in the embedded quiz: %v", err)
	}
	waitFor(t, 30*time.Second, "the answer", func() bool { return len(verbs()) >= 2 })

	// The course page moves on: the quiz's page goes away, terminated goes out.
	if err := chromedp.Do(ctx, chromedp.Navigate(hostPage(t, `<!doctype html><title>Next unit</title><h1>Unit 4</h1>`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "terminated", func() bool { return len(verbs()) >= 3 })

	got := verbs()
	want := []string{xapi.VerbInitialized, xapi.VerbAnswered, xapi.VerbTerminated}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("verbs %v, want %v", got, want)
	}
	lrs.mu.Lock()
	all := append([]json.RawMessage(nil), lrs.statements...)
	auths := append([]string(nil), lrs.auths...)
	fetched, stateAuth := lrs.cmi5.fetched, lrs.cmi5.stateAuth
	lrs.mu.Unlock()
	if fetched != 1 || len(stateAuth) != 1 || stateAuth[0] != "Basic "+lrs.cmi5.token {
		t.Errorf("token fetched %d times; launch data read with %q", fetched, stateAuth)
	}
	for i, raw := range all {
		var s xapi.Statement
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		if auths[i] != "Basic "+lrs.cmi5.token || s.Context == nil || s.Context.Registration != reg || s.Context.Extensions[xapi.ExtSessionID] != "session-7f3a" ||
			s.Actor == nil || s.Actor.Account == nil || s.Actor.Account.Name != "ada" {
			t.Errorf("statement %d (auth %q): %s", i, auths[i], raw)
		}
		cmi5 := false
		for _, c := range s.Context.ContextActivities["category"] {
			cmi5 = cmi5 || c.ID == xapi.CategoryCMI5
		}
		if defined := s.Verb.ID != xapi.VerbAnswered; defined != cmi5 || (defined && s.Object.ID != au) {
			t.Errorf("statement %d: cmi5 category %v, object %s: %s", i, cmi5, s.Object.ID, raw)
		}
	}
	if err := xapitest.Validate(all); err != nil {
		t.Fatal(err)
	}

	// The same launch link again: the fetch address is used up; the quiz
	// says so and sends no new statement (the outbox may deliver again one
	// whose answer the closing page did not see: the same id).
	ids := func() map[string]bool {
		lrs.mu.Lock()
		defer lrs.mu.Unlock()
		out := map[string]bool{}
		for _, raw := range lrs.statements {
			var s xapi.Statement
			_ = json.Unmarshal(raw, &s)
			out[s.ID] = true
		}
		return out
	}
	before := ids()
	if err := chromedp.Do(ctx, chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	note := waitFrameText(t, ctx, "iframe#quiz", ".quiz-lrs-note", "launch again from the course", 60*time.Second)
	t.Logf("a used launch link: %q", note)
	for id := range ids() {
		if !before[id] {
			t.Errorf("a used launch link sent a new statement %s", id)
		}
	}
}
