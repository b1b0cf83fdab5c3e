package page

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// offlineBytes is what keeping the whole site for offline use takes: bytes
// to download and bytes of storage. The server sets it (NewSite); in the
// browser it comes from the loader's environment.
var offlineBytes struct {
	sync.Mutex
	download, storage int64
}

// setOfflineSizes records the server's offline set (a Site rebuilt while
// pages render sets it again).
func setOfflineSizes(download, storage int64) {
	offlineBytes.Lock()
	offlineBytes.download, offlineBytes.storage = download, storage
	offlineBytes.Unlock()
}

func offlineSizes() (download, storage int64) {
	if !app.IsClient {
		offlineBytes.Lock()
		defer offlineBytes.Unlock()
		return offlineBytes.download, offlineBytes.storage
	}
	d, _ := strconv.ParseInt(app.Getenv("LATENTLAB_OFFLINE_DOWNLOAD"), 10, 64)
	s, _ := strconv.ParseInt(app.Getenv("LATENTLAB_OFFLINE_STORAGE"), 10, 64)
	return d, s
}

// OfflineSetting is the About page's "Offline use" switch: after one visit
// online the site keeps every lesson, model and data set on the device
// (the loader asks the offline worker when the page is idle), unless the
// reader turns this off. It shows what that costs and how far it got.
type OfflineSetting struct {
	app.Compo
	supported bool
	on        bool
	done      int
	total     int
	failed    int
	busy      bool
	unlisten  func()
}

// OnMount reads the setting and listens for the worker's progress.
func (o *OfflineSetting) OnMount(ctx app.Context) {
	api := app.Window().Get("latentlabOffline")
	sw := app.Window().Get("navigator").Get("serviceWorker")
	o.supported = api.Truthy() && sw.Truthy()
	if !o.supported {
		return
	}
	o.on = api.Call("enabled").Bool()
	o.readState(api)
	o.unlisten = app.Window().AddEventListener("latentlab-offline", func(app.Context, app.Event) {
		ctx.Dispatch(func(app.Context) { o.readState(app.Window().Get("latentlabOffline")) })
	})
	api.Call("refresh")
}

// OnDismount stops listening.
func (o *OfflineSetting) OnDismount() {
	if o.unlisten != nil {
		o.unlisten()
	}
}

func (o *OfflineSetting) readState(api app.Value) {
	s := api.Get("state")
	o.done, o.total, o.busy = s.Get("done").Int(), s.Get("total").Int(), s.Get("busy").Truthy()
	if f := s.Get("failed"); f.Truthy() {
		o.failed = f.Int()
	}
}

func (o *OfflineSetting) toggle(ctx app.Context, e app.Event) {
	o.on = ctx.JSSrc().Get("checked").Bool()
	app.Window().Get("latentlabOffline").Call("set", o.on)
}

// Render draws the switch, the sizes and the status.
func (o *OfflineSetting) Render() app.UI {
	download, storage := offlineSizes()
	size := ""
	if download > 0 {
		size = fmt.Sprintf(" (about %s to download once, %s of storage)", megabytes(download), megabytes(storage))
	}
	return app.Div().Class("offline-setting").Body(
		app.P().Body(
			app.Input().Type("checkbox").ID("offline-keep").Checked(o.on).Disabled(!o.supported).OnChange(o.toggle),
			app.Label().For("offline-keep").Text(" Keep every lesson's models and data on this device"),
		),
		app.P().Class("offline-note").Text("The text of every lesson is kept for reading offline after your first visit. "+
			"With this on, the site also keeps the training engine, the data sets and the pretrained models"+size+
			", so that lessons you have not opened yet also train without a connection. Turn it off to keep only what the pages you open need."),
		app.P().Class("offline-status").Role("status").Text(o.status()),
	)
}

func (o *OfflineSetting) status() string {
	switch {
	case !app.IsClient:
		return ""
	case !o.supported:
		return "This browser cannot keep the site for offline use."
	case !o.on:
		return "Off: lessons you open are kept as you open them."
	case o.total == 0:
		return "On."
	case o.done >= o.total:
		return fmt.Sprintf("On: all %d files are kept; the whole site works offline.", o.total)
	case o.busy:
		return fmt.Sprintf("On: keeping files for offline use, %d of %d so far…", o.done, o.total)
	case o.failed > 0:
		return fmt.Sprintf("On: %d of %d files are kept; %d could not be downloaded and will be tried again on your next visit.", o.done, o.total, o.failed)
	}
	return fmt.Sprintf("On: %d of %d files are kept; the rest follow when the site is next idle.", o.done, o.total)
}

// megabytes formats a size for a reader ("14 MB", "0.8 MB").
func megabytes(n int64) string {
	if n < 10_000_000 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.0f MB", float64(n)/1e6)
}
