package reparam

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget"
)

// Graphs is the two-graphs widget.
type Graphs struct {
	app.Compo
	B widget.Block
}

// Render draws the graphs.
func (g *Graphs) Render() app.UI { return app.Div().Text("graphs") }


// EpsZ is the eps-to-z widget.
type EpsZ struct {
	app.Compo
	B widget.Block
}

// Render draws the widget.
func (e *EpsZ) Render() app.UI { return app.Div().Text("eps") }
