// Package step is the step-through widget: one training step of the page's
// VAE on one held-out digit, in slow motion, stage by stage — x, the hidden
// layer, μ and log σ², ε, z = μ + σ ⊙ ε, x̂, the two loss terms, −ELBO, the
// gradients flowing back and the update — with the engine's own numbers
// (engine.Model.Trace: the trainer's forward and backward on that example).
// For a CAE the stages are x, h, the Jacobian J_f(x) with ‖J‖²_F by the
// closed form and by the explicit sum, x̂, reconstruction + λ‖J‖²_F, the
// gradients and the update.
package step

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
	"latentlab/web/widget/vae"
)

var (
	pExample = params.NewInt(params.Param{Name: "example", Default: 0, Min: 0, Max: 299,
		Doc: "which held-out digit to follow (its index among the first 300)"})
	pSeed = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 1 << 30,
		Doc: "seed of the noise ε drawn for the step"})
	pLR = params.NewFloat(params.Param{Name: "lr", Default: 0.001, Min: 1e-5, Max: 0.1,
		Doc: "step size η of the update shown (one gradient step on this digit alone)"})
	stepParams = vae.SourceParams([]string{"vae", "cae"}, pExample, pSeed, pLR)
)

func init() {
	widget.Register(widget.Spec{
		Name:  "step-through",
		Title: "One training step in slow motion",
		Summary: "Follow one held-out digit through one training step of a VAE or a CAE, stage by stage, with the engine's own numbers: " +
			"x, the hidden layer, μ and log σ², ε, z = μ + σ·ε, x̂, the reconstruction and KL terms, −ELBO, the gradients and the update " +
			"(a CAE: x, h, the Jacobian with ‖J‖²_F by closed form and by explicit sum, x̂, reconstruction + λ‖J‖², gradients, update).",
		Params: stepParams,
		New:    func(b widget.Block) app.UI { return &stepThrough{Base: kit.Base{B: b}} },
	})
}

// playGap is how long Play shows each stage.
const playGap = 2500 * time.Millisecond

// stepThrough is the step-through widget.
type stepThrough struct {
	app.Compo
	kit.Base
	ctx    app.Context
	src    *vae.Source
	cancel func()
	frame  kit.Frame

	tr       *engine.Trace // the traced step (nil until it arrives)
	err      string
	pending  bool // a trace is in flight
	stage    int
	playing  bool
	play     *time.Timer
	reduced  bool // prefers-reduced-motion: no tweening
	guesses  map[string]string
	anim     float64 // 0…1: how far z has moved from μ (stage z)
	waitFrom float64 // when drawStage began to wait for the stage's canvases (kit.Now, ms); 0 when not waiting
	bufs     map[string][]byte
}

func (w *stepThrough) OnInit() {
	w.Init(stepParams)
	w.bufs, w.guesses = map[string][]byte{}, map[string]string{}
	w.Cleanup(func() {
		w.stopPlay()
		if w.cancel != nil {
			w.cancel()
		}
		w.frame.Release()
	})
	w.Resized(w.redraw)
}

func (w *stepThrough) OnMount(ctx app.Context) {
	w.ctx = ctx
	w.reduced = prefersReducedMotion()
	w.NeedsEngine() // the trace is the engine's
	w.follow(ctx)
}

// follow (re)chooses the Source and traces as soon as it has a model.
func (w *stepThrough) follow(ctx app.Context) {
	if w.cancel != nil {
		w.cancel()
	}
	w.src = vae.ChooseSource(w.B.Page, w.Vals)
	had := w.src.Model != nil && w.src.Net != nil
	w.cancel = w.src.Subscribe(func() {
		has := w.src.Model != nil && w.src.Net != nil
		if has && (!had || w.tr == nil && !w.pending && w.err == "") {
			ctx.Dispatch(func(app.Context) { w.trace() })
		}
		had = has
	})
	w.tr, w.err = nil, ""
	if had {
		w.trace()
	}
}

// trace asks the engine for the step on the chosen digit.
func (w *stepThrough) trace() {
	if w.src == nil || w.src.Model == nil {
		return
	}
	w.pending = true
	of := engine.TraceOf{Split: "test", Index: pExample.Get(w.Vals), Seed: uint64(pSeed.Get(w.Vals)), LR: pLR.Get(w.Vals)}
	w.src.Model.Trace(of, func(t engine.Trace, err error) {
		w.ctx.Dispatch(func(app.Context) {
			w.pending = false
			if err != nil {
				w.err = "The engine could not trace the step: " + err.Error()
				return
			}
			if !shown(&t) {
				w.err = "The step-through shows a VAE or a CAE; this model is a " + t.Kind + "."
				return
			}
			w.tr, w.err, w.anim = &t, "", 1
			w.stage = min(w.stage, len(w.stages())-1)
			clear(w.guesses) // a new step: predict again
			w.redraw()
		})
	})
}

// shown reports whether t is a trace the widget shows (a VAE's or a CAE's).
func shown(t *engine.Trace) bool { return t != nil && (t.Kind == "vae" || t.Kind == "cae") }

// stages are the stages of the traced model's kind (a VAE's before a trace).
func (w *stepThrough) stages() []stage {
	if w.tr != nil && w.tr.Kind == "cae" {
		return caeStages
	}
	return vaeStages
}

