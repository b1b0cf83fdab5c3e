package kit

import (
	"reflect"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/codegen"
	"latentlab/core/spec"
	"latentlab/web/engine"
)

// CodePanel is "Show the code": a disclosure under a training widget with
// the PyTorch and the Keras code of the model the widget trains, generated
// from the widget's current spec.Config (core/codegen, in the page, so it
// follows every change of the settings), a Copy button, and — when the
// widget hands over its model — the weights as safetensors and the config
// as JSON, which the generated code loads, and an import of such a file
// back into the widget.
//
// A widget adds it with one line in its Render:
//
//	kit.ShowCode(cfg, data).ID(w.ID("code"))                       // the code
//	kit.ShowCode(cfg, data).ID(w.ID("code")).Weights(m)            // + export
//	kit.ShowCode(cfg, data).ID(w.ID("code")).Weights(m).Imports(&w.s, "vae", w.opened).Locked(w.B.Locked) // + import
type CodePanel struct {
	app.Compo

	Key      string        // DOM id prefix, unique on the page (ID sets it)
	Config   spec.Config   // the model, completed for its data
	Data     engine.Data   // the data it trains on (an imported model trains on it too)
	Model    *engine.Model // exported and imported through (nil: code only)
	Sess     *Session      // paused while a file is imported (nil: none)
	WantKind string        // the kind of model an import must hold ("" any)
	// Imported makes an imported model the widget's (nil: no import): the
	// file's name for messages and the engine's description of the model.
	Imported func(name string, info engine.Info)
	Lock     bool // a teacher locked the widget's controls (controls=locked): no import

	open    bool
	tab     int // 0 PyTorch, 1 Keras
	gen     spec.Config
	code    [2]string
	codeErr string
	copied  int // > 0 while "Copied" shows (a generation, for its timer)
	busy    bool
	note    string // progress or result of an export or import
	alert   string // why a file was refused (role=alert)
	focus   bool   // the file input has keyboard focus
}

// ShowCode returns the code panel for a model of config cfg trained on d.
// cfg may leave what depends on the data empty (input size, output
// distribution, hidden widths…): ShowCode completes it as the engine does.
func ShowCode(cfg spec.Config, d engine.Data) *CodePanel {
	return &CodePanel{Key: "code", Config: CodeConfig(cfg, d), Data: d}
}

// ID sets the panel's DOM id prefix (unique on the page: the widget's
// w.ID("code")).
func (p *CodePanel) ID(id string) *CodePanel { p.Key = id; return p }

// Weights adds the export of m's weights (safetensors named as the
// PyTorch code, and the config as JSON).
func (p *CodePanel) Weights(m *engine.Model) *CodePanel { p.Model = m; return p }

// WeightsOf is Weights with model i of s, once the session has it (a
// widget renders before it mounts and starts its session).
func (p *CodePanel) WeightsOf(s *Session, i int) *CodePanel {
	if i < len(s.Models) {
		p.Model = s.Models[i]
	}
	return p
}

// Imports adds "Import weights…": a safetensors file (and its JSON config)
// replaces the model, which must be of kind (when not empty). s is paused
// while the file is read, and imported runs when the engine took it; a
// refused file leaves the model as it was and says why.
func (p *CodePanel) Imports(s *Session, kind string, imported func(name string, info engine.Info)) *CodePanel {
	p.Sess, p.WantKind, p.Imported = s, kind, imported
	return p
}

// Locked disables the import when a teacher locked the widget's controls
// (controls=locked fixes the model); the export stays.
func (p *CodePanel) Locked(locked bool) *CodePanel { p.Lock = locked; return p }

// CodeConfig completes cfg for data d the way the worker does
// (spec.Config.WithDefaults), so the code shows the model the engine
// builds.
func CodeConfig(cfg spec.Config, d engine.Data) spec.Config {
	sd := spec.Data{Dim: 2, N: d.N, Binary: d.Source == "mnist"}
	switch {
	case d.Source == "mnist":
		sd.Dim = 784
	case d.Name == "swissroll":
		sd.Dim = 3
	case d.Dim > 0: // an own data set
		sd.Dim = d.Dim
	}
	return cfg.WithDefaults(sd)
}

// codeTabs are the tabs' labels, in order.
var codeTabs = [2]string{"PyTorch", "Keras"}

// generate refreshes the code when the config changed since the last time.
func (p *CodePanel) generate() {
	if p.code[0] != "" && p.codeErr == "" && configEqual(p.gen, p.Config) {
		return
	}
	p.gen, p.codeErr = p.Config.Clone(), ""
	var err error
	if p.code[0], err = codegen.PyTorch(p.Config); err == nil {
		p.code[1], err = codegen.Keras(p.Config)
	}
	if err != nil {
		p.code, p.codeErr = [2]string{}, err.Error()
	}
}

