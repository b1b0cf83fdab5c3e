package cae

import (
	"fmt"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/kit"
)

// featureModelFiles are the served models the three slots may start from.
var featureModelFiles = engine.PretrainedNames("ae", "dae", "cae")

// mnist-features' parameters.
var (
	pAEModel  = params.NewChoice(params.Param{Name: "ae", Default: "ae-mnist", Choices: featureModelFiles, Doc: "pretrained plain AE the widget compares (one the site serves under /web/models)"})
	pDAEModel = params.NewChoice(params.Param{Name: "dae", Default: "dae-mnist", Choices: featureModelFiles, Doc: "pretrained denoising AE the widget compares (one the site serves under /web/models)"})
	pCAEModel = params.NewChoice(params.Param{Name: "cae", Default: "cae-mnist", Choices: featureModelFiles, Doc: "pretrained CAE the widget compares (one the site serves under /web/models)"})
	pFilters  = params.NewInt(params.Param{Name: "filters", Default: 24, Min: 4, Max: 64, Doc: "filters shown per model"})
	pCorrupt  = params.NewChoice(params.Param{Name: "corruption", Default: CorruptGaussian, Choices: Corruptions,
		Doc: "corruption the DAE trains with and the test digits get: gaussian, mask or salt (salt and pepper)"})
	pNoiseF = params.NewFloat(params.Param{Name: "noise", Default: 0.3, Min: 0.05, Max: 0.9,
		Doc: "corruption level: σ of the Gaussian noise, or the probability p (masking) or ν (salt and pepper)"})
	pLambdaF = params.NewFloat(params.Param{Name: "lambda", Default: 0.1, Min: 0, Max: 5, Sets: "lambda",
		Doc: "contraction weight λ of the CAE trained in the browser"})
	pPretrainedF = params.NewBool(params.Param{Name: "pretrained", Default: true,
		Doc: "start training from the pretrained models (false: from the same random weights)"})
	pSeedF = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 1, Max: 1000000,
		Doc: "seed of the corrupted test digits and, from scratch, of the models' weights and batches"})
	// FeatureParams is mnist-features' parameter table.
	FeatureParams = params.NewTable(pAEModel, pDAEModel, pCAEModel, pFilters, pCorrupt, pNoiseF, pLambdaF, pPretrainedF, pSeedF)
)

// The three models, in the order of every per-model array.
const (
	modelAE = iota
	modelDAE
	modelCAE
	nModels
)

var (
	featureModels = [nModels]string{"ae", "dae", "cae"}
	featureTitles = [nModels]string{"Plain AE", "DAE", "CAE"}
)

// FeatureCorruption is the corruption set by the widget's values.
func FeatureCorruption(v params.Values) Corruption {
	return Corruption{Kind: pCorrupt.Get(v), Level: pNoiseF.Get(v)}
}

// FeatureDigits returns the test digits the widget shows corrupted: the
// corruption of v applied with the widget's seed.
func FeatureDigits(digits [][]float32, v params.Values) [][]float32 {
	return FeatureCorruption(v).Apply(digits, uint64(pSeedF.Get(v)))
}

// Features is the mnist-features widget: a plain AE, a denoising AE and a
// CAE with the same architecture and seed, trained in lockstep in the
// engine worker (by default continuing from the pretrained models), their
// first-layer filters (a unit enlarged on click), and test digits, clean and
// corrupted, with the three reconstructions of each. Training is in
// features_train.go, the filter zoom in features_zoom.go.
type Features struct {
	app.Compo
	kit.Base

	s       kit.Session
	last    [nModels]engine.Metrics
	filters [nModels][][]float32    // model × filter image, from the worker
	recs    [nModels][2][][]float32 // model × (clean, corrupted) × reconstruction, from the worker
	mse     [nModels][2]float64     // model × (clean, corrupted)
	digits  [][]float32
	noisy   [][]float32
	errs    []string
	loaded  int
	buf     []byte
	zoom    zoom

	viewBusy  bool
	viewAgain bool // the inputs changed while views were being fetched
	viewAt    time.Time
	frame     kit.Frame
}

func (f *Features) id(s string) string { return "mf-" + f.B.ID + "-" + s }

