package embedui

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
	"latentlab/web/urlstate"
	"latentlab/web/widget/kit"
)

// HostScriptPath is where static/embed-host.js is served.
const HostScriptPath = "/web/embed-host.js"

// Button returns the `Embed` button for a widget (widgetID != "") or a whole
// lesson (widgetID == "") of lesson slug. It opens the embed dialog.
func Button(slug, widgetID string) app.UI {
	return &Dialog{Lesson: slug, Widget: widgetID}
}

// ButtonTitled is Button with the human title used in the iframe's title
// attribute (e.g. "Latent explorer").
func ButtonTitled(slug, widgetID, title string) app.UI {
	return &Dialog{Lesson: slug, Widget: widgetID, Title: title}
}

// WidgetButton is ButtonTitled for a widget whose settings are named
// settings (its parameter table's names, in order): the dialog offers a
// checkbox to lock each one (lock=).
func WidgetButton(slug, widgetID, title string, settings []string) app.UI {
	return &Dialog{Lesson: slug, Widget: widgetID, Title: title, Settings: settings}
}

// QuizButton is the Embed button of quiz quizID of lesson slug: the same
// dialog, with the course page origin its results are sent to.
func QuizButton(slug, quizID, title string) app.UI {
	return &Dialog{Lesson: slug, Widget: quizID, Title: title, Quiz: true}
}

// Dialog is the Embed button and the modal dialog it opens: the iframe
// snippet for the current settings, a Copy button, a live preview and
// options for controls=, theme= and the resize script.
type Dialog struct {
	app.Compo
	Lesson string // lesson slug
	Widget string // widget or quiz id; "" embeds the whole lesson
	Title  string // human title for the iframe (optional)
	// Settings are the widget's parameter names: each gets a Lock checkbox.
	Settings []string
	Quiz     bool // a quiz: no settings or buttons to lock

	open     bool
	origin   string
	query    url.Values // embed query from the page address (params only)
	controls string     // "", "locked", "hidden"
	theme    string     // "", "light", "dark"
	noScript bool       // leave the host script out of the snippet
	copied   string     // status text after Copy
	host     string     // course page origin as typed (origin=, for quiz results)
	locks    map[string]bool
	noAction bool // actions=off
	trap     trap // keeps focus inside while open (trap.go)
}

// hostOrigin is the validated course page origin, "" when none or refused,
// and a note when what was typed is not an origin.
func (d *Dialog) hostOrigin() (origin, note string) {
	if strings.TrimSpace(d.host) == "" {
		return "", ""
	}
	o, err := urlstate.ParseOrigin(d.host)
	if err != nil {
		return "", "Not an origin like https://course.example.edu (no path): left out of the code."
	}
	return o, ""
}

func (d *Dialog) baseID() string {
	id := "embed-" + d.Lesson
	if d.Widget != "" {
		id += "-" + d.Widget
	}
	return id
}

// src is the embed URL for the current options.
func (d *Dialog) src() string {
	q := url.Values{}
	for k, v := range d.query {
		if !pageWide[k] {
			q[k] = v
		}
	}
	if o, _ := d.hostOrigin(); o != "" {
		q.Set(urlstate.KeyOrigin, o)
	}
	if d.controls != "" {
		q.Set(urlstate.KeyControls, d.controls)
	}
	if d.theme != "" {
		q.Set(urlstate.KeyTheme, d.theme)
	}
	if l := d.lockList(); len(l) > 0 && d.controls == "" {
		q.Set(urlstate.KeyLock, strings.Join(l, ","))
	}
	if d.noAction && d.controls != urlstate.ControlsHidden {
		q.Set(urlstate.KeyActions, urlstate.ActionsOff)
	}
	return urlstate.EmbedURL(d.origin, d.Lesson, d.Widget, q)
}

func (d *Dialog) snippet() string {
	title := d.Title
	if title == "" {
		title = d.Widget
	}
	if title == "" {
		title = d.Lesson
	}
	height := 520
	if d.Widget == "" {
		height = 900
	}
	host := d.origin + HostScriptPath
	if d.noScript {
		host = ""
	}
	return urlstate.Snippet(d.src(), "Latent Lab: "+title, height, host)
}

