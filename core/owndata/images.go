package owndata

import (
	"errors"
	"fmt"
	"math"
	"path"
	"sort"
	"strings"
)

// An own image data set: small grayscale images of ImageSide×ImageSide
// intensities in [0, 1], ink bright on a dark background like MNIST, so
// that the MNIST-shaped models train on them. The browser decodes each file
// to RGBA pixels; FitGray turns them into one example and ImageBatch
// gathers the examples with what was done to them.
const (
	ImageSide    = 28                    // the examples' width and height
	ImagePixels  = ImageSide * ImageSide // an example's length
	MaxImages    = 10000                 // images kept; the rest are counted and left out with a note
	MaxImageSide = 4096                  // a wider or taller image is refused
	MinImages    = MinRows               // fewer teach nothing
	imageExts    = ".png.jpg.jpeg.gif.webp.bmp.avif.ico"
)

// IsImageName says whether a file name has the extension of an image the
// browser decodes (png, jpg/jpeg, gif, webp, bmp, avif, ico).
func IsImageName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return len(ext) > 1 && strings.Contains(imageExts+".", ext+".")
}

// Fit is what FitGray did to one image.
type Fit struct {
	Resized  bool // the image was not ImageSide×ImageSide
	Inverted bool // its background was light, so it was inverted (ink made bright)
}

// CheckImageSize refuses an image of a zero or absurd side before its pixels
// are read.
func CheckImageSize(name string, w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("%s: the image is %d×%d pixels (empty)", name, w, h)
	case w > MaxImageSide || h > MaxImageSide:
		return fmt.Errorf("%s: the image is %d×%d pixels; at most %d a side", name, w, h, MaxImageSide)
	}
	return nil
}

// FitGray turns w×h RGBA pixels (row-major, 4 bytes a pixel, as canvas
// getImageData gives them) into an ImageSide×ImageSide example appended to
// dst: 8-bit gray levels (transparent pixels count as white paper), inverted when
// the background (the median of the border pixels) is light, scaled to fit
// with its aspect kept (area averaging) and centred on the background.
func FitGray(dst []float32, rgba []byte, w, h int) ([]float32, Fit, error) {
	if err := CheckImageSize("image", w, h); err != nil {
		return dst, Fit{}, err
	}
	if len(rgba) != 4*w*h {
		return dst, Fit{}, fmt.Errorf("image: %d bytes of pixels for %d×%d", len(rgba), w, h)
	}
	g := make([]float64, w*h)
	for i := range g {
		r, gr, b, a := float64(rgba[4*i]), float64(rgba[4*i+1]), float64(rgba[4*i+2]), float64(rgba[4*i+3])/255
		lum := (0.299*r + 0.587*gr + 0.114*b) / 255
		g[i] = a*lum + (1 - a) // over white paper
	}
	fit := Fit{Resized: w != ImageSide || h != ImageSide}
	bg := borderMedian(g, w, h)
	if bg > 0.5 {
		fit.Inverted = true
		for i, v := range g {
			g[i] = 1 - v
		}
		bg = 1 - bg
	}
	dw, dh := fitted(w, h)
	ox, oy := (ImageSide-dw)/2, (ImageSide-dh)/2
	rows := resampleRows(g, w, h, dw)     // h×dw
	cols := resampleCols(rows, dw, h, dh) // dh×dw
	out := make([]float32, ImagePixels)
	for i := range out {
		out[i] = float32(bg)
	}
	for y := range dh {
		for x := range dw {
			out[(oy+y)*ImageSide+ox+x] = float32(min(max(cols[y*dw+x], 0), 1))
		}
	}
	for i, v := range out { // 8 bits, like MNIST (and the kept copy: see Quantise)
		out[i] = Quantise(v)
	}
	return append(dst, out...), fit, nil
}

// Quantise rounds an intensity in [0, 1] to the nearest of 256 levels.
func Quantise(v float32) float32 { return float32(math.Round(float64(v)*255)) / 255 }

// fitted is the size of a w×h image scaled to fit ImageSide×ImageSide with
// its aspect kept (at least one pixel a side).
func fitted(w, h int) (dw, dh int) {
	s := float64(ImageSide) / float64(max(w, h))
	return max(1, min(ImageSide, int(math.Round(float64(w)*s)))), max(1, min(ImageSide, int(math.Round(float64(h)*s))))
}

// borderMedian is the median gray level of the image's outermost pixels.
func borderMedian(g []float64, w, h int) float64 {
	var b []float64
	for x := range w {
		b = append(b, g[x], g[(h-1)*w+x])
	}
	for y := 1; y < h-1; y++ {
		b = append(b, g[y*w], g[y*w+w-1])
	}
	sort.Float64s(b)
	return b[len(b)/2]
}

// areaWeights returns, for each of dst output cells spanning n input cells,
// the input cells it covers and the share of each (area averaging: the
// shares of one output cell sum to 1).
func areaWeights(n, dst int) [][]struct {
	i int
	w float64
} {
	out := make([][]struct {
		i int
		w float64
	}, dst)
	scale := float64(n) / float64(dst)
	for o := range dst {
		lo, hi := float64(o)*scale, float64(o+1)*scale
		for i := int(lo); i < n && float64(i) < hi; i++ {
			cover := math.Min(hi, float64(i+1)) - math.Max(lo, float64(i))
			if cover > 0 {
				out[o] = append(out[o], struct {
					i int
					w float64
				}{i, cover / scale})
			}
		}
	}
	return out
}

