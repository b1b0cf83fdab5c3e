package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/quiz"
	"latentlab/web/store"
	"latentlab/web/xapi"
	"latentlab/web/xapi/xapitest"
)

// testLRS is a learning record store for the tests: it accepts POST
// …/statements (CORS, as an LRS on another origin must), records each
// statement with the request's headers, and can be taken down (connections
// dropped: the browser sees the LRS unreachable).
type testLRS struct {
	mu         sync.Mutex
	statements []json.RawMessage
	versions   []string
	auths      []string
	down       bool
	url        string
	cmi5       cmi5LMS // the cmi5 side: fetch address and launch data
}

func startLRS(t *testing.T) *testLRS {
	t.Helper()
	l := &testLRS{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: l}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	l.url = "http://" + ln.Addr().String() + "/xapi/"
	return l
}

func (l *testLRS) setDown(down bool) { l.mu.Lock(); l.down = down; l.mu.Unlock() }

func (l *testLRS) count() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.statements) }

func (l *testLRS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	down := l.down
	l.mu.Unlock()
	if down {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version")
	h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if l.serveCMI5(w, r) {
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/xapi/statements" {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var batch []json.RawMessage
	if err := json.Unmarshal(body, &batch); err != nil {
		http.Error(w, "expected a JSON array of statements", http.StatusBadRequest)
		return
	}
	l.mu.Lock()
	var ids []string
	for _, s := range batch {
		l.statements = append(l.statements, s)
		l.versions = append(l.versions, r.Header.Get("X-Experience-API-Version"))
		l.auths = append(l.auths, r.Header.Get("Authorization"))
		var x struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(s, &x)
		ids = append(ids, x.ID)
	}
	l.mu.Unlock()
	h.Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ids)
}

// A quiz embedded in a course page of another origin, launched the xAPI way,
// sends each answer to the LRS (POST …/statements, the xAPI version header,
// the launch's Authorization, the actor, registration and lesson); the
// statements pass the xAPI validation library. With the LRS down the next
// answer waits in the browser with a visible notice and is delivered once
// the LRS is back.
func TestQuizStatementsReachTheLRS(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	lrs := startLRS(t)
	const (
		auth  = "Basic bGFiOnNlY3JldA=="
		actor = `{"name":"Ada Lovelace","mbox":"mailto:ada@course.example.edu"}`
		reg   = "760e3480-ba55-4991-94b0-01820dbd23a2"
		act   = "https://course.example.edu/units/latent-lab"
	)
	q := url.Values{"endpoint": {lrs.url}, "auth": {auth}, "actor": {actor}, "registration": {reg}, "activity_id": {act}}
	src := BaseURL(t) + "/embed/" + slug + "/" + qz.ID + "?" + q.Encode()
	host := hostPage(t, `<!doctype html><title>Course page</title><h1>Unit 3</h1><iframe id="quiz" title="Latent Lab quiz" width="900" height="900" src="`+html.EscapeString(src)+`"></iframe>`)
	p := isolatedTab(t)
	ctx, cancel := context.WithTimeout(p.Ctx, 120*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	answer := func() {
		t.Helper()
		doc := frameDoc(t, ctx, "iframe#quiz", base+" .quiz-check")
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(fmt.Sprintf("%s-c%d", base, right)), chromedp.FromNode(doc)),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.Click(chromedp.CSS(base+" .quiz-check"), chromedp.FromNode(doc))); err != nil {
			t.Fatalf("answer in the embedded quiz: %v", err)
		}
	}
	answer()
	waitFor(t, 30*time.Second, "the LRS to receive the answer", func() bool { return lrs.count() >= 1 })

	lrs.mu.Lock()
	first := lrs.statements[0]
	version, gotAuth := lrs.versions[0], lrs.auths[0]
	lrs.mu.Unlock()
	if version != xapi.Version || gotAuth != auth {
		t.Errorf("POST headers: X-Experience-API-Version %q, Authorization %q", version, gotAuth)
	}
	var s xapi.Statement
	if err := json.Unmarshal(first, &s); err != nil {
		t.Fatal(err)
	}
	if s.Actor == nil || s.Actor.Mbox != "mailto:ada@course.example.edu" || s.Verb.ID != xapi.VerbAnswered || !s.Result.Succeeded() ||
		s.Result.Score.Scaled != 1 || s.Context.Registration != reg || !strings.HasSuffix(s.Object.ID, "#"+qz.ID+"/"+qz.QuestionID(qi)) ||
		len(s.Context.ContextActivities["grouping"]) == 0 || s.Context.ContextActivities["grouping"][0].ID != act {
		t.Errorf("statement: %s", first)
	}

	// The LRS goes down: the next answer waits, with a notice.
	lrs.setDown(true)
	n := lrs.count()
	answer()
	note := waitFrameText(t, ctx, "iframe#quiz", ".quiz-lrs-note", "not delivered yet", 30*time.Second)
	t.Logf("notice while the LRS is down: %q", note)
	lrs.setDown(false)
	waitFor(t, 30*time.Second, "the queued answer to reach the LRS once it is back", func() bool { return lrs.count() > n })
	waitFrameGone(t, ctx, "iframe#quiz", ".quiz-lrs-note", 15*time.Second)

	lrs.mu.Lock()
	all := append([]json.RawMessage(nil), lrs.statements...)
	lrs.mu.Unlock()
	if err := xapitest.Validate(all); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d statements delivered and valid", len(all))
}

