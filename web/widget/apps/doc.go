// Package apps holds the widgets of the applications lesson: what trained
// autoencoders are used for. The anomaly detector trains an AE or a VAE on
// every digit but one class and scores held-out digits by how badly the
// model explains them (core/anomaly computes the scores — in the worker,
// the engine's score request — histograms, ROC and AUC); inpainting fills
// hidden pixels; the code classifier fits softmax regressions on the codes
// of AE, DAE, CAE and VAE (core/classify); compression codes digits with
// five VAEs' quantised codes (core/compress).
//
// Like the other training widgets they talk to the engine worker only
// through web/engine and train with kit.Session; the four share what every
// one of them needs — kit.Base, the session, their registration and "Show
// the code" — as one embedded type (trainer.go). Each exports what it
// creates as a function of its parameter values (DetectorConfig,
// InpaintConfigs, CompressConfigs, MeasureRD) so the lesson-claims runner reproduces it exactly.
package apps