func (d *Dialog) openDialog(ctx app.Context, e app.Event) {
	d.open, d.copied = true, ""
	if app.IsClient {
		loc := app.Window().Get("location")
		d.origin = loc.Get("origin").String() + site.Base()
		cur, err := url.ParseQuery(strings.TrimPrefix(loc.Get("search").String(), "?"))
		if err != nil {
			cur = url.Values{}
		}
		d.query = urlstate.EmbedQuery(cur, d.Widget)
		if r := urlstate.ParseRoute(loc.Get("pathname").String()); r.Widget != "" && r.Widget == d.Widget {
			d.query = cur // already plain keys on a single-widget embed
		}
		o, _ := urlstate.DecodeOptions(cur)
		d.controls, d.theme = "", o.Theme
		if h, err := urlstate.ParseOrigin(cur.Get(urlstate.KeyOrigin)); err == nil && d.host == "" {
			d.host = h
		}
		if o.Locked {
			d.controls = urlstate.ControlsLocked
		}
		d.noAction, d.locks = o.ActionsOff, map[string]bool{}
		for _, n := range urlstate.EmbedLocks(o.Lock, d.Widget) {
			d.locks[n] = true
		}
		if o.Hidden {
			d.controls = urlstate.ControlsHidden
		}
	}
	d.trap.set(ctx, d)
	ctx.Defer(func(app.Context) { focus(d.baseID() + "-code") })
}

func (d *Dialog) close(ctx app.Context) {
	if !d.open {
		return
	}
	d.open = false
	d.trap.release()
	// Move focus out of the dialog before it is removed, and again after
	// the update in case the removal reset it.
	focus(d.baseID() + "-button")
	ctx.Defer(func(app.Context) { focus(d.baseID() + "-button") })
}

// OnDismount stops the focus trap of a dialog left open.
func (d *Dialog) OnDismount() { d.trap.release() }

func focus(id string) {
	if !app.IsClient {
		return
	}
	defer func() { recover() }()
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// onKey closes on Escape (whose default the dialog takes: TakeKeys).
func (d *Dialog) onKey(ctx app.Context, e app.Event) {
	if e.Get("key").String() == "Escape" {
		d.close(ctx)
	}
}

var tabTrap sync.Once

// trapTabs keeps Tab inside an open dialog (installed once, on the
// client). Whether Tab leaves the dialog must be decided inside the
// browser's dispatch, before focus moves (see kit.OnDocument).
func trapTabs() {
	if app.IsClient {
		tabTrap.Do(func() { kit.OnDocument("keydown", trapTab) })
	}
}

// trapTab wraps Tab from the dialog's last control to its first, and
// Shift+Tab from the first to the last.
func trapTab(e app.Value) bool {
	if e.Get("key").String() != "Tab" {
		return false
	}
	dlg := kit.Closest(e, `.embed-dialog[role="dialog"]`)
	if dlg == nil {
		return false
	}
	items := dlg.Call("querySelectorAll", "button:not([disabled]), textarea, select, input, iframe")
	n := items.Length()
	if n == 0 {
		return false
	}
	first, last := items.Index(0), items.Index(n-1)
	active := app.Window().Get("document").Get("activeElement")
	to := first
	switch {
	case e.Get("shiftKey").Bool() && active.Equal(first):
		to = last
	case !e.Get("shiftKey").Bool() && active.Equal(last):
	default:
		return false
	}
	e.Call("preventDefault")
	to.Call("focus")
	return true
}

// copy writes the snippet to the clipboard (navigator.clipboard, falling back
// to selecting the text and document.execCommand("copy")).
func (d *Dialog) copy(ctx app.Context, e app.Event) {
	text := d.snippet()
	fallback := func() {
		ok := false
		func() {
			defer func() { recover() }()
			if ta := app.Window().GetElementByID(d.baseID() + "-code"); ta.Truthy() {
				ta.Call("focus")
				ta.Call("select")
				ok = app.Window().Get("document").Call("execCommand", "copy").Bool()
			}
		}()
		if ok {
			d.copied = "Copied to the clipboard."
		} else {
			d.copied = "Press Ctrl+C (⌘C on a Mac) to copy the selected code."
		}
	}
	if !app.IsClient {
		return
	}
	cb := app.Window().Get("navigator").Get("clipboard")
	if !cb.Truthy() {
		fallback()
		return
	}
	var okFn, failFn app.Func
	okFn = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(app.Context) { d.copied = "Copied to the clipboard." })
		okFn.Release()
		failFn.Release()
		return nil
	})
	failFn = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(app.Context) { fallback() })
		okFn.Release()
		failFn.Release()
		return nil
	})
	func() {
		defer func() {
			if recover() != nil {
				fallback()
			}
		}()
		cb.Call("writeText", text).Call("then", okFn, failFn)
	}()
}

