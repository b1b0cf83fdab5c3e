package cae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget"
)

// Meter is the sensitivity-meter widget.
type Meter struct {
	app.Compo
	B widget.Block
}

// Render draws the meter.
func (m *Meter) Render() app.UI { return app.Div().Text("sensitivity meter") }

// Features is the mnist-features widget.
type Features struct {
	app.Compo
	B widget.Block
}

// Render draws the features.
func (f *Features) Render() app.UI { return app.Div().Text("features") }

// ByHand is the penalty-by-hand widget.
type ByHand struct {
	app.Compo
	B widget.Block
}

// Render draws the table.
func (b *ByHand) Render() app.UI { return app.Div().Text("by hand") }
