package vae

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/core/modelfile"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// Codes are held-out points encoded by a model: μ and σ (N×Latent,
// row-major) with their digit labels.
type Codes = engine.Codes

// Source is a model that widgets explore: the pretrained model loaded from
// /web/models, or the model a vae-trainer on the same page is training.
// Each page (widget.Page) keeps its own Sources. It
// holds an infer.Network for local decoding (pointer move → pixels without a
// round trip to the worker), held-out codes for the latent map and held-out
// images for picking digits. Widgets Subscribe and redraw when it changes.
//
// All methods run on the browser's single thread (UI goroutine or JS
// callbacks); subscribers must use ctx.Dispatch to change component state.
type Source struct {
	Key    string         // where its page keeps it: "vae-pretrained:NAME" or "vae-trainer:ID"
	Title  string         // for captions: "pretrained model vae-mnist-2d", "your model (step 1200)"
	Net    *infer.Network // nil until available
	Step   int            // training steps of Net
	Codes  *Codes         // held-out codes, nil until available
	Images []float32      // held-out inputs aligned with Codes (N×Input), nil until available
	Width  int            // image width (28) or 0 for 2-D toy points
	Height int
	Err    string            // why the source is unavailable ("" when fine)
	Meta   map[string]string // model file metadata (pretrained: held-out metrics)
	Ver    int               // bumped on every change
	// CodesVer is bumped when Codes or Err change: the latent maps redraw
	// their thousand points only then, not on every new snapshot of Net.
	CodesVer int
	// Model is the engine's model behind Net (the trainer's own, or the
	// pretrained model loaded with the held-out digits), for requests that
	// need the engine (a traced step); nil until loaded.
	Model *engine.Model

	pubCodes *Codes // Codes at the last publish
	pubErr   string // Err at the last publish

	live    bool // a trainer publishes into it
	loading bool
	retry   func() // loads a failed source again (nil: nothing to retry)
	got     int    // bytes of the model file received so far (while loading)
	subs    map[int]func()
	nextSub int
}

// page returns p, or a page of its own for a block shown outside any page
// (a test): nothing is shared then, and nothing breaks.
func page(p *widget.Page) *widget.Page {
	if p == nil {
		return widget.NewPage()
	}
	return p
}

// trainerKey and pretrainedKey are where a page keeps its Sources.
func trainerKey(id string) string      { return "vae-trainer:" + id }
func pretrainedKey(name string) string { return "vae-pretrained:" + name }

// chooseSource resolves a block's model parameters to a Source of page p:
// the trainer named by source (unless pretrained), else the pretrained model.
func chooseSource(p *widget.Page, v params.Values) *Source {
	p = page(p)
	if src := pSource.Get(v); src != "" && !pPretrained.Get(v) {
		if s, ok := widget.Find[Source](p, trainerKey(src)); ok {
			return s
		}
	}
	m := pModel.Get(v)
	if m == "" {
		m = PretrainedName
	}
	return pretrainedSource(p, m)
}

// Subscribe calls fn after every change until cancel is called.
func (s *Source) Subscribe(fn func()) (cancel func()) {
	if s.subs == nil {
		s.subs = map[int]func(){}
	}
	id := s.nextSub
	s.nextSub++
	s.subs[id] = fn
	return func() { delete(s.subs, id) }
}

// publish bumps the version and notifies subscribers.
func (s *Source) publish() {
	s.Ver++
	if s.Codes != s.pubCodes || s.Err != s.pubErr {
		s.CodesVer++
		s.pubCodes, s.pubErr = s.Codes, s.Err
	}
	for _, fn := range s.subs {
		fn()
	}
}

// IsImage reports whether the source's inputs are 28×28-style images.
func (s *Source) IsImage() bool { return s.Width > 0 && s.Height > 0 }

// Latent returns the latent size (0 when unknown).
func (s *Source) Latent() int {
	if s.Net != nil {
		return s.Net.Latent
	}
	if s.Codes != nil {
		return s.Codes.Latent
	}
	return 0
}

// trainerSource returns (creating) the source the vae-trainer with block id
// publishes into on page p.
func trainerSource(p *widget.Page, id string) *Source {
	key := trainerKey(id)
	return widget.Shared(p, key, func() *Source { return &Source{Key: key, Title: "the model you are training", live: true} })
}

