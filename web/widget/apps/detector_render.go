package apps

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/widget/kit"
)

// modelLabels are the choices of the model control.
var modelLabels = map[string]string{"ae": "AE", "vae": "VAE"}

// scoreLabels are the choices of the score control.
var scoreLabels = map[string]string{"relative": "relative error ‖x − x̂‖²/‖x‖²", "loss": "the model's loss (AE: BCE, VAE: −ELBO)",
	"iwae": "IWAE bound on −log p(x) (VAE; AE: its loss)"}

// Render lays the detector out: controls, the session's bar, status and
// alert, the histograms with the threshold and the ROC curve side by side,
// the read-out and the highest-scoring digits.
func (w *detector) Render() app.UI {
	model := w.Field(pDetModel.Param, "Model", func(ctx app.Context) { w.setParam(ctx, pDetModel.Param) })
	model.Labels = modelLabels
	class := w.Field(pAnomaly.Param, "Left-out digit", func(ctx app.Context) { w.setParam(ctx, pAnomaly.Param) })
	class.Input = "number"
	score := w.Field(pScore.Param, "Score", func(ctx app.Context) { w.setParam(ctx, pScore.Param) })
	score.Labels = scoreLabels
	corrupt := w.Field(pCorrupt.Param, "Also score", func(ctx app.Context) { w.setParam(ctx, pCorrupt.Param) })
	corrupt.Labels = corruptLabels
	fields := []kit.Field{model, class, score}
	if ScoringOf(w.Vals).Samples > 0 { // K counts only for a VAE's IWAE score (the URL keeps it either way)
		fields = append(fields, numeric(w.Field(pSamples.Param, "IWAE samples K", func(ctx app.Context) { w.setParam(ctx, pSamples.Param) })))
	}
	controls := w.Controls(append(fields, corrupt,
		w.Field(pDetLatent.Param, "Latent size", func(ctx app.Context) { w.setParam(ctx, pDetLatent.Param) }),
		numeric(w.Field(pDetHidden.Param, "Hidden width", func(ctx app.Context) { w.setParam(ctx, pDetHidden.Param) })),
		numeric(w.Field(pDetSeed.Param, "Seed", func(ctx app.Context) { w.setParam(ctx, pDetSeed.Param) })))...)
	figure := func(body app.UI, caption string) app.UI {
		return app.Figure().Style("margin", "0").Style("min-width", "0").Body(body,
			app.FigCaption().Style("font-size", "0.85em").Text(caption))
	}
	cls := AnomalyClass(w.Vals)
	// The figures are laid out from the start (drawn once the first scores
	// arrive), so nothing below them moves when they do.
	figs := app.Div().Body(
		app.Div().Style("display", "grid").Style("grid-template-columns", "repeat(auto-fit, minmax(260px, 1fr))").
			Style("gap", "0.8rem").Body(
			figure(app.Canvas().ID(w.ID("hist")).Class("ll-canvas").TabIndex(0).Role("slider").
				Aria("label", "Threshold on the score histograms").Aria("valuemin", "0").Aria("valuemax", "100").Aria("valuenow", fmt.Sprintf("%.0f", 100*min(max(w.thr, 0), 1))).
				Style("width", "100%").Style("height", "220px").Style("display", "block").
				Style("touch-action", "none").Style("cursor", "ew-resize").
				DataSet(kit.TakePointer, "true").DataSet(kit.TakeKeys, kit.ArrowsAnd("Home", "End")).
				On("pointerdown", w.onPointer).On("pointermove", w.onPointer).
				On("pointerup", w.onPointer).On("pointercancel", w.onPointer).OnKeyDown(w.onKey),
				fmt.Sprint("Scores of the 2,000 held-out digits: the share of each group per score bin. It starts at the best F1 (the best balance of precision and recall) and follows it as training goes on until you drag it (or focus the plot and use the arrow keys): digits scoring above it are flagged as anomalies."),
			),
			figure(app.Canvas().ID(w.ID("roc")).Class("ll-canvas").Role("img").
				Aria("label", "ROC curve of the detector").
				Style("width", "100%").Style("height", "220px").Style("display", "block"),
				fmt.Sprintf("ROC curve: every threshold at once. The dot is the threshold you set; the area under the curve (AUC) is the chance that a random %d scores higher than a random other digit.", cls),
			),
		),
		app.P().ID(w.ID("readout")).Aria("live", "polite").Style("font-variant-numeric", "tabular-nums").Text(scoresPending),
		w.padUI(),
		app.Figure().Style("margin", "0").Body(
			app.Canvas().ID(w.ID("top")).Role("img").Aria("label", "The highest-scoring held-out digits").
				Width(topN*29-1).Height(28).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", (topN*29-1)*2)).
				Style("image-rendering", "pixelated").Style("display", "block"),
			app.FigCaption().ID(w.ID("top-caption")).Style("font-size", "0.85em").Text(" ")),
		w.mineUI(),
	)

	return w.Frame("anomaly-detector",
		controls,
		w.s.Bar(nil),
		w.s.StatusUI(),
		w.s.AlertUI(),
		app.P().Style("font-size", "0.85em").Text(fmt.Sprintf(
			"The model trains on the MNIST subset without its %ds and never sees one; the 2,000 held-out digits it scores include about 200 of them.", cls)),
		figs,
		w.code(),
	)
}

// code is "Show the code" for the detector's model.
func (w *detector) code() app.UI {
	cfg, d := DetectorConfig(w.Vals)
	return w.showCode([]spec.Config{cfg}, d)
}

// scoresPending is the read-out before the first scores of a model.
const scoresPending = "The scores appear when the model is ready."

// numeric makes f a number input.
func numeric(f kit.Field) kit.Field { f.Input = "number"; return f }
