// Package vae holds the variational-autoencoder lessons' widgets:
// vae-trainer (train a VAE in the engine worker and watch its loss terms,
// reconstructions and KL per dimension), and the widgets that explore a
// model — latent-explorer, manifold-grid, interpolation, prior-samples,
// posterior-view and draw-digit — each decoding on the page from a local
// copy of the network, so a pointer move becomes pixels without a round
// trip to the worker.
//
// The explored model is a Source: the pretrained model, or the live model
// of a vae-trainer on the same page, found through the page's shared
// widget.Page. Every explorer embeds viewer, which follows the chosen
// Source and redraws when it changes.
package vae
