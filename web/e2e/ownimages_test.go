package e2e_test

import (
	"archive/zip"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// Own images (web/widget/own, core/owndata): a folder of PNGs and a zip of
// them, built here, are uploaded through the real file inputs, decoded by
// the browser, fitted to 28×28 and used by the VAE trainer and the anomaly
// detector; every kind of bad upload is refused in role=alert naming the
// file and the problem while the data set in use stays.

// ringPNG is a w×h image of a ring (a "0"-like shape) whose size and
// thickness vary with k, dark ink on light paper when light, else bright
// ink on black.
func ringPNG(w, h, k int, light bool) image.Image {
	img := image.NewGray(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2, float64(h)/2
	r := 0.3*math.Min(cx, cy)*2*(0.6+0.05*float64(k%8)) + 1
	thick := 0.12 * math.Min(cx, cy) * (1 + 0.1*float64(k%3))
	for y := range h {
		for x := range w {
			d := math.Abs(math.Hypot(float64(x)+0.5-cx, (float64(y)+0.5-cy)*1.3) - r)
			v := uint8(0)
			if d < thick {
				v = 255
			}
			if light {
				v = 255 - v
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	return img
}

// pngBytes encodes img as PNG into path.
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// imageFolder writes a folder "rings" of n PNGs (every third 28×28 on black,
// the others 60×44 on white paper) and a notes.txt, and returns its path.
func imageFolder(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "rings")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for k := range n {
		img := ringPNG(60, 44, k, true)
		if k%3 == 0 {
			img = ringPNG(28, 28, k, false)
		}
		writePNG(t, filepath.Join(dir, fmt.Sprintf("ring-%02d.png", k)), img)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("my rings"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// imageZip writes a zip of n ring PNGs (40×40 on white) and a readme into
// the test's folder; n = 0 is an empty archive.
func imageZip(t *testing.T, name string, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for k := range n {
		w, err := zw.Create(fmt.Sprintf("digits/ring-%02d.png", k))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(w, ringPNG(40, 40, k, true)); err != nil {
			t.Fatal(err)
		}
	}
	if n > 0 {
		w, _ := zw.Create("digits/README")
		w.Write([]byte("rings"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// folderFiles lists the files of dir (for inputs that take files, not the
// folder itself).
func folderFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

// badImageUploads are the classes of bad image uploads and what each
// message says.
func badImageUploads(t *testing.T) []struct {
	paths []string
	want  string
} {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := filepath.Join(dir, "huge.zip")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200e6); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	wide := filepath.Join(dir, "wide.png")
	writePNG(t, wide, image.NewGray(image.Rect(0, 0, 5000, 3)))
	return []struct {
		paths []string
		want  string
	}{
		{[]string{write("notes.txt", []byte("hello")), write("table.csv", []byte("1,2\n"))},
			"2 files: no images: 2 files are not images (“notes.txt” and 1 more)"},
		{[]string{wide}, "wide.png: the image is 5000×3 pixels; at most 4096 a side"},
		{[]string{write("broken.png", []byte("\x89PNG not really"))}, "broken.png: the browser cannot decode it as an image"},
		{[]string{imageZip(t, "empty.zip", 0)}, "empty.zip: no images in it (it is empty)"},
		{[]string{write("bad.zip", []byte("PK\x03\x04 this is no archive"))}, "bad.zip: not a readable zip archive"},
		{[]string{huge}, "huge.zip (200 MB): the file is larger than 64 MB; nothing was read"},
	}
}

// imageInputs are the selectors of the widget's image file input and
// folder input.
func imageInputs(scope string) (files, folder string) {
	return scope + ` input[id$="-own-images"]`, scope + ` input[id$="-own-folder"]`
}

// TestOwnImagesTrainer: a folder of PNGs and a zip of PNGs train the VAE
// trainer as 28×28 images (a 784-input model, its strip of reconstructions);
// each bad upload is refused with an alert while the set in use stays; a
// reload keeps the images.
func TestOwnImagesTrainer(t *testing.T) {
	p := e2e.Open(t, "/embed/applications/own-trainer")
	scope, status, alert, _, _ := ownSel("vae-trainer")
	files, folder := imageInputs(scope)
	p.WaitText(status, "No data set yet")
	if txt := p.Text(scope + " .ll-own"); !strings.Contains(txt, "nothing is uploaded") || !strings.Contains(txt, "does not carry your points or images") || !strings.Contains(txt, "inverted if its background is light") {
		t.Errorf("the panel does not say the data stay here and how images are fitted: %q", txt)
	}

	p.Do(chromedp.SetUploadFiles(chromedp.CSS(folder), []string{imageFolder(t, 24)}))
	p.WaitText(status, "In use: 24 images of 28×28 from folder rings.")
	for _, want := range []string{"16 of 24 resized to 28×28 (aspect kept, centred)", "16 inverted (light background: ink made bright, like MNIST), 8 kept as they were (dark background)",
		"skipped: 1 file is not an image (“rings/notes.txt”)"} {
		p.WaitText(status, want)
	}
	waitTrains(t, p, scope, 30)
	if arch := p.Text(scope); !strings.Contains(arch, "Architecture: 784 → 64") {
		t.Errorf("the trainer does not train on 784 inputs: %q", arch)
	}
	// The strip shows held-out images (28×28 with a gap) and their reconstructions.
	p.WaitJS(fmt.Sprintf(`document.querySelector(%q).width === 8*29-1`, scope+` canvas[id$="-strip"]`), 30*time.Second)
	shootWidget(t, p, scope, "own-images-trainer-1280")

	p.Do(chromedp.SetUploadFiles(chromedp.CSS(files), []string{imageZip(t, "digits.zip", 30)}))
	p.WaitText(status, "In use: 30 images of 28×28 from digits.zip. 30 of 30 resized to 28×28 (aspect kept, centred); all inverted")
	p.WaitText(status, "skipped: 1 file is not an image (“digits/README”)")
	waitTrains(t, p, scope, 20)

	for _, c := range badImageUploads(t) {
		p.Do(chromedp.SetUploadFiles(chromedp.CSS(files), c.paths))
		p.WaitText(alert, c.want)
		if a := p.Text(alert); !strings.Contains(a, "The data set in use is unchanged") {
			t.Errorf("%s: alert %q does not say the data set stays", c.want, a)
		}
		if s := p.Text(status); !strings.Contains(s, "from digits.zip") {
			t.Errorf("%s: the data set in use changed: %q", c.want, s)
		}
	}
	shootWidget(t, p, scope, "own-images-refused-1280")

	// A folder with one undecodable image among good ones: used, with a note.
	dir := imageFolder(t, 6)
	if err := os.WriteFile(filepath.Join(dir, "zz-broken.png"), []byte("\x89PNG not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(files), folderFiles(t, dir)))
	p.WaitText(status, "In use: 6 images of 28×28 from 8 files.")
	p.WaitText(status, "1 images refused (zz-broken.png: the browser cannot decode it as an image)")

	p.Goto("/embed/applications/own-trainer")
	p.WaitText(status, "In use: 6 images of 28×28 from 8 files.")
	waitTrains(t, p, scope, 10)
	p.Do(chromedp.EmulateViewport(400, 900))
	shootWidget(t, p, scope, "own-images-trainer-400")
	p.NoConsoleErrors()
}

// TestOwnImagesDetector: the detector, trained on MNIST digits only, scores
// the student's images: a histogram of them and how many the threshold
// flags; a bad upload is refused there too.
func TestOwnImagesDetector(t *testing.T) {
	p := e2e.Open(t, "/embed/applications/detector")
	scope, status, alert, _, _ := ownSel("anomaly-detector")
	files, _ := imageInputs(scope)
	training := scope + ` [role="status"][aria-label="Training status"]`
	p.WaitText(status, "No images yet")
	p.WaitJS(fmt.Sprintf(`/ready/.test(document.querySelector(%q).textContent)`, training), 90*time.Second)
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(files), []string{imageZip(t, "rings.zip", 40)}))
	p.WaitText(status, "In use: 40 images of 28×28 from rings.zip.")
	extra := scope + ` [id$="-extra"]`
	p.WaitJS(fmt.Sprintf(`/of your 40 images flagged as anomalies/.test(document.querySelector(%q).textContent)`, extra), 60*time.Second)
	waitTrains(t, p, scope, 20)
	p.WaitJS(fmt.Sprintf(`/of your 40 images flagged as anomalies/.test(document.querySelector(%q).textContent)`, extra), 60*time.Second)
	t.Logf("detector on own images: %s", p.Text(extra))

	p.Do(chromedp.SetUploadFiles(chromedp.CSS(files), []string{imageZip(t, "empty.zip", 0)}))
	p.WaitText(alert, "empty.zip: no images in it (it is empty). The data set in use is unchanged.")
	p.WaitText(status, "from rings.zip")
	shootWidget(t, p, scope, "own-images-detector-1280")
	p.Do(chromedp.EmulateViewport(400, 900))
	shootWidget(t, p, scope+" .ll-own", "own-images-detector-400")
	p.NoConsoleErrors()
}
