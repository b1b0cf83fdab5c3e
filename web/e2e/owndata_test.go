package e2e_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// Own data (web/widget/own) in the contraction lab and the VAE trainer of
// the applications lesson: a drawn set and uploaded CSV files train them,
// and every kind of bad file is refused with a role=alert message naming
// the file, line and problem while the data set in use stays.

// ownSel returns selectors inside the widget kind's own-data panel.
func ownSel(kind string) (scope, status, alert, input, pad string) {
	scope = fmt.Sprintf(`[data-widget=%q]`, kind)
	return scope, scope + ` [id$="-own-status"]`, scope + ` [id$="-own-alert"] [role="alert"]`,
		scope + ` .ll-own input[type="file"]`, scope + ` canvas[aria-roledescription="drawing area"]`
}

// drawS draws an S in the widget's drawing area as brush strokes
// (synthetic pointer events along the path).
func drawS(t *testing.T, p *e2e.Page, pad string) {
	t.Helper()
	e2e.Eval[bool](p, fmt.Sprintf(`(() => {
		const c = document.querySelector(%q); c.scrollIntoView({block: "center"});
		const r = c.getBoundingClientRect(), pt = (x, y) => ({clientX: r.left + (x + 1.6) / 3.2 * r.width, clientY: r.top + (1.6 - y) / 3.2 * r.height, pointerId: 7, bubbles: true});
		const path = [];
		for (let k = 0; k <= 40; k++) { const a = Math.PI * k / 40; path.push([-0.7 * Math.sin(a), 0.7 + 0.7 * Math.cos(a)]); }
		for (let k = 1; k <= 40; k++) { const a = Math.PI * k / 40; path.push([0.7 * Math.sin(a), -0.7 + 0.7 * Math.cos(a)]); }
		c.dispatchEvent(new PointerEvent("pointerdown", pt(...path[0])));
		for (const q of path.slice(1)) c.dispatchEvent(new PointerEvent("pointermove", pt(...q)));
		c.dispatchEvent(new PointerEvent("pointerup", pt(...path[path.length - 1])));
		return true; })()`, pad))
}

// waitDrawn waits until the panel counts the points of one drawn S (its
// path is about 4.4 long: some 74 points at a spacing of 0.06) and returns
// the count.
func waitDrawn(t *testing.T, p *e2e.Page, scope string) int {
	t.Helper()
	count := fmt.Sprintf(`(() => { const m = /Drawn: (\d+) points/.exec(document.querySelector(%q).innerText); return m ? +m[1] : 0; })()`, scope)
	p.WaitJS(count+" >= 65", 30*time.Second)
	n := e2e.Eval[int](p, count)
	if n > 85 {
		t.Errorf("one S drew %d points, want about 74", n)
	}
	return n
}

// upload picks path in the panel's file input.
func upload(p *e2e.Page, input, path string) {
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(input), []string{path}))
}