// OnInit fills in the parameters.
func (f *Features) OnInit() {
	f.Init(FeatureParams)
	f.zoom = zoom{unit: -1}
}

// OnMount builds the three models in the worker and fetches the test digits.
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
func (f *Features) view() [nModels]string {
	return [nModels]string{f.mseText(modelAE), f.mseText(modelDAE), f.mseText(modelCAE)}
}

// setParam applies a control: λ changes the running CAE and the corruption
// the running DAE (and the test digits); "pretrained" rebuilds the models.
func (f *Features) setParam(ctx app.Context, name string) {
	switch name {
	case pLambdaF.Name:
		if f.s.IsReady() {
			f.s.Models[modelCAE].SetLambda(pLambdaF.Get(f.Vals), nil)
		}
		f.s.Report(true, "")
	case pCorrupt.Name, pNoiseF.Name:
		f.setCorruption()
		f.refresh()
		f.s.Report(true, "")
	case pPretrainedF.Name:
		f.s.Start(ctx)
	}
}

// setCorruption gives the running DAE the widget's corruption.
func (f *Features) setCorruption() {
	if f.s.IsReady() {
		n, m, s := FeatureCorruption(f.Vals).Engine()
		f.s.Models[modelDAE].SetCorruption(n, m, s, nil)
	}
}

