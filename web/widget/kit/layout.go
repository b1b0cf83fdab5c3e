package kit

// ImageGrid lays out Cols×Rows images of W×H pixels with Gap pixels between
// them, at native resolution (CSS scales the canvas up, pixelated).
type ImageGrid struct {
	Cols, Rows int
	W, H       int // one image, e.g. 28×28
	Gap        int // pixels between images
}

// GridFor returns the grid for n images in at most cols columns.
func GridFor(n, cols, w, h, gap int) ImageGrid {
	if cols < 1 {
		cols = 1
	}
	if n < 1 {
		n = 1
	}
	if cols > n {
		cols = n
	}
	return ImageGrid{Cols: cols, Rows: (n + cols - 1) / cols, W: w, H: h, Gap: gap}
}

// Size returns the grid's width and height in pixels.
func (g ImageGrid) Size() (w, h int) {
	return g.Cols*g.W + (g.Cols-1)*g.Gap, g.Rows*g.H + (g.Rows-1)*g.Gap
}

// Origin returns the top-left pixel of image i (row-major).
func (g ImageGrid) Origin(i int) (x, y int) {
	c, r := i%g.Cols, i/g.Cols
	return c * (g.W + g.Gap), r * (g.H + g.Gap)
}

// Cell returns the image index under pixel (x, y), or −1 in a gap or outside.
func (g ImageGrid) Cell(x, y int) int {
	if x < 0 || y < 0 {
		return -1
	}
	c, r := x/(g.W+g.Gap), y/(g.H+g.Gap)
	if c >= g.Cols || r >= g.Rows || x-c*(g.W+g.Gap) >= g.W || y-r*(g.H+g.Gap) >= g.H {
		return -1
	}
	return r*g.Cols + c
}

// PackRGBA renders images (each W·H intensities in [0, 1], white ink on
// black) into one RGBA buffer of the grid's size; gaps and missing images are
// filled with the colour gap (r, g, b). It reuses dst when large enough.
func (g ImageGrid) PackRGBA(dst []byte, imgs [][]float32, gap [3]byte) []byte {
	gw, gh := g.Size()
	n := 4 * gw * gh
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	dst = dst[:n]
	for i := 0; i < n; i += 4 {
		dst[i], dst[i+1], dst[i+2], dst[i+3] = gap[0], gap[1], gap[2], 255
	}
	for k, img := range imgs {
		if k >= g.Cols*g.Rows || len(img) < g.W*g.H {
			continue
		}
		ox, oy := g.Origin(k)
		for y := 0; y < g.H; y++ {
			row := 4 * ((oy+y)*gw + ox)
			for x := 0; x < g.W; x++ {
				b := grayByte(img[y*g.W+x])
				p := row + 4*x
				dst[p], dst[p+1], dst[p+2] = b, b, b
			}
		}
	}
	return dst
}
