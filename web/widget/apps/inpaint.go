package apps

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/impute"
	"latentlab/core/infer"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// This file is the inpainting widget's session and fill; its drawing and
// layout are in inpaint_view.go.

func init() {
	register(widget.Spec{
		Name:    "inpainting",
		Title:   "Inpainting",
		Summary: "Hide part of a held-out digit (a preset or a drawn mask) and fill it in three ways — the training mean, an AE's one-shot reconstruction and a VAE's repeated encode → decode passes — compared by their error on the hidden pixels.",
		Params:  inpaintParams,
	}, func(t trainer) app.UI { return &inpainter{trainer: t} })
}

// fillGap is how often the widget copies the models' weights while they train.
const fillGap = 2 * time.Second

// inpainter is the inpainting widget.
type inpainter struct {
	app.Compo
	trainer
	models []*engine.Model
	nets   [2]*infer.Network // VAE, AE snapshots (nil until fetched)
	busy   int               // snapshots in flight
	again  bool              // a snapshot was asked for while busy: take it when they land
	snapAt time.Time
	step   int
	last   [2]engine.Metrics // the last training step of each model

	digits []float32 // the offered held-out digits
	mean   []float32 // per-pixel training mean
	drawn  impute.Mask
	fill   *Fill
	view   inpaintView
}

func (w *inpainter) OnInit() {
	w.Init(inpaintParams)
	w.drawn, _ = impute.Preset(impute.NoneHidden, 28, 28, 0)
	w.view.id = w.B.ID
}

func (w *inpainter) OnMount(ctx app.Context) {
	w.models = []*engine.Model{engine.NewModel("inpaint-vae:" + w.B.ID), engine.NewModel("inpaint-ae:" + w.B.ID)}
	w.open(kit.Session{
		Models: w.models, Names: []string{"the VAE", "the AE"},
		Hint: "Press Reset to train again with another seed.",
		Setup: func(_ app.Context, i int, m *engine.Model, done func(engine.Info, error)) {
			cfgs, data := InpaintConfigs(w.Vals)
			m.Create(cfgs[i], data, done)
		},
		Started: func(app.Context) {
			w.nets, w.fill, w.step, w.last, w.again = [2]*infer.Network{}, nil, 0, [2]engine.Metrics{}, false
			w.view.reset()
			w.redraw() // blank digits and the empty plot
			kit.SetText(w.ID("errors"), "The fills appear when the models are ready.")
		},
		Ready: func(ctx app.Context, _ []engine.Info) {
			w.s.Say("step 0 · ready: a VAE and an AE, untrained. Press Train.")
			w.fetchData()
			w.snapshot()
		},
		Trained: func(_ app.Context, r []engine.Trained) {
			for i := range r {
				if n := len(r[i].Metrics); n > 0 && i < len(w.last) {
					w.last[i] = r[i].Metrics[n-1]
				}
			}
			if !w.s.Driver.Running() || time.Since(w.snapAt) > fillGap {
				w.snapshot()
			}
		},
		Terms: func() []kit.Term {
			return []kit.Term{{Name: "VAE −ELBO", Value: w.last[0].Recon + w.last[0].KL, Unit: "nats"},
				{Name: "AE reconstruction", Value: w.last[1].Recon, Unit: "nats"}}
		},
		View: func() any { return w.fill == nil },
	}, w.Update)
	w.Cleanup(w.view.release)
	w.Cleanup(kit.OnDocument("contextmenu", w.takeContextMenu))
	w.Resized(func() { w.view.refit(); w.redraw() })
	w.s.Start(ctx)
}

// fetchData loads the offered held-out digits and the training mean once
// per model pair.
func (w *inpainter) fetchData() {
	if w.digits != nil && w.mean != nil {
		return
	}
	m := w.models[0]
	m.Reconstruct(engine.Points{Split: "test", Count: InpaintDigits}, func(p engine.Pairs, err error) {
		if err != nil {
			w.s.SetAlert("Loading the held-out digits failed: " + err.Error())
			w.Update()
			return
		}
		w.digits = append([]float32(nil), p.Inputs...)
		w.refill()
	})
	m.Reconstruct(engine.Points{Split: "train", Count: MeanDigits}, func(p engine.Pairs, err error) {
		if err != nil {
			w.s.SetAlert("Loading the training digits failed: " + err.Error())
			w.Update()
			return
		}
		w.mean = impute.Mean(p.Inputs, p.Dim)
		w.refill()
	})
}

