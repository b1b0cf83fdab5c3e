package vae

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/urlstate"
	"latentlab/web/widget/kit"
)

// fileControls renders "Save model" and "Open model file": a button and a
// labelled file input drawn as a button (the input stays in the tab order;
// its label shows a focus ring while it has focus).
func (w *trainer) fileControls() app.UI {
	inputID := w.ID("open")
	label := app.Label().For(inputID).Class("ll-btn").Title("Open a .llm model file saved from this trainer").
		Style("cursor", "pointer").Text("Open model file…")
	if w.openFocus {
		label = label.Style("outline", "3px solid var(--focus)").Style("outline-offset", "2px")
	}
	off := w.loading || w.B.Locked || len(w.B.Locks) > 0 // a teacher's locked controls fix the model too
	if off {
		label = label.Style("opacity", "0.5").Style("cursor", "not-allowed")
	}
	return app.Div().Class("ll-filebar").Role("group").Aria("label", "Model file").
		Style("display", "flex").Style("gap", "0.4rem").Style("flex-wrap", "wrap").Style("align-items", "center").
		Style("margin", "0.4rem 0").Style("position", "relative").Body(
		app.Button().Type("button").Class("ll-btn").Title("Download the model as a .llm file").
			Disabled(w.info == nil || w.saving || w.loading).Text("Save model").
			OnClick(func(ctx app.Context, e app.Event) { w.onSave(ctx) }),
		label,
		app.Input().Type("file").ID(inputID).Accept(".llm").Disabled(off).
			// Visually hidden but focusable (not display:none).
			Style("position", "absolute").Style("width", "1px").Style("height", "1px").
			Style("opacity", "0").Style("overflow", "hidden").Style("left", "0").Style("bottom", "0").
			OnChange(w.onOpen).
			OnFocus(func(ctx app.Context, e app.Event) { w.openFocus = true }).
			OnBlur(func(ctx app.Context, e app.Event) { w.openFocus = false }),
		app.Span().Class("ll-notes").Aria("live", "polite").Text(w.fileNote),
	)
}

// onSave asks the worker for the model file and hands it to the browser as
// a download named after the model's latent size and step.
func (w *trainer) onSave(ctx app.Context) {
	if w.info == nil || w.saving {
		return
	}
	w.saving, w.fileNote = true, "Saving…"
	w.s.SetAlert("")
	meta := map[string]string{"widget": "vae-trainer", "dataset": pDataset.Get(w.Vals)}
	w.m.Save(meta, func(b []byte, err error) {
		w.saving, w.fileNote = false, ""
		if err == nil {
			err = w.download(b)
		}
		if err != nil {
			w.s.SetAlert("Could not save the model: " + err.Error() + ".")
		}
	})
}

// download hands a saved model file to the browser.
func (w *trainer) download(b []byte) error {
	step, _ := headerMeta(b)
	name := modelFileName(w.info.Latent, step)
	if err := kit.Download(name, "application/octet-stream", b); err != nil {
		return err
	}
	w.fileNote = fmt.Sprintf("Saved %s (%s kB).", name, kit.FormatNumber(float64(len(b))/1000))
	return nil
}

// onOpen reads the chosen model file (refusing oversized files before
// reading) and loads it into this trainer's slot.
func (w *trainer) onOpen(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if !kit.Present(files) || files.Length() == 0 || w.loading || w.B.Locked || len(w.B.Locks) > 0 {
		return
	}
	file := files.Index(0)
	name := kit.FileLabel(file.Get("name").String())
	input.Set("value", "") // choosing the same file again fires change again
	w.fileNote = ""
	w.s.SetAlert("")
	if size := file.Get("size").Float(); size > maxModelFileBytes {
		w.s.SetAlert(fmt.Sprintf("Could not open %s: it is %s MB, and a VAE model file from this trainer is at most %d MB. Your current model is unchanged.",
			name, kit.FormatNumber(size/1e6), maxModelFileBytes>>20))
		return
	}
	w.loading, w.fileNote = true, "Opening "+name+"…"
	kit.ReadFile(file, func(b []byte, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				w.openFailed(name, "the browser could not read it ("+err.Error()+")")
				return
			}
			w.load(ctx, name, b)
		})
	})
}

// load checks a model file's header and sends it to the worker. The
// engine starts a new life of the slot's model for it: replies to requests
// still in flight are dropped, so the trainer stops waiting for them.
func (w *trainer) load(ctx app.Context, name string, b []byte) {
	info, err := peekModel(b)
	var data engine.Data
	if err == nil {
		_, current := w.config()
		data, err = info.dataFor(current)
	}
	if err != nil {
		w.openFailed(name, err.Error())
		return
	}
	w.s.Abandon()
	w.views.reset()
	w.s.Report(true, "")
	w.m.Load(engine.Source{File: b, Data: &data, Kind: "vae"}, func(c engine.Info, err error) {
		if err != nil {
			w.openFailed(name, plainLoadError(err.Error()))
			return
		}
		w.opened(name, c)
	})
}

// openFailed reports a refused file; the current model keeps working.
func (w *trainer) openFailed(name, reason string) {
	w.loading, w.fileNote = false, ""
	w.s.SetAlert(fmt.Sprintf("Could not open %s: %s. Your current model is unchanged.", name, reason))
}

// opened makes a loaded model this trainer's model: a new session of it,
// its parameters in the controls, and fresh views for the widgets
// following it.
func (w *trainer) opened(name string, c engine.Info) {
	w.Vals = valuesFrom(w.Vals, c.Config, c.Data)
	w.Notes = nil
	urlstate.Replace(w.B.ID, trainerParams, w.Vals)
	w.started(nil)
	w.s.Replaced(0, c)
	w.adopt(c)
	w.s.Say(fmt.Sprintf("step %d · opened %s: a VAE with a %d-dimensional latent space, trained for %d steps. Press Train to continue training it.",
		c.Step, name, c.Latent, c.Step))
}
