package main

// The widget packages register themselves with web/widget in init; importing
// them here puts them in app.wasm.
import (
	_ "latentlab/web/widget/cae"
	_ "latentlab/web/widget/quizview"
	_ "latentlab/web/widget/reparam"
	_ "latentlab/web/widget/vae"
)