// configEqual compares configs field by field (Hidden is a slice).
func configEqual(a, b spec.Config) bool {
	if !slices.Equal(a.Hidden, b.Hidden) {
		return false
	}
	a.Hidden, b.Hidden = nil, nil
	return reflect.DeepEqual(a, b)
}

// Render draws the disclosure; its content only while it is open.
func (p *CodePanel) Render() app.UI {
	d := app.Details().ID(p.Key).Class("ll-code").DataSet("code-panel", p.Config.Kind).Open(p.open).
		Style("margin", "0.8rem 0").Style("border", "1px solid var(--border)").Style("border-radius", "var(--radius)").
		Style("padding", "0.4rem 0.7rem").Style("min-width", "0").
		On("toggle", func(ctx app.Context, e app.Event) {
			if open := ctx.JSSrc().Get("open").Bool(); open != p.open {
				p.open = open
				return
			}
			ctx.PreventUpdate()
		})
	summary := app.Summary().Style("cursor", "pointer").Style("font-weight", "600").Text("Show the code (PyTorch, Keras)")
	if !p.open {
		return d.Body(summary)
	}
	p.generate()
	return d.Body(summary, p.intro(), p.tabBar(), p.codeView(), p.weightsBar(), Alert(p.alert))
}

func (p *CodePanel) intro() app.UI {
	return app.P().Style("font-size", "0.85em").Style("margin", "0.4rem 0").Text(
		"The model this widget trains, for its current settings: the same layers, loss and optimiser as the engine in your browser. " +
			"Each line of the loss names the lesson's formula it computes. The PyTorch code is checked against the engine number for number; " +
			"the Keras code is only checked to be valid Python.")
}

// tabBar is the tab list (arrow keys move between the tabs) and Copy.
func (p *CodePanel) tabBar() app.UI {
	tabs := make([]app.UI, 0, len(codeTabs)+2)
	for i, name := range codeTabs {
		i := i
		sel := i == p.tab
		b := app.Button().Type("button").ID(p.Key+"-tab-"+name).Class("ll-btn").Role("tab").
			Aria("selected", sel).Aria("controls", p.Key+"-panel").TabIndex(map[bool]int{true: 0, false: -1}[sel]).
			Text(name).OnClick(func(ctx app.Context, e app.Event) { p.tab = i })
		if sel {
			b = b.Style("background", "var(--accent)").Style("color", "var(--accent-fg)").Style("border-color", "var(--accent)")
		}
		tabs = append(tabs, b)
	}
	copyLabel := "Copy"
	if p.copied > 0 {
		copyLabel = "Copied"
	}
	return app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "0.4rem").Style("align-items", "center").Body(
		app.Div().Role("tablist").Aria("label", "Code language").Style("display", "flex").Style("gap", "0.3rem").
			DataSet(TakeKeys, Keys("ArrowRight", "ArrowLeft", "Home", "End")).OnKeyDown(p.onTabKey).Body(tabs...),
		app.Button().Type("button").Class("ll-btn").ID(p.Key+"-copy").Style("margin-left", "auto").
			Aria("label", "Copy the "+codeTabs[p.tab]+" code").Disabled(p.codeErr != "").
			OnClick(p.onCopy).Text(copyLabel),
		app.Span().Role("status").Style("font-size", "0.85em").Text(map[bool]string{true: "Copied to the clipboard.", false: ""}[p.copied > 0]),
	)
}

// onTabKey moves between the tabs with the arrow keys, Home and End.
func (p *CodePanel) onTabKey(ctx app.Context, e app.Event) {
	next := p.tab
	switch e.Get("key").String() {
	case "ArrowRight", "ArrowLeft":
		next = 1 - p.tab
	case "Home":
		next = 0
	case "End":
		next = len(codeTabs) - 1
	default:
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
	p.tab = next
	ctx.Defer(func(app.Context) { Element(p.Key + "-tab-" + codeTabs[next]).Call("focus") })
}

// codeView is the code of the selected tab: monospace, scrolling sideways
// on narrow screens rather than wrapping Python's indentation.
func (p *CodePanel) codeView() app.UI {
	if p.codeErr != "" {
		return Alert("The code cannot be generated for these settings: " + p.codeErr)
	}
	return app.Pre().ID(p.Key+"-panel").Role("tabpanel").Aria("labelledby", p.Key+"-tab-"+codeTabs[p.tab]).TabIndex(0).
		DataSet("lang", codeTabs[p.tab]).
		Style("max-height", "28rem").Style("overflow", "auto").Style("white-space", "pre").Style("font-size", "0.8rem").
		Style("margin", "0.5rem 0").Style("max-width", "100%").
		Body(app.Code().Text(p.code[p.tab]))
}
