package apps

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// trainer is what the four applications widgets share: the block and its
// parameter values with the widget's lifecycle (kit.Base), and the session
// that trains the widget's models. A widget embeds it beside app.Compo
// (which stays a direct field: go-app finds the component there), is
// registered with register and opens its session with open.
type trainer struct {
	kit.Base
	s      kit.Session
	codeAt int // the model whose code "Show the code" shows
}

// register adds an applications widget to the registry: spec without its
// New, and build, which makes the widget around the trainer of a block.
func register(s widget.Spec, build func(trainer) app.UI) {
	s.New = func(b widget.Block) app.UI { return build(trainer{Base: kit.Base{B: b}}) }
	widget.Register(s)
}

// open makes s the widget's session, as every applications widget has it:
// its bar disabled when the block turns actions off, its status line the
// widget's "status" element, update (the widget's app.Compo Update) to
// re-render it, and closed when the widget goes. The caller starts it
// (t.s.Start) once its other cleanups and hooks are registered.
func (t *trainer) open(s kit.Session, update func()) {
	s.Locked, s.ID, s.Update = t.B.ActionsOff, t.ID("status"), update
	t.s = s
	t.Cleanup(t.s.Close)
}

// showCode is "Show the code" (issue 22) for the models the session trains
// side by side, of configs cfgs on data d: the PyTorch and Keras code of
// one of them and the export of its weights; with several models, a
// choice of which.
func (t *trainer) showCode(cfgs []spec.Config, d engine.Data) app.UI {
	i := min(max(t.codeAt, 0), len(cfgs)-1)
	panel := kit.ShowCode(cfgs[i], d).ID(t.ID("code")).WeightsOf(&t.s, i)
	if len(cfgs) == 1 {
		return panel
	}
	opts := make([]app.UI, len(cfgs))
	for k, c := range cfgs {
		opts[k] = app.Option().Value(strconv.Itoa(k)).Selected(k == i).Text(modelName(c))
	}
	return app.Div().Body(
		app.Label().For(t.ID("code-model")).Style("font-size", "0.85em").Style("margin-right", "0.4rem").Text("Code of"),
		app.Select().ID(t.ID("code-model")).Disabled(t.B.Locked).Body(opts...).OnChange(func(ctx app.Context, e app.Event) {
			if k, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
				t.codeAt = k
			}
		}),
		panel,
	)
}

// modelName names a model of config c in the code panel's choice
// ("the VAE with a 16-dimensional code").
func modelName(c spec.Config) string {
	return fmt.Sprintf("the %s with a %d-dimensional code", strings.ToUpper(c.Kind), c.Latent)
}
