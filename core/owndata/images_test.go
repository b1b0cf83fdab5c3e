package owndata

import (
	"math"
	"strings"
	"testing"
)

// rgba returns a w×h image of gray level bg with a filled rectangle of gray
// level ink over columns x0…x1-1 and rows y0…y1-1 (opaque).
func rgba(w, h int, bg, ink byte, x0, y0, x1, y1 int) []byte {
	b := make([]byte, 4*w*h)
	for y := range h {
		for x := range w {
			v := bg
			if x >= x0 && x < x1 && y >= y0 && y < y1 {
				v = ink
			}
			i := 4 * (y*w + x)
			b[i], b[i+1], b[i+2], b[i+3] = v, v, v, 255
		}
	}
	return b
}

func TestFitGrayKeepsA28x28DarkImage(t *testing.T) {
	img := rgba(28, 28, 0, 255, 10, 4, 14, 24)
	x, fit, err := FitGray(nil, img, 28, 28)
	if err != nil || fit.Resized || fit.Inverted || len(x) != ImagePixels {
		t.Fatalf("fit %+v, err %v, %d pixels", fit, err, len(x))
	}
	for y := range 28 {
		for c := range 28 {
			want := float32(0)
			if c >= 10 && c < 14 && y >= 4 && y < 24 {
				want = 1
			}
			if got := x[y*28+c]; math.Abs(float64(got-want)) > 1e-6 {
				t.Fatalf("pixel (%d,%d) = %g, want %g", c, y, got, want)
			}
		}
	}
}

// TestFitGrayInvertsFitsAndCentres: black ink on white paper, 112×56 (2:1),
// is inverted, scaled by 1/4 to 28×14 by area averaging and centred
// vertically on the (dark) background; the ink's mass is kept.
func TestFitGrayInvertsFitsAndCentres(t *testing.T) {
	img := rgba(112, 56, 255, 0, 40, 20, 60, 36) // a 20×16 ink block
	x, fit, err := FitGray(nil, img, 112, 56)
	if err != nil || !fit.Resized || !fit.Inverted {
		t.Fatalf("fit %+v, err %v", fit, err)
	}
	var mass, cx, cy float64
	for y := range 28 {
		for c := range 28 {
			v := float64(x[y*28+c])
			if v < 0 || v > 1 {
				t.Fatalf("pixel %g outside [0,1]", v)
			}
			if y < 7 || y >= 21 {
				if v != 0 {
					t.Fatalf("padding row %d is %g, want the background 0", y, v)
				}
			}
			mass, cx, cy = mass+v, cx+v*float64(c), cy+v*float64(y)
		}
	}
	if want := 20.0 * 16 / 16; math.Abs(mass-want) > 0.05 { // 8-bit levels // area shrinks 16×
		t.Errorf("ink mass %g, want %g", mass, want)
	}
	// The block's centre (50, 28) in source pixels lands at (12.5, 7+7) −
	// 0.5 in output pixel coordinates.
	if cx, cy = cx/mass, cy/mass; math.Abs(cx-12) > 0.01 || math.Abs(cy-13.5) > 0.01 {
		t.Errorf("ink centre (%g, %g), want (12, 13.5)", cx, cy)
	}
}

func TestFitGrayTallAndTiny(t *testing.T) {
	if w, h := fitted(10, 4000); w != 1 || h != 28 {
		t.Errorf("fitted(10, 4000) = %d×%d", w, h)
	}
	if w, h := fitted(3, 2); w != 28 || h != 19 {
		t.Errorf("fitted(3, 2) = %d×%d", w, h)
	}
	// Transparent pixels are white paper: a transparent image with black ink
	// is inverted.
	img := rgba(4, 4, 0, 0, 1, 1, 3, 3)
	for i := 0; i < len(img); i += 4 {
		img[i+3] = 0
	}
	img[4*(1*4+1)+3] = 255
	if _, fit, _ := FitGray(nil, img, 4, 4); !fit.Inverted {
		t.Error("black ink on transparent paper was not inverted")
	}
	for _, c := range [][2]int{{0, 5}, {5, 0}, {4097, 10}, {10, 5000}} {
		if err := CheckImageSize("a.png", c[0], c[1]); err == nil {
			t.Errorf("%d×%d accepted", c[0], c[1])
		}
	}
	if _, _, err := FitGray(nil, make([]byte, 10), 2, 2); err == nil {
		t.Error("short pixel buffer accepted")
	}
}

