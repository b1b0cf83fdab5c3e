package own

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/owndata"
	"latentlab/web/widget/kit"
)

// Panel is the "own data" part of a training widget: a drawing area, a CSV
// upload with a column choice, an image upload (Images), Clear, the
// privacy and link notes and an alert for refused input. A widget holds one, sets ID, Dims and Update, and
// shows UI() while its dataset parameter is Choice. A refused file or
// column choice changes nothing: the data set in use stays.
type Panel struct {
	ID     string // prefix of the panel's element ids
	Dims   int    // coordinates the widget trains on (2: the plane), 0: any ≥ 2
	Locked bool   // a teacher's lock: show the data set, change nothing
	Images bool   // offer the image upload (widgets of MNIST-shaped models)
	// NoPoints hides the drawing area and the CSV upload (a widget that
	// takes images only).
	NoPoints bool
	Update   func() // re-render the widget

	drawn   []float32 // points drawn and not yet in use (x, y pairs)
	path    []float64 // the stroke under the pointer
	single  bool      // single points (true) or brush strokes
	table   *owndata.Table
	file    string
	chosen  []bool // columns of table chosen
	alert   string // what was refused, and why
	reading bool
	frame   kit.Frame

	progress string // images read so far, while reading
	thumbBuf []byte
}

// Release frees the panel's drawing frame (call it when the widget goes).
func (p *Panel) Release() { p.frame.Release() }

// paint draws the drawing area and the image thumbnails.
func (p *Panel) paint() {
	p.draw()
	p.drawThumbs()
}

func (p *Panel) update() {
	if p.Update != nil {
		p.Update()
	}
}

// UI renders the panel.
func (p *Panel) UI() app.UI {
	p.frame.Request(p.paint)
	return app.Section().Class("ll-own").Aria("label", "Your own data").
		Style("border", "1px solid var(--rule, #ccc)").Style("border-radius", "6px").Style("padding", "0.6rem 0.8rem").
		Style("margin", "0.5rem 0").Body(
		app.P().Style("margin", "0 0 0.4rem").Style("font-size", "0.9em").Body(
			app.Strong().Text("Your own data. "),
			app.Text("It stays in this browser tab: nothing is uploaded, and it is forgotten when you close the tab or press Clear. "+
				"A shared link or embed says only “own data”: it does not carry your "+p.what()+"."),
		),
		app.P().ID(p.ID+"-own-status").Aria("live", "polite").Style("margin", "0 0 0.4rem").
			Style("font-variant-numeric", "tabular-nums").Text(p.summary()),
		app.Div().ID(p.ID+"-own-alert").Body(kit.Alert(p.alert)),
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "1rem").Style("align-items", "flex-start").Body(
			p.parts()...,
		),
	)
}

// parts are the ways of bringing data the panel offers.
func (p *Panel) parts() []app.UI {
	var ui []app.UI
	if !p.NoPoints {
		ui = append(ui, p.drawUI(), p.csvUI())
	}
	if p.Images {
		ui = append(ui, p.imagesUI())
	}
	if p.NoPoints {
		ui = append(ui, app.Div().Body(button("Clear my data", p.Locked || Current() == nil, p.clear)))
	}
	return ui
}

// what names the data the panel takes.
func (p *Panel) what() string {
	switch {
	case p.NoPoints:
		return "images"
	case p.Images:
		return "points or images"
	}
	return "points"
}

// summary says what data set is in use.
func (p *Panel) summary() string {
	s := Current()
	if s == nil {
		switch {
		case p.NoPoints:
			return "No images yet: upload some below."
		case p.Images:
			return "No data set yet: draw points in the square, or upload a CSV file or images."
		}
		return "No data set yet: draw points in the square, or upload a CSV file."
	}
	t := fmt.Sprintf("In use: %s points of %d coordinates from %s.", kit.FormatCount(s.N()), s.Dim, s.Name)
	if s.Images() {
		t = fmt.Sprintf("In use: %s images of %d×%d from %s.", kit.FormatCount(s.N()), s.Width, s.Height, s.Name)
	}
	switch {
	case s.Images() && !p.Images:
		t += " This widget trains on points: draw some, or upload a CSV file."
	case !s.Images() && p.NoPoints:
		t += " This widget takes images: upload some below."
	case p.Dims > 0 && s.Dim != p.Dims:
		t += fmt.Sprintf(" This widget needs exactly %d: choose other columns.", p.Dims)
	}
	if s.Note != "" {
		t += " " + s.Note
	}
	return t
}

// use puts s in use, or shows why it cannot be.
func (p *Panel) use(s *owndata.Set, err error) {
	if err == nil && p.Dims > 0 && s.Dim != p.Dims {
		err = fmt.Errorf("%s: this widget trains on points in the plane: choose exactly %d columns (%d chosen)", s.Name, p.Dims, s.Dim)
	}
	if err != nil {
		p.alert = err.Error() + ". The data set in use is unchanged." // it begins with the file name
		p.update()
		return
	}
	p.alert = ""
	Use(s)
	p.update()
}

func button(text string, off bool, click func()) app.UI {
	return app.Button().Type("button").Class("ll-btn").Disabled(off).Text(text).
		OnClick(func(app.Context, app.Event) { click() })
}
