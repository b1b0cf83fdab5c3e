package step

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
	"latentlab/web/widget/vae"
)

func (w *stepThrough) Render() app.UI {
	return w.Frame("step-through",
		w.controls(),
		w.navigation(),
		w.region(),
		w.sourceToggle(),
		app.P().Class("ll-caption").Style("font-size", "0.85em").Text(w.caption()),
	)
}

// controls pick the digit and the noise and trace the current weights again.
func (w *stepThrough) controls() app.UI {
	if w.B.Hidden {
		return app.Div()
	}
	again := func(ctx app.Context) { w.trace() }
	example := w.Field(pExample.Param, "Held-out digit #", again)
	example.Input = "number"
	var newEps app.UI = app.Text("")
	if w.tr == nil || w.tr.Kind == "vae" {
		newEps = app.Button().Type("button").Class("ll-btn").Disabled(w.B.Locked).Text("New ε").
			OnClick(func(ctx app.Context, e app.Event) {
				w.Set(pSeed.Param, pSeed.Get(w.Vals)+1, nil)
				w.trace()
			})
	}
	return app.Div().Style("display", "flex").Style("gap", "0.75rem").Style("align-items", "center").Style("flex-wrap", "wrap").Body(
		kit.Controls(example),
		newEps,
		app.Button().Type("button").Class("ll-btn").Disabled(w.B.Locked).Text("Trace the current weights").
			OnClick(func(ctx app.Context, e app.Event) { w.trace() }),
	)
}

// navigation is Previous / Play / Next and the list of stages.
func (w *stepThrough) navigation() app.UI {
	n := len(w.stages())
	play := "Play slowly"
	if w.playing {
		play = "Stop playing"
	}
	return app.Div().Style("margin", "0.5rem 0").Body(
		app.Div().Style("display", "flex").Style("gap", "0.5rem").Style("flex-wrap", "wrap").Body(
			app.Button().Type("button").Class("ll-btn").Text("Previous stage").Disabled(w.stage == 0).
				OnClick(func(ctx app.Context, e app.Event) { w.stopPlay(); w.goTo(w.stage - 1) }),
			app.Button().Type("button").Class("ll-btn").Text(play).Disabled(w.tr == nil).
				OnClick(func(ctx app.Context, e app.Event) {
					if w.playing {
						w.stopPlay()
					} else {
						w.startPlay()
					}
				}),
			app.Button().Type("button").Class("ll-btn").Text("Next stage").Disabled(w.stage == n-1).
				OnClick(func(ctx app.Context, e app.Event) { w.stopPlay(); w.goTo(w.stage + 1) }),
		),
		app.Ol().Class("ll-stages").Aria("label", "Stages of the step").Style("display", "flex").Style("flex-wrap", "wrap").
			Style("gap", "0.25rem").Style("padding", "0").Style("margin", "0.5rem 0 0").Style("list-style", "none").Body(
			app.Range(w.stages()).Slice(func(i int) app.UI {
				b := app.Button().Type("button").Class("ll-stage-dot").Text(fmt.Sprint(i+1)).Title(w.stages()[i].title).
					Attr("data-ll-part", w.stages()[i].parts).
					Aria("label", fmt.Sprintf("Stage %d: %s", i+1, w.stages()[i].title)).
					Style("min-width", "2rem").Style("min-height", "2rem").Style("border-radius", "1rem").
					Style("border", "1px solid currentColor").Style("cursor", "pointer").
					OnClick(func(ctx app.Context, e app.Event) { w.stopPlay(); w.goTo(i) })
				if i == w.stage {
					b = b.Aria("current", "step").Style("background", kit.Blue).Style("color", "#fff")
				} else {
					b = b.Style("background", "transparent").Style("color", "inherit")
				}
				return app.Li().Body(b)
			}),
		),
	)
}

