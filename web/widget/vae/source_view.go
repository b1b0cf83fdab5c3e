package vae

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/viewfile"
	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// hasView reports whether the pretrained model name has a view file
// (core/cmd/viewgen writes one for these).
func hasView(name string) bool { return name == PretrainedName }

// loadView fetches the view file of the pretrained model name (the decoder,
// 8-bit, and the codes of held-out digits: about a quarter of the model
// file) and shows it at once: the latent explorer, the manifold and the
// prior samples need neither the engine, the model file nor the data set.
// The full model follows once the page's engine is wanted (engine.OnWant:
// a widget that encodes, such as the posterior, the interpolation or the
// drawing pad, or one that trains, came near the viewport or was used),
// for those widgets and the exact weights. A view that does not arrive or is damaged is
// skipped: the full model loads at once instead.
func loadView(s *Source, name string) {
	s.loading, s.Err, s.retry, s.got = true, "", nil, 0
	var shown time.Time
	progress := func(got int) {
		if s.got = got; time.Since(shown) > 250*time.Millisecond {
			shown = time.Now()
			s.publish()
		}
	}
	kit.MarkOnce("view-fetch")
	kit.FetchProgress("/web/models/"+name+viewfile.Suffix, progress, func(b []byte, err error) {
		kit.MarkOnce("view-fetched")
		var v *viewfile.View
		if err == nil {
			v, err = viewfile.Unmarshal(b)
		}
		kit.MarkOnce("view-decoded")
		if err != nil {
			logWarning("the view of pretrained model "+name+" (loading the full model instead)", err)
			loadFull(s, name)
			return
		}
		s.Net, s.Step, s.Meta = v.Network(), v.Step, v.Meta
		s.Codes = &Codes{N: v.N, Latent: v.Latent, Mu: v.Mu, Sigma: v.Sigma, Labels: v.Labels}
		s.got = 0
		s.publish()
		markPerf("ll-explorer-view")
		engine.OnWant(func() { loadFull(s, name) })
	})
}

// CanEncode reports whether the source's network has its encoder (a view
// file's has only the decoder until the full model arrives).
func (s *Source) CanEncode() bool { return s.Net != nil && len(s.Net.Encoder) > 0 }

// markPerf records a performance mark (for the load benchmark's breakdown).
func markPerf(name string) {
	if app.IsClient {
		if p := app.Window().Get("performance"); kit.Present(p) && kit.Present(p.Get("mark")) {
			p.Call("mark", name)
		}
	}
}
