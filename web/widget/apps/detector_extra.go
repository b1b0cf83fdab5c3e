package apps

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/anomaly"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/kit"
	"latentlab/web/widget/vae"
)

// This file is what the detector scores besides the held-out digits:
// corrupted digits of the trained classes and the student's own drawing.

var pCorrupt = params.NewChoice(params.Param{Name: "corrupt", Default: "none",
	Choices: []string{"none", anomaly.Noise, anomaly.Occlusion, anomaly.Rotation},
	Doc:     "also score held-out digits of the trained classes after corrupting them: Gaussian noise, a white square over the middle, or a quarter turn"})

// CorruptN is how many held-out digits (the first ones) the detector
// corrupts; those of the anomaly class are left out.
const CorruptN = 500

// corruptLabels are the choices of the corruption control.
var corruptLabels = map[string]string{"none": "nothing else", anomaly.Noise: "noisy digits", anomaly.Occlusion: "occluded digits", anomaly.Rotation: "rotated digits"}

// CorruptOptions are the worker's options for scoring the corrupted digits
// with parameter values v (ok false when nothing is corrupted).
func CorruptOptions(v params.Values) (o engine.ScoreOptions, ok bool) {
	c := pCorrupt.Get(v)
	if c == "none" {
		return o, false
	}
	o = ScoringOf(v).Options(0)
	o.Corrupt, o.Seed = c, uint64(pDetSeed.Get(v))
	return o, true
}

// NormalOnly keeps the scores of examples whose label is not class.
func NormalOnly(scores []float64, labels []int, class int) []float64 {
	var out []float64
	for i, s := range scores {
		if i < len(labels) && labels[i] != class {
			out = append(out, s)
		}
	}
	return out
}

// extras holds the corrupted digits' and the drawing's scores.
type extras struct {
	corrupted []float64 // nil: none asked for or not yet scored
	drawn     float64
	hasDrawn  bool
	pad       *vae.Pad
	drawing   bool
	lx, ly    float64
	padBuf    []byte
}

// scoreCorrupted scores the corrupted digits (when asked for), then
// redraws.
func (w *detector) scoreCorrupted() {
	o, ok := CorruptOptions(w.Vals)
	if !ok {
		w.ex.corrupted = nil
		return
	}
	want := w.Vals[pCorrupt.Name]
	w.m.Score(engine.Points{Split: "test", Count: CorruptN}, o, func(s engine.Scores, err error) {
		if err != nil || w.Vals[pCorrupt.Name] != want {
			return
		}
		w.ex.corrupted = NormalOnly(s.Scores, s.Labels, AnomalyClass(w.Vals))
		w.figs.request(w)
	})
}

// scoreDrawing scores the student's drawing (when there is one).
func (w *detector) scoreDrawing() {
	if w.ex.pad == nil || w.ex.pad.Ink() < 1 || !w.s.IsReady() {
		w.ex.hasDrawn = false
		w.figs.request(w)
		return
	}
	pix := append([]float32(nil), w.ex.pad.Pix...)
	w.m.Score(engine.Points{Inputs: pix}, ScoringOf(w.Vals).Options(0), func(s engine.Scores, err error) {
		if err != nil || len(s.Scores) != 1 {
			return
		}
		w.ex.drawn, w.ex.hasDrawn = s.Scores[0], true
		w.figs.request(w)
	})
}

// extraText says where the corrupted digits and the drawing fall against
// threshold t.
func (w *detector) extraText(t float64) string {
	txt := ""
	if c := w.ex.corrupted; len(c) > 0 {
		flagged := 0
		for _, s := range c {
			if s >= t {
				flagged++
			}
		}
		txt = fmt.Sprintf("%d of the %d %s (trained classes) flagged (%.0f %%). ", flagged, len(c), corruptLabels[pCorrupt.Get(w.Vals)], 100*float64(flagged)/float64(len(c)))
	}
	switch {
	case w.ex.hasDrawn && w.ex.drawn >= t:
		txt += fmt.Sprintf("Your drawing scores %s: above the threshold, flagged as an anomaly.", withUnit(w.ex.drawn, ScoringOf(w.Vals).Unit()))
	case w.ex.hasDrawn:
		txt += fmt.Sprintf("Your drawing scores %s: below the threshold, normal to this model.", withUnit(w.ex.drawn, ScoringOf(w.Vals).Unit()))
	default:
		txt += "Draw a digit on the pad to score it."
	}
	return txt
}

// onPad draws on the pad; lifting the pen scores the drawing.
func (w *detector) onPad(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if w.ex.pad == nil {
		w.ex.pad = vae.NewPad(28, 28)
	}
	x, y := padXY(e)
	switch e.Get("type").String() {
	case "pointerdown": // its default is prevented synchronously (kit.TakePointer)
		ctx.JSSrc().Call("setPointerCapture", e.Get("pointerId"))
		w.ex.drawing, w.ex.lx, w.ex.ly = true, x, y
	case "pointerup", "pointercancel":
		if w.ex.drawing {
			w.ex.drawing = false
			w.scoreDrawing()
		}
		return
	}
	if !w.ex.drawing {
		return
	}
	w.ex.pad.Stroke(w.ex.lx, w.ex.ly, x, y, 1.3)
	w.ex.lx, w.ex.ly = x, y
	w.ex.padBuf = kit.PutGray(kit.Element(w.ID("pad")), w.ex.pad.Pix, 28, 28, w.ex.padBuf)
}

// clearPad empties the pad.
func (w *detector) clearPad(ctx app.Context, _ app.Event) {
	ctx.PreventUpdate()
	if w.ex.pad != nil {
		w.ex.pad.Clear()
		w.ex.padBuf = kit.PutGray(kit.Element(w.ID("pad")), w.ex.pad.Pix, 28, 28, w.ex.padBuf)
	}
	w.scoreDrawing()
}

// padUI is the drawing pad with its caption and Clear button.
func (w *detector) padUI() app.UI {
	return app.Figure().Style("margin", "0 0 0.8rem").Style("display", "flex").Style("gap", "0.6rem").Style("align-items", "center").Style("flex-wrap", "wrap").Body(
		app.Canvas().ID(w.ID("pad")).Width(28).Height(28).Role("img").
			Aria("label", "Drawing pad: draw a digit to score it").
			Style("width", "112px").Style("height", "112px").Style("image-rendering", "pixelated").
			Style("background", "#000").Style("touch-action", "none").Style("cursor", "crosshair").DataSet(kit.TakePointer, "true").
			On("pointerdown", w.onPad).On("pointermove", w.onPad).On("pointerup", w.onPad).On("pointercancel", w.onPad),
		app.Div().Style("flex", "1 1 12rem").Body(
			app.P().ID(w.ID("extra")).Aria("live", "polite").Style("margin", "0 0 0.4rem").Style("font-size", "0.9em").Text("Draw a digit on the pad to score it."),
			app.Button().Type("button").Text("Clear drawing").OnClick(w.clearPad)))
}
