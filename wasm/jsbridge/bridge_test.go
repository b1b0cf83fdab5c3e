//go:build js && wasm

package jsbridge

import (
	"math"
	"syscall/js"
	"testing"

	"latentlab/wasm/protocol"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	f := []float32{1, -2.5, float32(math.Inf(1)), math.Float32frombits(0x7fc00001), 0}
	m := protocol.MustNew(protocol.Decode, &protocol.DecodeBody{Mean: true})
	m.Seq, m.Run, m.Slot = 3, 4, "x"
	env, transfer, err := ToJS(m, f)
	if err != nil {
		t.Fatal(err)
	}
	if transfer.Length() != 1 || !env.Get("f32").InstanceOf(js.Global().Get("Float32Array")) {
		t.Fatalf("transfer %v", transfer.Length())
	}
	got, gf, err := FromJS(env)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != m.Type || got.Seq != 3 || got.Run != 4 || got.Slot != "x" || string(got.Body) != string(m.Body) {
		t.Errorf("envelope %+v", got)
	}
	for i := range f {
		if math.Float32bits(gf[i]) != math.Float32bits(f[i]) {
			t.Errorf("f[%d] = %x, want %x", i, math.Float32bits(gf[i]), math.Float32bits(f[i]))
		}
	}
	// No floats: no f32, empty transfer.
	env, transfer, _ = ToJS(m, nil)
	if !env.Get("f32").IsUndefined() || transfer.Length() != 0 {
		t.Error("empty payload sent an array")
	}
	// A view into a larger buffer is read at its offset.
	buf := js.Global().Get("ArrayBuffer").New(32)
	view := js.Global().Get("Float32Array").New(buf, 8, 2)
	view.SetIndex(0, 7)
	view.SetIndex(1, 8)
	if g := Float32FromJS(view); len(g) != 2 || g[0] != 7 || g[1] != 8 {
		t.Errorf("view read %v", g)
	}
}

func TestFromJSRejectsGarbage(t *testing.T) {
	for _, v := range []js.Value{js.ValueOf(3), js.ValueOf("x"), js.Global().Get("Object").New(), js.ValueOf(map[string]any{"json": "{"})} {
		if _, _, err := FromJS(v); err == nil {
			t.Errorf("FromJS(%v) accepted", v)
		}
	}
	obj := js.ValueOf(map[string]any{"json": `{"type":"hello"}`, "f32": 5})
	if _, _, err := FromJS(obj); err == nil {
		t.Error("a number as f32 was accepted")
	}
	if b := BytesFromJS(js.Global().Get("Uint8Array").New(3)); len(b) != 3 {
		t.Errorf("bytes %v", b)
	}
}
