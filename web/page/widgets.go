package page

// The widget packages register themselves with web/widget in init. The
// pages render them (placeholders on the server, components in the
// browser), so whatever serves or exports the pages has them all.
import (
	_ "latentlab/web/widget/cae"
	_ "latentlab/web/widget/quizview"
	_ "latentlab/web/widget/reparam"
	_ "latentlab/web/widget/step"
	_ "latentlab/web/widget/vae"
)
