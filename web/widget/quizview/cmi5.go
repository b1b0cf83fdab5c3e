package quizview

import (
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/xapi"
)

// cmi5Page is the page's cmi5 session (a course launched the page as a cmi5
// assignable unit), shared by its quizzes: it fetches the session's token
// from the launch's fetch address, reads the launch data, sends initialized,
// each answer, passed or failed and completed once every quiz of the page
// is done, and terminated when the page goes away, all through the
// browser's outbox (queued, retried).
type cmi5Page struct {
	mu      sync.Mutex
	c       *xapi.CMI5
	sess    *xapi.Session
	note    string           // why nothing is sent ("" while fine)
	pending []xapi.Statement // answers given before the session started
	quizzes map[string]*quizScore
	watch   []func() // the quizzes' re-render hooks
	ended   bool
}

type quizScore struct {
	done          bool
	points, total float64
}

var (
	cmi5Once sync.Once
	cmi5Cur  *cmi5Page
)

// startCMI5 returns the page's cmi5 session, starting it on first use; a
// launch error becomes the note every quiz shows.
func startCMI5(c *xapi.CMI5, err error) *cmi5Page {
	cmi5Once.Do(func() {
		cmi5Cur = &cmi5Page{c: c, quizzes: map[string]*quizScore{}}
		if err != nil {
			cmi5Cur.note = launchRefused(err.Error())
			return
		}
		cmi5Cur.fetchToken()
	})
	return cmi5Cur
}

func launchRefused(why string) string {
	return "Your results are not sent to the course's learning record store: the launch link's " + why + ". They are still saved in this browser."
}

// join registers a quiz of the page and the hook that re-renders it.
func (p *cmi5Page) join(quizID string, changed func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quizzes[quizID] == nil {
		p.quizzes[quizID] = &quizScore{}
	}
	p.watch = append(p.watch, changed)
}

// status is the note to show ("" when the session is fine).
func (p *cmi5Page) status() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.note
}

func (p *cmi5Page) fail(why string) {
	p.mu.Lock()
	p.note = launchRefused(why)
	p.mu.Unlock()
	p.changed()
}

func (p *cmi5Page) changed() {
	p.mu.Lock()
	hooks := append([]func(){}, p.watch...)
	p.mu.Unlock()
	for _, h := range hooks {
		h()
	}
}

// fetchToken POSTs to the fetch address (once: it works once), then reads
// LMS.LaunchData with the token and starts the session.
func (p *cmi5Page) fetchToken() {
	xapi.PostEmpty(p.c.Fetch, func(status int, body []byte, err error) {
		if err != nil {
			p.fail("fetch address could not be reached")
			return
		}
		auth, terr := xapi.ParseToken(status, body)
		if terr != nil {
			p.fail(terr.Error())
			return
		}
		p.c.Auth = auth
		xapi.Get(p.c.LaunchDataURL(), auth, func(status int, body []byte, err error) {
			if err != nil || status != 200 {
				p.fail("launch data (LMS.LaunchData) could not be read from the learning record store")
				return
			}
			data, derr := xapi.ParseLaunchData(body)
			if derr != nil {
				p.fail(derr.Error()[len("the "):])
				return
			}
			p.begin(data)
		})
	})
}

// begin starts the session: initialized, the answers waiting, results if
// every quiz is already done; terminated is sent when the page goes away.
func (p *cmi5Page) begin(data xapi.LaunchData) {
	now := time.Now()
	p.mu.Lock()
	p.sess = p.c.Start(data, now)
	out := []xapi.Statement{p.sess.Initialized(now)}
	for _, s := range p.pending {
		out = append(out, p.sess.Allowed(s))
	}
	p.pending = nil
	out = append(out, p.finishLocked(now)...)
	p.mu.Unlock()
	p.send(out)
	if app.IsClient {
		fn := app.FuncOf(func(app.Value, []app.Value) any {
			p.end()
			return nil
		})
		app.Window().Call("addEventListener", "pagehide", fn)
	}
}

// answer sends an answered statement (or keeps it until the session starts).
func (p *cmi5Page) answer(s xapi.Statement) {
	p.mu.Lock()
	if p.sess == nil {
		if p.note == "" {
			p.pending = append(p.pending, s)
		}
		p.mu.Unlock()
		return
	}
	s = p.sess.Allowed(s)
	p.mu.Unlock()
	p.send([]xapi.Statement{s})
}

// quizDone records a finished quiz; once every quiz of the page is done the
// session's results go out.
func (p *cmi5Page) quizDone(quizID string, points float64, total int) {
	p.mu.Lock()
	p.quizzes[quizID] = &quizScore{done: true, points: points, total: float64(total)}
	out := p.finishLocked(time.Now())
	p.mu.Unlock()
	p.send(out)
}

func (p *cmi5Page) finishLocked(now time.Time) []xapi.Statement {
	if p.sess == nil {
		return nil
	}
	var points, total float64
	for _, q := range p.quizzes {
		if !q.done {
			return nil
		}
		points, total = points+q.points, total+q.total
	}
	return p.sess.Finish(points, total, now)
}

// end sends terminated, once.
func (p *cmi5Page) end() {
	p.mu.Lock()
	if p.sess == nil || p.ended {
		p.mu.Unlock()
		return
	}
	p.ended = true
	s := p.sess.Terminated(time.Now())
	p.mu.Unlock()
	p.send([]xapi.Statement{s})
}

func (p *cmi5Page) send(out []xapi.Statement) {
	if len(out) == 0 {
		return
	}
	ob := sharedOutbox()
	for _, s := range out {
		_ = ob.Add(p.sess.Launch(), s)
	}
	ob.Flush(func(xapi.State) { p.changed() })
	p.changed()
}
