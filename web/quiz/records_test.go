package quiz

import (
	"errors"
	"strings"
	"testing"

	"latentlab/web/store"
)

// roundTrip stores lesson slug of p through Records and reads it back.
func roundTrip(t *testing.T, p *Progress, slug string) (*Progress, string) {
	t.Helper()
	r := NewRecords(store.New(store.NewMemory()))
	if _, _, err := r.Update(slug, func(q *Progress) { q.Lessons[slug] = p.Lessons[slug] }); err != nil {
		t.Fatal(err)
	}
	return r.Lesson(slug)
}

func answered() Result { return Result{Answered: true, Correct: true, Score: 1} }

// Each lesson is its own record: a damaged record costs that lesson only,
// with a notice shown once, and the next write replaces it.
func TestRecordsDamagedLessonLosesOnlyItself(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	r := NewRecords(store.New(m))
	if _, _, err := r.Update("vae", func(p *Progress) { p.Record("vae", q, "tf", answered(), false) }); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"not json":      `{"version":3,"quizzes":`,
		"score 7":       `{"version":3,"quizzes":{"q":{"questions":{"a":{"score":7}}}}}`,
		"no version":    `{"quizzes":{}}`,
		"version 2":     `{"version":2,"quizzes":{}}`,
		"huge attempts": `{"version":3,"quizzes":{"q":{"questions":{"a":{"attempts":1e300}}}}}`,
	} {
		_ = m.Set(LessonKey("cae"), bad)
		p, notice := r.Lesson("cae")
		if notice == "" || len(p.Lessons["cae"].Quizzes) != 0 {
			t.Errorf("%s: notice %q, lesson %+v", name, notice, p.Lessons["cae"])
		}
		if vae, n := r.Lesson("vae"); n != "" || !vae.Question("vae", "vae-check", "tf").Correct {
			t.Errorf("%s: another lesson's damage touched vae (%q)", name, n)
		}
		_, notice, err := r.Update("cae", func(p *Progress) { p.Seen("cae", q) })
		if err != nil || notice == "" {
			t.Errorf("%s: repairing write: %v, notice %q", name, err, notice)
		}
		if _, n := r.Lesson("cae"); n != "" {
			t.Errorf("%s: notice shown again after the repair: %q", name, n)
		}
	}
}

// A record of a newer version is copied aside byte for byte before this
// version writes that lesson afresh.
func TestRecordsNewerVersionSetAside(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	r := NewRecords(store.New(m))
	future := `{"version":9,"quizzes":{"vae-check":{"questions":{"tf":{"correct":true,"score":1,"attempts":1,"confidence":0.8}}}}}`
	_ = m.Set(LessonKey("vae"), future)
	if p, notice := r.Lesson("vae"); notice != NoticeSetAside || p.Question("vae", "vae-check", "tf") != nil {
		t.Errorf("read: %q", notice)
	}
	if m.Raw()[LessonKey("vae")] != future {
		t.Fatal("reading changed the newer record")
	}
	_, notice, err := r.Update("vae", func(p *Progress) { p.Record("vae", q, "kl-term", answered(), false) })
	if err != nil || notice != NoticeSetAside {
		t.Fatalf("update: %v %q", err, notice)
	}
	raw := m.Raw()
	if raw[AsideKey(LessonKey("vae"))] != future {
		t.Errorf("aside copy %q", raw[AsideKey(LessonKey("vae"))])
	}
	if !strings.Contains(raw[LessonKey("vae")], `"version":3`) {
		t.Errorf("lesson record %q", raw[LessonKey("vae")])
	}
	// The same newer record found again (a later visit) is set aside once.
	_ = m.Set(LessonKey("vae"), future)
	if _, _, err := r.Update("vae", func(*Progress) {}); err != nil {
		t.Errorf("second visit: %v", err)
	}
}

// Where the copy cannot be made (storage full) the newer record stays
// untouched and the visit's answers are kept in memory (ErrHeld).
func TestRecordsNewerVersionHeldWhenFull(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	future := `{"version":4,"quizzes":{}}`
	_ = m.Set(LessonKey("vae"), future)
	m.SetQuota(len(LessonKey("vae")) + len(future) + 8)
	r := NewRecords(store.New(m))
	p, notice, err := r.Update("vae", func(p *Progress) { p.Record("vae", q, "tf", answered(), false) })
	if !errors.Is(err, ErrHeld) || notice != NoticeHeld || !p.Question("vae", "vae-check", "tf").Correct {
		t.Fatalf("update: %v %q", err, notice)
	}
	if m.Raw()[LessonKey("vae")] != future {
		t.Error("newer record overwritten")
	}
	if back, n := r.Lesson("vae"); n != NoticeHeld || !back.Question("vae", "vae-check", "tf").Correct {
		t.Errorf("visit's answers lost: %q", n)
	}
}

