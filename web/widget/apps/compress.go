package apps

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/compress"
	"latentlab/core/infer"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// This file is the compression widget's session and measuring; its
// drawing and layout are in compress_view.go.

func init() {
	register(widget.Spec{
		Name:    "compression",
		Title:   "Compression: rate against distortion",
		Summary: "Train five VAEs (latent sizes 2 to 32) side by side, quantise each digit's code to a few bits per dimension and decode it: bits per image against reconstruction error, next to the PNG size of the same digits, with the decoded digits at every point.",
		Params:  compressParams,
	}, func(t trainer) app.UI { return &compressor{trainer: t} })
}

// compressor is the compression widget.
type compressor struct {
	app.Compo
	trainer
	models []*engine.Model
	last   []engine.Metrics
	snaps  snapRounds // the snapshots in flight
	snapAt time.Time

	digits []float32        // the held-out digits coded
	nets   []*infer.Network // the latest snapshots, by latent size
	meter  rdMeter          // measures the snapshots a piece per animation frame
	rd     *RateDistortion  // the latest complete measurement (nil until the first)
	shown  [][]float32      // the decoded examples at the chosen depth, by model
	step   int              // the step rd was measured at
	view   compressView
}

func (w *compressor) OnInit() {
	w.Init(compressParams)
	w.view.init(w.B.ID)
}

func (w *compressor) OnMount(ctx app.Context) {
	w.models = make([]*engine.Model, len(CompressLatents))
	names := make([]string, len(CompressLatents))
	for i, l := range CompressLatents {
		w.models[i] = engine.NewModel(fmt.Sprintf("compress-%d:%s", l, w.B.ID))
		names[i] = fmt.Sprintf("the %d-dimensional VAE", l)
	}
	w.open(kit.Session{
		Models: w.models, Names: names,
		Hint: "Press Reset to train again with another seed.",
		Setup: func(_ app.Context, i int, m *engine.Model, done func(engine.Info, error)) {
			cfgs, data := CompressConfigs(w.Vals)
			m.Create(cfgs[i], data, done)
		},
		Started: func(app.Context) {
			w.nets, w.rd, w.shown, w.step = nil, nil, nil, 0
			w.snaps.reset()
			w.last = make([]engine.Metrics, len(w.models))
			w.meter.cancel()
			w.view.reset()
			w.redraw() // the empty axes
		},
		Ready: func(ctx app.Context, _ []engine.Info) {
			w.s.Say("step 0 · ready: five VAEs, untrained. Press Train.")
			w.fetchDigits()
			w.snapshot()
		},
		Trained: func(_ app.Context, r []engine.Trained) {
			for i := range r {
				if n := len(r[i].Metrics); n > 0 && i < len(w.last) {
					w.last[i] = r[i].Metrics[n-1]
				}
			}
			if !w.s.Driver.Running() || time.Since(w.snapAt) > fillGap {
				w.snapshot()
			}
		},
		Terms: w.terms,
		View:  func() any { return w.rd == nil },
	}, w.Update)
	w.Cleanup(w.meter.cancel)
	w.Cleanup(w.view.release)
	w.Resized(func() { w.view.refit(); w.redraw() })
	w.s.Start(ctx)
}

// terms are the status line's loss terms: the −ELBO of the smallest and
// the largest code.
func (w *compressor) terms() []kit.Term {
	if len(w.last) == 0 {
		return nil
	}
	first, last := w.last[0], w.last[len(w.last)-1]
	return []kit.Term{
		{Name: fmt.Sprintf("−ELBO (%d dims)", CompressLatents[0]), Value: first.Recon + first.KL, Unit: "nats"},
		{Name: fmt.Sprintf("−ELBO (%d dims)", CompressLatents[len(CompressLatents)-1]), Value: last.Recon + last.KL, Unit: "nats"},
	}
}

// fetchDigits loads the held-out digits once.
func (w *compressor) fetchDigits() {
	if w.digits != nil {
		return
	}
	w.models[0].Reconstruct(engine.Points{Split: "test", Count: CompressDigits}, func(p engine.Pairs, err error) {
		if err != nil {
			w.s.SetAlert("Loading the held-out digits failed: " + err.Error())
			w.Update()
			return
		}
		w.digits = append([]float32(nil), p.Inputs...)
		w.measure()
	})
}

// snapshot copies every model's weights to the page, then measures them.
func (w *compressor) snapshot() {
	if w.snaps.busy() {
		w.snaps.again = true // Pause during a snapshot: the table must catch up with the last step
		return
	}
	round := w.snaps.begin(len(w.models))
	w.snapAt = time.Now()
	step := w.s.Step()
	nets := make([]*infer.Network, len(w.models))
	for i, m := range w.models {
		m.Snapshot(func(s engine.Snapshot, err error) {
			current, last := w.snaps.land(round)
			if !current {
				return // a round that a new model (Reset, a new seed) superseded
			}
			if err == nil {
				nets[i] = s.Net
			}
			if !last {
				return
			}
			if w.snaps.again {
				defer func() { w.snaps.again = false; w.snapshot() }()
			}
			for _, n := range nets {
				if n == nil {
					return
				}
			}
			w.nets, w.step = nets, step
			w.measure()
		})
	}
}

