package vae

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// sayID is the id of the explorer's visually hidden live region.
func (w *explorer) sayID() string { return w.m.id + "-say" }

// sayUI is the polite live region that announces the cursor's position and
// what its decoding looks like, after a key press or at the end of a drag.
func (w *explorer) sayUI() app.UI {
	return app.Div().ID(w.sayID()).Class("ll-sr-only").Aria("live", "polite").Aria("atomic", "true")
}

// say announces "z = (0.3, 0.15), looks like a 7": the label of the held-out
// digit nearest (in pixels) to the decoded image, when the source has them.
func (w *explorer) say() {
	text := "z = (" + fmtZ(w.zx) + ", " + fmtZ(w.zy) + ")"
	if w.src == nil || w.src.Codes == nil {
		kit.SayText(w.sayID(), text)
		return
	}
	c := w.src.Codes
	if w.src.IsImage() && len(w.dec.out) == w.src.Width*w.src.Height {
		if label, ok := kit.NearestLabel(w.dec.out, w.src.Images, c.Labels); ok {
			kit.SayText(w.sayID(), text+fmt.Sprintf(", looks like a %d", label))
			return
		}
	}
	// Without the held-out images: the held-out digit whose code is nearest
	// on the map's two axes.
	if w.m.dimX < c.Latent && w.m.dimY < c.Latent {
		plane := make([]float32, 2*c.N)
		for i := range c.N {
			plane[2*i], plane[2*i+1] = c.Mu[i*c.Latent+w.m.dimX], c.Mu[i*c.Latent+w.m.dimY]
		}
		if label, ok := kit.NearestLabel([]float32{float32(w.zx), float32(w.zy)}, plane, c.Labels[:c.N]); ok {
			text += fmt.Sprintf(", nearest held-out digit a %d", label)
		}
	}
	kit.SayText(w.sayID(), text)
}