// A version 1 or 2 record is split into lesson records at the first write,
// one bad lesson in it costing only that lesson, and then removed.
func TestRecordsSplitLegacy(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	_ = m.Set(LegacyKey, `{"version":1,"lessons":{
	  "vae":{"quizzes":{"vae-check":{"total":8,"questions":{"kl-term":{"correct":true,"score":1,"attempts":2},"refl":{"score":0.5,"attempts":1,"rated":true}}}},"completed":false},
	  "cae":{"quizzes":{"c":{"questions":{"x":{"score":-4}}}}},
	  "dae":null}}`)
	r := NewRecords(store.New(m))
	p, notice := r.Lesson("vae")
	kl, ex := p.Question("vae", "vae-check", "kl-term"), p.Question("vae", "vae-check", "refl")
	if notice != "" || kl == nil || !kl.Correct || kl.Attempts != 2 || ex == nil || !ex.Rated || ex.Score != 0.5 {
		t.Fatalf("version 1 read: %q %+v %+v", notice, kl, ex)
	}
	if s := p.Summary("vae"); s.Done != 2 || s.Total != 8 || !s.Started {
		t.Errorf("summary %+v", s)
	}
	if _, notice := r.Lesson("cae"); notice != NoticeImpossible {
		t.Errorf("bad lesson in a legacy record: %q", notice)
	}
	if _, _, err := r.Update("dae", func(p *Progress) { p.Seen("dae", q) }); err != nil {
		t.Fatal(err)
	}
	raw := m.Raw()
	if _, ok := raw[LegacyKey]; ok {
		t.Error("legacy record kept after the split")
	}
	if !strings.Contains(raw[LessonKey("vae")], `"kl-term":{"correct":true,"score":1,"attempts":2}`) || !strings.Contains(raw[LessonKey("vae")], `"version":3`) {
		t.Errorf("vae after the split: %s", raw[LessonKey("vae")])
	}
	if _, ok := raw[LessonKey("cae")]; ok {
		t.Error("the bad lesson was written back")
	}
	// A legacy record that is not JSON at all: a notice, then it is removed.
	_ = m.Set(LegacyKey, `{"version":99,"lessons":[1,2`)
	if _, notice := r.Lesson("reparameterization"); notice != NoticeDamaged {
		t.Errorf("damaged legacy: %q", notice)
	}
	if _, notice, _ := r.Update("reparameterization", func(*Progress) {}); notice != NoticeDamaged {
		t.Errorf("damaged legacy, update: %q", notice)
	}
	if _, ok := m.Raw()[LegacyKey]; ok {
		t.Error("damaged legacy record kept")
	}
}

// A legacy record that cannot be split (storage full) stays, and reads keep
// working from it and from what is kept in memory.
func TestRecordsSplitLegacyFull(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	legacy := `{"version":2,"lessons":{"vae":{"quizzes":{"vae-check":{"total":8,"questions":{"tf":{"correct":true,"score":1,"attempts":1}}}}}}}`
	_ = m.Set(LegacyKey, legacy)
	m.SetQuota(len(LegacyKey) + len(legacy) + 10)
	r := NewRecords(store.New(m))
	p, _, err := r.Update("vae", func(p *Progress) { p.Record("vae", q, "kl-term", answered(), false) })
	if !errors.Is(err, store.ErrFull) {
		t.Fatalf("update on a full store: %v", err)
	}
	if m.Raw()[LegacyKey] != legacy {
		t.Error("legacy record removed before its lessons were stored")
	}
	if back, _ := r.Lesson("vae"); back.Question("vae", "vae-check", "tf") == nil || back.Question("vae", "vae-check", "kl-term") == nil {
		t.Errorf("answers lost: %+v", p.Lessons["vae"])
	}
	// Reset takes the lesson out of the legacy record too.
	if _, err := r.ResetLesson("vae"); err != nil {
		t.Fatal(err)
	}
	if back, _ := r.Lesson("vae"); back.Question("vae", "vae-check", "tf") != nil {
		t.Error("reset lesson comes back from the legacy record")
	}
}

// A full store: the answer is kept for the visit, the error says full, and
// the next write once there is room stores both.
func TestRecordsFullKeepsAnswers(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	m.SetQuota(64)
	r := NewRecords(store.New(m))
	_, _, err := r.Update("vae", func(p *Progress) { p.Record("vae", q, "tf", answered(), false) })
	if !errors.Is(err, store.ErrFull) {
		t.Fatalf("full: %v", err)
	}
	if p, _ := r.Lesson("vae"); !p.Question("vae", "vae-check", "tf").Correct {
		t.Error("answer not kept for the visit")
	}
	m.SetQuota(0)
	if err := r.Store().Flush(); err != nil {
		t.Fatal(err)
	}
	back, _ := NewRecords(store.New(m)).Lesson("vae") // a later visit
	if s := back.Question("vae", "vae-check", "tf"); s == nil || !s.Correct {
		t.Error("answer not stored by the retry")
	}
}

