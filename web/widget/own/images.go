package own

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/owndata"
	"latentlab/web/widget/kit"
)

// imagesUI is the image upload: several image files or zip archives, or a
// folder.
func (p *Panel) imagesUI() app.UI {
	files, folder := p.ID+"-own-images", p.ID+"-own-folder"
	off := p.Locked || p.reading
	label := func(id, text string) app.UI {
		return app.Label().For(id).Style("display", "block").Style("margin", "0.3rem 0 0.2rem").Text(text)
	}
	body := []app.UI{
		label(files, "Upload images (several files, or a .zip of them):"),
		app.Input().Type("file").ID(files).Multiple(true).Accept("image/*,.zip,application/zip").Disabled(off).
			OnChange(p.onImages),
		label(folder, "Or a folder of images:"),
		app.Input().Type("file").ID(folder).Multiple(true).Attr("webkitdirectory", true).Disabled(off).
			OnChange(p.onImages),
		app.P().Style("font-size", "0.85em").Style("margin", "0.3rem 0").
			Textf("PNG, JPEG, GIF, WebP or BMP, up to %s images. Each becomes 28×28 gray levels like the MNIST digits: scaled to fit with its aspect kept, centred, and inverted if its background is light, so that the ink is bright.",
				kit.FormatCount(owndata.MaxImages)),
	}
	if p.progress != "" {
		body = append(body, app.P().ID(p.ID+"-own-progress").Style("font-size", "0.85em").Style("margin", "0.3rem 0").Text(p.progress))
	}
	if s := Images(); s != nil {
		body = append(body, app.Canvas().ID(p.ID+"-own-thumbs").Role("img").
			Aria("label", fmt.Sprintf("The first %d of your images as the model sees them", min(thumbs, s.N()))).
			Width(thumbs*29-1).Height(28).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", (thumbs*29-1)*2)).
			Style("image-rendering", "pixelated").Style("display", "block").Style("margin-top", "0.3rem"))
	}
	return app.Div().Style("flex", "1 1 240px").Style("min-width", "0").Body(body...)
}

// thumbs is how many of the images in use the panel shows.
const thumbs = 10

// onImages reads the files chosen (refusing a file too large before
// reading it) and puts the images in use, or shows why not.
func (p *Panel) onImages(ctx app.Context, e app.Event) {
	list := ctx.JSSrc().Get("files")
	if !kit.Present(list) {
		return
	}
	files := make([]app.Value, list.Length())
	for i := range files {
		files[i] = list.Index(i)
	}
	ctx.JSSrc().Set("value", "") // the same files may be chosen again
	if len(files) == 0 {
		p.use(nil, fmt.Errorf("the folder holds no files"))
		return
	}
	p.reading, p.progress = true, "Reading your images…"
	p.update()
	decodeImages(files, func(n int) {
		if n%50 == 0 {
			ctx.Dispatch(func(app.Context) {
				p.progress = fmt.Sprintf("Reading your images… %s done", kit.FormatCount(n))
			})
		}
	}, func(b *owndata.ImageBatch, err error) {
		ctx.Dispatch(func(app.Context) {
			p.reading, p.progress = false, ""
			if err != nil {
				p.use(nil, err)
				return
			}
			p.use(b.Set())
		})
	})
}

// drawThumbs shows the first images in use, as the model sees them.
func (p *Panel) drawThumbs() {
	s := Images()
	if s == nil {
		return
	}
	imgs := make([][]float32, min(thumbs, s.N()))
	for k := range imgs {
		imgs[k] = s.X[k*owndata.ImagePixels : (k+1)*owndata.ImagePixels]
	}
	g := kit.ImageGrid{Cols: thumbs, Rows: 1, W: owndata.ImageSide, H: owndata.ImageSide, Gap: 1}
	p.thumbBuf = kit.PutGrid(kit.Element(p.ID+"-own-thumbs"), g, imgs, p.thumbBuf)
}
