package anomaly

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Corruptions are the kinds Corrupt applies: Gaussian pixel noise, a
// white square over part of the digit, and a rotation.
var Corruptions = []string{Noise, Occlusion, Rotation}

// The corruption kinds.
const (
	Noise     = "noise"     // Gaussian noise of standard deviation NoiseSigma, clipped to [0, 1]
	Occlusion = "occlusion" // a white OcclusionSide × OcclusionSide square at a random place in the middle
	Rotation  = "rotation"  // the digit turned RotationDegrees clockwise about its centre
)

// The corruptions' strengths.
const (
	NoiseSigma      = 0.3
	OcclusionSide   = 9
	RotationDegrees = 90
)

// Corrupt returns a corrupted copy of the images x (rows of w×h pixels in
// [0, 1]); the random parts (noise, the square's place) come from seed.
func Corrupt(x []float32, w, h int, kind string, seed uint64) ([]float32, error) {
	dim := w * h
	if dim <= 0 || len(x)%dim != 0 {
		return nil, fmt.Errorf("corrupt: %d pixels are not whole %d×%d images", len(x), w, h)
	}
	rng := rand.New(rand.NewPCG(seed, 0x636f7272))
	out := make([]float32, len(x))
	for i := 0; i < len(x); i += dim {
		img, dst := x[i:i+dim], out[i:i+dim]
		switch kind {
		case Noise:
			for j, v := range img {
				dst[j] = float32(min(max(float64(v)+NoiseSigma*rng.NormFloat64(), 0), 1))
			}
		case Occlusion:
			copy(dst, img)
			x0, y0 := (w-OcclusionSide)/2+rng.IntN(9)-4, (h-OcclusionSide)/2+rng.IntN(9)-4
			for y := max(y0, 0); y < min(y0+OcclusionSide, h); y++ {
				for x := max(x0, 0); x < min(x0+OcclusionSide, w); x++ {
					dst[y*w+x] = 1
				}
			}
		case Rotation:
			rotate(dst, img, w, h, RotationDegrees*math.Pi/180)
		default:
			return nil, fmt.Errorf("corrupt: unknown corruption %q (noise, occlusion or rotation)", kind)
		}
	}
	return out, nil
}

// rotate writes src turned by angle a (radians, clockwise on screen) about
// the image centre into dst, sampling bilinearly (zero outside).
func rotate(dst, src []float32, w, h int, a float64) {
	cx, cy := float64(w-1)/2, float64(h-1)/2
	c, s := math.Cos(a), math.Sin(a)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0
		}
		return float64(src[y*w+x])
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx, sy := cx+c*dx+s*dy, cy-s*dx+c*dy // the inverse rotation
			x0, y0 := math.Floor(sx), math.Floor(sy)
			fx, fy := sx-x0, sy-y0
			ix, iy := int(x0), int(y0)
			v := (1-fx)*(1-fy)*at(ix, iy) + fx*(1-fy)*at(ix+1, iy) + (1-fx)*fy*at(ix, iy+1) + fx*fy*at(ix+1, iy+1)
			dst[y*w+x] = float32(v)
		}
	}
}