// PretrainedName is the default pretrained model.
const PretrainedName = "vae-mnist-2d"

// HeldOut is how many held-out digits a pretrained model's source encodes
// for the latent maps (the claims runner encodes as many), and
// heldOutImages how many of their images are fetched for digit pickers and
// the trainer's strip (the reply carries inputs and reconstructions, so it is
// kept small: one copy of 2·300·784 floats is about 2 MB).
const (
	HeldOut       = 1000
	heldOutImages = 300
)

// pretrainedSource returns the pretrained model's source and starts loading
// it on first use: the model file is fetched and decoded locally at once; the
// worker loads the same model with the MNIST test split to encode held-out
// digits for the map.
func pretrainedSource(p *widget.Page, name string) *Source {
	key := pretrainedKey(name)
	if s, ok := widget.Find[Source](p, key); ok {
		return s
	}
	s := widget.Shared(p, key, func() *Source { return &Source{Key: key, Title: "the pretrained model " + name, Width: 28, Height: 28} })
	if !engine.ValidModelName(name) {
		s.Err = fmt.Sprintf("%q is not a model name (letters, digits, - and _ only).", name)
		return s
	}
	loadPretrained(s, name)
	return s
}

// Messages when a pretrained model does not arrive, in a student's words
// (the error itself goes to the console).
const (
	modelNotDownloaded = "The pretrained model did not arrive (the connection may have dropped). Press Retry, or train your own model above."
	modelDamaged       = "The pretrained model's file arrived damaged, so it cannot be shown. Press Retry, or train your own model above."
	digitsNotLoaded    = "The held-out digits did not arrive, so the map shows no points. Press Retry to fetch them again."
	engineNotLoaded    = "The training engine did not load (the connection may have dropped), so the map shows no held-out digits. Press Retry to try again."
	// With the view file on screen (decoder and map), what the widgets
	// that encode digits miss: the full model, or the engine.
	modelNotLoadedView  = "The full model did not arrive (the connection may have dropped), so digits cannot be encoded here; the map and the decoder work. Press Retry to try again."
	digitsNotLoadedView = "The held-out digits did not arrive, so they cannot be encoded here; the map and the decoder work. Press Retry to fetch them again."
	engineNotLoadedView = "The training engine did not load (the connection may have dropped), so held-out digits cannot be encoded here; the map and the decoder work. Press Retry to try again."
)

// loadPretrained loads the pretrained model name into s: its view file
// first where it has one (the decoder and held-out codes, shown without the
// engine), then the full model (loadFull) once the page has woken.
func loadPretrained(s *Source, name string) {
	if hasView(name) && s.Net == nil {
		loadView(s, name)
		return
	}
	loadFull(s, name)
}

// loadFull fetches the model file of s and loads it: decoded on the
// page from the worker's snapshot, and in the worker with held-out digits.
// A failure sets s.Err and a Retry that loads again.
func loadFull(s *Source, name string) {
	s.loading, s.Err, s.retry, s.got = true, "", nil, 0
	m := engine.NewModel("pre:" + name)
	if s.Codes == nil {
		// No view file on screen (the model has none, or it did not
		// arrive): the widgets that show s wait for this load, which the
		// engine does, so the engine is wanted now, not when a widget that
		// trains comes near.
		engine.Want()
	}
	fail := func(msg string, err error) {
		s.loading = false
		if s.Codes != nil { // the view file's map is on screen
			msg = map[string]string{modelNotDownloaded: modelNotLoadedView, modelDamaged: modelNotLoadedView,
				engineNotLoaded: engineNotLoadedView, digitsNotLoaded: digitsNotLoadedView}[msg]
		}
		s.Err = msg
		s.retry = func() { loadPretrained(s, name); s.publish() }
		logWarning("pretrained model "+name, err)
		s.publish()
	}
	// One download: the page reads the file's small JSON header (metadata),
	// the worker parses and checks the weights and hands them back as a
	// snapshot (a 1.6 MB modelfile.Load on the page thread would be a long task).
	var shown time.Time
	progress := func(got int) { // the caption's progress line, 4 times a second
		if s.got = got; time.Since(shown) > 250*time.Millisecond {
			shown = time.Now()
			s.publish()
		}
	}
	kit.FetchProgress("/web/models/"+name+".llm", progress, func(b []byte, err error) {
		if err != nil {
			fail(modelNotDownloaded, err)
			return
		}
		s.Step, s.Meta = headerMeta(b)
		heldOutData := engine.HeldOut(HeldOut)
		m.Load(engine.Source{File: b, Data: &heldOutData}, func(_ engine.Info, err error) {
			if err != nil {
				// No engine or no digits: decode on the page anyway.
				localLoad(s, b)
				switch {
				case !s.CanEncode() && !errors.Is(err, engine.ErrStopped):
					fail(modelDamaged, err)
				case errors.Is(err, engine.ErrStopped):
					fail(engineNotLoaded, err)
				default:
					fail(digitsNotLoaded, err)
				}
				return
			}
			s.Model = m
			m.Snapshot(func(snap engine.Snapshot, err error) {
				if err == nil {
					s.Net = snap.Net
				} else {
					localLoad(s, b)
				}
				s.publish()
			})
			fetchHeldOut(s, m, HeldOut)
		})
	})
}

