package quizview

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/store"
)

// What the quiz says when the browser does not keep what the student did.
const (
	// noteNotKept heads the quiz when the browser refuses storage.
	noteNotKept = "This browser does not let Latent Lab store data, so your answers are kept only while this page is open."
	unsavedFull = "Not saved: this browser's storage is full."
	unsavedMisc = "Not saved: this browser refused to store it."
	unsavedTail = " Your answer stays on this page, and saving is tried again."
)

// Retries of unsaved writes: after firstRetry, then twice as long each time
// up to maxRetry, while the storage stays full.
const (
	firstRetry = 5 * time.Second
	maxRetry   = time.Minute
)

// after runs f on the UI goroutine after d (tests replace it: go-app's
// test dispatcher waits for every ctx.After before it returns).
var after = func(ctx app.Context, d time.Duration, f func(app.Context)) { ctx.After(d, f) }

// saved shows, under each question of idx, whether its save (which returned
// err) was stored, and schedules a retry when it was not. Storage that is
// blocked, or a lesson kept for the visit, gives no note per question: the
// quiz says it once at the top (noteNotKept, the record notice).
func (v *View) saved(ctx app.Context, idx []int, err error) {
	if len(idx) == 0 {
		return
	}
	quiet := errors.Is(err, store.ErrBlocked) || errors.Is(err, quiz.ErrHeld)
	for _, i := range idx {
		v.unsaved[i] = ""
		switch {
		case err == nil:
			v.draftNote[i] = draftSaved
		case quiet:
			v.draftNote[i] = draftKept
		default:
			v.draftNote[i] = ""
			v.unsaved[i] = unsavedMisc
			if errors.Is(err, store.ErrFull) {
				v.unsaved[i] = unsavedFull
			}
		}
	}
	if err == nil || quiet {
		v.clearUnsaved() // this save also stored what was waiting
		return
	}
	v.scheduleRetry(ctx)
}

// clearUnsaved drops the "Not saved" notes once nothing waits to be stored.
func (v *View) clearUnsaved() {
	if records().Store().Unsaved() {
		return
	}
	for i, u := range v.unsaved {
		if u != "" {
			v.unsaved[i] = ""
			v.draftNote[i] = draftSaved
		}
	}
	v.retryDelay = 0
}

// scheduleRetry retries the unsaved writes after a delay that doubles while
// they keep failing.
func (v *View) scheduleRetry(ctx app.Context) {
	if v.retrying {
		return
	}
	v.retrying = true
	v.retryDelay = min(max(2*v.retryDelay, firstRetry), maxRetry)
	key := v.key
	after(ctx, v.retryDelay, func(ctx app.Context) {
		v.retrying = false
		if v.key == key {
			v.retry(ctx)
		}
	})
}

// retry stores what is waiting (the Try again button, and the timer).
func (v *View) retry(ctx app.Context) {
	if records().Store().Flush() == nil {
		v.clearUnsaved()
		return
	}
	v.scheduleRetry(ctx)
}

// renderUnsaved is the note under question i when its save is not stored.
func (v *View) renderUnsaved(i int) app.UI {
	return app.P().Class("quiz-unsaved").ID(v.fieldID(i, "-unsaved")).Role("alert").Body(
		app.Text(v.unsaved[i]+unsavedTail+" "),
		app.Button().Type("button").Class("btn btn-small").
			OnClick(func(ctx app.Context, e app.Event) { v.retry(ctx) }, v.key, i).Text("Try again"),
	)
}
