package vae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
	"latentlab/web/widget/own"
)

// Render lays the trainer out: controls, the session's bar with the model
// file buttons, the Training status, the alert, four figures and the
// architecture.
func (w *trainer) Render() app.UI {
	ds := w.field(pDataset.Param, "Data", "")
	ds.Labels = datasetLabels
	fields := []kit.Field{ds, w.field(pLatent.Param, "Latent size", ""),
		w.field(pHidden.Param, "Hidden width", "number"), w.field(pBeta.Param, "β", "number"),
		w.field(pLR.Param, "Learning rate", "number"), w.field(pBatch.Param, "Batch", "number"),
		w.field(pTrainSeed.Param, "Seed", "number")}
	if !w.images() { // images have a Bernoulli decoder
		fields = append(fields, w.field(pDecSigma.Param, "Decoder σ", "number"))
	}
	controls := w.Controls(fields...)
	w.s.Locked = w.loading || w.B.ActionsOff
	image := w.images()
	stripLabel := "Fixed held-out digits (top) and their reconstructions (bottom)"
	stripNote := ""
	if image && pDataset.Get(w.Vals) == own.Choice {
		stripLabel = "Fixed held-out images of yours (top: every fifth image is held out) and their reconstructions (bottom)"
	}
	if !image {
		stripLabel = "Held-out points (grey) and their reconstructions (coloured)"
		stripNote = " The decoder is a Gaussian of standard deviation σ (the decoder σ control): the larger σ, the less a point is worth — at σ = 1 the KL term wins, the posterior collapses to the prior and every reconstruction lands on the mean."
	}
	strip := app.Canvas().ID(w.ID("strip")).Role("img").Aria("label", stripLabel).Style("width", "100%").Style("display", "block")
	if image {
		strip = strip.Width(8*29-1).Height(57).Style("max-width", "464px").Style("image-rendering", "pixelated")
	} else {
		strip = strip.Style("max-width", "320px").Style("aspect-ratio", "1 / 1")
	}
	figure := func(canvas app.UI, caption string) app.UI {
		return app.Figure().Style("margin", "0").Body(canvas, app.FigCaption().Style("font-size", "0.85em").Text(caption))
	}
	plot := func(part, label string) app.HTMLCanvas {
		return app.Canvas().ID(w.ID(part)).Role("img").Aria("label", label).
			Style("width", "100%").Style("height", "200px").Style("display", "block")
	}
	return w.Frame("vae-trainer",
		controls,
		w.ownUI(),
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("column-gap", "1.2rem").Style("align-items", "center").Body(
			w.s.Bar(nil), w.fileControls()),
		w.s.StatusUI(),
		w.alertUI(),
		app.Div().Class("ll-plots").Style("display", "grid").
			Style("grid-template-columns", "repeat(auto-fit, minmax(260px, 1fr))").Style("gap", "0.8rem").Body(
			figure(plot("loss", "Plot of −ELBO and reconstruction loss per step"),
				w.lossCaption()),
			figure(plot("kl", "Plot of the KL term per step"),
				"KL(q(z|x) ‖ p(z)) in nats on a log scale, so the settling after the first steps' spike stays readable (solid: training, dashed: held-out)."),
			figure(strip, stripLabel+"."+stripNote),
			figure(plot("kldim", "Bar chart of KL per latent dimension"),
				"KL per latent dimension (nats; the axis reaches at least 1 nat). A bar near 0 is a collapsed dimension: its posterior equals the prior and it carries no information"+w.collapseHint()+"."),
		),
		app.P().Style("font-size", "0.85em").Text(labelled("Architecture: ", w.archText())),
		kit.ShowCode(w.config()).ID(w.ID("code")).Weights(w.m).Imports(&w.s, "vae", w.opened).Locked(w.B.Locked),
	)
}

// lossCaption explains the loss plot for the data in use.
func (w *trainer) lossCaption() string {
	if w.images() {
		return "−ELBO = reconstruction + KL, and the reconstruction term (nats per image; solid: training batches, dashed: held-out)."
	}
	return "−ELBO = reconstruction + KL, and the reconstruction term ‖x − x̂‖²/2σ² (solid: training batches, dashed: held-out)."
}

// ownUI is the own-data panel while the dataset is own.Choice.
func (w *trainer) ownUI() app.UI {
	if pDataset.Get(w.Vals) != own.Choice {
		return nil
	}
	return w.own.UI()
}

// alertUI is the session's alert, except that a missing own data set is
// explained by the panel, not as an engine failure.
func (w *trainer) alertUI() app.UI {
	if pDataset.Get(w.Vals) == own.Choice && own.Current() == nil {
		return nil
	}
	return w.s.AlertUI()
}