// logWarning keeps the error behind a student's message in the console,
// for whoever debugs the page.
func logWarning(what string, err error) {
	if c := app.Window().Get("console"); kit.Present(c) {
		c.Call("warn", "Latent Lab: "+what+": "+err.Error())
	}
}

// CanRetry reports whether the source failed to load and can try again.
func (s *Source) CanRetry() bool { return s.Err != "" && s.retry != nil }

// Retry loads a failed source again.
func (s *Source) Retry() {
	if s.CanRetry() {
		s.retry()
	}
}

// localLoad decodes a model file on the page (the fallback when the worker
// cannot).
func localLoad(s *Source, b []byte) {
	f, err := modelfile.Load(bytes.NewReader(b))
	if err == nil {
		err = f.Net.Check()
	}
	if err == nil {
		s.Net, s.Step, s.Meta = &f.Net, f.Step, f.Meta
	}
}

// headerMeta reads the training step and metadata from a model file's
// header without decoding the weights (modelfile.ReadSummary). It returns
// zeros for a bad header.
func headerMeta(b []byte) (step int, meta map[string]string) {
	h, err := modelfile.ReadSummary(b)
	if err != nil {
		return 0, nil
	}
	return h.Step, h.Meta
}

// fetchHeldOut asks the worker for the codes and the images of the first n
// held-out points of model m and publishes them into s.
func fetchHeldOut(s *Source, m *engine.Model, n int) {
	m.Encode(engine.Points{Split: "test", Count: n}, func(c engine.Codes, err error) {
		if err != nil {
			return
		}
		s.Codes = &c
		s.loading = false
		s.publish()
	})
	if s.Images != nil {
		return
	}
	m.Reconstruct(engine.Points{Split: "test", Count: min(n, heldOutImages)}, func(p engine.Pairs, err error) {
		if err != nil {
			return
		}
		s.Images = append([]float32(nil), p.Inputs...) // not the reconstructions beside them
		s.Width, s.Height = p.Width, p.Height
		s.publish()
	})
}

// Image returns held-out image i (nil when unavailable).
func (s *Source) Image(i int) []float32 {
	if s.Net == nil || s.Images == nil {
		return nil
	}
	d := s.Net.Input
	if i < 0 || (i+1)*d > len(s.Images) {
		return nil
	}
	return s.Images[i*d : (i+1)*d]
}

// FirstOfDigit returns the index of the k-th held-out point labelled digit
// whose image is available (−1 if none).
func (s *Source) FirstOfDigit(digit, k int) int {
	if s.Codes == nil {
		return -1
	}
	labels := s.Codes.Labels
	if s.Images != nil && s.Net != nil && s.Net.Input > 0 {
		labels = labels[:min(len(labels), len(s.Images)/s.Net.Input)]
	}
	for i, l := range labels {
		if l == digit {
			if k == 0 {
				return i
			}
			k--
		}
	}
	return -1
}
