package kit

import (
	"fmt"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
)

// Field is a labelled control for one parameter of a widget's params.Table.
// Numbers become a slider (or a number box with Input "number"), choices a
// select, booleans a checkbox. Values typed into a number box are parsed and
// clamped by Param.Parse; the note it returns is handed to OnChange so the
// widget can show it (see Notes).
type Field struct {
	ID       string       // DOM id, unique on the page (e.g. blockID + "-beta")
	Param    params.Param // the parameter
	Label    string       // visible label; defaults to Param.Name
	Value    any          // current value (int, float64, bool or string)
	Input    string       // "" (auto), "range", "number", "select", "checkbox"
	Log      bool         // range slider on a log₁₀ scale (Float with Min > 0)
	Live     bool         // report while dragging ("input"), not only on release
	Unit     string       // shown after the value, e.g. "nats"
	Disabled bool
	Labels   map[string]string // display names for Choice values
	OnChange func(ctx app.Context, v any, note *params.Note)
}

// sliderSteps is the resolution of a float slider.
const sliderSteps = 200

// ValueText formats v for display next to the control.
func (f Field) ValueText() string {
	switch x := f.Value.(type) {
	case float64:
		if f.Log || math.Abs(x) < 1e-3 && x != 0 {
			return strconv.FormatFloat(x, 'g', 2, 64)
		}
		return strconv.FormatFloat(x, 'g', 3, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "on"
		}
		return "off"
	case string:
		if l, ok := f.Labels[x]; ok {
			return l
		}
		return x
	}
	return ""
}

// SliderPos converts a parameter value to the slider's position, and
// SliderValue converts back (log scale when f.Log), snapping Ints.
func (f Field) SliderPos(v float64) float64 {
	if f.Log && f.Param.Min > 0 {
		return math.Log10(math.Max(v, f.Param.Min))
	}
	return v
}

// SliderValue converts a slider position back to a clamped parameter value.
func (f Field) SliderValue(pos float64) any {
	v := pos
	if f.Log && f.Param.Min > 0 {
		v = math.Pow(10, pos)
		// Keep two significant digits so URLs stay short: 0.0012589 → 0.0013.
		if v > 0 {
			p := math.Pow(10, math.Floor(math.Log10(v))-1)
			v = math.Round(v/p) * p
		}
	}
	v = Clamp(v, f.Param.Min, f.Param.Max)
	if f.Param.Kind == params.Int {
		return int(math.Round(v))
	}
	return v
}

func (f Field) label() string {
	if f.Label != "" {
		return f.Label
	}
	return f.Param.Name
}

func (f Field) kind() string {
	if f.Input != "" {
		return f.Input
	}
	switch f.Param.Kind {
	case params.Choice:
		return "select"
	case params.Bool:
		return "checkbox"
	case params.String:
		return "text"
	}
	return "range"
}

// scope identifies the field's current value for go-app: v9 compares event
// handlers by code pointer, so without it a re-render would keep the closure
// (and the value) captured when the field was first mounted.
func (f Field) scope() string {
	return fmt.Sprintf("%s|%v|%v|%v|%g|%g", f.ID, f.Value, f.Disabled, f.OnChange != nil, f.Param.Min, f.Param.Max)
}

