package own

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/owndata"
	"latentlab/web/widget/kit"
)

// csvUI is the upload: a file input, then (for a file of more columns than
// the widget needs) a choice of columns.
func (p *Panel) csvUI() app.UI {
	id := p.ID + "-own-csv"
	body := []app.UI{
		app.Label().For(id).Style("display", "block").Style("margin-bottom", "0.3rem").Text("Or upload a CSV file of numbers (2 or more columns):"),
		app.Input().Type("file").ID(id).Accept(".csv,.tsv,.txt,text/csv,text/plain").Disabled(p.Locked || p.reading).
			OnChange(p.onFile),
		app.P().Style("font-size", "0.85em").Style("margin", "0.3rem 0").
			Text("Each column is standardised (mean 0, standard deviation 1); a first row of names is read as the header."),
	}
	if t := p.table; t != nil && len(t.Columns) > 2 {
		boxes := make([]app.UI, len(t.Columns))
		for j, name := range t.Columns {
			cid := p.ID + "-own-col-" + kit.FormatCount(j)
			boxes[j] = app.Label().For(cid).Style("margin-right", "0.8rem").Style("white-space", "nowrap").Body(
				app.Input().Type("checkbox").ID(cid).Checked(p.chosen[j]).Disabled(p.Locked).
					OnChange(func(ctx app.Context, e app.Event) { p.chosen[j] = ctx.JSSrc().Get("checked").Bool() }),
				app.Text(" "+name))
		}
		body = append(body, app.FieldSet().Style("border", "none").Style("padding", "0").Style("margin", "0.3rem 0").Body(
			app.Legend().Style("font-size", "0.9em").Textf("Columns of %s to train on:", p.file),
			app.Div().Body(boxes...),
			app.Div().Style("margin-top", "0.3rem").Body(button("Use these columns", p.Locked, p.useColumns)),
		))
	}
	return app.Div().Style("flex", "1 1 240px").Style("min-width", "0").Body(body...)
}

// onFile refuses a file over owndata.MaxBytes before reading it, then reads
// and parses it; a file of as many columns as the widget needs is put in
// use at once.
func (p *Panel) onFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if !kit.Present(files) || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name := file.Get("name").String()
	ctx.JSSrc().Set("value", "") // the same file may be chosen again
	if err := owndata.CheckSize(name, int64(file.Get("size").Float())); err != nil {
		p.use(nil, err)
		return
	}
	p.reading = true
	kit.ReadFile(file, func(b []byte, err error) {
		ctx.Dispatch(func(app.Context) {
			p.reading = false
			var t *owndata.Table
			if err == nil {
				t, err = owndata.ParseCSV(name, b)
			}
			if err != nil {
				p.use(nil, err)
				return
			}
			p.table, p.file, p.chosen = t, name, make([]bool, len(t.Columns))
			p.chosen[0], p.chosen[1] = true, true
			if len(t.Columns) == 2 || p.Dims == 0 && len(t.Columns) <= 2 {
				p.useColumns()
				return
			}
			p.alert = ""
			p.update()
		})
	})
}

// useColumns standardises the chosen columns and puts them in use.
func (p *Panel) useColumns() {
	var cols []int
	for j, c := range p.chosen {
		if c {
			cols = append(cols, j)
		}
	}
	p.use(owndata.Standardise(p.file, p.table, cols))
}
