// Package classify is the applications lesson's downstream classifier: a
// softmax (multinomial logistic) regression fitted on features — an
// autoencoder's codes or raw pixels — from a few labelled examples, and its
// accuracy on held-out ones. It also draws the class-balanced labelled
// subsets and standardises features with statistics of unlabelled data.
//
// Everything is deterministic: the subsets come from a seeded PCG generator
// and the fit is full-batch accelerated gradient descent from zero weights,
// so the same inputs give the same accuracy natively and under js/wasm. It
// is stdlib only (it runs in the engine worker).
package classify
