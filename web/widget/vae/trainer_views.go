package vae

import (
	"time"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// trainerViews is what the trainer asks the engine for besides training:
// held-out images (once per model), snapshots of the network and held-out
// codes. Each costs engine time taken from training, so each is asked for
// only as often as someone looks, and rarer when it is dear (kit.Share: at
// most viewShare of the engine's time each). The strip's reconstructions
// are decoded in the page from the snapshot.
type trainerViews struct {
	snap, codes kit.Share
}

// viewShare is the largest share of the engine's time that snapshots, and
// separately held-out codes, take while training runs.
const viewShare = 0.02

func (v *trainerViews) reset() {
	v.snap = kit.Share{Every: time.Second, Fraction: viewShare}
	v.codes = kit.Share{Every: 3 * time.Second, Fraction: viewShare}
}

// refreshViews asks for the views after a chunk: a snapshot (for the strip
// and for local decoding) at least every second, every 400 ms when a widget
// follows this trainer; held-out codes every 3 s when one follows; both at
// once when training pauses.
func (w *trainer) refreshViews(paused bool) {
	v := &w.views
	if v.snap.Every == 0 {
		v.reset()
	}
	followed := len(w.src.subs) > 0
	v.snap.Every = time.Second
	if followed {
		v.snap.Every = 400 * time.Millisecond
	}
	if paused {
		v.snap.Now()
		v.codes.Now()
	}
	w.fetchSnapshot()
	if paused || followed {
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

// fetchSnapshot copies the worker's network for local decoding, when due.
func (w *trainer) fetchSnapshot() {
	v := &w.views
	sent := time.Now()
	if v.snap.Every == 0 {
		v.reset()
	}
	if !v.snap.Due(sent) {
		return
	}
	v.snap.Begin(sent)
	w.m.Snapshot(func(snap engine.Snapshot, err error) {
		if err != nil {
			v.snap.Failed()
			return
		}
		v.snap.Done(w.m.Cost())
		w.src.Net, w.src.Step = snap.Net, snap.Step
		w.src.publish()
		w.plots.request(w)
	})
}

// fetchCodes re-encodes the held-out set for the latent maps, when due.
func (w *trainer) fetchCodes() {
	v := &w.views
	sent := time.Now()
	if v.codes.Every == 0 {
		v.reset()
	}
	if !v.codes.Due(sent) {
		return
	}
	v.codes.Begin(sent)
	w.m.Encode(engine.Points{Split: "test", Count: trainerCodes}, func(c engine.Codes, err error) {
		if err != nil {
			v.codes.Failed()
			return
		}
		v.codes.Done(w.m.Cost())
		w.src.Codes = &c
		w.src.publish()
	})
}
