package compress

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
)

// PNGSize is the size in bytes of image img (w×h pixels in [0, 1], row by
// row) stored as an 8-bit grayscale PNG at the best compression Go's
// image/png offers: lossless for the MNIST digits, whose pixels are bytes.
func PNGSize(img []float32, w, h int) (int, error) {
	if w <= 0 || h <= 0 || len(img) != w*h {
		return 0, fmt.Errorf("png size: %d pixels for a %d×%d image", len(img), w, h)
	}
	g := gray(img, w, h)
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, g); err != nil {
		return 0, fmt.Errorf("png size: %w", err)
	}
	return b.Len(), nil
}

// MeanPNGSize is the mean PNGSize of the w×h images in imgs.
func MeanPNGSize(imgs []float32, w, h int) (float64, error) {
	n := w * h
	if n <= 0 || len(imgs) == 0 || len(imgs)%n != 0 {
		return 0, fmt.Errorf("png size: %d pixels are not whole %d×%d images", len(imgs), w, h)
	}
	sum := 0
	for i := 0; i < len(imgs); i += n {
		s, err := PNGSize(imgs[i:i+n], w, h)
		if err != nil {
			return 0, err
		}
		sum += s
	}
	return float64(sum) / float64(len(imgs)/n), nil
}

// gray is img (w×h pixels in [0, 1]) as an 8-bit grayscale image.
func gray(img []float32, w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range img {
		g.Pix[i] = uint8(math.Round(float64(min(max(v, 0), 1)) * 255))
	}
	return g
}
