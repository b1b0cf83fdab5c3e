package own

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/owndata"
	"latentlab/core/owndata/ownzip"
	"latentlab/web/widget/kit"
)

// This file turns the files of an upload (several images, a folder, zip
// archives of images) into an owndata.ImageBatch. The browser decodes each
// image (createImageBitmap) and scales a large one down to at most
// decodeSide a side on a canvas (getImageData); core/owndata fits it to
// 28×28. Files are handled one after another, so that a large upload never
// holds more than one decoded image at a time.

// decodeSide is the largest side the canvas keeps before owndata.FitGray
// averages the pixels down to 28 (4 canvas pixels per output pixel).
const decodeSide = 4 * owndata.ImageSide

// imageJob is one file to decode: a browser File or Blob and its name.
type imageJob struct {
	name string
	blob app.Value
}

// decoder decodes an upload's files in turn into batch, then calls done.
type decoder struct {
	batch    owndata.ImageBatch
	files    []app.Value // the upload's files not yet opened
	jobs     []imageJob  // images waiting to be decoded
	progress func(done int)
	done     func(*owndata.ImageBatch, error)
	canvas   app.Value
	seen     int
}

// decodeImages reads the files of one upload. A single file that is too
// large or a single archive that is unreadable is refused as an error;
// within a larger upload such a file is counted as refused and the rest is
// used.
func decodeImages(files []app.Value, progress func(done int), done func(*owndata.ImageBatch, error)) {
	d := &decoder{files: files, progress: progress, done: done}
	d.batch.Name = uploadName(files)
	d.next()
}

// uploadName is what the data set is called: the file's name, the
// folder's name, or "N files".
func uploadName(files []app.Value) string {
	if len(files) == 1 {
		return files[0].Get("name").String()
	}
	if rel := files[0].Get("webkitRelativePath"); kit.Present(rel) && strings.Contains(rel.String(), "/") {
		return "folder " + strings.SplitN(rel.String(), "/", 2)[0]
	}
	return fmt.Sprintf("%d files", len(files))
}

// fileName is a file's path inside an uploaded folder, or its name.
func fileName(f app.Value) string {
	if rel := f.Get("webkitRelativePath"); kit.Present(rel) && rel.String() != "" {
		return rel.String()
	}
	return f.Get("name").String()
}

// next decodes the next waiting image, or opens the next file, or finishes.
func (d *decoder) next() {
	switch {
	case len(d.jobs) > 0:
		j := d.jobs[0]
		d.jobs = d.jobs[1:]
		d.decode(j)
	case len(d.files) > 0:
		f := d.files[0]
		d.files = d.files[1:]
		d.open(f)
	default:
		d.done(&d.batch, nil)
	}
}

// open sorts one file of the upload: an archive is read and its images
// queued; an image is queued; anything else is skipped.
func (d *decoder) open(f app.Value) {
	name, single := fileName(f), len(d.files) == 0 && d.seen == 0
	d.seen++
	size := int64(f.Get("size").Float())
	isZip := strings.EqualFold(path.Ext(name), ".zip")
	isImage := owndata.IsImageName(name) || strings.HasPrefix(f.Get("type").String(), "image/")
	if !isZip && !isImage {
		d.batch.Skip(name)
		d.next()
		return
	}
	if err := owndata.CheckSize(name, size); err != nil {
		d.refuse(single, err)
		return
	}
	if isImage {
		d.jobs = append(d.jobs, imageJob{name: name, blob: f})
		d.next()
		return
	}
	kit.ReadFile(f, func(b []byte, err error) {
		var files []ownzip.File
		var skipped []string
		var over int
		if err == nil {
			files, skipped, over, err = ownzip.Read(name, b)
		}
		if err != nil {
			d.refuse(single, err)
			return
		}
		for _, s := range skipped {
			d.batch.Skip(s)
		}
		d.batch.Over += over
		for _, zf := range files {
			d.jobs = append(d.jobs, imageJob{name: zf.Name, blob: blobOf(zf.Data)})
		}
		d.next()
	})
}

// refuse ends a single-file upload with err, or counts the file as refused
// and goes on.
func (d *decoder) refuse(single bool, err error) {
	if single {
		d.done(nil, err)
		return
	}
	d.batch.Refuse(err)
	d.next()
}

// blobOf wraps bytes in a browser Blob.
func blobOf(b []byte) app.Value {
	win := app.Window()
	u8 := win.Get("Uint8Array").New(len(b))
	app.CopyBytesToJS(u8, b)
	parts := win.Get("Array").New()
	parts.Call("push", u8)
	return win.Get("Blob").New(parts)
}

// decode has the browser decode one image and fits it into the batch.
func (d *decoder) decode(j imageJob) {
	if d.batch.Full() {
		d.batch.Over++
		d.next()
		return
	}
	win := app.Window()
	if !kit.Present(win.Get("createImageBitmap")) {
		d.done(nil, errors.New("this browser cannot decode images (createImageBitmap)"))
		return
	}
	await(win.Call("createImageBitmap", j.blob), func(bmp app.Value, err error) {
		if err != nil {
			d.batch.Refuse(fmt.Errorf("%s: the browser cannot decode it as an image", j.name))
		} else {
			d.fit(j.name, bmp)
			bmp.Call("close")
		}
		if d.progress != nil {
			d.progress(d.batch.N() + len(d.batch.Refused))
		}
		d.next()
	})
}

// fit draws a decoded image on the canvas, at most decodeSide a side (its
// aspect kept), reads its pixels back and adds them to the batch.
func (d *decoder) fit(name string, bmp app.Value) {
	w, h := bmp.Get("width").Int(), bmp.Get("height").Int()
	if err := owndata.CheckImageSize(name, w, h); err != nil {
		d.batch.Refuse(err)
		return
	}
	cw, ch := w, h
	if m := max(w, h); m > decodeSide {
		cw, ch = max(1, w*decodeSide/m), max(1, h*decodeSide/m)
	}
	if !kit.Present(d.canvas) {
		d.canvas = app.Window().Get("document").Call("createElement", "canvas")
	}
	d.canvas.Set("width", cw)
	d.canvas.Set("height", ch)
	opts := app.Window().Get("Object").New()
	opts.Set("willReadFrequently", true)
	ctx := d.canvas.Call("getContext", "2d", opts)
	ctx.Set("imageSmoothingQuality", "high")
	ctx.Call("clearRect", 0, 0, cw, ch)
	ctx.Call("drawImage", bmp, 0, 0, cw, ch)
	px := ctx.Call("getImageData", 0, 0, cw, ch).Get("data")
	rgba := make([]byte, px.Length())
	app.CopyBytesToGo(rgba, app.Window().Get("Uint8Array").New(px.Get("buffer")))
	d.batch.Add(name, rgba, cw, ch)
}

// await calls done with a promise's value or its rejection, on the JS event
// loop.
func await(p app.Value, done func(app.Value, error)) {
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		done(args[0], nil)
		return nil
	})
	fail = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		msg := "rejected"
		if len(args) > 0 && kit.Present(args[0]) {
			msg = args[0].Call("toString").String()
		}
		done(nil, errors.New(msg))
		return nil
	})
	p.Call("then", ok, fail)
}