// UI renders the field.
func (f Field) UI() app.UI {
	val := f.ValueText()
	if f.Unit != "" {
		val += " " + f.Unit
	}
	lab := app.Label().For(f.ID).Class("ll-field-label").Body(
		app.Span().Text(f.label()),
	)
	var ctl app.UI
	switch f.kind() {
	case "select":
		cur, _ := f.Value.(string)
		opts := make([]app.UI, len(f.Param.Choices))
		for i, c := range f.Param.Choices {
			name := c
			if l, ok := f.Labels[c]; ok {
				name = l
			}
			opts[i] = app.Option().Value(c).Selected(c == cur).Text(name)
		}
		ctl = app.Select().ID(f.ID).Disabled(f.Disabled).Body(opts...).OnChange(func(ctx app.Context, e app.Event) {
			f.report(ctx, ctx.JSSrc().Get("value").String())
		}, f.scope())
		val = ""
	case "checkbox":
		on, _ := f.Value.(bool)
		ctl = app.Input().Type("checkbox").ID(f.ID).Checked(on).Disabled(f.Disabled).OnChange(func(ctx app.Context, e app.Event) {
			if f.OnChange != nil {
				f.OnChange(ctx, ctx.JSSrc().Get("checked").Bool(), nil)
			}
		}, f.scope())
		val = ""
	case "number", "text":
		typ := f.kind()
		in := app.Input().Type(typ).ID(f.ID).Value(f.Param.Format(f.Value)).Disabled(f.Disabled).
			OnChange(func(ctx app.Context, e app.Event) { f.report(ctx, ctx.JSSrc().Get("value").String()) }, f.scope())
		if typ == "number" {
			in = in.Attr("inputmode", "decimal").Style("width", "7em").Attr("step", "any")
		}
		ctl = in
		val = ""
	default:
		num, _ := toFloat(f.Value)
		step := 1.0
		lo, hi := f.Param.Min, f.Param.Max
		if f.Log && lo > 0 {
			lo, hi = math.Log10(lo), math.Log10(hi)
			step = (hi - lo) / sliderSteps
		} else if f.Param.Kind == params.Float {
			step = NiceStep((hi - lo) / sliderSteps)
		}
		pos := strconv.FormatFloat(f.SliderPos(num), 'g', -1, 64)
		in := app.Input().Type("range").ID(f.ID).Min(lo).Max(hi).Step(step).Style("width", "8rem").
			Value(pos).Disabled(f.Disabled)
		h := func(ctx app.Context, e app.Event) {
			pos, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64)
			if err == nil && f.OnChange != nil {
				f.OnChange(ctx, f.SliderValue(pos), nil)
			}
		}
		if f.Live {
			in = in.OnInput(h, f.scope())
		} else {
			in = in.OnChange(h, f.scope())
		}
		ctl = Range(in, pos)
	}
	body := []app.UI{lab, ctl}
	if val != "" {
		body = append(body, app.Output().For(f.ID).Class("ll-field-value").Text(val))
	}
	return app.Div().Class("ll-field").
		Style("display", "inline-flex").Style("align-items", "center").Style("gap", "0.4rem").
		Body(body...)
}

// report parses text through the parameter (clamping) and calls OnChange.
func (f Field) report(ctx app.Context, text string) {
	if f.OnChange == nil {
		return
	}
	v, note, err := f.Param.Parse(text)
	if err != nil {
		f.OnChange(ctx, f.Value, &params.Note{Param: f.Param.Name, Message: err.Error() + "; keeping " + f.Param.Format(f.Value)})
		return
	}
	f.OnChange(ctx, v, note)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// Controls lays fields out in a responsive wrapping row.
func Controls(fields ...Field) app.UI {
	items := make([]app.UI, len(fields))
	for i, f := range fields {
		items[i] = f.UI()
	}
	return app.Div().Class("ll-controls").
		Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "0.4rem 1.2rem").Style("margin", "0.4rem 0").
		Body(items...)
}

// Notes shows clamping and refusal notes (nothing when there are none). The
// region is polite-live so a screen reader hears why a value changed.
func Notes(notes []params.Note) app.UI {
	if len(notes) == 0 {
		return app.Div().Class("ll-notes").Aria("live", "polite")
	}
	items := make([]app.UI, len(notes))
	for i, n := range notes {
		items[i] = app.Li().Text(n.Message)
	}
	return app.Div().Class("ll-notes", "ll-note").Aria("live", "polite").Body(
		app.Ul().Style("margin", "0.2rem 0").Style("padding-left", "1.2rem").Body(items...),
	)
}

// AddNote appends n to notes, replacing an older note about the same parameter.
func AddNote(notes []params.Note, n *params.Note) []params.Note {
	if n == nil {
		return notes
	}
	out := notes[:0:0]
	for _, o := range notes {
		if o.Param != n.Param {
			out = append(out, o)
		}
	}
	return append(out, *n)
}

// DropNote removes the note about param (after a valid value was chosen).
func DropNote(notes []params.Note, param string) []params.Note {
	out := notes[:0:0]
	for _, o := range notes {
		if o.Param != param {
			out = append(out, o)
		}
	}
	return out
}

