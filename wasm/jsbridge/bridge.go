//go:build js && wasm

// Package jsbridge converts protocol messages to and from the JS objects
// that cross postMessage: {json: string, f32: Float32Array|undefined}. Both
// the engine worker (wasm/engine) and the UI client (web/engine) use it, so
// both sides copy bulk floats the same way: one js.CopyBytesToJS or
// js.CopyBytesToGo per array, never element by element.
package jsbridge

import (
	"unsafe"

	"syscall/js"

	"latentlab/wasm/protocol"
)

var (
	object       = js.Global().Get("Object")
	array        = js.Global().Get("Array")
	uint8Array   = js.Global().Get("Uint8Array")
	float32Array = js.Global().Get("Float32Array")
)

// bytesOf views f's memory as bytes (wasm and JS typed arrays are both
// little-endian, so the bits travel unchanged).
func bytesOf(f []float32) []byte {
	if len(f) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), 4*len(f))
}

// Float32ToJS copies f into a new Float32Array with one CopyBytesToJS.
func Float32ToJS(f []float32) js.Value {
	u8 := uint8Array.New(4 * len(f))
	if len(f) > 0 {
		js.CopyBytesToJS(u8, bytesOf(f))
	}
	return float32Array.New(u8.Get("buffer"))
}

// Float32FromJS copies a Float32Array (or any typed array view holding
// float32 values) into a new Go slice with one CopyBytesToGo. Undefined or
// null yields nil.
func Float32FromJS(v js.Value) []float32 {
	if v.IsUndefined() || v.IsNull() {
		return nil
	}
	n := v.Get("length").Int()
	if n == 0 {
		return nil
	}
	f := make([]float32, n)
	u8 := uint8Array.New(v.Get("buffer"), v.Get("byteOffset"), 4*n)
	js.CopyBytesToGo(bytesOf(f), u8)
	return f
}

// BytesFromJS copies a Uint8Array or ArrayBuffer into Go.
func BytesFromJS(v js.Value) []byte {
	if !v.InstanceOf(uint8Array) {
		v = uint8Array.New(v)
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

// ToJS builds the envelope object for m and f, and the transfer list (the
// Float32Array's buffer) to pass as postMessage's second argument, so the
// floats move instead of being cloned again.
func ToJS(m protocol.Message, f []float32) (envelope, transfer js.Value, err error) {
	b, err := protocol.Marshal(m)
	if err != nil {
		return js.Undefined(), js.Undefined(), err
	}
	env := object.New()
	env.Set("json", string(b))
	tr := array.New()
	if len(f) > 0 {
		arr := Float32ToJS(f)
		env.Set("f32", arr)
		tr.Call("push", arr.Get("buffer"))
	}
	return env, tr, nil
}

// FromJS reads an envelope object: the JSON text and the floats. A value that
// is not an envelope yields an error message (never a panic).
func FromJS(v js.Value) (m protocol.Message, f []float32, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &protocol.RemoteError{Type: protocol.ErrorType, Msg: "malformed envelope"}
		}
	}()
	if v.Type() != js.TypeObject {
		return m, nil, &protocol.RemoteError{Type: protocol.ErrorType, Msg: "message is not an envelope object"}
	}
	j := v.Get("json")
	if j.Type() != js.TypeString {
		return m, nil, &protocol.RemoteError{Type: protocol.ErrorType, Msg: "envelope has no json string"}
	}
	m, err = protocol.Unmarshal([]byte(j.String()))
	if err != nil {
		return m, nil, err
	}
	return m, Float32FromJS(v.Get("f32")), nil
}
