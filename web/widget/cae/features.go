package cae

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/core/modelfile"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

const nDigits = 8

// TestDigits reads the first n images of an MNIST subset file ("LLMN",
// version, count, rows, cols as little-endian u32, then labels, then uint8
// pixels; see core/data) as float32 in [0, 1]. The UI may not import
// core/data, and needs only a handful of digits.
func TestDigits(b []byte, n int) ([][]float32, error) {
	if len(b) < 20 || string(b[:4]) != "LLMN" {
		return nil, fmt.Errorf("not an MNIST subset file")
	}
	count := int(binary.LittleEndian.Uint32(b[8:]))
	rows := int(binary.LittleEndian.Uint32(b[12:]))
	cols := int(binary.LittleEndian.Uint32(b[16:]))
	if rows != 28 || cols != 28 || count < 1 || count > 100000 {
		return nil, fmt.Errorf("unexpected MNIST shape %d×%d×%d", count, rows, cols)
	}
	if n > count {
		n = count
	}
	off := 20 + count
	if len(b) < off+n*784 {
		return nil, fmt.Errorf("MNIST file truncated")
	}
	out := make([][]float32, n)
	for k := range out {
		img := make([]float32, 784)
		for i := range img {
			img[i] = float32(b[off+k*784+i]) / 255
		}
		out[k] = img
	}
	return out, nil
}

// Filter returns row j of the first encoder layer as a 28×28 image scaled
// symmetrically so that 0.5 is a zero weight (white positive, black negative).
func Filter(d *infer.Dense, j int) []float32 {
	row := d.W[j*d.In : (j+1)*d.In]
	m := float32(1e-9)
	for _, w := range row {
		if a := float32(math.Abs(float64(w))); a > m {
			m = a
		}
	}
	img := make([]float32, len(row))
	for i, w := range row {
		img[i] = 0.5 + 0.5*w/m
	}
	return img
}

// Features is the mnist-features widget: first-layer filters of pretrained
// MNIST models (a CAE and a plain AE), reconstructions of test digits, and
// noisy digits with their reconstructions.
type Features struct {
	app.Compo
	B widget.Block

	nets   [2]*infer.Network // 0: AE, 1: CAE
	digits [][]float32
	noisy  [][]float32
	errs   []string
	loaded int
	mse    [2][2]float64 // model × (clean, noisy)
	buf    []byte
	sigma  float64 // noise level (0: not set yet, use the parameter)
}

func (f *Features) id(s string) string { return "mf-" + f.B.ID + "-" + s }

var featureModels = [2]string{"ae", "cae"}

// OnMount fetches the two models and the test digits.
func (f *Features) OnMount(ctx app.Context) {
	for i, key := range featureModels {
		i := i
		name := f.B.Params.String(key)
		if name == "" {
			name = key + "-mnist"
		}
		kit.FetchBytes("/web/models/"+name+".llm", func(b []byte, err error) {
			ctx.Dispatch(func(ctx app.Context) {
				f.loaded++
				if err == nil {
					var mf *modelfile.File
					mf, err = modelfile.Unmarshal(b)
					if err == nil && (len(mf.Net.Encoder) == 0 || mf.Net.Input != 784) {
						err = fmt.Errorf("not an MNIST autoencoder")
					}
					if err == nil {
						f.nets[i] = &mf.Net
					}
				}
				if err != nil {
					f.errs = append(f.errs, fmt.Sprintf("model %s: %v", name, err))
				}
				f.refresh()
			})
		})
	}
	kit.FetchBytes("/web/data/mnist-test.bin", func(b []byte, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			f.loaded++
			if err == nil {
				f.digits, err = TestDigits(b, nDigits)
			}
			if err != nil {
				f.errs = append(f.errs, fmt.Sprintf("test digits: %v", err))
			}
			f.refresh()
		})
	})
}

func (f *Features) noise() float64 {
	if f.sigma > 0 {
		return f.sigma
	}
	if v, ok := f.B.Params["noise"].(float64); ok {
		return v
	}
	return 0.3
}

// refresh recomputes noisy digits, reconstructions and errors, and draws.
func (f *Features) refresh() {
	if f.digits != nil {
		rng := rand.New(rand.NewPCG(5, 5))
		s := float32(f.noise())
		f.noisy = make([][]float32, len(f.digits))
		for k, d := range f.digits {
			n := make([]float32, len(d))
			for i, v := range d {
				n[i] = float32(math.Max(0, math.Min(1, float64(v+s*float32(rng.NormFloat64())))))
			}
			f.noisy[k] = n
		}
	}
	f.draw()
}

func mse(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		d := float64(a[i] - b[i])
		s += d * d
	}
	return s / float64(len(a))
}

