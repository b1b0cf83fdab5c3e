package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Range renders in, a range input built with its Min, Max, Step and
// Value(value), so that the browser shows value: go-app sets an element's
// attributes in map order and value as a property, and a value set before
// min, max and step is clamped and snapped by the browser to the default
// 0–100 range with step 1 (σ = 0.5 on a 0.05–2 slider would show its thumb
// at 1; K = 150 on a 1–200 slider at 100). The value is set again once the
// input is in the page and after every update.
func Range(in app.HTMLInput, value string) app.UI {
	return &rangeInput{In: in, Value: value}
}

// rangeInput is the component Range returns (its fields are exported:
// go-app updates only exported fields of a component).
type rangeInput struct {
	app.Compo
	In    app.HTMLInput
	Value string
}

func (r *rangeInput) Render() app.UI { return r.In }

// OnMount sets the value after the attributes.
func (r *rangeInput) OnMount(ctx app.Context) { ctx.Defer(r.apply) }

// OnUpdate sets the value again (min or max may have changed with it).
func (r *rangeInput) OnUpdate(ctx app.Context) { ctx.Defer(r.apply) }

func (r *rangeInput) apply(app.Context) {
	if el := r.JSValue(); Present(el) && el.Get("value").String() != r.Value {
		el.Set("value", r.Value)
	}
}