// go to stage k (clamped), animating z at its stage unless motion is reduced.
func (w *stepThrough) goTo(k int) {
	k = max(0, min(k, len(w.stages())-1))
	if k == w.stage {
		return
	}
	w.stage = k
	w.anim = 1
	if w.stages()[k].key == "z" && !w.reduced {
		w.anim = 0
	}
	w.redraw()
}

// redraw draws the current stage's canvases on the next frame.
func (w *stepThrough) redraw() {
	w.waitFrom = 0
	w.markDrawn("")
	w.frame.Request(w.drawStage)
}

// markDrawn sets the stage region's data-drawn attribute: the key of the
// stage once its canvases show their final picture (any animation over),
// empty while a draw is due. The browser tests wait for it rather than for a
// number of animation frames, which a loaded machine does not keep to.
func (w *stepThrough) markDrawn(key string) {
	if region := kit.Element(w.ID("stage")); kit.Present(region) {
		region.Call("setAttribute", "data-drawn", key)
	}
}

func (w *stepThrough) drawStage() {
	if !shown(w.tr) {
		return
	}
	st := w.stages()[w.stage]
	if !w.laidOut(st) {
		// The page has not rendered this stage's canvases yet: go-app
		// renders on its own goroutine, which a loaded machine runs many
		// animation frames after the key press. Wait for them — for a
		// time, not a count of frames — and say so if they never come.
		w.waitForLayout()
		return
	}
	w.waitFrom = 0
	kit.SetText(w.ID("drawnote"), "")
	if st.draw != nil {
		st.draw(w, w.tr)
	}
	if _, pending := w.pendingPrediction(); w.anim >= 1 && !pending {
		w.markDrawn(st.key)
	}
	if w.anim < 1 {
		w.anim = min(1, w.anim+1.0/40) // about two thirds of a second at 60 Hz
		w.frame.Request(w.drawStage)
	}
}

// layoutWait bounds how long drawStage waits for a stage's canvases.
const layoutWait = 20_000 // ms

// waitForLayout asks for drawStage again on the next frame until
// layoutWait has passed since the wait began; then it says, in the stage,
// that the pictures are missing and how to try again.
func (w *stepThrough) waitForLayout() {
	now := kit.Now()
	if w.waitFrom == 0 {
		w.waitFrom = now
	}
	if now-w.waitFrom < layoutWait {
		w.frame.Request(w.drawStage)
		return
	}
	kit.SetText(w.ID("drawnote"), "The pictures of this stage could not be drawn: the page did not lay them out. Press Next stage or Previous stage to try again.")
}

// laidOut reports whether the page shows stage st with its canvases laid
// out (a pending prediction shows none: nothing to wait for).
func (w *stepThrough) laidOut(st stage) bool {
	region := kit.Element(w.ID("stage"))
	if !kit.Present(region) || region.Call("getAttribute", "data-stage").String() != st.key {
		return false
	}
	if _, pending := w.pendingPrediction(); pending {
		return true
	}
	for _, f := range st.figures {
		c := kit.Element(w.ID(f.part))
		if !kit.Present(c) || c.Get("clientWidth").Int() == 0 {
			return false
		}
	}
	return true
}

// startPlay advances one stage every playGap until the last.
func (w *stepThrough) startPlay() {
	w.stopPlay()
	w.playing = true
	if w.stage == len(w.stages())-1 {
		w.goTo(0)
	}
	var tick func()
	tick = func() {
		w.ctx.Dispatch(func(app.Context) {
			if !w.playing {
				return
			}
			w.goTo(w.stage + 1)
			if w.stage == len(w.stages())-1 {
				w.playing = false
				return
			}
			w.play = time.AfterFunc(playGap, tick)
		})
	}
	w.play = time.AfterFunc(playGap, tick)
}

func (w *stepThrough) stopPlay() {
	w.playing = false
	if w.play != nil {
		w.play.Stop()
		w.play = nil
	}
}

// onKey moves through the stages: → / ← (or n / p), Home, End.
func (w *stepThrough) onKey(ctx app.Context, e app.Event) {
	k := w.stage
	switch e.Get("key").String() {
	case "ArrowRight", "n", "N":
		k++
	case "ArrowLeft", "p", "P":
		k--
	case "Home":
		k = 0
	case "End":
		k = len(w.stages()) - 1
	default:
		return
	}
	e.PreventDefault()
	w.stopPlay()
	w.goTo(k)
}

// prefersReducedMotion reports the user's prefers-reduced-motion setting.
func prefersReducedMotion() bool {
	mm := app.Window().Get("matchMedia")
	if !kit.Present(mm) {
		return false
	}
	q := app.Window().Call("matchMedia", "(prefers-reduced-motion: reduce)")
	return kit.Present(q) && q.Get("matches").Bool()
}

// caption says which model and step the trace shows.
func (w *stepThrough) caption() string {
	switch {
	case w.err != "":
		return w.err
	case w.tr == nil && w.src != nil && w.src.Err != "":
		return w.src.Err
	case w.tr == nil:
		return "Waiting for the model…"
	}
	noise := ""
	if w.tr.Kind == "vae" {
		noise = fmt.Sprintf(", ε seed %d", pSeed.Get(w.Vals))
	}
	return fmt.Sprintf("The engine's own numbers for %s at step %s (held-out digit #%d%s).",
		w.src.Title, kit.FormatCount(w.tr.Step), pExample.Get(w.Vals), noise)
}
