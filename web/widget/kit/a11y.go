package kit

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// NearestLabel is a 1-nearest-neighbour classifier for announcements: the
// label of the row of ref (len(labels) rows of len(img) values, row-major)
// nearest to img in Euclidean distance, and false when there is nothing to
// compare with. Screen-reader users hear what a decoded image looks like
// ("looks like a 7") from the held-out digit it is closest to.
func NearestLabel(img, ref []float32, labels []int) (int, bool) {
	dim := len(img)
	if dim == 0 || len(labels) == 0 || len(ref) < len(labels)*dim {
		return 0, false
	}
	best, bestD := -1, math.Inf(1)
	for j := range labels {
		row := ref[j*dim : (j+1)*dim]
		d := 0.0
		for i, v := range img {
			e := float64(v - row[i])
			d += e * e
		}
		if d < bestD {
			best, bestD = j, d
		}
	}
	return labels[best], true
}

// SayText sets the text of the element with this id, a polite live region
// that screen readers announce (nothing when the element is absent).
func SayText(id, text string) {
	if el := Element(id); Present(el) && el.Get("textContent").String() != text {
		el.Set("textContent", text)
	}
}

// ReducedMotion reports whether the reader asked the system for less motion
// (prefers-reduced-motion: reduce): animations then show their end at once.
func ReducedMotion() bool {
	if !app.IsClient {
		return false
	}
	mq := app.Window().Call("matchMedia", "(prefers-reduced-motion: reduce)")
	return mq.Truthy() && mq.Get("matches").Bool()
}
