package kit

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
)

// Limits checked before a chosen file is read. The largest model a widget
// trains (784 → 512 → 16 → 512 → 784, float32) is about 3.3 MB.
const (
	maxWeightsBytes = 16 << 20
	maxSidecarBytes = 64 << 10 // core/torchio.MaxSidecarBytes
)

// onCopy puts the shown code on the clipboard (the Clipboard API, else a
// selected textarea and the copy command) and says "Copied" for 2 s.
func (p *CodePanel) onCopy(ctx app.Context, e app.Event) {
	text := p.code[p.tab]
	done := func(ok bool) {
		ctx.Dispatch(func(ctx app.Context) {
			if !ok {
				p.alert = "The browser did not let the page use the clipboard: select the code and copy it by hand."
				return
			}
			p.alert = ""
			p.copied++
			gen := p.copied
			ctx.After(2*time.Second, func(ctx app.Context) {
				if p.copied == gen {
					p.copied = 0
				}
			})
		})
	}
	clip := app.Window().Get("navigator").Get("clipboard")
	if !Present(clip) || !Present(clip.Get("writeText")) {
		done(copyByCommand(text))
		return
	}
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(app.Value, []app.Value) any { release(); done(true); return nil })
	fail = app.FuncOf(func(app.Value, []app.Value) any { release(); done(copyByCommand(text)); return nil })
	clip.Call("writeText", text).Call("then", ok, fail)
}

// copyByCommand copies text through a hidden textarea and
// document.execCommand("copy"), for browsers without the Clipboard API (or
// that refuse it, as on pages that are not served over HTTPS).
func copyByCommand(text string) bool {
	doc := app.Window().Get("document")
	ta := doc.Call("createElement", "textarea")
	ta.Set("value", text)
	ta.Call("setAttribute", "readonly", "")
	st := ta.Get("style")
	st.Set("position", "fixed")
	st.Set("opacity", "0")
	doc.Get("body").Call("appendChild", ta)
	ta.Call("select")
	ok := doc.Call("execCommand", "copy").Bool()
	ta.Call("remove")
	return ok
}

// weightsBar is Export weights, Config and Import weights…, with the
// result of the last one.
func (p *CodePanel) weightsBar() app.UI {
	if p.Model == nil {
		return app.Text("")
	}
	kind := p.Config.Kind
	items := []app.UI{
		app.Button().Type("button").Class("ll-btn").Disabled(p.busy).
			Title("Download the trained weights as " + kind + ".safetensors, the file the code above loads").
			Text("Export weights (.safetensors)").
			OnClick(func(ctx app.Context, e app.Event) { p.export(ctx, false) }),
		app.Button().Type("button").Class("ll-btn").Disabled(p.busy).
			Title("Download the model's configuration as " + kind + ".json").
			Text("Config (.json)").
			OnClick(func(ctx app.Context, e app.Event) { p.export(ctx, true) }),
	}
	if p.Imported != nil {
		items = append(items, p.importControl())
	}
	items = append(items, app.Span().Class("ll-notes").Aria("live", "polite").Style("font-size", "0.85em").Text(p.note))
	return app.Div().Role("group").Aria("label", "Weights").
		Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "0.4rem").Style("align-items", "center").
		Style("position", "relative").Style("margin", "0.4rem 0").Body(items...)
}

// importControl is a file input drawn as a button: its label takes the
// clicks, the input stays focusable (visually hidden, not display:none).
func (p *CodePanel) importControl() app.UI {
	id := p.Key + "-import"
	off := p.busy || p.Lock || p.Sess != nil && p.Sess.Locked
	label := app.Label().For(id).Class("ll-btn").Style("cursor", "pointer").
		Title("Open a .safetensors file exported from Latent Lab or saved from the PyTorch code (choose its .json too when it has no config inside)").
		Text("Import weights…")
	if p.focus {
		label = label.Style("outline", "3px solid var(--focus)").Style("outline-offset", "2px")
	}
	if off {
		label = label.Style("opacity", "0.5").Style("cursor", "not-allowed")
	}
	return app.Span().Body(label,
		app.Input().Type("file").ID(id).Accept(".safetensors,.json,application/json").Multiple(true).Disabled(off).
			Aria("label", "Import weights (.safetensors, and optionally its .json)").
			Style("position", "absolute").Style("width", "1px").Style("height", "1px").
			Style("opacity", "0").Style("overflow", "hidden").Style("left", "0").Style("bottom", "0").
			OnChange(p.onImport).
			OnFocus(func(ctx app.Context, e app.Event) { p.focus = true }).
			OnBlur(func(ctx app.Context, e app.Event) { p.focus = false }))
}

// export asks the engine for the model's weights and hands the
// safetensors file (or, with config, its JSON sidecar) to the browser.
func (p *CodePanel) export(ctx app.Context, config bool) {
	if p.busy || p.Model == nil {
		return
	}
	p.busy, p.note, p.alert = true, "Exporting…", ""
	kind := p.Config.Kind
	p.Model.ExportWeights(func(f engine.WeightsFile, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			p.busy, p.note = false, ""
			name, b, mime := kind+".safetensors", f.Weights, "application/octet-stream"
			if config {
				name, b, mime = kind+".json", f.Sidecar, "application/json"
			}
			if err == nil {
				err = Download(name, mime, b)
			}
			if err != nil {
				p.alert = "Could not export the weights: " + err.Error() + "."
				return
			}
			p.note = fmt.Sprintf("Saved %s (%s kB).", FileLabel(name), FormatNumber(float64(len(b))/1000))
		})
	})
}

