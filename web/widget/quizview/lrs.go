package quizview

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
	"latentlab/web/store"
	"latentlab/web/xapi"
)

// lrsRetry is how often statements waiting for an unreachable or refusing
// learning record store are tried again while the quiz is open.
const lrsRetry = 5 * time.Second

var (
	outboxOnce sync.Once
	outbox     *xapi.Outbox
)

// sharedOutbox is the page's queue of statements for learning record
// stores, kept in the browser's storage.
func sharedOutbox() *xapi.Outbox {
	outboxOnce.Do(func() { outbox = xapi.NewOutbox(store.Local(), xapi.Fetch) })
	return outbox
}

// startLRS reads the xAPI or cmi5 launch parameters of the page address, delivers
// what earlier visits left queued and keeps retrying while some wait.
func (v *View) startLRS(ctx app.Context) {
	if !app.IsClient {
		return
	}
	q, err := url.ParseQuery(strings.TrimPrefix(app.Window().Get("location").Get("search").String(), "?"))
	if err != nil {
		q = url.Values{}
	}
	v.launch, v.launchNote, v.cmi5 = nil, "", nil
	if c, err := xapi.ParseCMI5(q); c != nil || err != nil {
		v.cmi5 = startCMI5(c, err)
		if v.Quiz != nil {
			v.cmi5.join(v.Quiz.ID, func() {
				ctx.Dispatch(func(app.Context) { v.lrs = sharedOutbox().State() })
			})
		}
	} else {
		l, lerr := xapi.ParseLaunch(q)
		v.launch = l
		if lerr != nil {
			v.launchNote = launchRefused(lerr.Error())
		}
	}
	v.flushLRS(ctx)
	ctx.After(lrsRetry, v.retryLRS)
}

func (v *View) retryLRS(ctx app.Context) {
	if !v.Mounted() {
		return
	}
	if v.lrs.Waiting > 0 {
		v.flushLRS(ctx)
	}
	ctx.After(lrsRetry, v.retryLRS)
}

// sendLRS queues statement s for the launch's learning record store and
// tries to deliver it; the quiz never waits for the answer.
func (v *View) sendLRS(ctx app.Context, s Statement) {
	if v.cmi5 != nil && s.Verb.ID == VerbAnswered {
		v.cmi5.answer(s) // the quiz's own completion is the session's (quizDone)
		return
	}
	if v.launch == nil {
		return
	}
	lessonIRI := ""
	if app.IsClient {
		lessonIRI = app.Window().Get("location").Get("origin").String() + site.Path("/lessons/"+v.Lesson)
	}
	_ = sharedOutbox().Add(v.launch, v.launch.ForLaunch(s, lessonIRI))
	v.lrs = sharedOutbox().State()
	v.flushLRS(ctx)
}

func (v *View) flushLRS(ctx app.Context) {
	sharedOutbox().Flush(func(s xapi.State) {
		ctx.Dispatch(func(app.Context) { v.lrs = s })
	})
}

// lrsNotice is what the quiz says about delivery to the learning record
// store ("" when there is nothing to say).
func (v *View) lrsNotice() string {
	if v.launchNote != "" {
		return v.launchNote
	}
	if v.cmi5 != nil {
		if n := v.cmi5.status(); n != "" {
			return n
		}
		return v.lrs.Notice()
	}
	if v.launch == nil {
		return ""
	}
	return v.lrs.Notice()
}

// originMismatch says when the course page framing the quiz is not the
// origin results are posted to (postMessage would drop them silently).
func originMismatch(target string) string {
	if target == "" || !framed() {
		return ""
	}
	defer func() { recover() }()
	ao := app.Window().Get("location").Get("ancestorOrigins")
	if !ao.Truthy() || ao.Length() == 0 {
		return ""
	}
	if parent := ao.Index(0).String(); parent != target {
		return "Your results are not sent to this course page: its embed code names another origin (origin=). Answers are still saved in this browser; tell your instructor."
	}
	return ""
}