// snapRounds counts the replies of the compressor's round of snapshots
// (one per model) still to land. A reply of an older round — asked for
// before a Reset started new models, and delivered after it — is not
// counted, so the count never goes below zero and a round ends with its
// own last reply.
type snapRounds struct {
	round, left int
	again       bool // a snapshot was asked for while busy: take it when the round lands
}

// busy reports whether a round is in flight.
func (r *snapRounds) busy() bool { return r.left > 0 }

// begin starts a round of n snapshots and returns its number.
func (r *snapRounds) begin(n int) int {
	r.round++
	r.left = n
	return r.round
}

// land records a reply of round and reports whether it belongs to the
// round in flight and whether it was that round's last.
func (r *snapRounds) land(round int) (current, last bool) {
	if round != r.round || r.left == 0 {
		return false, false
	}
	r.left--
	return true, r.left == 0
}

// reset forgets the round in flight: its replies will not count.
func (r *snapRounds) reset() {
	r.round++
	r.left, r.again = 0, false
}

// measure starts measuring the current snapshots at the chosen depth (a
// measurement under way is dropped).
func (w *compressor) measure() {
	if w.nets == nil || w.digits == nil {
		return
	}
	step := w.step
	w.meter.start(w.nets, w.digits, Bits(w.Vals), func(rd *RateDistortion, shown [][]float32, err error) {
		if err != nil {
			w.s.SetAlert("Measuring the codes failed: " + err.Error())
			w.Update()
			return
		}
		w.rd, w.shown, w.view.step = rd, shown, step
		w.Update() // the table and, the first time, the figures
		w.redraw()
	})
}

func (w *compressor) redraw() {
	w.view.waits = 0
	w.view.frame.Request(func() { w.view.draw(w) })
}

// setParam applies a parameter change: the bit depth measures the same
// models again; the width and seed build new ones.
func (w *compressor) setParam(ctx app.Context, p params.Param) {
	if p.Name == pBits.Name {
		w.measure()
		return
	}
	w.s.Start(ctx)
}

// pngChunk is how many digits the meter stores as PNG per animation frame.
const pngChunk = 25

// rdMeter measures a set of snapshots one model and one depth per
// animation frame (each is a pass of the encoder or decoder over the
// digits), so that the page never blocks for the whole measurement.
type rdMeter struct {
	frame kit.Frame
	gen   int
}

// cancel drops a measurement under way.
func (m *rdMeter) cancel() { m.gen++; m.frame.Release() }

// start measures nets on digits at the depths for bits, then calls done
// with the measurement and the first CompressShown digits decoded at bits
// by each model.
func (m *rdMeter) start(nets []*infer.Network, digits []float32, bits int, done func(*RateDistortion, [][]float32, error)) {
	m.cancel()
	gen := m.gen
	rd := &RateDistortion{Depths: depths(bits)}
	shown := make([][]float32, len(nets))
	var codec compress.Codec
	var codes []float32
	i, j, pngAt := 0, -1, 0
	var pngSum float64
	var next func()
	fail := func(err error) { done(nil, nil, err) }
	next = func() {
		if gen != m.gen {
			return
		}
		switch {
		case pngAt < len(digits): // the PNG sizes, pngChunk digits per frame
			end := min(len(digits), pngAt+pngChunk*784)
			s, err := compress.MeanPNGSize(digits[pngAt:end], 28, 28)
			if err != nil {
				fail(err)
				return
			}
			pngSum += s * float64((end-pngAt)/784)
			pngAt = end
			rd.PNGBytes = pngSum / float64(len(digits)/784)
		case j < 0: // encode the digits with model i
			codec = compress.Codec{Net: nets[i]}
			var err error
			if codes, err = codec.Codes(digits); err != nil {
				fail(err)
				return
			}
			rd.Points = append(rd.Points, make([]compress.Point, len(rd.Depths)))
			j = 0
		default: // decode them at depth j
			p, dec, err := codec.MeasureCodes(codes, digits, rd.Depths[j])
			if err != nil {
				fail(err)
				return
			}
			rd.Points[i][j] = p
			if rd.Depths[j] == bits {
				shown[i] = dec[:CompressShown*784]
			}
			if j++; j == len(rd.Depths) {
				i, j = i+1, -1
			}
			if i == len(nets) {
				done(rd, shown, nil)
				return
			}
		}
		m.frame.Request(next)
	}
	m.frame.Request(next)
}
