package reparam

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/core/modelfile"
	"latentlab/web/widget/kit"
)

// FirstOfDigit returns the first image with label d in an MNIST subset file
// (see core/data: "LLMN", version, count, rows, cols as little-endian u32,
// then count labels, then uint8 pixels), as float32 in [0, 1].
func FirstOfDigit(b []byte, d int) ([]float32, error) {
	if len(b) < 20 || string(b[:4]) != "LLMN" {
		return nil, fmt.Errorf("not an MNIST subset file")
	}
	count := int(binary.LittleEndian.Uint32(b[8:]))
	rows := int(binary.LittleEndian.Uint32(b[12:]))
	cols := int(binary.LittleEndian.Uint32(b[16:]))
	if rows != 28 || cols != 28 || count < 1 || count > 100000 || len(b) < 20+count+count*784 {
		return nil, fmt.Errorf("unexpected MNIST file (%d×%d×%d, %d bytes)", count, rows, cols, len(b))
	}
	for k := 0; k < count; k++ {
		if int(b[20+k]) == d {
			img := make([]float32, 784)
			off := 20 + count + k*784
			for i := range img {
				img[i] = float32(b[off+i]) / 255
			}
			return img, nil
		}
	}
	return nil, fmt.Errorf("no test image of digit %d", d)
}

// Posterior returns μ and σ = exp(½ log σ²) of a 2-D VAE's q(z|x).
func Posterior(n *infer.Network, x []float32) (mu, sigma [2]float64, err error) {
	if !n.IsVAE() || n.Latent != 2 || n.Input != len(x) {
		return mu, sigma, fmt.Errorf("model is not a 2-D VAE over %d pixels", len(x))
	}
	m, lv := n.Encode(x)
	for i := 0; i < 2; i++ {
		mu[i] = float64(m[i])
		sigma[i] = math.Exp(0.5 * float64(lv[i]))
	}
	return mu, sigma, nil
}

// loadDigit fetches (once) the VAE and the test digits, then sets μ and σ to
// the posterior of the first test image of digit d.
func (e *EpsZ) loadDigit(ctx app.Context, d int) {
	e.digit = d
	if d < 0 {
		e.postMsg = ""
		return
	}
	apply := func() {
		if e.net == nil || e.mnist == nil {
			return
		}
		img, err := FirstOfDigit(e.mnist, d)
		if err == nil {
			e.mu, e.sigma, err = Posterior(e.net, img)
		}
		if err != nil {
			e.postMsg = err.Error()
			return
		}
		e.img = img
		e.postMsg = fmt.Sprintf("q(z|x) of the first held-out %d in the pretrained 2-D VAE: μ = (%.2f, %.2f), σ = (%.2f, %.2f). "+
			"A small σ means the encoder is confident about where this digit lies; widen σ with the sliders to see the mapping better.", d, e.mu[0], e.mu[1], e.sigma[0], e.sigma[1])
		e.share()
		e.redraw()
		e.buf = kit.PutGray(kit.Element(e.id("digit")), e.img, 28, 28, e.buf)
	}
	if e.net != nil && e.mnist != nil {
		apply()
		return
	}
	if e.loading {
		return
	}
	e.loading = true
	e.postMsg = "Loading the pretrained VAE and the test digits…"
	name := pModel.Get(e.Vals)
	kit.FetchBytes("/web/models/"+name+".llm", func(b []byte, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				var f *modelfile.File
				if f, err = modelfile.Unmarshal(b); err == nil {
					e.net = &f.Net
				}
			}
			if err != nil {
				e.loadFailed("The pretrained VAE did not arrive", err)
				return
			}
			apply()
		})
	})
	kit.FetchBytes("/web/data/mnist-test.bin", func(b []byte, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				e.loadFailed("The test digits did not arrive", err)
				return
			}
			e.mnist = b
			apply()
		})
	})
}

// loadFailed says in a student's words what did not load (the error goes
// to the console); choosing a digit again tries once more.
func (e *EpsZ) loadFailed(what string, err error) {
	e.loading = false
	e.postMsg = what + " (the connection may have dropped). Choose a digit again to retry."
	if c := app.Window().Get("console"); kit.Present(c) {
		c.Call("warn", "Latent Lab: "+what+": "+err.Error())
	}
}