// frameDoc returns the document node of the iframe sel once it holds want.
func frameDoc(t *testing.T, ctx context.Context, sel, want string) *chromedp.Node {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(sel)))
		if err == nil && len(frames) > 0 && frames[0].ContentDocument != nil {
			doc := frames[0].ContentDocument
			if got, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(want), chromedp.FromNode(doc), chromedp.AtLeast(0))); len(got) > 0 {
				return doc
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never showed %s", sel, want)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// waitFrameText waits until css inside the iframe sel contains substr.
func waitFrameText(t *testing.T, ctx context.Context, sel, css, substr string, d time.Duration) string {
	t.Helper()
	var last string
	waitFor(t, d, fmt.Sprintf("%s to say %q", css, substr), func() bool {
		frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(sel)))
		if err != nil || len(frames) == 0 || frames[0].ContentDocument == nil {
			return false
		}
		nodes, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(css), chromedp.FromNode(frames[0].ContentDocument), chromedp.AtLeast(0)))
		if len(nodes) == 0 {
			return false
		}
		last, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css), chromedp.FromNode(frames[0].ContentDocument)))
		return strings.Contains(last, substr)
	})
	return last
}

// waitFrameGone waits until no element matches css inside the iframe sel.
func waitFrameGone(t *testing.T, ctx context.Context, sel, css string, d time.Duration) {
	t.Helper()
	waitFor(t, d, css+" to go", func() bool {
		frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(sel)))
		if err != nil || len(frames) == 0 || frames[0].ContentDocument == nil {
			return false
		}
		nodes, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(css), chromedp.FromNode(frames[0].ContentDocument), chromedp.AtLeast(0)))
		return len(nodes) == 0
	})
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(d); ; time.Sleep(200 * time.Millisecond) {
		if ok() {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// The quiz's "Download my results" gives a CSV and a JSON of the same rows,
// and they are the progress stored in the browser.
func TestResultsDownloadMatchesStoredProgress(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	p := Open(t, "/embed/"+slug+"/"+qz.ID) // the shared browser: downloads are allowed there
	clearProgress(p)
	p.Goto("/embed/" + slug + "/" + qz.ID)
	t.Cleanup(func() { clearProgress(p) })
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	wrong := (right + 1) % len(qz.Questions[qi].Choices)
	for _, k := range []int{wrong, right} {
		p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, base+" .quiz-check"), 60*time.Second)
		Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).click(), true)`, fmt.Sprintf("%s-c%d", base, k)))
		p.WaitFrames(2)
		Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).click(), true)`, base+" .quiz-check"))
		p.WaitFrames(2)
	}
	p.WaitJS(fmt.Sprintf(`(document.querySelector(%q).textContent || "").includes("Correct.")`, base+"-feedback"), Timeout)

	// What the browser stored, read through the quiz package.
	var raw map[string]string
	if err := json.Unmarshal([]byte(Eval[string](p, `JSON.stringify(Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])))`)), &raw); err != nil {
		t.Fatal(err)
	}
	mem := store.NewMemory()
	for k, v := range raw {
		_ = mem.Set(k, v)
	}
	stored, _ := quiz.NewRecords(store.New(mem)).Lesson(slug)
	rows := quiz.ResultRows(slug, stored.Lessons[slug])
	if len(rows) != 1 || rows[0].Attempts != 2 || !rows[0].Correct {
		t.Fatalf("stored progress %+v: want one question, two attempts, correct", rows)
	}
	csvPath := p.Download(func() { Eval[bool](p, `(document.querySelector(".quiz-download-csv").click(), true)`) })
	jsonPath := p.Download(func() { Eval[bool](p, `(document.querySelector(".quiz-download-json").click(), true)`) })
	gotCSV, _ := os.ReadFile(csvPath)
	gotJSON, _ := os.ReadFile(jsonPath)
	if string(gotCSV) != string(quiz.ResultsCSV(rows)) {
		t.Errorf("CSV download:\n%s\nstored progress:\n%s", gotCSV, quiz.ResultsCSV(rows))
	}
	var back []quiz.ResultRow
	if err := json.Unmarshal(gotJSON, &back); err != nil || len(back) != 1 || back[0] != rows[0] {
		t.Errorf("JSON download %s, want the rows %+v", gotJSON, rows)
	}
	if filepath.Base(csvPath) != "latent-lab-"+slug+"-results.csv" {
		t.Errorf("CSV file name %q", filepath.Base(csvPath))
	}
}
