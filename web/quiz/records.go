package quiz

import (
	"errors"
	"sync"

	"latentlab/web/store"
)

// Notices shown to the student about stored progress that could not be used.
const (
	NoticeDamaged    = "Your saved progress in this lesson could not be read and has been reset."
	NoticeImpossible = "Your saved progress in this lesson had impossible values and has been reset."
	NoticeSetAside   = "Your progress in this lesson was saved by a newer version of Latent Lab. It is kept aside, unchanged, and this version starts the lesson afresh."
	NoticeHeld       = "Your progress in this lesson was saved by a newer version of Latent Lab and is kept unchanged; answers you give here are kept only while this page is open."
)

// ErrHeld is returned by Update for a lesson whose stored record belongs to a
// newer version and could not be set aside: the change is kept in memory for
// the visit, the stored record is not touched.
var ErrHeld = errors.New("progress in this lesson is kept for this visit only")

// Records is quiz progress kept in a store, one record per lesson. Reading
// writes nothing; the first write after a problem repairs it: a damaged
// record is replaced, a newer version's record is first copied aside
// unchanged, and a version 1–2 record is split into lesson records.
// Its methods are safe for concurrent use.
type Records struct {
	st   *store.Store
	mu   sync.Mutex
	held map[string]*LessonProgress // see ErrHeld
}

// NewRecords returns the progress kept in st.
func NewRecords(st *store.Store) *Records {
	return &Records{st: st, held: map[string]*LessonProgress{}}
}

var (
	localOnce sync.Once
	local     *Records
)

// Local returns the progress kept in the browser (store.Local).
func Local() *Records {
	localOnce.Do(func() { local = NewRecords(store.Local()) })
	return local
}

// Store returns the store the records live in.
func (r *Records) Store() *store.Store { return r.st }

// Lesson returns lesson slug's progress (a Progress holding that lesson
// only) and, when its stored record could not be used, a notice for the
// student. It never fails and writes nothing.
func (r *Records) Lesson(slug string) (*Progress, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, _, st := r.read(slug)
	return &Progress{Lessons: map[string]*LessonProgress{slug: l}}, noticeFor(st, r.held[slug] != nil)
}

// Summary returns lesson slug's progress for the catalog.
func (r *Records) Summary(slug string) LessonSummary {
	p, _ := r.Lesson(slug)
	return p.Summary(slug)
}

// Update reads lesson slug's progress afresh, applies change to it and
// stores the result, which it returns with Lesson's notice. Reading first
// means that several quizzes on one page (or the same lesson in two tabs)
// never overwrite each other's answers with a copy read earlier.
//
// When the store cannot keep the result (full, blocked) the error says so
// (store.ErrFull, store.ErrBlocked, ErrHeld), and the result is kept in
// memory for the visit all the same: the returned progress is always the
// changed one. An unchanged record is not written again.
func (r *Records) Update(slug string, change func(*Progress)) (*Progress, string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, _, first := r.read(slug) // the notice is about the record as found
	r.splitLegacy()
	l, raw, st := r.read(slug)
	held := r.held[slug] != nil
	if st == recordNewer && !held {
		if err := r.setAside(LessonKey(slug), raw); err != nil {
			r.held[slug], held = l, true
		}
	}
	notice := noticeFor(max(first, st), held)
	before := encodeLesson(l)
	p := &Progress{Lessons: map[string]*LessonProgress{slug: l}}
	change(p)
	l = p.lesson(slug)
	if held {
		r.held[slug] = l
		return p, notice, ErrHeld
	}
	after := encodeLesson(l)
	if st == recordOK && after == before {
		if _, own := r.st.Get(LessonKey(slug)); own {
			return p, notice, nil
		}
	}
	return p, notice, r.st.Set(LessonKey(slug), after)
}

