package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// About lists credits, licences and references.
type About struct {
	app.Compo
}

const aboutTitle = "About — Latent Lab"

// OnPreRender sets the title and description in the server's render.
func (a *About) OnPreRender(ctx app.Context) {
	setHead(ctx, aboutTitle, "Credits, licences and references of Latent Lab: the MNIST data, the software it is built with, and the papers its lessons follow.")
}

// OnNav sets the title.
func (a *About) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(aboutTitle)
	announceAwake()
}

func ext(href, text string) app.UI {
	return app.A().Href(href).Rel("noopener").Text(text)
}

// Render draws the page.
func (a *About) Render() app.UI {
	return shell("about", app.Div().Class("l-text prose about").Body(
		app.H1().Text("About Latent Lab"),
		app.P().Text("Latent Lab teaches autoencoders by letting you train them. Every model on these pages is trained and evaluated in your own browser: the engine is written in Go, compiled to WebAssembly and run in a Web Worker, so the page stays responsive while it trains. The server only serves files; after your first visit the site also works offline."),
		app.H2().ID("engine").Text("Engine"),
		app.P().Text("Browsers with WebAssembly SIMD (current Chrome, Edge, Firefox and Safari) load the engine built with SIMD kernels; older ones load a scalar build of the same engine, which gives the same numbers more slowly."),
		&EngineBuild{},
		app.H2().ID("data").Text("Data"),
		app.P().Body(
			app.Text("The digit images are a subset of the "),
			ext("http://yann.lecun.com/exdb/mnist/", "MNIST database"),
			app.Text(" by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, used under the "),
			ext("https://creativecommons.org/licenses/by-sa/3.0/", "Creative Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0)"),
			app.Text(" licence. The subset (10,000 training and 2,000 test images) and the models pretrained on it are distributed under the same licence. The toy data sets (circle, spiral, moons and blobs in two dimensions, the Swiss roll in three) are generated in your browser."),
		),
		app.H2().ID("software").Text("Software"),
		app.Ul().Body(
			app.Li().Body(ext("https://go-app.dev", "go-app"), app.Text(" by Maxence Charriere — MIT licence. The user interface.")),
			app.Li().Body(ext("https://www.gonum.org", "Gonum"), app.Text(" — BSD 3-Clause licence. Numerical routines in the training engine.")),
			app.Li().Body(ext("https://katex.org", "KaTeX"), app.Text(" — MIT licence. Math typesetting, done once when the lessons are built; its fonts are served with the site.")),
			app.Li().Body(ext("https://github.com/yuin/goldmark", "goldmark"), app.Text(" — MIT licence. Markdown for the lesson files.")),
			app.Li().Body(ext("https://github.com/andybalholm/brotli", "brotli (Go port)"), app.Text(" — MIT licence. Precompressed assets.")),
			app.Li().Body(ext("https://github.com/chromedp/chromedp", "chromedp"), app.Text(" — MIT licence. Browser tests.")),
			app.Li().Body(ext("https://go.dev", "Go"), app.Text(" — BSD 3-Clause licence. Including wasm_exec.js.")),
		),
		app.H2().ID("references").Text("References"),
		app.Ul().Class("references").Body(
			app.Li().Body(app.Text("Salah Rifai, Pascal Vincent, Xavier Muller, Xavier Glorot and Yoshua Bengio. "),
				app.Em().Text("Contractive Auto-Encoders: Explicit Invariance During Feature Extraction."),
				app.Text(" ICML 2011.")),
			app.Li().Body(app.Text("Diederik P. Kingma and Max Welling. "),
				ext("https://arxiv.org/abs/1312.6114", "Auto-Encoding Variational Bayes"),
				app.Text(". arXiv:1312.6114, 2013 (ICLR 2014).")),
			app.Li().Body(app.Text("Pascal Vincent, Hugo Larochelle, Yoshua Bengio and Pierre-Antoine Manzagol. "),
				app.Em().Text("Extracting and Composing Robust Features with Denoising Autoencoders."),
				app.Text(" ICML 2008.")),
			app.Li().Body(app.Text("Yuri Burda, Roger Grosse and Ruslan Salakhutdinov. "),
				ext("https://arxiv.org/abs/1509.00519", "Importance Weighted Autoencoders"),
				app.Text(". ICLR 2016.")),
			app.Li().Body(app.Text("Yann LeCun, Léon Bottou, Yoshua Bengio and Patrick Haffner. "),
				app.Em().Text("Gradient-based learning applied to document recognition."),
				app.Text(" Proceedings of the IEEE, 1998 (MNIST).")),
		),
		app.H2().ID("design").Text("Design"),
		app.P().Text("Colours follow the Okabe–Ito palette, which stays distinguishable for readers with the common forms of colour-vision deficiency. The layout follows Distill's: a readable prose column with figures allowed wider."),
		app.H2().ID("offline").Text("Offline use"),
		&OfflineSetting{},
		app.H2().ID("licence").Text("Licence"),
		app.P().Text("The Latent Lab source code and lessons are free to reuse in teaching; see the repository's README for details."),
	))
}