// resampleRows resamples each of the h rows of g (w wide) to dw cells.
func resampleRows(g []float64, w, h, dw int) []float64 {
	wt := areaWeights(w, dw)
	out := make([]float64, h*dw)
	for y := range h {
		for x, cells := range wt {
			s := 0.0
			for _, c := range cells {
				s += c.w * g[y*w+c.i]
			}
			out[y*dw+x] = s
		}
	}
	return out
}

// resampleCols resamples each of the dw columns of g (h tall) to dh cells.
func resampleCols(g []float64, dw, h, dh int) []float64 {
	wt := areaWeights(h, dh)
	out := make([]float64, dh*dw)
	for y, cells := range wt {
		for x := range dw {
			s := 0.0
			for _, c := range cells {
				s += c.w * g[c.i*dw+x]
			}
			out[y*dw+x] = s
		}
	}
	return out
}

// ImageBatch gathers the images of one upload (files, a folder or a zip)
// with counts of what was done, skipped and refused.
type ImageBatch struct {
	Name     string    // what was uploaded: a file, folder or archive name, or "N files"
	X        []float32 // N×ImagePixels
	Resized  int       // images that were not 28×28
	Inverted int       // images with a light background, inverted
	Skipped  []string  // files that are not images (names)
	Refused  []string  // images refused (file: problem)
	Over     int       // images past MaxImages, left out
}

// N is the number of images kept.
func (b *ImageBatch) N() int { return len(b.X) / ImagePixels }

// Full says whether MaxImages are kept (later ones are only counted).
func (b *ImageBatch) Full() bool { return b.N() >= MaxImages }

// Add fits one decoded image into the batch; a refused one is recorded with
// its problem.
func (b *ImageBatch) Add(name string, rgba []byte, w, h int) {
	if b.Full() {
		b.Over++
		return
	}
	if err := CheckImageSize(name, w, h); err != nil {
		b.Refuse(err)
		return
	}
	x, fit, err := FitGray(b.X, rgba, w, h)
	if err != nil {
		b.Refuse(fmt.Errorf("%s: %w", name, err))
		return
	}
	b.X = x
	if fit.Resized {
		b.Resized++
	}
	if fit.Inverted {
		b.Inverted++
	}
}

// Refuse records an image that could not be used.
func (b *ImageBatch) Refuse(err error) { b.Refused = append(b.Refused, err.Error()) }

// Skip records a file that is not an image.
func (b *ImageBatch) Skip(name string) { b.Skipped = append(b.Skipped, name) }

// Set returns the batch as a data set, with a note of what was done, or an
// error naming the upload and the problem when too few images are usable.
func (b *ImageBatch) Set() (*Set, error) {
	n := b.N()
	switch {
	case n+len(b.Refused)+len(b.Skipped) == 0:
		return nil, fmt.Errorf("%s: no images in it (it is empty)", b.Name)
	case n == 0 && len(b.Refused) == 0:
		return nil, fmt.Errorf("%s: no images: %s (upload PNG, JPEG, GIF, WebP or BMP files, or a .zip of them)", b.Name, b.skippedText())
	case n == 0 && len(b.Refused) == 1 && len(b.Skipped) == 0:
		return nil, errors.New(b.Refused[0])
	case n < MinImages:
		why := []string{fmt.Sprintf("%s: %d usable images; at least %d are needed", b.Name, n, MinImages)}
		if len(b.Refused) > 0 {
			why = append(why, b.Refused[0])
		}
		if len(b.Skipped) > 0 {
			why = append(why, b.skippedText())
		}
		return nil, errors.New(strings.Join(why, "; "))
	}
	return &Set{Name: b.Name, Dim: ImagePixels, Width: ImageSide, Height: ImageSide, X: b.X, Note: b.note()}, nil
}

// note says what was done to the images and what was left out.
func (b *ImageBatch) note() string {
	n := b.N()
	var parts []string
	if b.Resized > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d resized to 28×28 (aspect kept, centred)", b.Resized, n))
	}
	switch {
	case b.Inverted == n:
		parts = append(parts, "all inverted (light background: ink made bright, like MNIST)")
	case b.Inverted > 0:
		parts = append(parts, fmt.Sprintf("%d inverted (light background: ink made bright, like MNIST), %d kept as they were (dark background)", b.Inverted, n-b.Inverted))
	default:
		parts = append(parts, "none inverted (dark backgrounds: ink already bright, like MNIST)")
	}
	if len(b.Skipped) > 0 {
		parts = append(parts, "skipped: "+b.skippedText())
	}
	if k := len(b.Refused); k > 0 {
		parts = append(parts, fmt.Sprintf("%d images refused (%s)", k, b.Refused[0]))
	}
	if b.Over > 0 {
		parts = append(parts, fmt.Sprintf("only the first %d images were kept, %d left out", MaxImages, b.Over))
	}
	return strings.ToUpper(parts[0][:1]) + parts[0][1:] + joinRest(parts[1:]) + "."
}

func joinRest(p []string) string {
	if len(p) == 0 {
		return ""
	}
	return "; " + strings.Join(p, "; ")
}

// skippedText counts and names the files that are not images.
func (b *ImageBatch) skippedText() string {
	if len(b.Skipped) == 1 {
		return fmt.Sprintf("1 file is not an image (%s)", quoteFirst(b.Skipped))
	}
	return fmt.Sprintf("%d files are not images (%s)", len(b.Skipped), quoteFirst(b.Skipped))
}

// quoteFirst names the first of names, and how many more there are.
func quoteFirst(names []string) string {
	s := "“" + names[0] + "”"
	if len(names) > 1 {
		s += fmt.Sprintf(" and %d more", len(names)-1)
	}
	return s
}
