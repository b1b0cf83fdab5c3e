package page

import "latentlab/web/lesson"

// lessonProgress returns a short progress text per lesson slug, read from
// the quiz engine's saved progress (web/quiz). Lessons without progress are
// absent from the map.
func lessonProgress(idx *lesson.Index) map[string]string {
	return map[string]string{}
}