// ResetLesson forgets lesson slug's progress and returns what Undo needs to
// bring it back.
func (r *Records) ResetLesson(slug string) (store.Snapshot, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.splitLegacy()
	keys := []string{LessonKey(slug)}
	legacy, hasLegacy := r.st.Get(LegacyKey)
	if hasLegacy {
		keys = append(keys, LegacyKey)
	}
	snap := r.st.Snapshot(keys...)
	delete(r.held, slug)
	err := r.st.Remove(LessonKey(slug))
	if hasLegacy { // not split yet: take the lesson out of it too
		if rec := decodeLegacy([]byte(legacy)); rec.state == recordOK {
			delete(rec.lessons, slug)
			err = errors.Join(err, r.st.Set(LegacyKey, encodeLegacy(rec.lessons)))
		}
	}
	return snap, err
}

// ResetAll forgets every lesson's progress and returns what Undo needs.
func (r *Records) ResetAll() (store.Snapshot, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := r.st.Keys(KeyPrefix)
	if _, ok := r.st.Get(LegacyKey); ok {
		keys = append(keys, LegacyKey)
	}
	snap := r.st.Snapshot(keys...)
	clear(r.held)
	var err error
	for _, k := range keys {
		err = errors.Join(err, r.st.Remove(k))
	}
	return snap, err
}

// Undo puts back what a reset removed.
func (r *Records) Undo(snap store.Snapshot) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range snap {
		if len(k) > len(KeyPrefix) && k[:len(KeyPrefix)] == KeyPrefix {
			delete(r.held, k[len(KeyPrefix):])
		}
	}
	return r.st.Restore(snap)
}

// read returns lesson slug's progress, its raw stored record and state: the
// visit's copy of a held lesson, else the lesson record, else the lesson in
// a version 1–2 record not split yet. Caller holds mu.
func (r *Records) read(slug string) (*LessonProgress, string, recordState) {
	if l := r.held[slug]; l != nil {
		return l, "", recordNewer
	}
	if raw, ok := r.st.Get(LessonKey(slug)); ok {
		l, st := decodeLesson([]byte(raw))
		return l, raw, st
	}
	raw, ok := r.st.Get(LegacyKey)
	if !ok {
		return newLesson(), "", recordNone
	}
	rec := decodeLegacy([]byte(raw))
	switch {
	case rec.state == recordNewer:
		return newLesson(), "", recordNone // not this lesson's record: splitLegacy sets it aside
	case rec.state != recordOK:
		return newLesson(), "", rec.state
	case rec.bad[slug] != recordNone:
		return newLesson(), "", rec.bad[slug]
	case rec.lessons[slug] != nil:
		return rec.lessons[slug], "", recordOK
	}
	return newLesson(), "", recordNone
}

// splitLegacy turns a version 1–2 record into lesson records (lessons that
// already have one keep it) and removes it once every lesson is stored. A
// damaged one is removed; a newer version's is set aside. Caller holds mu.
func (r *Records) splitLegacy() {
	raw, ok := r.st.Get(LegacyKey)
	if !ok {
		return
	}
	rec := decodeLegacy([]byte(raw))
	switch rec.state {
	case recordNewer:
		if r.setAside(LegacyKey, raw) == nil {
			_ = r.st.Remove(LegacyKey)
		}
		return
	case recordOK:
	default:
		_ = r.st.Remove(LegacyKey)
		return
	}
	stored := true
	for slug, l := range rec.lessons {
		if _, own := r.st.Get(LessonKey(slug)); own {
			continue
		}
		if r.st.Set(LessonKey(slug), encodeLesson(l)) != nil {
			stored = false
		}
	}
	if stored {
		_ = r.st.Remove(LegacyKey)
	}
}

// setAside copies the record raw stored under key to AsideKey(key), unless
// a different record is already kept there. Caller holds mu.
func (r *Records) setAside(key, raw string) error {
	aside := AsideKey(key)
	if old, ok := r.st.Get(aside); ok {
		if old == raw {
			return nil
		}
		return errors.New("another record is already kept aside")
	}
	return r.st.Set(aside, raw)
}

func noticeFor(st recordState, held bool) string {
	switch {
	case held:
		return NoticeHeld
	case st == recordDamaged:
		return NoticeDamaged
	case st == recordImpossible:
		return NoticeImpossible
	case st == recordNewer:
		return NoticeSetAside
	}
	return ""
}