// Bar is the Train/Pause/Step/Reset control bar. The buttons' text is their
// accessible name (tests and screen readers rely on it). A button that cannot
// act for a moment (training runs, a step is in flight) is aria-disabled, not
// disabled: it keeps keyboard focus (a disabled button drops focus to <body>)
// and ignores presses until it can act again. Locked controls are disabled.
type Bar struct {
	Running  bool // training continuously: Train is unavailable, Pause available
	Busy     bool // a request is in flight: Step presses are queued by the session
	Disabled bool // controls locked or no engine: all unavailable
	Stopped  bool // diverged or failed: only Reset is available
	OnTrain  func(ctx app.Context)
	OnPause  func(ctx app.Context)
	OnStep   func(ctx app.Context)
	OnReset  func(ctx app.Context)
}

// ActionButton is a toolkit button that stays focusable while it cannot act
// for a moment: busy sets aria-disabled (styled as disabled) and makes presses
// do nothing. locked (or no handler) disables it for good.
func ActionButton(name, title string, locked, busy bool, h func(app.Context)) app.UI {
	locked = locked || h == nil
	off := locked || busy
	return app.Button().Type("button").Class("ll-btn").Title(title).Disabled(locked).Aria("disabled", off).Text(name).
		// go-app v9 compares handlers by code pointer only; the scope makes
		// it re-bind when the callback appears or disappears or the
		// button's availability changes.
		OnClick(func(ctx app.Context, e app.Event) {
			if !off {
				h(ctx)
			}
		}, name, h != nil, off)
}

// UI renders the bar.
func (b Bar) UI() app.UI {
	off := b.Disabled
	return app.Div().Class("ll-trainbar").Role("group").Aria("label", "Training controls").
		Style("display", "flex").Style("gap", "0.4rem").Style("flex-wrap", "wrap").Style("margin", "0.4rem 0").
		Body(
			ActionButton("Train", "Train continuously", off, b.Running || b.Stopped, b.OnTrain),
			ActionButton("Pause", "Pause after the current chunk", off, !b.Running, b.OnPause),
			ActionButton("Step", "Train one step", off, b.Running || b.Stopped, b.OnStep),
			ActionButton("Reset", "Start again from fresh random weights", off, false, b.OnReset),
		)
}

// StatusRegion is the "Training status" live region (role=status).
func StatusRegion(text string) app.UI {
	return app.Div().Class("ll-status").Role("status").Aria("label", "Training status").Aria("atomic", "true").
		Style("font-variant-numeric", "tabular-nums").Style("min-height", "1.4em").
		Text(text)
}

// quietStatusRegion is StatusRegion with live announcements off (a
// Session announces through its own throttled region, see announce.go).
func quietStatusRegion(text string) app.UI {
	return app.Div().Class("ll-status").Role("status").Aria("label", "Training status").Aria("live", "off").
		Style("font-variant-numeric", "tabular-nums").Style("min-height", "1.4em").
		Text(text)
}

// Alert shows an error or warning sentence (role=alert) when msg is not empty.
func Alert(msg string) app.UI {
	if msg == "" {
		return app.Div().Class("ll-alert-empty")
	}
	return app.Div().Class("ll-alert").Role("alert").Text(msg).
		Style("border-left", "4px solid #D55E00").Style("padding", "0.4rem 0.7rem").
		Style("background", "rgba(213, 94, 0, 0.08)").Style("border-radius", "4px").Style("font-size", "0.95em")
}

// SetFromText parses text with p into vals[p.Name], replacing any earlier
// note about p: a clamped value is stored with its note; unreadable text
// leaves the value unchanged, adds a note saying so and reports false.
func SetFromText(vals params.Values, notes []params.Note, p params.Param, text string) ([]params.Note, bool) {
	notes = DropNote(notes, p.Name)
	v, note, err := p.Parse(text)
	if err != nil {
		return append(notes, params.Note{Param: p.Name, Message: err.Error() + "; value unchanged"}), false
	}
	vals[p.Name] = v
	return AddNote(notes, note), true
}