// refresh recomputes the corrupted digits and asks the worker for new views.
func (f *Features) refresh() {
	if f.digits != nil {
		f.noisy = FeatureDigits(f.digits, f.Vals)
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

// filterCols is how many filters a grid shows per row.
const filterCols = 6

// draw puts the filters, digits and reconstructions (no computation here:
// the worker reconstructs).
func (f *Features) draw() {
	f.syncLevel()
	for i, imgs := range f.filters {
		if len(imgs) > 0 {
			f.buf = kit.PutGrid(kit.Element(f.id("filters-"+featureModels[i])), kit.GridFor(len(imgs), filterCols, 28, 28, 2), imgs, f.buf)
		}
	}
	f.drawZoom()
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

// syncLevel puts the level slider's thumb at the level: a range input whose
// value attribute the browser applied before its min, max and step (go-app
// sets attributes in no fixed order) shows its thumb at a clamped position.
func (f *Features) syncLevel() {
	if el := kit.Element(f.ID(pNoiseF.Name)); kit.Present(el) {
		if v := strconv.FormatFloat(pNoiseF.Get(f.Vals), 'g', -1, 64); el.Get("value").String() != v {
			el.Set("value", v)
		}
	}
}

// Render lays out the controls, the filter grids, the zoom and the
// reconstruction rows.
func (f *Features) Render() app.UI {
	c := FeatureCorruption(f.Vals)
	grid := func(key, label string) app.UI {
		return app.Canvas().ID(f.id(key)).Class("ll-canvas pixelated").Attr("role", "img").Aria("label", label).
			Style("width", "100%").Style("max-width", "480px").Style("image-rendering", "pixelated")
	}
	row := func(title, key, label string) app.UI {
		return app.Div().Class("mf-row").Body(app.Div().Class("ll-fig-title").Text(title), grid(key, label))
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
	kind := f.Field(pCorrupt.Param, "DAE corruption", func(ctx app.Context) { f.setParam(ctx, pCorrupt.Name) })
	kind.Labels = corruptionLabels
	level := f.Field(pNoiseF.Param, "level "+c.Symbol(), func(ctx app.Context) { f.setParam(ctx, pNoiseF.Name) })
	level.Live = true
	lambda := f.Field(pLambdaF.Param, "CAE λ", func(ctx app.Context) { f.setParam(ctx, pLambdaF.Name) })
	lambda.Input = "number"
	pre := f.Field(pPretrainedF.Param, "Start from the pretrained models", func(ctx app.Context) { f.setParam(ctx, pPretrainedF.Name) })
	recs := make([]app.UI, 0, 2*nModels+2)
	recs = append(recs, row("Test digits", "clean", "Clean test digits"))
	for i, t := range featureTitles {
		recs = append(recs, row(t+" reconstructions", "rec-"+featureModels[i], "Reconstructions by the "+featureNames[i]))
	}
	recs = append(recs, row("The same digits corrupted: "+c.String(), "noisy", "Corrupted test digits"))
	for i, t := range featureTitles {
		recs = append(recs, row(t+" reconstruction of the corrupted digits", "den-"+featureModels[i], featureNames[i]+" applied to the corrupted digits"))
	}
	return f.Frame("mnist-features",
		f.Controls(kind, level, lambda, pre),
		f.s.Bar(nil),
		f.s.StatusUI(),
		f.s.AlertUI(),
		app.P().Class("ll-caption").Style("font-size", "0.85em").Text(f.caption(c)),
		msg,
		f.filterFigures(),
		f.zoomUI(),
		app.P().Class("ll-readout").Text("Each tile is one hidden unit's weights to the 784 pixels: white positive, black negative, grey zero (each tile scaled to its own largest weight). Click a tile, or focus a grid and press Enter, to enlarge that unit in all three models; the arrow keys move between units."),
		app.Div().Class("mf-recs").Body(recs...),
		f.mseTable(),
		kit.ShowCode(FeatureModelConfig(modelCAE, FeatureLambda(f.Vals), c, pSeedF.Get(f.Vals)), engine.MNIST(0)).ID(f.ID("code")).WeightsOf(&f.s, modelCAE),
	)
}

// featureNames are the models' names in sentences.
var featureNames = [nModels]string{"plain autoencoder", "denoising autoencoder", "contractive autoencoder"}

// caption says what trains and from where.
func (f *Features) caption(c Corruption) string {
	s := "Training runs in your browser: a plain AE, a denoising AE trained on inputs corrupted as set above (" + c.String() +
		") and a CAE (λ above), all 784 → 128 sigmoid → 784 sigmoid with a cross-entropy loss against the clean digit, take the same steps in turn. "
	if pPretrainedF.Get(f.Vals) {
		return s + "All three start from pretrained files (10 passes over the 10,000 training digits, same seed; the DAE's with Gaussian noise σ = 0.3), so the figures are there at once; Train continues training them here, and the DAE continues with the corruption set above. Untick “Start from the pretrained models” to start all three from the same random weights and watch the filters form."
	}
	return s + "All three start from the same random weights (same seed); over the first thousand steps or so (about two minutes) the reconstructions sharpen and the filters turn from noise into strokes and blobs. Tick “Start from the pretrained models” to continue from the pretrained files instead."
}

// mseTable is the errors of the three models.
func (f *Features) mseTable() app.UI {
	rows := make([]app.UI, nModels)
	for i := range rows {
		rows[i] = app.Tr().Body(app.Th().Text(featureTitles[i]), app.Td().DataSet("model", featureModels[i]).Text(f.mseText(i)))
	}
	return app.Table().Class("ll-table").Body(
		app.Caption().Text("Mean squared error against the clean digit (per pixel)"),
		app.TBody().Body(rows...),
	)
}

// mseText is model i's errors as the table shows them.
func (f *Features) mseText(i int) string {
	if f.recs[i][0] == nil || f.digits == nil {
		return "—"
	}
	return fmt.Sprintf("clean %.4f · corrupted input %.4f", f.mse[i][0], f.mse[i][1])
}

// filterFigures are the three grids of filters, side by side where they fit.
func (f *Features) filterFigures() app.UI {
	figs := make([]app.UI, nModels)
	for i := range figs {
		i := i
		figs[i] = app.Figure().Class("ll-fig mf-filters").Body(
			app.Div().Class("ll-fig-title").Text(featureTitles[i]+": first-layer filters"),
			app.Canvas().ID(f.id("filters-"+featureModels[i])).Class("ll-canvas pixelated").
				Attr("role", "img").Aria("label", "Filters of the "+featureNames[i]).Title("Click a filter to enlarge it; arrow keys and Enter work too").
				TabIndex(0).Style("width", "100%").Style("cursor", "zoom-in").Style("image-rendering", "pixelated").
				OnClick(func(ctx app.Context, e app.Event) { f.zoomAt(ctx, e) }, strconv.Itoa(i)).
				DataSet(kit.TakeKeys, kit.ArrowsAnd("Enter", " ", "Escape")).
				OnKeyDown(func(ctx app.Context, e app.Event) { f.zoomKey(ctx, e) }, strconv.Itoa(i)),
		)
	}
	return app.Div().Class("ll-row mf-filter-row").Body(figs...)
}
