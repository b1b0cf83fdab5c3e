package cae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget"
)


// Features is the mnist-features widget.
type Features struct {
	app.Compo
	B widget.Block
}

// Render draws the features.
func (f *Features) Render() app.UI { return app.Div().Text("features") }

