package quiz

import (
	"bytes"
	"encoding/json"
)

// Stored progress: one record per lesson, so that a damaged record loses at
// most that lesson.
//
//	latentlab.progress.vae → {"version": 3, "quizzes": {"vae-check": {"total": 8,
//	  "questions": {"kl-term": {"correct": true, "score": 1, "attempts": 2},
//	                "explain-vae": {"rated": true, "score": 1, "attempts": 1,
//	                                "text": "The encoder maps x to μ and σ…"}}}},
//	  "completed": false}
//
// History: 1 — every lesson in one record under LegacyKey ({"version": 1,
// "lessons": {slug: lesson}}): scores, attempts, completion; 2 — adds the
// reflection text ("text" on a question); 3 — one record per lesson under
// LessonKey(slug), the lesson's fields at the top level. Records of versions
// 1 and 2 are split into version 3 records at the first write; a record of
// a newer version is moved aside, byte for byte, under AsideKey (see Records).
const (
	ProgressVersion = 3
	// KeyPrefix starts the key of every lesson record (KeyPrefix + slug).
	KeyPrefix = "latentlab.progress."
	// LegacyKey held every lesson's progress in versions 1 and 2.
	LegacyKey = "latentlab.progress"
	// AsidePrefix starts the key under which a record written by a newer
	// version is kept, unchanged, when this version starts that lesson
	// afresh (AsidePrefix + the record's own key). A newer version that finds
	// its own record there may take it back.
	AsidePrefix = "latentlab.aside."
)

// LessonKey is the storage key of lesson slug's progress record.
func LessonKey(slug string) string { return KeyPrefix + slug }

// AsideKey is where a newer version's record stored under key is kept.
func AsideKey(key string) string { return AsidePrefix + key }

// recordState says what a stored record turned out to be.
type recordState int

const (
	recordNone       recordState = iota // nothing stored (states are ordered: a later one matters more)
	recordOK                            // readable, current or migrated
	recordDamaged                       // not JSON, wrong shape, no version
	recordImpossible                    // readable but out-of-range values
	recordNewer                         // written by a newer version
)

// lessonRecord is the stored form of one lesson (version 3).
type lessonRecord struct {
	Version int `json:"version"`
	LessonProgress
}

// encodeLesson writes l as a version 3 record.
func encodeLesson(l *LessonProgress) string {
	b, err := json.Marshal(lessonRecord{Version: ProgressVersion, LessonProgress: *l})
	if err != nil { // cannot happen: only maps, strings, finite numbers
		return `{"version":3,"quizzes":{},"completed":false}`
	}
	return string(b)
}

func newLesson() *LessonProgress {
	return &LessonProgress{Quizzes: map[string]*QuizProgress{}}
}

// decodeLesson reads a version 3 lesson record. It never panics and never
// returns nil: a record it cannot use gives an empty lesson and its state.
func decodeLesson(b []byte) (l *LessonProgress, st recordState) {
	defer func() {
		if recover() != nil {
			l, st = newLesson(), recordDamaged
		}
	}()
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return newLesson(), recordNone
	}
	v, ok := recordVersion(b)
	switch {
	case !ok:
		return newLesson(), recordDamaged
	case v > ProgressVersion:
		return newLesson(), recordNewer
	case v != ProgressVersion:
		return newLesson(), recordDamaged // versions 1–2 never had lesson records
	}
	var rec lessonRecord
	if json.Unmarshal(b, &rec) != nil {
		return newLesson(), recordDamaged
	}
	l = &rec.LessonProgress
	if !l.clean() {
		return newLesson(), recordImpossible
	}
	return l, recordOK
}

// recordVersion reads the "version" of a JSON object: a whole number ≥ 1.
func recordVersion(b []byte) (int, bool) {
	var head struct {
		Version json.RawMessage `json:"version"`
	}
	if json.Unmarshal(b, &head) != nil {
		return 0, false
	}
	var v int
	if json.Unmarshal(head.Version, &v) != nil || v < 1 {
		return 0, false
	}
	return v, true
}

// legacyRecord is the single record of versions 1 and 2.
type legacyRecord struct {
	lessons map[string]*LessonProgress // the lessons that could be read
	bad     map[string]recordState     // the lessons that could not, and why
	state   recordState                // of the record as a whole
}

// decodeLegacy reads a version 1 or 2 record lesson by lesson, so that one
// bad lesson does not cost the others. It never panics.
func decodeLegacy(b []byte) (rec legacyRecord) {
	defer func() {
		if recover() != nil {
			rec = legacyRecord{state: recordDamaged}
		}
	}()
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return legacyRecord{state: recordNone}
	}
	v, ok := recordVersion(b)
	switch {
	case !ok:
		return legacyRecord{state: recordDamaged}
	case v > 2:
		return legacyRecord{state: recordNewer}
	}
	var all struct {
		Lessons map[string]json.RawMessage `json:"lessons"`
	}
	if json.Unmarshal(b, &all) != nil {
		return legacyRecord{state: recordDamaged}
	}
	rec = legacyRecord{lessons: map[string]*LessonProgress{}, bad: map[string]recordState{}, state: recordOK}
	for slug, raw := range all.Lessons {
		if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		var l LessonProgress
		switch {
		case json.Unmarshal(raw, &l) != nil:
			rec.bad[slug] = recordDamaged
		case !l.clean():
			rec.bad[slug] = recordImpossible
		default:
			rec.lessons[slug] = &l
		}
	}
	return rec
}

// encodeLegacy writes lessons as a version 2 record (used only to take a
// lesson out of a legacy record that could not be split yet).
func encodeLegacy(lessons map[string]*LessonProgress) string {
	b, _ := json.Marshal(struct {
		Version int                        `json:"version"`
		Lessons map[string]*LessonProgress `json:"lessons"`
	}{2, lessons})
	return string(b)
}