// Render draws the button and, when open, the dialog.
func (d *Dialog) Render() app.UI {
	trapTabs()
	id := d.baseID()
	what := "this widget"
	if d.Quiz {
		what = "this quiz"
	}
	if d.Widget == "" {
		what = "this lesson"
	}
	return app.Span().Class("embed-slot").Body(
		app.Button().Type("button").Class("btn btn-small embed-button").ID(id+"-button").
			Aria("haspopup", "dialog").Aria("expanded", d.open).OnClick(d.openDialog).Text("Embed"),
		app.If(d.open, app.Div().Class("embed-backdrop").
			// Layout inline so the dialog is modal whatever the stylesheet has;
			// colours come from the site's CSS variables.
			Style("position", "fixed").Style("inset", "0").Style("z-index", "1000").
			Style("background", "rgba(0,0,0,.45)").Style("display", "flex").
			Style("align-items", "flex-start").Style("justify-content", "center").
			Style("overflow", "auto").Style("padding", "4vh 1rem").OnClick(func(ctx app.Context, e app.Event) {
			if e.Get("target").Equal(ctx.JSSrc()) {
				d.close(ctx)
			}
		}).Body(
			app.Div().Class("embed-dialog").ID(id+"-dialog").Role("dialog").Aria("modal", "true").
				Aria("labelledby", id+"-title").TabIndex(-1).DataSet(kit.TakeKeys, kit.Keys("Escape")).OnKeyDown(d.onKey).
				Style("background", "var(--surface, #fff)").Style("color", "var(--fg, #1d1f23)").
				Style("border", "1px solid var(--border, #ccc)").Style("border-radius", "8px").
				Style("padding", "1rem 1.25rem").Style("width", "min(46rem, 100%)").
				Style("box-shadow", "0 10px 40px rgba(0,0,0,.3)").Style("text-align", "left").Body(
				app.H2().ID(id+"-title").Style("margin-top", "0").Text(fmt.Sprintf("Embed %s", what)),
				app.P().Class("embed-help").Text("Paste this code into a course page (Moodle, Canvas, Jupyter Book, reveal.js or any HTML page). It reproduces the current settings."),
				d.renderOptions(id),
				d.renderLocks(id),
				app.Label().For(id+"-code").Class("embed-code-label").Text("Embed code"),
				app.Textarea().ID(id+"-code").Class("embed-code").ReadOnly(true).Rows(4).Attr("spellcheck", "false").
					Style("width", "100%").Style("font-family", "var(--mono, monospace)").Style("font-size", ".85rem").Text(d.snippet()),
				app.Div().Class("embed-actions").Style("display", "flex").Style("gap", ".6rem").Style("align-items", "center").Style("margin", ".5rem 0").Body(
					app.Button().Type("button").Class("btn").OnClick(d.copy).Text("Copy"),
					app.Span().Class("embed-copied").Role("status").Aria("live", "polite").Text(d.copied),
					app.Button().Type("button").Class("btn btn-quiet").ID(id+"-close").
						OnClick(func(ctx app.Context, e app.Event) { d.close(ctx) }).Text("Close"),
				),
				app.H3().Class("embed-preview-title").Text("Preview"),
				app.IFrame().Class("embed-preview").Src(d.src()).Title("%s", "Preview of the embedded "+strings.TrimPrefix(what, "this ")).
					Loading("lazy").Attr("height", "360").Attr("width", "100%").
					On("load", func(ctx app.Context, e app.Event) { d.trap.frameLoaded(ctx.JSSrc()) }).
					Style("border", "1px solid var(--border, #ccc)").Style("border-radius", "6px"),
			),
		)),
	)
}