// writeCSV writes a file of the test's temporary folder.
func writeCSV(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ringCSV is a noisy ring in centimetres and a constant-free third column.
func ringCSV(n int) string {
	var b strings.Builder
	b.WriteString("width (cm),height (cm),mass\n")
	for i := range n {
		a := float64(i) * 0.7
		fmt.Fprintf(&b, "%.3f,%.3f,%d\n", 50+20*math.Cos(a), 120+20*math.Sin(a), i%9)
	}
	return b.String()
}

// waitTrains presses Train in the widget and waits for its Training status
// to pass step n, then pauses it.
func waitTrains(t *testing.T, p *e2e.Page, scope string, n int) {
	t.Helper()
	status := scope + ` [role="status"][aria-label="Training status"]`
	p.ScrollTo(status)
	p.WaitJS(fmt.Sprintf(`/ready/.test(document.querySelector(%q).textContent)`, status), 60*time.Second)
	vaeClick(t, p, scope, "Train")
	p.WaitJS(fmt.Sprintf(`(() => { const m = /^step ([\d,]+)/.exec(document.querySelector(%q).textContent); return !!m && +m[1].replace(/,/g, "") >= %d; })()`, status, n), 90*time.Second)
	vaeClick(t, p, scope, "Pause")
	p.WaitText(status, "paused")
}

// badFiles are the classes of bad CSV input and what each message says.
func badFiles(t *testing.T) []struct{ path, want string } {
	big := filepath.Join(t.TempDir(), "huge-200MB.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200e6); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	return []struct{ path, want string }{
		{writeCSV(t, "words.csv", "x,y\n1,2\n3,four\n"), `words.csv, line 3, column 2 (y): "four" is not a number`},
		{writeCSV(t, "ragged.csv", "x,y\n1,2\n3,4,5\n"), "ragged.csv, line 3: 3 cells where the first row has 2 (ragged rows)"},
		{writeCSV(t, "one.csv", "x,y\n1,2\n"), "one.csv: 1 data rows; at least 2 are needed"},
		{writeCSV(t, "nan.csv", "x,y\n1,2\nNaN,4\n"), `nan.csv, line 3, column 1 (x): "NaN" is not a finite number`},
		{writeCSV(t, "inf.csv", "x,y\n1,Inf\n3,4\n"), `inf.csv, line 2, column 2 (y): "Inf" is not a finite number`},
		{writeCSV(t, "huge-values.csv", "x,y\n1,2\n3,4e200\n"), `huge-values.csv, line 3, column 2 (y): "4e200" is too large`},
		{big, "huge-200MB.csv (200 MB): the file is larger than 64 MB; nothing was read"},
	}
}

// TestOwnDataLab: in the contraction lab, a drawn S trains both models; a
// good CSV replaces it; each bad file is refused with an alert while the
// data set in use stays; a file of 10⁶ rows is capped with a note; Clear
// forgets the data set.
func TestOwnDataLab(t *testing.T) {
	p := e2e.Open(t, "/embed/applications/own-lab")
	scope, status, alert, input, pad := ownSel("contraction-lab")
	p.WaitText(status, "No data set yet")
	if txt := p.Text(scope + " .ll-own"); !strings.Contains(txt, "nothing is uploaded") || !strings.Contains(txt, "does not carry your points") {
		t.Errorf("the panel does not say the data stay here and links do not carry them: %q", txt)
	}
	if p.Exists(scope + ` [role="alert"]`) {
		t.Errorf("an alert before any data: %q", p.Text(scope+` [role="alert"]`))
	}

	drawS(t, p, pad)
	n := waitDrawn(t, p, scope)
	vaeClick(t, p, scope, "Train on my drawing")
	p.WaitText(status, fmt.Sprintf("In use: %d points of 2 coordinates from your drawing", n))
	waitTrains(t, p, scope, 300)
	shootWidget(t, p, scope, "own-lab-drawn-1280")

	good := writeCSV(t, "ring.csv", "x,y\n"+strings.Join(ringRows(200), "\n")+"\n")
	upload(p, input, good)
	p.WaitText(status, "In use: 200 points of 2 coordinates from ring.csv")
	waitTrains(t, p, scope, 100)

	for _, c := range badFiles(t) {
		upload(p, input, c.path)
		p.WaitText(alert, c.want)
		if a := p.Text(alert); !strings.Contains(a, "The data set in use is unchanged") {
			t.Errorf("%s: alert %q does not say the data set stays", filepath.Base(c.path), a)
		}
		if s := p.Text(status); !strings.Contains(s, "from ring.csv") {
			t.Errorf("%s: the data set in use changed: %q", filepath.Base(c.path), s)
		}
	}
	shootWidget(t, p, scope, "own-lab-refused-1280")

	var b strings.Builder
	b.WriteString("a,b\n")
	for i := range 1000000 {
		fmt.Fprintf(&b, "%d,%d\n", i%1000, i%997)
	}
	upload(p, input, writeCSV(t, "million.csv", b.String()))
	p.WaitText(status, "In use: 100,000 points of 2 coordinates from million.csv")
	p.WaitText(status, "the first 100,000 were kept and about 900,000 left out")
	if p.Exists(alert) {
		t.Errorf("alert after a good file: %q", p.Text(alert))
	}
	waitTrains(t, p, scope, 50)

	vaeClick(t, p, scope, "Clear my data")
	p.WaitText(status, "No data set yet")
	p.Do(chromedp.EmulateViewport(400, 900))
	drawS(t, p, pad)
	waitDrawn(t, p, scope)
	vaeClick(t, p, scope, "Train on my drawing")
	p.WaitText(status, "from your drawing")
	shootWidget(t, p, scope, "own-lab-400")
	p.NoConsoleErrors()
}

// TestOwnDataTrainer: the VAE trainer takes two or more standardised
// columns of a CSV file, and a drawing; both train, and a reload keeps the
// data set.
func TestOwnDataTrainer(t *testing.T) {
	p := e2e.Open(t, "/embed/applications/own-trainer")
	scope, status, alert, input, pad := ownSel("vae-trainer")
	p.WaitText(status, "No data set yet")
	upload(p, input, writeCSV(t, "body.csv", ringCSV(300)))
	p.WaitText(scope, "Columns of body.csv to train on")
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const c = [...document.querySelectorAll(%q)].find(l => l.textContent.includes("mass")).querySelector("input"); c.click(); return c.checked; })()`, scope+" .ll-own fieldset label"))
	vaeClick(t, p, scope, "Use these columns")
	p.WaitText(status, "In use: 300 points of 3 coordinates from body.csv")
	if a := p.Text(scope + ` [role="status"][aria-label="Training status"]`); strings.Contains(a, "not ready") {
		t.Errorf("status %q", a)
	}
	waitTrains(t, p, scope, 200)
	if arch := p.Text(scope); !strings.Contains(arch, "Architecture: 3 → 64") {
		t.Errorf("the trainer does not train on 3 inputs: %q", arch)
	}
	shootWidget(t, p, scope, "own-trainer-csv-1280")

	upload(p, input, writeCSV(t, "words.csv", "x,y\n1,2\n3,four\n"))
	p.WaitText(alert, `words.csv, line 3, column 2 (y): "four" is not a number`)
	p.WaitText(status, "from body.csv")

	drawS(t, p, pad)
	n := waitDrawn(t, p, scope)
	vaeClick(t, p, scope, "Train on my drawing")
	p.WaitText(status, fmt.Sprintf("In use: %d points of 2 coordinates from your drawing", n))
	waitTrains(t, p, scope, 200)

	// A model saved on the drawing opens again on it, and trains on (the
	// load used to arrive without the points and was refused).
	saved := p.Download(func() { vaeClick(t, p, scope, "Save model") })
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(`#own-trainer-open`), []string{saved}))
	training := scope + ` [role="status"][aria-label="Training status"]`
	opened := fmt.Sprintf(`document.querySelector(%q).textContent.includes(%q)`, training, "opened “"+filepath.Base(saved)+"”")
	if !p.TryWaitJS(opened, 30*time.Second) {
		t.Fatalf("opening %s on own data: status %q, alert %q", filepath.Base(saved), p.Text(training), e2e.Eval[string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => a.textContent).join(" | ")`, scope+` [role="alert"]`)))
	}
	stepJS := fmt.Sprintf(`(() => { const m = /^step ([\d,]+)/.exec(document.querySelector(%q).textContent); return m ? +m[1].replace(/,/g, "") : -1; })()`, training)
	at := e2e.Eval[int](p, stepJS)
	vaeClick(t, p, scope, "Step")
	p.WaitJS(fmt.Sprintf(`%s > %d`, stepJS, at), 30*time.Second)
	p.WaitText(status, fmt.Sprintf("In use: %d points of 2 coordinates from your drawing", n))

	// Kept for the tab's session: a reload brings the drawing back, ready to train.
	p.Goto("/embed/applications/own-trainer")
	p.WaitText(status, fmt.Sprintf("In use: %d points of 2 coordinates from your drawing", n))
	waitTrains(t, p, scope, 20)
	p.Do(chromedp.EmulateViewport(400, 900))
	shootWidget(t, p, scope, "own-trainer-400")
	p.NoConsoleErrors()
}

// ringRows are n points of a ring of radius 3 around (10, −4), in rows "x,y".
func ringRows(n int) []string {
	rows := make([]string, n)
	for i := range rows {
		a := 2 * math.Pi * float64(i) / float64(n)
		rows[i] = fmt.Sprintf("%.4f,%.4f", 10+3*math.Cos(a), -4+3*math.Sin(a))
	}
	return rows
}
