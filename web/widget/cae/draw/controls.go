package draw

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
)

// Bar is the Train / Pause / Step / Reset button row with the Training
// status live region (accessible names as in DESIGN.md).
type Bar struct {
	Running  bool
	Disabled bool // controls=locked
	Status   string
	OnTrain  app.EventHandler
	OnPause  app.EventHandler
	OnStep   app.EventHandler
	OnReset  app.EventHandler
}

// UI renders the bar.
func (b Bar) UI() app.UI {
	btn := func(label string, disabled bool, h app.EventHandler) app.UI {
		return app.Button().Type("button").Class("ll-btn").Text(label).
			Disabled(disabled || b.Disabled).OnClick(h)
	}
	return app.Div().Class("ll-controls", "ll-trainbar").Body(
		app.Div().Class("ll-buttons").Body(
			btn("Train", b.Running, b.OnTrain),
			btn("Pause", !b.Running, b.OnPause),
			btn("Step", b.Running, b.OnStep),
			btn("Reset", false, b.OnReset),
		),
		app.Div().Class("ll-status").Aria("live", "polite").Attr("role", "status").
			Aria("label", "Training status").Text(b.Status),
	)
}

// Notes renders clamping notes (parameters that were out of range) as a
// visible list; it renders nothing when there are none.
func Notes(notes []params.Note) app.UI {
	if len(notes) == 0 {
		return app.Text("")
	}
	return app.Ul().Class("ll-notes").Attr("role", "note").Body(
		app.Range(notes).Slice(func(i int) app.UI {
			return app.Li().Text(notes[i].Message)
		}),
	)
}

// Clamp parses text s with p (clamping into range) and returns the value and
// a note when it was out of range or unreadable (then def is kept).
func Clamp(p params.Param, s string, def float64) (float64, *params.Note) {
	v, note, err := p.Parse(s)
	if err != nil {
		return def, &params.Note{Param: p.Name, Message: err.Error() + "; keeping " + Num(def)}
	}
	switch x := v.(type) {
	case float64:
		return x, note
	case int:
		return float64(x), note
	}
	return def, nil
}
