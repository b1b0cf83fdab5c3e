package quiz

// Prediction is an ungraded predict-then-observe item of a lesson: the
// student's guess, made before a widget showed what happens, and what it
// then showed. It counts towards nothing (Completed, scores), but it is kept
// with the lesson's progress and reset with it.
type Prediction struct {
	Guess    string `json:"guess"`
	Observed string `json:"observed,omitempty"`
}

// SetPrediction records the guess for prediction id of lesson slug (an
// earlier one is replaced) and what the widget showed (texts cut to
// MaxTextLen).
func (p *Progress) SetPrediction(slug, id, guess, observed string) {
	l := p.lesson(slug)
	if l.Predictions == nil {
		l.Predictions = map[string]*Prediction{}
	}
	l.Predictions[id] = &Prediction{Guess: CapText(guess), Observed: CapText(observed)}
}

// Prediction returns the stored prediction id of lesson slug (nil if none).
func (p *Progress) Prediction(slug, id string) *Prediction {
	if l := p.Lessons[slug]; l != nil {
		return l.Predictions[id]
	}
	return nil
}

// cleanPredictions drops nil entries and cuts over-long texts.
func (l *LessonProgress) cleanPredictions() {
	for id, pr := range l.Predictions {
		if pr == nil {
			delete(l.Predictions, id)
			continue
		}
		pr.Guess, pr.Observed = CapText(pr.Guess), CapText(pr.Observed)
	}
}
