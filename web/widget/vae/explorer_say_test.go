package vae

import (
	"strings"
	"testing"
)

// A source holds codes of many held-out digits but images of only the
// first few (a latent map shows 1,000 codes, the pickers fetch 300 images):
// looksLike classifies the decoded image by those images' labels, and falls
// back to the nearest code on the map without them.
func TestLooksLike(t *testing.T) {
	const w, h = 2, 2
	labels := []int{3, 7, 1, 5, 5, 5}
	src := &Source{
		Width: w, Height: h,
		Codes: &Codes{N: len(labels), Latent: 2, Labels: labels,
			Mu: []float32{-2, -2, 2, 2, 0, 0, 1, -1, 1, -1, 1, -1}},
		// images of the first three digits only
		Images: []float32{
			1, 0, 0, 0, // a "3"
			0, 1, 1, 0, // a "7"
			0, 0, 0, 1, // a "1"
		},
	}
	img := []float32{0.1, 0.9, 0.8, 0} // nearest to the "7" in pixels
	if got := looksLike(src, img, 0, 0, 0, 1); got != ", looks like a 7" {
		t.Errorf("with images: %q, want %q", got, ", looks like a 7")
	}
	src.Images = nil // nearest code to (−1.8, −2.1) is the "3"
	if got := looksLike(src, img, -1.8, -2.1, 0, 1); got != ", nearest held-out digit a 3" {
		t.Errorf("without images: %q, want the nearest code's digit 3", got)
	}
	if got := looksLike(&Source{}, img, 0, 0, 0, 1); got != "" {
		t.Errorf("without codes: %q, want nothing", got)
	}
	if got := looksLike(src, img, 0, 0, 0, 5); strings.Contains(got, "digit") {
		t.Errorf("an axis beyond the latent size: %q, want nothing", got)
	}
}
