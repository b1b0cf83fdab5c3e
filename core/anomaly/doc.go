// Package anomaly scores examples by how badly a trained autoencoder
// explains them and measures how well those scores separate a held-out
// ("anomalous") class from the classes the model was trained on: score
// histograms, precision and recall at a threshold, the ROC curve and its
// area (AUC), and the highest-scoring examples.
//
// It is pure Go with the standard library only, so the page (app.wasm) uses
// it to update the anomaly detector's figures and the lesson-claims runner
// uses it to check the same numbers natively.
package anomaly
