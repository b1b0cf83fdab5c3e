package vae

import (
	"fmt"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/formula"
	"latentlab/core/infer"
	"latentlab/web/widget/kit"
)

// decoder decodes latent points for one widget: scratch space for
// allocation-free local decoding, through the network's shared compiled
// decoder (compiledFor).
type decoder struct {
	z   []float32
	out []float32
	buf []byte
}

// decode decodes z (len Latent) with net into d.out.
func (d *decoder) decode(net *infer.Network, z []float32) []float32 {
	d.out = d.decodeInto(net, d.out, z)
	return d.out
}

// decodeInto decodes z with net into dst (allocated if nil or short) and
// returns it.
func (d *decoder) decodeInto(net *infer.Network, dst, z []float32) []float32 {
	return compiledFor(net).Forward(dst, z)
}

// compiled keeps the column-form compiled decoders of the last few
// networks decoded (infer.Compile: the trainer's batched pass bit for bit;
// with the page's scalar kernels, for an R1 decoder after 300 steps on
// MNIST, 76 % of its hidden units active, 92 µs per decode under Node
// against 158 µs for the row products of Network.Decode), so that the
// widgets following one network share one transposed copy of its weights
// and compile it once.
// The page's Go code runs on one thread and Forward never yields, so
// sharing a Compiled's scratch buffers is safe.
var compiled struct {
	nets [4]*infer.Network
	decs [4]*infer.Compiled
	next int // the slot to replace next
}

// compiledFor returns net's compiled decoder, compiling it when net is new
// (a new snapshot or model: a Network is not changed once built).
func compiledFor(net *infer.Network) *infer.Compiled {
	for i, n := range compiled.nets {
		if n == net {
			return compiled.decs[i]
		}
	}
	i := compiled.next
	compiled.nets[i], compiled.decs[i] = net, infer.Compile(net.Decoder)
	compiled.next = (i + 1) % len(compiled.nets)
	return compiled.decs[i]
}

// decodeAll decodes each of zs with net into a new image.
func decodeAll(net *infer.Network, zs [][]float32) [][]float32 {
	imgs := make([][]float32, len(zs))
	c := compiledFor(net)
	for i, z := range zs {
		imgs[i] = c.Forward(nil, z)
	}
	return imgs
}

// point builds a latent vector with x, y on dims dx, dy (0-based) and base
// elsewhere (zeros when base is nil).
func (d *decoder) point(latent, dx, dy int, x, y float64, base []float32) []float32 {
	if cap(d.z) < latent {
		d.z = make([]float32, latent)
	}
	d.z = d.z[:latent]
	for i := range d.z {
		d.z[i] = 0
		if i < len(base) {
			d.z[i] = base[i]
		}
	}
	if dx < latent {
		d.z[dx] = float32(x)
	}
	if dy < latent {
		d.z[dy] = float32(y)
	}
	return d.z
}

// clampDims keeps the chosen axes inside the latent size and distinct.
func clampDims(dx, dy, latent int) (int, int) {
	if latent < 1 {
		return 0, 1
	}
	dx = max(0, min(dx, latent-1))
	dy = max(0, min(dy, latent-1))
	if dx == dy && latent > 1 {
		dy = (dx + 1) % latent
	}
	return dx, dy
}

// gridAxis returns the n axis values of a manifold grid over [−r, r], or
// through Gaussian quantiles Φ⁻¹((i+½)/n) when quantile is set.
func gridAxis(n int, r float64, quantile bool) []float64 {
	v := make([]float64, n)
	for i := range v {
		if quantile {
			v[i] = formula.NormalQuantile((float64(i) + 0.5) / float64(n))
		} else if n == 1 {
			v[i] = 0
		} else {
			v[i] = -r + 2*r*float64(i)/float64(n-1)
		}
	}
	return v
}

// imageCanvas is a canvas that shows a w×h image scaled up without smoothing.
func imageCanvas(id, label string, cssPx int) app.HTMLCanvas {
	return app.Canvas().ID(id).Width(28).Height(28).Role("img").Aria("label", label).
		Style("width", fmt.Sprintf("min(%dpx, 40vw)", cssPx)).Style("aspect-ratio", "1 / 1").
		Style("image-rendering", "pixelated").Style("background", "#000").Style("border-radius", "4px")
}

// fmtZ formats a latent coordinate with a true minus sign.
func fmtZ(v float64) string { return kit.FormatNumber(math.Round(v*100) / 100) }

// sourceCaption says which model a widget shows, and what of it did not
// load.
func sourceCaption(s *Source) string {
	if s.Err != "" && s.Net != nil {
		return modelCaption(s) + " " + s.Err
	}
	return modelCaption(s)
}

func modelCaption(s *Source) string {
	switch {
	case s.Err != "" && s.Net == nil:
		return s.Err
	case s.Net == nil && s.live:
		return "Waiting for " + s.Title + ": press Train (or Step) in the trainer."
	case s.Net == nil && s.got > 0:
		return fmt.Sprintf("Loading %s… %s MB received.", s.Title, kit.FormatNumber(float64(s.got)/1e6))
	case s.Net == nil:
		return "Loading " + s.Title + "…"
	case s.live:
		return fmt.Sprintf("Showing %s (step %d, %d-D latent).", s.Title, s.Step, s.Net.Latent)
	}
	if v, ok := s.Meta["test_neg_elbo"]; ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return fmt.Sprintf("Showing %s (%d-D latent, %d training steps; held-out −ELBO %s nats per image).",
				s.Title, s.Net.Latent, s.Step, kit.FormatNumber(f))
		}
	}
	return fmt.Sprintf("Showing %s (%d-D latent).", s.Title, s.Net.Latent)
}