func (d *Dialog) renderOptions(id string) app.UI {
	sel := func(key, label, cur string, opts [][2]string, set func(string)) app.UI {
		sid := id + "-" + key
		options := make([]app.UI, len(opts))
		for i, o := range opts {
			options[i] = app.Option().Value(o[0]).Selected(o[0] == cur).Text(o[1])
		}
		return app.Span().Class("embed-option").Style("display", "inline-flex").Style("gap", ".4rem").Style("align-items", "center").Body(
			app.Label().For(sid).Text(label),
			app.Select().ID(sid).OnChange(func(ctx app.Context, e app.Event) {
				set(ctx.JSSrc().Get("value").String())
			}, key).Body(options...),
		)
	}
	return app.Div().Class("embed-options").Style("display", "flex").Style("flex-wrap", "wrap").
		Style("gap", ".5rem 1.2rem").Style("margin", ".5rem 0 1rem").Body(
		sel("controls", "Controls", d.controls, [][2]string{{"", "Shown"}, {"locked", "Locked"}, {"hidden", "Hidden"}},
			func(v string) { d.controls = allowed(v, "", "locked", "hidden") }),
		sel("theme", "Theme", d.theme, [][2]string{{"", "Reader's setting"}, {"light", "Light"}, {"dark", "Dark"}},
			func(v string) { d.theme = allowed(v, "", "light", "dark") }),
		d.renderOrigin(id),
		app.Span().Class("embed-option").Style("display", "inline-flex").Style("gap", ".4rem").Style("align-items", "center").Body(
			app.Input().Type("checkbox").ID(id+"-script").Checked(!d.noScript).OnChange(func(ctx app.Context, e app.Event) {
				d.noScript = !ctx.JSSrc().Get("checked").Bool()
			}),
			app.Label().For(id+"-script").Text("Include the auto-resize script"),
		),
	)
}

// renderOrigin is the "Course page origin" field: quiz results are posted
// to that origin only (origin= in the snippet); a value that is not a bare
// origin is left out of the code with a note.
func (d *Dialog) renderOrigin(id string) app.UI {
	fid := id + "-origin"
	_, note := d.hostOrigin()
	return app.Span().Class("embed-option embed-origin").Style("display", "inline-flex").Style("flex-wrap", "wrap").
		Style("gap", ".4rem").Style("align-items", "center").Body(
		app.Label().For(fid).Text("Course page origin"),
		app.Input().Type("url").ID(fid).Placeholder("https://course.example.edu").Value(d.host).
			Attr("spellcheck", "false").AutoComplete(false).Aria("describedby", fid+"-help").
			OnInput(func(ctx app.Context, e app.Event) { d.host = ctx.JSSrc().Get("value").String() }),
		app.Span().Class("embed-origin-help").ID(fid+"-help").Style("font-size", ".85rem").Text(originHelp(note)),
	)
}

func originHelp(note string) string {
	if note != "" {
		return note
	}
	return "Quiz results are sent only to this origin; without it, only to the page the browser reports as the embedder."
}

func allowed(v string, set ...string) string {
	for _, s := range set {
		if v == s {
			return v
		}
	}
	return ""
}

// pageWide are the query keys the dialog sets itself.
var pageWide = map[string]bool{urlstate.KeyControls: true, urlstate.KeyTheme: true, urlstate.KeyOrigin: true,
	urlstate.KeyLock: true, urlstate.KeyActions: true}

// lockList is the settings ticked to lock, in the widget's order.
func (d *Dialog) lockList() []string {
	var out []string
	for _, n := range d.Settings {
		if d.locks[n] {
			out = append(out, n)
		}
	}
	return out
}

// renderLocks is the "Lock settings" checkboxes (one per setting, while the
// controls are shown) and "Turn the buttons off" (actions=off).
func (d *Dialog) renderLocks(id string) app.UI {
	box := func(key, label string, on bool, set func(bool)) app.UI {
		bid := id + "-lock-" + key
		return app.Span().Class("embed-lock").Style("display", "inline-flex").Style("gap", ".3rem").Style("align-items", "center").Body(
			app.Input().Type("checkbox").ID(bid).Checked(on).OnChange(func(ctx app.Context, e app.Event) {
				set(ctx.JSSrc().Get("checked").Bool())
			}, key, on),
			app.Label().For(bid).Text(label),
		)
	}
	var items []app.UI
	if d.controls == "" {
		for _, n := range d.Settings {
			n := n
			items = append(items, box(n, n, d.locks[n], func(on bool) {
				if d.locks == nil {
					d.locks = map[string]bool{}
				}
				d.locks[n] = on
			}))
		}
	}
	if d.controls != urlstate.ControlsHidden && d.Widget != "" && !d.Quiz {
		items = append(items, box("actions-off", "Turn the buttons off (Train, Reset, Resample…)", d.noAction, func(on bool) { d.noAction = on }))
	}
	if len(items) == 0 {
		return app.Div()
	}
	legend := "Lock settings (the others stay free)"
	if d.controls != "" {
		legend = "Buttons"
	}
	return app.FieldSet().Class("embed-locks").Style("border", "1px solid var(--border, #ccc)").Style("border-radius", "6px").
		Style("margin", "0 0 1rem").Style("padding", ".4rem .8rem").Body(
		app.Legend().Text(legend),
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", ".3rem 1rem").Body(items...),
	)
}
