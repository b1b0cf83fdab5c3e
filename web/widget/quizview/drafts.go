package quizview

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
)

// draftDelay is how long typing in a reflection must pause before the text
// is saved; leaving the field (change event) or the page saves at once.
const draftDelay = 600 * time.Millisecond

// Draft notes shown under a reflection's text field.
const (
	draftSaved    = "Saved in this browser."
	draftRestored = "Restored from your last visit."
	draftKept     = "Kept while this page is open."
)

// typed records the text of reflection i and schedules a save once typing
// pauses for draftDelay (each keystroke postpones it).
func (v *View) typed(ctx app.Context, i int, text string) {
	v.resp[i].Text = text
	v.dirty[i] = true
	v.draftNote[i] = ""
	v.draftGen++
	gen, key := v.draftGen, v.key
	ctx.After(draftDelay, func(ctx app.Context) {
		if v.draftGen == gen && v.key == key {
			v.saveDraftsNoted(ctx)
		}
	})
}

// saveDraftsNoted is saveDrafts with the notes under the fields updated.
func (v *View) saveDraftsNoted(ctx app.Context) {
	idx, err := v.saveDrafts()
	v.saved(ctx, idx, err)
}

// saveDrafts stores the text of every reflection typed since the last save
// and cancels pending timers; it returns the questions it saved and the
// error of the save (see View.saved). It is safe to call with nothing to save.
func (v *View) saveDrafts() ([]int, error) {
	v.draftGen++
	var idx []int
	for i, d := range v.dirty {
		if d {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, nil
	}
	err := v.update(func(p *quiz.Progress) {
		for _, i := range idx {
			p.SetText(v.Lesson, v.Quiz, v.Quiz.QuestionID(i), v.resp[i].Text)
		}
	})
	for _, i := range idx {
		v.dirty[i] = false
	}
	return idx, err
}

// restoreDrafts puts the stored reflection texts back into the responses.
func (v *View) restoreDrafts() {
	for i := range v.qs {
		if v.qs[i].Type != quiz.Reflection {
			continue
		}
		if t := v.progress.Text(v.Lesson, v.Quiz.ID, v.Quiz.QuestionID(i)); t != "" {
			v.resp[i].Text = t
			v.draftNote[i] = draftRestored
		}
	}
}

// listenPageHide saves pending drafts when the page is hidden or unloaded
// (reload, tab closed), which a debounce timer would miss. The handler runs
// synchronously inside the browser event, as it must before an unload; it
// only reads the typed texts and writes localStorage.
func (v *View) listenPageHide() {
	if !app.IsClient || v.unlisten != nil {
		return
	}
	fn := app.FuncOf(func(app.Value, []app.Value) any {
		_, _ = v.saveDrafts()
		return nil
	})
	w := app.Window()
	w.Call("addEventListener", "pagehide", fn)
	v.unlisten = func() {
		w.Call("removeEventListener", "pagehide", fn)
		fn.Release()
	}
}

// update applies change to the progress stored in the browser, read afresh
// so that other quizzes' answers are kept, and keeps the result, which
// holds the change even when the browser could not store it (the error
// says why: see quiz.Records.Update).
func (v *View) update(change func(*quiz.Progress)) error {
	p, notice, err := records().Update(v.Lesson, change)
	v.progress = p
	if v.notice == "" {
		v.notice = notice
	}
	v.persistent = records().Store().Persistent()
	return err
}
