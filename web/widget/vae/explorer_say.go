package vae

import (
	"fmt"

	"latentlab/web/widget/kit"
)

// say announces "z = (0.3, 0.15), looks like a 7" in the explorer's live
// region (after a key press or at the end of a drag).
func (w *explorer) say() {
	w.speaker.Say("z = (" + fmtZ(w.zx) + ", " + fmtZ(w.zy) + ")" + looksLike(w.src, w.dec.out, w.zx, w.zy, w.m.dimX, w.m.dimY))
}

// looksLike says what img, decoded at (zx, zy) on the map's axes dimX and
// dimY, looks like: ", looks like a 7" — the label of the held-out digit
// nearest to it in pixels, a 1-nearest-neighbour classifier on the held-out
// images the source has; without them, ", nearest held-out digit a 4" — the
// held-out digit whose code is nearest on the map's two axes; "" when the
// source has neither.
func looksLike(src *Source, img []float32, zx, zy float64, dimX, dimY int) string {
	if src == nil || src.Codes == nil {
		return ""
	}
	c := src.Codes
	if dim := len(img); src.IsImage() && dim == src.Width*src.Height && dim > 0 {
		labels := c.Labels[:min(len(c.Labels), len(src.Images)/dim)] // the images are the first held-out points
		if label, ok := kit.NearestLabel(img, src.Images, labels); ok {
			return fmt.Sprintf(", looks like a %d", label)
		}
	}
	if dimX >= c.Latent || dimY >= c.Latent {
		return ""
	}
	plane := make([]float32, 2*c.N)
	for i := range c.N {
		plane[2*i], plane[2*i+1] = c.Mu[i*c.Latent+dimX], c.Mu[i*c.Latent+dimY]
	}
	if label, ok := kit.NearestLabel([]float32{float32(zx), float32(zy)}, plane, c.Labels[:c.N]); ok {
		return fmt.Sprintf(", nearest held-out digit a %d", label)
	}
	return ""
}
