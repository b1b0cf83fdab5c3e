package step

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/quiz"
)

// prediction is a predict-then-observe prompt shown before a stage: the
// student's guess is recorded (an ungraded item of the lesson's quiz
// progress), then the stage shows what the engine computed.
type prediction struct {
	question string
	choices  []string
	observed func(t *engine.Trace) int // the choice the trace bears out
}

// predictions are keyed by the stage they come before.
var predictions = map[string]prediction{
	"z": {
		question: "ε has been drawn. Where will z = μ + σ ⊙ ε land on the latent map?",
		choices: []string{"Inside the thick ellipse (within μ ± σ)", "Between the two ellipses",
			"Outside the thin ellipse (beyond μ ± 2σ)"},
		observed: func(t *engine.Trace) int {
			// (z_j − μ_j)/σ_j = ε_j: the ellipses' level is ‖(ε₁, ε₂)‖.
			r := math.Hypot(float64(t.Eps[0]), float64(t.Eps[min(1, len(t.Eps)-1)]))
			switch {
			case r <= 1:
				return 0
			case r <= 2:
				return 1
			}
			return 2
		},
	},
	"update": {
		question: "After one gradient step on this digit alone, its loss (same ε) will…",
		choices:  []string{"go down", "stay exactly the same", "go up"},
		observed: func(t *engine.Trace) int {
			switch {
			case t.LossAfter < t.Loss:
				return 0
			case t.LossAfter == t.Loss:
				return 1
			}
			return 2
		},
	},
}

// pendingPrediction returns the prompt of the current stage when the
// student has not answered it yet.
func (w *stepThrough) pendingPrediction() (prediction, bool) {
	key := w.stages()[w.stage].key
	p, ok := predictions[key]
	if !ok || !shown(w.tr) || w.guesses[key] != "" {
		return prediction{}, false
	}
	return p, true
}

// guess records choice i for the current stage's prompt and reveals it.
func (w *stepThrough) guess(i int) {
	key := w.stages()[w.stage].key
	p := predictions[key]
	w.guesses[key] = p.choices[i]
	observed := p.choices[p.observed(w.tr)]
	if slug := w.B.Lesson; slug != "" {
		id := w.B.ID + ":" + key
		quiz.Local().Update(slug, func(pr *quiz.Progress) { pr.SetPrediction(slug, id, p.choices[i], observed) })
	}
	w.anim = 1
	if key == "z" && !w.reduced {
		w.anim = 0
	}
	w.redraw()
}

// outcome says what the student guessed and what the engine computed.
func (w *stepThrough) outcome() string {
	key := w.stages()[w.stage].key
	p, ok := predictions[key]
	g := w.guesses[key]
	if !ok || g == "" || !shown(w.tr) {
		return ""
	}
	observed := p.choices[p.observed(w.tr)]
	if g == observed {
		return "You predicted “" + g + "” — and so it is. "
	}
	return "You predicted “" + g + "”; the engine's answer: “" + observed + "”. "
}

// predictionUI is the prompt: the question and one button per choice.
func (w *stepThrough) predictionUI(p prediction) app.UI {
	return app.FieldSet().Attr("data-predict", w.stages()[w.stage].key).Style("border", "1px dashed currentColor").
		Style("border-radius", "6px").Style("padding", "0.5rem 0.75rem").Body(
		app.Legend().Text("Predict first: "+p.question),
		app.Div().Style("display", "flex").Style("gap", "0.5rem").Style("flex-wrap", "wrap").Body(
			app.Range(p.choices).Slice(func(i int) app.UI {
				return app.Button().Type("button").Class("ll-btn").Text(p.choices[i]).
					OnClick(func(ctx app.Context, e app.Event) { w.guess(i) })
			}),
		),
		app.P().Style("font-size", "0.85em").Style("margin", "0.4rem 0 0").
			Text("Your guess is kept with this lesson's quiz progress (not graded). Then the stage shows what the engine computed."),
	)
}