// region is the current stage: its title, text and canvases. It takes the
// arrow keys when focused.
func (w *stepThrough) region() app.UI {
	st := w.stages()[w.stage]
	title := fmt.Sprintf("Stage %d of %d: %s", w.stage+1, len(w.stages()), st.title)
	// About as long as the first stage's text, so that the widget keeps its
	// height when the trace arrives.
	text := "Waiting for the model: one held-out digit, its pixel intensities in [0, 1], will go through one training step. " +
		"Everything that follows is what the engine computes for this one image in one training step."
	if shown(w.tr) {
		text = w.outcome() + st.text(w.tr)
	}
	var body app.UI = app.Div().Style("display", "flex").Style("gap", "0.75rem").Style("flex-wrap", "wrap").Style("align-items", "flex-end").Body(
		app.Range(st.figures).Slice(func(i int) app.UI { return w.figureUI(st.figures[i]) }),
	)
	if p, ok := w.pendingPrediction(); ok {
		text, body = "Before this stage, make a prediction.", w.predictionUI(p)
	}
	return app.Section().ID(w.ID("stage")).Role("region").Aria("label", title).Attr("data-stage", st.key).
		TabIndex(0).DataSet(kit.TakeKeys, kit.Keys("ArrowRight", "ArrowLeft", "n", "N", "p", "P", "Home", "End")).OnKeyDown(w.onKey).
		Style("border", "1px solid rgba(128,128,128,0.4)").Style("border-radius", "6px").Style("padding", "0.75rem").
		Body(
			app.H4().Style("margin", "0 0 0.4rem").Text(title),
			app.P().ID(w.ID("text")).Aria("live", "polite").Style("margin", "0 0 0.6rem").
				Style("font-variant-numeric", "tabular-nums").Text(text),
			app.Div().Attr("data-ll-part", st.parts).Body(body),
			app.P().ID(w.ID("drawnote")).Role("status").Style("margin", "0").Text(""), // empty (no height) unless the pictures never came
			app.P().Style("font-size", "0.8em").Style("margin", "0.5rem 0 0").Style("opacity", "0.8").
				Text("Keys: → or n next stage, ← or p previous, Home / End first and last."),
		)
}

// figureUI is one canvas of a stage with its caption.
func (w *stepThrough) figureUI(f figure) app.UI {
	var c app.UI
	switch {
	case f.wide:
		c = app.Canvas().ID(w.ID(f.part)).Role("img").Aria("label", f.label).
			Style("width", "min(100%, 480px)").Style("display", "block").Style("image-rendering", "pixelated").
			Style("background", "#000").Style("border-radius", "4px")
	case f.image:
		c = app.Canvas().ID(w.ID(f.part)).Width(28).Height(28).Role("img").Aria("label", f.label).
			Style("width", "min(140px, 28vw)").Style("aspect-ratio", "1 / 1").Style("display", "block").
			Style("image-rendering", "pixelated").Style("background", "#000").Style("border-radius", "4px")
	case f.ratio != "":
		c = app.Canvas().ID(w.ID(f.part)).Role("img").Aria("label", f.label).
			Style("width", "100%").Style("aspect-ratio", f.ratio).Style("display", "block")
	default:
		c = app.Canvas().ID(w.ID(f.part)).Role("img").Aria("label", f.label).
			Style("width", "100%").Style("height", fmt.Sprintf("%dpx", f.px)).Style("display", "block")
	}
	fig := app.Figure().Style("margin", "0").Body(c, app.FigCaption().Style("font-size", "0.8em").Text(f.label))
	if !f.image {
		fig = fig.Style("flex", "1 1 260px").Style("max-width", "520px")
	}
	return fig
}

// sourceToggle offers the pretrained model or the page's trainer.
func (w *stepThrough) sourceToggle() app.UI {
	if w.B.Hidden || !vae.Follows(w.B.Page, w.Vals) {
		return app.Div()
	}
	return w.Field(vae.PretrainedParam.Param, "Use the pretrained model (untick to follow the model you are training)",
		func(ctx app.Context) { w.follow(ctx) }).UI()
}
