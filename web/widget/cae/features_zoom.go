package cae

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// The filter zoom of mnist-features: a click on a filter tile (or Enter on a
// focused grid) enlarges that hidden unit's filter in all three models side
// by side — the same unit, grown from the same random start, trained with
// each objective. The arrow keys move between units, Escape closes.

// zoom is the enlarged unit.
type zoom struct {
	unit int  // −1: none chosen yet
	open bool // the enlarged view is shown
}

// zoomSize is the enlarged filters' CSS size in pixels (8× a 28-pixel tile).
const zoomSize = 168

// filterGrid is the layout of the filter grids.
func (f *Features) filterGrid() kit.ImageGrid {
	n := len(f.filters[modelAE])
	if n == 0 {
		n = pFilters.Get(f.Vals)
	}
	return kit.GridFor(n, filterCols, 28, 28, 2)
}

// zoomAt opens the zoom on the tile under a click.
func (f *Features) zoomAt(ctx app.Context, e app.Event) {
	el := ctx.JSSrc()
	cw := el.Get("clientWidth").Float()
	if cw <= 0 {
		return
	}
	g := f.filterGrid()
	gw, _ := g.Size()
	scale := float64(gw) / cw
	unit := tileAt(g, e.Get("offsetX").Float()*scale, e.Get("offsetY").Float()*scale)
	if unit < 0 || unit >= len(f.filters[modelAE]) {
		return
	}
	f.zoom = zoom{unit: unit, open: true}
	f.redrawAfter(ctx)
}

// redrawAfter draws the figures once the widget has re-rendered (the
// enlarged filters' canvases exist only then).
func (f *Features) redrawAfter(ctx app.Context) {
	ctx.Defer(func(app.Context) { f.frame.Request(f.draw) })
}

// tileAt is the tile under grid pixel (x, y), a gap counting for the tile
// before it; −1 outside the grid.
func tileAt(g kit.ImageGrid, x, y float64) int {
	c, r := int(x)/(g.W+g.Gap), int(y)/(g.H+g.Gap)
	if x < 0 || y < 0 || c >= g.Cols || r >= g.Rows {
		return -1
	}
	return r*g.Cols + c
}

// zoomKey handles the keys of a focused grid.
func (f *Features) zoomKey(ctx app.Context, e app.Event) {
	g := f.filterGrid()
	n := len(f.filters[modelAE])
	if n == 0 {
		return
	}
	u := max(f.zoom.unit, 0)
	switch e.Get("key").String() {
	case "Enter", " ":
		f.zoom.open = !f.zoom.open || f.zoom.unit < 0
	case "Escape":
		f.zoom.open = false
	case "ArrowRight":
		u++
	case "ArrowLeft":
		u--
	case "ArrowDown":
		u += g.Cols
	case "ArrowUp":
		u -= g.Cols
	default:
		return
	}
	e.PreventDefault()
	if u >= 0 && u < n {
		if u != f.zoom.unit && f.zoom.unit >= 0 {
			f.zoom.open = true
		}
		f.zoom.unit = u
	}
	f.redrawAfter(ctx)
}

// drawZoom marks the chosen tile in each grid and draws the enlarged
// filters (called by draw).
func (f *Features) drawZoom() {
	z := f.zoom
	g := f.filterGrid()
	for i, imgs := range f.filters {
		if z.unit < 0 || z.unit >= len(imgs) {
			continue
		}
		if c := kit.Element(f.id("filters-" + featureModels[i])); kit.Present(c) {
			x, y := g.Origin(z.unit)
			ctx := c.Call("getContext", "2d")
			ctx.Set("strokeStyle", "#e69f00") // Okabe–Ito orange
			ctx.Set("lineWidth", 1)
			ctx.Call("strokeRect", float64(x)-0.5, float64(y)-0.5, 29, 29)
		}
		if z.open {
			f.buf = kit.PutGray(kit.Element(f.id("zoom-"+featureModels[i])), imgs[z.unit], 28, 28, f.buf)
		}
	}
}

// zoomUI is the enlarged unit in the three models, with its close button.
func (f *Features) zoomUI() app.UI {
	z := f.zoom
	if !z.open || z.unit < 0 {
		return app.Div().ID(f.id("zoom")).Hidden(true)
	}
	figs := make([]app.UI, nModels)
	for i := range figs {
		figs[i] = app.Figure().Class("ll-fig").Body(
			app.Div().Class("ll-fig-title").Text(featureTitles[i]),
			app.Canvas().ID(f.id("zoom-"+featureModels[i])).Class("ll-canvas pixelated").Attr("role", "img").
				Aria("label", fmt.Sprintf("Filter of hidden unit %d of the %s, enlarged", z.unit+1, featureNames[i])).
				Style("width", fmt.Sprintf("%dpx", zoomSize)).Style("max-width", "100%").Style("image-rendering", "pixelated"),
		)
	}
	return app.Section().ID(f.id("zoom")).Class("mf-zoom").Aria("label", "Enlarged filter").Body(
		app.Div().Class("ll-fig-title").Text(fmt.Sprintf("Hidden unit %d of %d, in each model (same random start)", z.unit+1, len(f.filters[modelAE]))),
		app.Div().Class("ll-row").Body(figs...),
		app.Button().Class("ll-btn btn-small").Text("Close the enlarged filter").OnClick(func(ctx app.Context, e app.Event) {
			f.zoom.open = false
			f.redrawAfter(ctx)
		}),
	)
}
