package cae

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/web/engine"
	"latentlab/web/params"
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
func Filter(d *infer.Dense, j int) []float32 { return FilterImage(d.W[j*d.In : (j+1)*d.In]) }

// FilterImage scales one filter (a row of W) to [0, 1] with 0.5 for a zero
// weight and ±1 for the row's largest absolute weight.
func FilterImage(row []float32) []float32 {
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

// mnist-features' parameters.
var (
	pCAEModel = params.NewChoice(params.Param{Name: "cae", Default: "cae-mnist", Choices: engine.PretrainedNames("cae", "ae"), Doc: "pretrained CAE the widget compares (one the site serves under /web/models)"})
	pAEModel  = params.NewChoice(params.Param{Name: "ae", Default: "ae-mnist", Choices: engine.PretrainedNames("cae", "ae"), Doc: "pretrained plain AE the widget compares (one the site serves under /web/models)"})
	pFilters  = params.NewInt(params.Param{Name: "filters", Default: 24, Min: 4, Max: 64, Doc: "filters shown per model"})
	pNoiseF   = params.NewFloat(params.Param{Name: "noise", Default: 0.3, Min: 0, Max: 1, Doc: "noise added to the test digits (denoising demo)"})
	pLambdaF  = params.NewFloat(params.Param{Name: "lambda", Default: 0.1, Min: 0, Max: 5, Sets: "lambda",
		Doc: "contraction weight λ of the CAE trained in the browser"})
	pPretrainedF = params.NewBool(params.Param{Name: "pretrained", Default: true,
		Doc: "start training from the pretrained models (false: from the same random weights)"})
	// FeatureParams is mnist-features' parameter table.
	FeatureParams = params.NewTable(pCAEModel, pAEModel, pFilters, pNoiseF, pLambdaF, pPretrainedF)
)

// Features is the mnist-features widget: a plain AE and a CAE with the same
// architecture and seed, trained in lockstep in the engine worker (by
// default continuing from the pretrained models), their first-layer
// filters, reconstructions of test digits, and noisy digits with their
// reconstructions. Training is in features_train.go.
type Features struct {
	app.Compo
	kit.Base

	s       kit.Session
	last    [2]engine.Metrics
	filters [2][][]float32    // model (0: AE, 1: CAE) × filter image, from the worker
	recs    [2][2][][]float32 // model × (clean, noisy) × reconstruction, from the worker
	mse     [2][2]float64     // model × (clean, noisy)
	digits  [][]float32
	noisy   [][]float32
	errs    []string
	loaded  int
	buf     []byte
	sigma   float64 // noise level (0: not set yet, use the parameter)

	viewBusy  bool
	viewAgain bool // the inputs changed while views were being fetched
	viewAt    time.Time
	frame     kit.Frame
}

func (f *Features) id(s string) string { return "mf-" + f.B.ID + "-" + s }

var featureModels = [2]string{"ae", "cae"}

// OnInit fills in the parameters.
func (f *Features) OnInit() { f.Init(FeatureParams) }

// OnMount builds the two models in the worker and fetches the test digits.
func (f *Features) OnMount(ctx app.Context) {
	f.s = f.session()
	f.Cleanup(f.s.Close)
	f.Cleanup(f.frame.Release)
	f.s.Start(ctx)
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

// view is what Render shows besides the session's bar, status and alert.
func (f *Features) view() [2]string { return [2]string{f.mseText(0), f.mseText(1)} }

// setParam applies a control: λ changes the running CAE, "pretrained"
// rebuilds both models.
func (f *Features) setParam(ctx app.Context, name string) {
	switch name {
	case pLambdaF.Name:
		if f.s.IsReady() {
			f.s.Models[1].SetLambda(pLambdaF.Get(f.Vals), nil)
		}
		f.s.Report(true, "")
	case pPretrainedF.Name:
		f.s.Start(ctx)
	}
}

func (f *Features) noise() float64 {
	if f.sigma > 0 {
		return f.sigma
	}
	return pNoiseF.Get(f.Vals)
}

// refresh recomputes the noisy digits and asks the worker for new views.
func (f *Features) refresh() {
	if f.digits != nil {
		rng := rand.New(rand.NewPCG(5, 5))
		s := float32(f.noise())
		f.noisy = make([][]float32, len(f.digits))
		for k, d := range f.digits {
			n := make([]float32, len(d))
			for i, v := range d {
				n[i] = float32(kit.Clamp(float64(v+s*float32(rng.NormFloat64())), 0, 1))
			}
			f.noisy[k] = n
		}
	}
	f.fetchViews()
	f.frame.Request(f.draw)
}

func mse(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		d := float64(a[i] - b[i])
		s += d * d
	}
	return s / float64(len(a))
}

// draw puts the filters, digits and reconstructions (no computation here:
// the worker reconstructs).
func (f *Features) draw() {
	for i, imgs := range f.filters {
		if len(imgs) > 0 {
			f.buf = kit.PutGrid(kit.Element(f.id("filters-"+featureModels[i])), kit.GridFor(len(imgs), 8, 28, 28, 2), imgs, f.buf)
		}
	}
	if f.digits == nil {
		return
	}
	f.buf = kit.PutGrid(kit.Element(f.id("clean")), kit.GridFor(len(f.digits), nDigits, 28, 28, 2), f.digits, f.buf)
	f.buf = kit.PutGrid(kit.Element(f.id("noisy")), kit.GridFor(len(f.noisy), nDigits, 28, 28, 2), f.noisy, f.buf)
	for i := range f.recs {
		for j, rec := range f.recs[i] {
			if len(rec) > 0 {
				f.buf = kit.PutGrid(kit.Element(f.id([]string{"rec-", "den-"}[j]+featureModels[i])), kit.GridFor(len(rec), nDigits, 28, 28, 2), rec, f.buf)
			}
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
			app.P().Text("The test digits could not be loaded, so the reconstruction rows are empty. They are built by `make` into /web/data."),
			app.Ul().Body(app.Range(f.errs).Slice(func(i int) app.UI { return app.Li().Text(f.errs[i]) })),
		)
	case f.loaded < 1 && f.s.Alert() == "":
		msg = app.P().Class("loading").Text("Loading the test digits…")
	}
	lambda := f.Field(pLambdaF.Param, "CAE λ", func(ctx app.Context) { f.setParam(ctx, pLambdaF.Name) })
	lambda.Input = "number"
	pre := f.Field(pPretrainedF.Param, "Start from the pretrained models", func(ctx app.Context) { f.setParam(ctx, pPretrainedF.Name) })
	start := "Both models start from the pretrained files (10 passes over the 10,000 training digits, same seed); Train continues training them here, so the filters change slowly. Untick “Start from the pretrained models” to start both from the same random weights and watch the filters form."
	if !pPretrainedF.Get(f.Vals) {
		start = "Both models start from the same random weights (same seed, same batches); over the first thousand steps or so (about a minute) the reconstructions sharpen and the filters turn from noise into strokes and blobs. Tick “Start from the pretrained models” to continue from the pretrained files instead."
	}
	return f.Frame("mnist-features",
		f.Controls(lambda, pre),
		f.s.Bar(nil),
		f.s.StatusUI(),
		f.s.AlertUI(),
		app.P().Class("ll-caption").Style("font-size", "0.85em").Text("Training runs in your browser: a plain AE (λ = 0) and a CAE (λ above), both 784 → 128 sigmoid → 784 sigmoid with a cross-entropy loss, take the same steps in turn. "+start),
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
			app.Input().Type("range").Min(0.05).Max(1).Step(0.05).Disabled(f.B.ParamLocked(pNoiseF.Name)).Aria("label", "noise sigma").
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
				app.Tr().Body(app.Th().Text("plain AE"), app.Td().DataSet("model", "ae").Text(f.mseText(0))),
				app.Tr().Body(app.Th().Text("CAE"), app.Td().DataSet("model", "cae").Text(f.mseText(1))),
			),
		),
		kit.ShowCode(FeatureModelConfig(1, pLambdaF.Get(f.Vals)), engine.MNIST(0)).ID(f.ID("code")).WeightsOf(&f.s, 1),
	)
}

// mseText is model i's errors as the table shows them.
func (f *Features) mseText(i int) string {
	if f.recs[i][0] == nil || f.digits == nil {
		return "—"
	}
	return fmt.Sprintf("clean %.4f · noisy input %.4f", f.mse[i][0], f.mse[i][1])
}
