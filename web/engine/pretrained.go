package engine

// Pretrained is a model the site serves under /web/models/NAME.llm (built by
// `make models`, core/cmd/pretrain): the only names a page takes from its
// address or a lesson (model=, cae=, ae=). A test checks the built site
// serves exactly these, each of its kind.
type Pretrained struct {
	Name string // the file's name without .llm
	Kind string // "vae", "cae", "ae"…
}

// PretrainedModels are the models the site serves.
var PretrainedModels = []Pretrained{
	{Name: "vae-mnist-2d", Kind: "vae"},
	{Name: "cae-mnist", Kind: "cae"},
	{Name: "ae-mnist", Kind: "ae"},
}

// PretrainedNames lists the served models of the given kinds (all when
// none is given), in PretrainedModels' order: the choices of a model
// parameter.
func PretrainedNames(kinds ...string) []string {
	var names []string
	for _, m := range PretrainedModels {
		ok := len(kinds) == 0
		for _, k := range kinds {
			ok = ok || m.Kind == k
		}
		if ok {
			names = append(names, m.Name)
		}
	}
	return names
}
