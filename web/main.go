// Command web is Latent Lab's go-app program. Built for js/wasm it is the
// user interface (dist/web/app.wasm); built natively it is the server that
// serves the site (and, with -static, writes the static export).
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/page"
)

func main() {
	page.Routes()
	app.RunWhenOnBrowser()
	serve()
}
