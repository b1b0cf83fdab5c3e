// Package compress measures a VAE as a lossy image codec, for the
// applications lesson's compression widget: the posterior mean of an image
// quantised to b bits per latent dimension (a code of latent × b bits), the
// decoded quantised code and its distortion (mean squared error per pixel);
// and, for comparison, the lossless PNG size of the same images.
//
// It uses only the standard library and core/infer, so the page's binary
// can carry it.
package compress
