package vae

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// viewer is what the widgets that show a Source share: the kit base, the
// Source they follow, a frame for redraws and the lifecycle around them.
// A widget embeds it beside app.Compo, calls init in OnInit with its show
// function; viewer's OnMount follows the chosen Source and shows it,
// OnResize shows everything again, OnDismount (kit.Base's) lets go.
type viewer struct {
	kit.Base
	src    *Source
	frame  kit.Frame
	gap    time.Duration  // follow a training model at most this often (0: every snapshot)
	show   func(all bool) // all: also what changes only with the codes, the settings or the layout
	cancel func()         // ends the subscription to src
	// encodes: the widget encodes digits, which needs the full model and
	// the engine (started when the widget comes near the viewport).
	encodes bool
}

// init prepares the viewer: the block's values over the table's defaults,
// the follow gap and the show function.
func (v *viewer) init(t params.Table, gap time.Duration, show func(all bool)) {
	v.Init(t)
	v.gap, v.show = gap, show
	v.Cleanup(func() {
		if v.cancel != nil {
			v.cancel()
		}
		v.frame.Release()
	})
	v.Resized(func() { v.show(true) })
}

// OnMount follows the chosen Source and shows it once the page is laid out.
func (v *viewer) OnMount(ctx app.Context) {
	if v.encodes {
		v.NeedsEngine()
	}
	v.follow(ctx)
	ctx.Defer(func(app.Context) { v.show(true) })
}

// follow (re)chooses the Source from the parameters and subscribes show
// to it, ending the previous subscription.
func (v *viewer) follow(ctx app.Context) {
	if v.cancel != nil {
		v.cancel()
	}
	v.src = chooseSource(v.B.Page, v.Vals)
	f := &follower{ctx: ctx, src: v.src, gap: v.gap, fn: func() { v.show(false) }, shape: v.src.shape()}
	unsubscribe := v.src.Subscribe(f.notify)
	v.cancel = func() { f.stopped = true; unsubscribe() }
}

// draw schedules fn for the next animation frame (the newest wins).
func (v *viewer) draw(fn func()) { v.frame.Request(fn) }

// latent returns the followed model's latent size (2 before there is one).
func (v *viewer) latent() int {
	if v.src == nil || v.src.Latent() == 0 {
		return 2
	}
	return v.src.Latent()
}

// sourceToggle is the "Use the pretrained model" checkbox, shown when the
// widget names a trainer on the page to follow, or Retry when the model it
// shows did not load.
func (v *viewer) sourceToggle() app.UI {
	if v.src != nil && v.src.CanRetry() {
		return app.Div().Class("ll-retry").Body(app.Button().Type("button").Class("ll-btn").Text("Retry").
			OnClick(func(ctx app.Context, e app.Event) { v.src.Retry() }))
	}
	src := pSource.Get(v.Vals)
	if src == "" || v.B.Hidden {
		return app.Div()
	}
	if _, ok := widget.Find[Source](page(v.B.Page), trainerKey(src)); !ok {
		return app.Div()
	}
	return v.Field(pPretrained.Param, "Use the pretrained model (untick to follow the model you are training)",
		func(ctx app.Context) {
			v.follow(ctx)
			v.show(true)
		}).UI()
}

// followGap is how often the widgets that decode many images (prior
// samples, posterior, interpolation, drawing pad) follow a training model.
const followGap = 500 * time.Millisecond

// follower runs a widget's onChange for one subscription.
//
// It runs onChange with kit.RunQuiet: on the UI goroutine, without
// re-rendering the component (ctx.Dispatch would rebuild and diff the
// widget's whole UI after every training snapshot, while onChange only
// draws on canvases). Only when the source's shape changes (latent size,
// availability, error: what Render shows) is the component updated as
// well. While the source is a training model, onChange runs at most once
// per gap (a trainer publishes a few times a second; widgets that decode
// many images follow it less often, so no animation frame holds several).
type follower struct {
	ctx     app.Context
	src     *Source
	gap     time.Duration
	fn      func()
	shape   sourceShape
	last    time.Time
	pending bool // a delayed run is scheduled
	stopped bool // unsubscribed: a delayed run does nothing
}

func (f *follower) notify() {
	if sh := f.src.shape(); sh != f.shape {
		f.shape = sh
		f.ctx.Dispatch(func(app.Context) { f.run() })
		return
	}
	if f.gap <= 0 || !f.src.live {
		f.next()
		return
	}
	if f.pending {
		return
	}
	if wait := f.gap - time.Since(f.last); wait > 0 {
		f.pending = true
		time.AfterFunc(wait, f.next)
		return
	}
	f.next()
}

// next runs onChange on the UI goroutine without a component update.
func (f *follower) next() {
	kit.RunQuiet(f.ctx, func(app.Context) { f.run() })
}

func (f *follower) run() {
	f.pending, f.last = false, time.Now()
	if !f.stopped {
		f.fn()
	}
}

// sourceShape is what of a Source the widgets' Render shows.
type sourceShape struct {
	latent             int
	err                string
	net, codes, images bool
}

func (s *Source) shape() sourceShape {
	return sourceShape{s.Latent(), s.Err, s.Net != nil, s.Codes != nil, s.Images != nil}
}