// chosen is a file the student picked.
type chosen struct {
	name string
	size float64
	file app.Value
}

// onImport reads the chosen files (one .safetensors, and optionally its
// .json), refusing oversized ones before reading, and imports them.
func (p *CodePanel) onImport(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if !Present(files) || files.Length() == 0 || p.busy || p.Lock || p.Imported == nil {
		return
	}
	var picked []chosen
	for i := 0; i < files.Length(); i++ {
		f := files.Index(i)
		picked = append(picked, chosen{name: f.Get("name").String(), size: f.Get("size").Float(), file: f})
	}
	input.Set("value", "") // choosing the same files again fires change again
	p.note, p.alert = "", ""
	weights, sidecar, err := sortImport(picked)
	if err != nil {
		p.alert = "Could not import: " + err.Error() + ". Your current model is unchanged."
		return
	}
	p.busy, p.note = true, "Opening "+FileLabel(weights.name)+"…"
	readChosen(weights, func(wb []byte, err error) {
		if err != nil || sidecar == nil {
			p.importBytes(ctx, weights.name, engine.WeightsFile{Weights: wb}, err)
			return
		}
		readChosen(*sidecar, func(sb []byte, err error) {
			p.importBytes(ctx, weights.name, engine.WeightsFile{Weights: wb, Sidecar: sb}, err)
		})
	})
}

func readChosen(c chosen, done func([]byte, error)) {
	ReadFile(c.file, func(b []byte, err error) {
		if err != nil {
			err = fmt.Errorf("the browser could not read %s (%v)", FileLabel(c.name), err)
		}
		done(b, err)
	})
}

// sortImport picks the weights file and the optional JSON sidecar out of
// the chosen files and checks their sizes.
func sortImport(files []chosen) (weights chosen, sidecar *chosen, err error) {
	var ws []chosen
	for i, f := range files {
		if strings.HasSuffix(strings.ToLower(f.name), ".json") {
			if sidecar != nil {
				return chosen{}, nil, fmt.Errorf("choose one .json config, not two (%s and %s)", FileLabel(sidecar.name), FileLabel(f.name))
			}
			if f.size > maxSidecarBytes {
				return chosen{}, nil, fmt.Errorf("%s is %s kB, and a model's config is at most %d kB", FileLabel(f.name), FormatNumber(f.size/1000), maxSidecarBytes>>10)
			}
			sidecar = &files[i]
			continue
		}
		ws = append(ws, f)
	}
	switch {
	case len(ws) == 0:
		return chosen{}, nil, fmt.Errorf("choose a .safetensors weights file (its .json config alone holds no weights)")
	case len(ws) > 1:
		return chosen{}, nil, fmt.Errorf("choose one .safetensors file, not %d", len(ws))
	case ws[0].size > maxWeightsBytes:
		return chosen{}, nil, fmt.Errorf("%s is %s MB, and the largest model here is about 3.3 MB (at most %d MB is read)", FileLabel(ws[0].name), FormatNumber(ws[0].size/1e6), maxWeightsBytes>>20)
	}
	return ws[0], sidecar, nil
}

// importBytes hands the files to the engine, pausing the widget's training
// (the engine starts a new life of the model, so the chunk in flight will
// not answer).
func (p *CodePanel) importBytes(ctx app.Context, name string, f engine.WeightsFile, readErr error) {
	ctx.Dispatch(func(ctx app.Context) {
		if readErr != nil {
			p.importFailed(name, readErr.Error())
			return
		}
		if p.Sess != nil {
			p.Sess.Abandon()
			p.Sess.Report(true, "")
		}
		data := p.Data
		// The reply comes through the session's delivery (on the UI
		// goroutine, re-rendering the widget when Imported changed what it
		// shows); the empty Dispatch re-renders the panel.
		p.Model.ImportWeights(f, &data, p.WantKind, func(info engine.Info, err error) {
			defer ctx.Dispatch(func(app.Context) {})
			if err != nil {
				p.importFailed(name, plainImportError(err.Error()))
				return
			}
			p.busy, p.note = false, fmt.Sprintf("Imported %s.", FileLabel(name))
			p.Imported(FileLabel(name), info)
		})
	})
}

// importFailed says why a file was refused; the model is unchanged.
func (p *CodePanel) importFailed(name, reason string) {
	p.busy, p.note = false, ""
	p.alert = fmt.Sprintf("Could not import %s: %s. Your current model is unchanged.", FileLabel(name), reason)
}

// plainImportError keeps the reason the engine gives for refusing a file
// (it names the tensor at fault) without the layers that passed it on.
func plainImportError(msg string) string {
	for _, marker := range []string{"cannot import: ", "import weights: ", "import_weights: "} {
		if i := strings.LastIndex(msg, marker); i >= 0 {
			msg = msg[i+len(marker):]
			break
		}
	}
	msg = strings.TrimPrefix(msg, "safetensors: bad file: ")
	return strings.TrimSuffix(msg, ".")
}