// Two writers with copies read at different times both keep their changes.
func TestRecordsKeepOtherWriters(t *testing.T) {
	q := decodeSample(t)
	other := &Quiz{ID: "other", Questions: q.Questions[:1]}
	r := NewRecords(store.New(store.NewMemory()))
	if _, _, err := r.Update("vae", func(p *Progress) { p.SetText("vae", q, "refl", "draft") }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Update("vae", func(p *Progress) { p.Record("vae", other, "kl-term", answered(), false) }); err != nil {
		t.Fatal(err)
	}
	back, _ := r.Lesson("vae")
	if back.Text("vae", "vae-check", "refl") != "draft" || back.Question("vae", "other", "kl-term") == nil {
		t.Error("a writer's change was lost")
	}
}

// Every reset can be undone, one lesson or all of them.
func TestRecordsResetUndo(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	r := NewRecords(store.New(m))
	for _, slug := range []string{"vae", "cae"} {
		if _, _, err := r.Update(slug, func(p *Progress) { p.Record(slug, q, "tf", answered(), false) }); err != nil {
			t.Fatal(err)
		}
	}
	_ = m.Set("latentlab-theme", "dark")
	before := m.Raw()
	snap, err := r.ResetLesson("vae")
	if err != nil || r.Summary("vae").Started || !r.Summary("cae").Started {
		t.Fatalf("reset vae: %v", err)
	}
	if err := r.Undo(snap); err != nil || !r.Summary("vae").Started {
		t.Fatalf("undo vae: %v", err)
	}
	all, err := r.ResetAll()
	if err != nil || r.Summary("vae").Started || r.Summary("cae").Started {
		t.Fatalf("reset all: %v", err)
	}
	if m.Raw()["latentlab-theme"] != "dark" {
		t.Error("reset all removed the theme")
	}
	if err := r.Undo(all); err != nil {
		t.Fatal(err)
	}
	after := m.Raw()
	if len(after) != len(before) {
		t.Errorf("after undo %v, before %v", after, before)
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %q after undo, %q before", k, after[k], v)
		}
	}
}

// Blocked storage: everything works for the visit, writes say ErrBlocked.
func TestRecordsBlocked(t *testing.T) {
	q := decodeSample(t)
	m := store.NewMemory()
	m.SetBlocked(true)
	r := NewRecords(store.New(m))
	p, notice := r.Lesson("vae")
	if notice != "" || len(p.Lessons["vae"].Quizzes) != 0 {
		t.Errorf("blocked read: %q", notice)
	}
	if _, _, err := r.Update("vae", func(p *Progress) { p.Record("vae", q, "tf", answered(), false) }); !errors.Is(err, store.ErrBlocked) {
		t.Errorf("blocked write: %v", err)
	}
	if !r.Summary("vae").Started || r.Store().Persistent() {
		t.Error("answer not kept for the visit")
	}
}

func TestDecodeHostile(t *testing.T) {
	for name, in := range map[string]string{
		"corrupt":        `{"version":3,"quizzes":{`,
		"not json":       `hello`,
		"old version":    `{"version":0,"quizzes":{}}`,
		"no version":     `{"quizzes":{}}`,
		"string version": `{"version":"3","quizzes":{}}`,
		"array":          `[1,2,3]`,
		"quizzes string": `{"version":3,"quizzes":"x"}`,
		"neg attempts":   `{"version":3,"quizzes":{"q":{"questions":{"a":{"attempts":-1}}}}}`,
		"neg total":      `{"version":3,"quizzes":{"q":{"total":-3}}}`,
		"correct string": `{"version":3,"quizzes":{"q":{"questions":{"a":{"correct":"yes"}}}}}`,
		"huge version":   `{"version":1e400,"quizzes":{}}`,
		"text number":    `{"version":3,"quizzes":{"q":{"questions":{"a":{"text":42}}}}}`,
	} {
		l, st := decodeLesson([]byte(in))
		if l == nil || len(l.Quizzes) != 0 || (st != recordDamaged && st != recordImpossible) {
			t.Errorf("%s: %+v, state %d", name, l, st)
		}
	}
	if _, st := decodeLesson([]byte(`{"version":4}`)); st != recordNewer {
		t.Errorf("future version: state %d", st)
	}
	for _, in := range []string{"", "  ", "null"} {
		if l, st := decodeLesson([]byte(in)); st != recordNone || l == nil {
			t.Errorf("%q: state %d", in, st)
		}
	}
	// Nulls inside are tolerated and cleaned.
	l, st := decodeLesson([]byte(`{"version":3,"quizzes":{"q":null,"r":{"questions":{"a":null}}}}`))
	if st != recordOK || l.Quizzes["q"] != nil || len(l.Quizzes["r"].Questions) != 0 {
		t.Errorf("nulls: %d %+v", st, l)
	}
	for _, in := range []string{`{"version":1,"lessons":[]}`, `{"version":2,"lessons":{`, `7`} {
		if rec := decodeLegacy([]byte(in)); rec.state != recordDamaged {
			t.Errorf("legacy %s: state %d", in, rec.state)
		}
	}
}
