package vae

import (
	"time"

	"latentlab/web/engine"
)

// trainerViews is what the trainer asks the engine for besides training:
// held-out images, snapshots of the network, held-out codes and the strip's
// reconstructions. Each costs engine time taken from training, so each is
// asked for only as often as someone looks.
type trainerViews struct {
	snapBusy, codesBusy      bool
	snapAt, codesAt, stripAt time.Time
}

func (v *trainerViews) reset() { *v = trainerViews{} }

// refreshViews asks for the views after a chunk: the strip twice a second;
// snapshots (for local decoding) and held-out codes only when a widget
// follows this trainer, and always when training pauses. A snapshot at
// least every second (it is cheap: a copy of the weights) keeps a recent
// model on the page.
func (w *trainer) refreshViews(paused bool) {
	v := &w.views
	followed := len(w.src.subs) > 0
	switch {
	case paused || time.Since(v.snapAt) > time.Second || followed && time.Since(v.snapAt) > 400*time.Millisecond:
		w.fetchSnapshot() // fetches the strip too
	case time.Since(v.stripAt) > 500*time.Millisecond && w.src.IsImage():
		w.fetchStrip()
	}
	if paused || followed && time.Since(v.codesAt) > 3*time.Second {
		w.fetchCodes()
	}
}

// fetchImages loads held-out inputs once per model (the strip and digit pickers).
func (w *trainer) fetchImages() {
	w.m.Reconstruct(engine.Points{Split: "test", Count: heldOutImages}, func(p engine.Pairs, err error) {
		if err != nil {
			return
		}
		w.src.Images = append([]float32(nil), p.Inputs...)
		w.src.publish()
		w.plots.request(w)
	})
}

// fetchSnapshot copies the worker's network for local decoding.
func (w *trainer) fetchSnapshot() {
	v := &w.views
	if v.snapBusy {
		return
	}
	v.snapBusy, v.snapAt = true, time.Now()
	w.m.Snapshot(func(snap engine.Snapshot, err error) {
		v.snapBusy = false
		if err != nil {
			return
		}
		w.src.Net, w.src.Step = snap.Net, snap.Step
		w.src.publish()
		if w.src.IsImage() {
			w.fetchStrip()
		}
		w.plots.request(w)
	})
}

// fetchCodes re-encodes the held-out set for the latent maps.
func (w *trainer) fetchCodes() {
	v := &w.views
	if v.codesBusy {
		return
	}
	v.codesBusy, v.codesAt = true, time.Now()
	w.m.Encode(engine.Points{Split: "test", Count: trainerCodes}, func(c engine.Codes, err error) {
		v.codesBusy = false
		if err != nil {
			return
		}
		w.src.Codes = &c
		w.src.publish()
	})
}

// fetchStrip asks the worker (not the page) to reconstruct the strip's
// held-out digits with the current weights.
func (w *trainer) fetchStrip() {
	w.views.stripAt = time.Now()
	w.m.Reconstruct(engine.Points{Split: "test", Count: stripN}, func(p engine.Pairs, err error) {
		if err != nil {
			return
		}
		w.plots.stripRec = make([][]float32, p.N)
		for i := range w.plots.stripRec {
			w.plots.stripRec[i] = p.Output(i)
		}
		w.plots.stripVer = -1
		w.plots.request(w)
	})
}