// snapshot copies both models' weights to the page, then fills again.
func (w *inpainter) snapshot() {
	if w.busy > 0 {
		w.again = true // Pause during a snapshot: the fills must catch up with the last step
		return
	}
	w.busy, w.snapAt = len(w.models), time.Now()
	step := w.s.Step()
	for i, m := range w.models {
		m.Snapshot(func(s engine.Snapshot, err error) {
			w.busy--
			if w.busy == 0 && w.again {
				defer func() { w.again = false; w.snapshot() }()
			}
			if err != nil {
				return
			}
			w.nets[i] = s.Net
			if w.busy == 0 {
				w.step = step
				w.refill()
			}
		})
	}
}

// mask is the mask in force for the chosen digit.
func (w *inpainter) mask() impute.Mask {
	if m, ok := InpaintMask(w.Vals, pDigit.Get(w.Vals)); ok {
		return m
	}
	return w.drawn
}

// digit is the chosen held-out digit.
func (w *inpainter) digit() []float32 {
	d := pDigit.Get(w.Vals)
	return w.digits[d*784 : (d+1)*784]
}

// refill fills in the chosen digit with the current models and redraws.
func (w *inpainter) refill() {
	if w.nets[0] == nil || w.nets[1] == nil || w.digits == nil || w.mean == nil {
		return
	}
	if pDigit.Get(w.Vals)*784 >= len(w.digits) {
		return
	}
	first := w.fill == nil
	f, err := Inpaint(w.nets[0], w.nets[1], w.digit(), w.mask(), w.mean, pIters.Get(w.Vals))
	if err != nil {
		w.s.SetAlert("Inpainting failed: " + err.Error())
		w.Update()
		return
	}
	w.fill = &f
	if first {
		w.Update()
	}
	w.redraw()
}

func (w *inpainter) redraw() { w.view.frame.Request(func() { w.view.draw(w) }) }

// setParam applies a parameter change: the mask, digit and passes fill in
// again with the same models; the latent size and seed build new ones.
func (w *inpainter) setParam(ctx app.Context, p params.Param) {
	switch p.Name {
	case pMask.Name, pDigit.Name, pIters.Name:
		w.refill()
	default:
		w.s.Start(ctx)
	}
}

// paint hides (or, with reveal, shows again) the pixels within 1.5 pixels
// of (x, y) in the drawn mask, switching the mask to "drawn".
func (w *inpainter) paint(x, y float64, reveal bool) {
	if pMask.Get(w.Vals) != "drawn" {
		w.drawn = append(impute.Mask(nil), w.mask()...)
		w.Set(pMask.Param, "drawn", nil)
		w.Update()
		// A select the student has used keeps its own value when only the
		// options' selected attributes change: show "drawn" in it too.
		if el := kit.Element(w.ID(pMask.Name)); kit.Present(el) {
			el.Set("value", "drawn")
		}
	}
	for py := 0; py < 28; py++ {
		for px := 0; px < 28; px++ {
			dx, dy := float64(px)+0.5-x, float64(py)+0.5-y
			if dx*dx+dy*dy <= 2.25 {
				w.drawn[py*28+px] = reveal
			}
		}
	}
	w.view.frame.Request(w.refill) // one fill per animation frame however fast the pointer moves
}

// clearMask shows every pixel of the drawn mask again.
func (w *inpainter) clearMask(ctx app.Context, _ app.Event) {
	w.drawn, _ = impute.Preset(impute.NoneHidden, 28, 28, 0)
	w.Set(pMask.Param, "drawn", nil)
	w.refill()
}

// errorText is the read-out of the errors on the hidden pixels.
func (w *inpainter) errorText() string {
	f := w.fill
	if f == nil {
		return ""
	}
	m := w.mask()
	if m.Hidden() == 0 {
		return "Nothing is hidden: draw on the digit to hide pixels."
	}
	return fmt.Sprintf("Step %d · %d hidden pixels · mean squared error on them: mean %.4f, AE %.4f, VAE %.4f after %d passes (%.4f after one).",
		w.step, m.Hidden(), f.MeanErr, f.AEErr, f.VAEErr[len(f.VAEErr)-1], len(f.VAE), f.VAEErr[0])
}