func (f *Features) draw() {
	nf := f.B.Params.Int("filters")
	if nf <= 0 {
		nf = 24
	}
	for i, n := range f.nets {
		if n == nil {
			continue
		}
		d := &n.Encoder[0]
		k := nf
		if k > d.Out {
			k = d.Out
		}
		imgs := make([][]float32, k)
		for j := range imgs {
			imgs[j] = Filter(d, j)
		}
		f.buf = kit.PutGrid(kit.Element(f.id("filters-"+featureModels[i])), kit.GridFor(k, 8, 28, 28, 2), imgs, f.buf)
	}
	if f.digits == nil {
		return
	}
	f.buf = kit.PutGrid(kit.Element(f.id("clean")), kit.GridFor(len(f.digits), nDigits, 28, 28, 2), f.digits, f.buf)
	f.buf = kit.PutGrid(kit.Element(f.id("noisy")), kit.GridFor(len(f.noisy), nDigits, 28, 28, 2), f.noisy, f.buf)
	for i, n := range f.nets {
		if n == nil {
			continue
		}
		for j, src := range [][][]float32{f.digits, f.noisy} {
			rec := make([][]float32, len(src))
			tot := 0.0
			for k, x := range src {
				rec[k] = n.Reconstruct(x)
				tot += mse(rec[k], f.digits[k])
			}
			f.mse[i][j] = tot / float64(len(src))
			f.buf = kit.PutGrid(kit.Element(f.id([]string{"rec-", "den-"}[j]+featureModels[i])), kit.GridFor(len(rec), nDigits, 28, 28, 2), rec, f.buf)
		}
	}
}

// Render lays out the filter grids and the reconstruction rows.
func (f *Features) Render() app.UI {
	grid := func(key, label string, w int) app.UI {
		return app.Canvas().ID(f.id(key)).Class("ll-canvas pixelated").Attr("role", "img").Aria("label", label).
			Style("width", "100%").Style("max-width", strconv.Itoa(w)+"px").Style("image-rendering", "pixelated")
	}
	row := func(title, key, label string) app.UI {
		return app.Div().Body(app.Div().Class("ll-fig-title").Text(title), grid(key, label, 480))
	}
	var msg app.UI = app.Text("")
	switch {
	case len(f.errs) > 0:
		msg = app.Div().Class("notice").Attr("role", "note").Body(
			app.P().Text("Some pretrained files could not be loaded, so parts of this widget are empty. They are built by `make` into /web/models and /web/data."),
			app.Ul().Body(app.Range(f.errs).Slice(func(i int) app.UI { return app.Li().Text(f.errs[i]) })),
		)
	case f.loaded < 3:
		msg = app.P().Class("loading").Text("Loading the pretrained models and test digits…")
	}
	mseText := func(i int) string {
		if f.nets[i] == nil || f.digits == nil {
			return "—"
		}
		return fmt.Sprintf("clean %.4f · noisy input %.4f", f.mse[i][0], f.mse[i][1])
	}
	return app.Div().Class("ll-widget mnist-features").Body(
		msg,
		app.Div().Class("ll-row").Body(
			app.Figure().Class("ll-fig").Body(app.Div().Class("ll-fig-title").Text("Plain AE: first-layer filters (rows of W)"),
				grid("filters-ae", "Filters of the plain autoencoder", 240)),
			app.Figure().Class("ll-fig").Body(app.Div().Class("ll-fig-title").Text("CAE: first-layer filters (rows of W)"),
				grid("filters-cae", "Filters of the contractive autoencoder", 240)),
		),
		app.P().Class("ll-readout").Text("Each tile is one hidden unit's weights to the 784 pixels: white positive, black negative, grey zero (each tile scaled to its own largest weight)."),
		row("Test digits", "clean", "Clean test digits"),
		row("Plain AE reconstructions", "rec-ae", "Reconstructions by the plain autoencoder"),
		row("CAE reconstructions", "rec-cae", "Reconstructions by the contractive autoencoder"),
		app.Label().Class("ll-controls").Body(app.Text(fmt.Sprintf("The same digits with Gaussian noise, σ = %.2f ", f.noise())),
			app.Input().Type("range").Min(0.05).Max(1).Step(0.05).Disabled(f.B.Locked).Aria("label", "noise sigma").
				Value(strconv.FormatFloat(f.noise(), 'f', 2, 64)).
				OnInput(func(ctx app.Context, e app.Event) {
					if v, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64); err == nil && v > 0 && v <= 1 {
						f.sigma = v
						f.refresh()
					}
				})),
		grid("noisy", "Noisy test digits", 480),
		row("Plain AE reconstruction of the noisy digits", "den-ae", "Plain autoencoder applied to noisy digits"),
		row("CAE reconstruction of the noisy digits", "den-cae", "Contractive autoencoder applied to noisy digits"),
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Mean squared error against the clean digit (per pixel)"),
			app.TBody().Body(
				app.Tr().Body(app.Th().Text("plain AE"), app.Td().DataSet("model", "ae").Text(mseText(0))),
				app.Tr().Body(app.Th().Text("CAE"), app.Td().DataSet("model", "cae").Text(mseText(1))),
			),
		),
	)
}