func TestAreaWeightsSumToOne(t *testing.T) {
	for _, c := range [][2]int{{112, 28}, {29, 28}, {3, 28}, {4096, 7}, {1, 1}} {
		for o, cells := range areaWeights(c[0], c[1]) {
			s := 0.0
			for _, w := range cells {
				s += w.w
			}
			if math.Abs(s-1) > 1e-9 {
				t.Errorf("areaWeights(%d, %d)[%d] sums to %g", c[0], c[1], o, s)
			}
		}
	}
}

func TestIsImageName(t *testing.T) {
	for name, want := range map[string]bool{"a.PNG": true, "b/c.jpeg": true, "x.webp": true, "y.bmp": true, "g.gif": true,
		"notes.txt": false, "png": false, "a.pn": false, "a.csv": false, "a.zip": false, "": false} {
		if IsImageName(name) != want {
			t.Errorf("IsImageName(%q) = %v", name, !want)
		}
	}
}

func TestImageBatchNotesAndRefusals(t *testing.T) {
	b := ImageBatch{Name: "digits.zip"}
	b.Add("a.png", rgba(28, 28, 0, 255, 5, 5, 9, 9), 28, 28)
	b.Add("b.png", rgba(56, 40, 255, 0, 5, 5, 9, 9), 56, 40)
	b.Add("c.png", nil, 0, 7)
	b.Skip("readme.txt")
	s, err := b.Set()
	if err != nil || s.N() != 2 || !s.Images() || s.Dim != ImagePixels {
		t.Fatalf("set %+v, err %v", s, err)
	}
	for _, want := range []string{"1 of 2 resized to 28×28", "1 inverted", "1 kept as they were", "skipped: 1 file is not an image (“readme.txt”)", "1 images refused (c.png: the image is 0×7 pixels (empty))"} {
		if !strings.Contains(s.Note, want) {
			t.Errorf("note %q lacks %q", s.Note, want)
		}
	}
	if err := Check(s.X, s.Dim); err != nil {
		t.Errorf("Check of a good image set: %v", err)
	}

	empty := ImageBatch{Name: "empty.zip"}
	if _, err := empty.Set(); err == nil || err.Error() != "empty.zip: no images in it (it is empty)" {
		t.Errorf("empty: %v", err)
	}
	text := ImageBatch{Name: "3 files"}
	text.Skip("a.txt")
	text.Skip("b.csv")
	if _, err := text.Set(); err == nil || err.Error() != "3 files: no images: 2 files are not images (“a.txt” and 1 more) (upload PNG, JPEG, GIF, WebP or BMP files, or a .zip of them)" {
		t.Errorf("no images: %v", err)
	}

	one := ImageBatch{Name: "wide.png"}
	one.Add("wide.png", nil, 5000, 10)
	if _, err := one.Set(); err == nil || err.Error() != "wide.png: the image is 5000×10 pixels; at most 4096 a side" {
		t.Errorf("one absurd image: %v", err)
	}
	one.Add("b.png", rgba(28, 28, 0, 255, 5, 5, 9, 9), 28, 28)
	if _, err := one.Set(); err == nil || err.Error() != "wide.png: 1 usable images; at least 2 are needed; wide.png: the image is 5000×10 pixels; at most 4096 a side" {
		t.Errorf("one good image: %v", err)
	}

	full := ImageBatch{Name: "many", X: make([]float32, MaxImages*ImagePixels)}
	full.Add("one-more.png", rgba(28, 28, 0, 0, 0, 0, 0, 0), 28, 28)
	if s, err := full.Set(); err != nil || s.N() != MaxImages || !strings.Contains(s.Note, "only the first 10000 images were kept, 1 left out") {
		t.Errorf("over the cap: %v, %v", s.Note, err)
	}
}

func TestCheckImages(t *testing.T) {
	x := make([]float32, 3*ImagePixels)
	if err := Check(x, ImagePixels); err != nil {
		t.Errorf("3 black images: %v", err)
	}
	x[ImagePixels+5] = 1.5
	if err := Check(x, ImagePixels); err == nil || !strings.Contains(err.Error(), "image 2, pixel 6 is 1.5") {
		t.Errorf("bright pixel: %v", err)
	}
	if err := Check(x[:ImagePixels+3], ImagePixels); err == nil {
		t.Error("a partial image accepted")
	}
}
