// Package page holds Latent Lab's pages (catalog, lesson, embed, about, not
// found), the shared page shell and the go-app handler configuration. Each
// page is a small component in its own file; state is initialised in OnNav
// because app.Route builds components from their zero value.
package page
