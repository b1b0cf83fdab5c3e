// Package protocol is the typed message protocol between the page (the go-app
// UI) and the engine running in a Web Worker (engine.wasm). Both sides import
// it, so it stays pure Go, small and gonum-free: no syscall/js, no core/model.
//
// A message crosses postMessage as a JS object {json: string, f32: Float32Array}:
// json is encoding/json of a Message; bulk numbers (images, codes, weights,
// model bytes) travel separately in f32 so that each array costs one
// js.CopyBytesToJS instead of a JSON number per element. Each body type below
// documents the layout of its f32 payload.
//
// Requests and replies share the envelope. A reply copies the request's Run,
// Seq and Slot; its Type is the request's reply type (see ReplyType) and Error
// is non-empty when the request failed — errors never cross as panics.
package protocol

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Version is the engine protocol version reported in the "ready" reply. Bump it
// whenever a body's meaning changes incompatibly (2: a create request carries
// a spec.Config).
const Version = 2

// Message types: requests.
const (
	Hello       = "hello"       // HelloBody → Ready
	Create      = "create"      // CreateBody → Created
	Train       = "train"       // TrainBody → Trained
	Set         = "set"         // SetBody → Set (SetReply)
	Encode      = "encode"      // EncodeBody (+inputs) → Encode (EncodeReply)
	Decode      = "decode"      // DecodeBody (+codes) → Decode (ImagesReply)
	Reconstruct = "reconstruct" // EncodeBody (+inputs) → Reconstruct (ReconstructReply)
	Score       = "score"       // ScoreBody (+inputs) → Score (ScoreReply)
	Grid        = "grid"        // GridBody → Grid (GridReply)
	Sample      = "sample"      // SampleBody → Sample (ImagesReply)
	Jacobian    = "jacobian"    // JacobianBody (+x) → Jacobian (JacobianReply)
	Contraction = "contraction" // ContractionBody → Contraction (ContractionReply)
	Weights     = "weights"     // WeightsBody → Weights (WeightsReply)
	Snapshot    = "snapshot"    // no body → Snapshot (SnapshotReply)
	Save        = "save"        // SaveBody → Save (BytesReply)
	Load        = "load"        // LoadBody (+bytes) → Created
	Dispose     = "dispose"     // no body → Dispose (no body)
	Bench       = "bench"       // BenchBody → Bench (BenchReply)
	Trace       = "trace"       // TraceBody (+x) → Trace (TraceReply)
	Classify    = "classify"    // ClassifyBody → Classify (ClassifyReply)
	// ExportWeights and ImportWeights move a model as safetensors laid out
	// as its generated PyTorch code (core/torchio).
	ExportWeights = "export_weights" // no body → ExportWeights (WeightsFileReply)
	ImportWeights = "import_weights" // ImportWeightsBody (+bytes) → ImportWeights (CreatedBody)
)

// Message types that exist only as replies.
const (
	Ready   = "ready"   // reply to Hello
	Created = "created" // reply to Create and Load
	Trained = "trained" // reply to Train
	// ErrorType is the type of a reply to a message the worker could not even
	// parse (it has no request type to answer with); Error says why.
	ErrorType = "error"
	// Progress is posted by the worker on its own (Seq 0) while it
	// downloads a file that a request needs (ProgressBody): the page shows
	// how much has arrived.
	Progress = "progress"
)

// Requests lists every request type the worker understands.
var Requests = []string{Hello, Create, Train, Set, Encode, Decode, Reconstruct, Score, Grid, Sample,
	Jacobian, Contraction, Weights, Snapshot, Save, Load, Dispose, Bench, ExportWeights, ImportWeights, Trace, Classify}

// ReplyType returns the Type of the reply to a request of type req.
func ReplyType(req string) string {
	switch req {
	case Hello:
		return Ready
	case Create, Load:
		return Created
	case Train:
		return Trained
	}
	return req
}

// Message is the envelope of every request and reply.
type Message struct {
	// Type names the request or reply (the constants above).
	Type string `json:"type"`
	// Run identifies one "life" of a model in a slot, chosen by the UI. When a
	// widget resets it starts a new Run; replies (and queued requests) from older
	// runs of that slot are stale and dropped.
	Run uint64 `json:"run,omitempty"`
	// Seq matches a reply to its request; the UI client assigns it.
	Seq uint64 `json:"seq,omitempty"`
	// Slot names the model the request is about (several widgets may each own
	// a model in one worker). "" is the default slot.
	Slot string `json:"slot,omitempty"`
	// Body is the type-specific JSON body (may be empty).
	Body json.RawMessage `json:"body,omitempty"`
	// Error is set on a reply when the request failed.
	Error string `json:"error,omitempty"`
	// Millis is, on a reply, the worker's own time for the request (not the
	// time it waited in the queue): what the page paces background requests by.
	Millis float64 `json:"ms,omitempty"`
}

// New builds a request of the given type with body marshalled to JSON (body
// may be nil for no body).
func New(typ string, body any) (Message, error) {
	m := Message{Type: typ}
	if err := m.SetBody(body); err != nil {
		return Message{}, fmt.Errorf("protocol: %s body: %w", typ, err)
	}
	return m, nil
}

// MustNew is New for bodies that cannot fail to marshal (all the body types in
// this package); it panics otherwise, which is a programming error.
func MustNew(typ string, body any) Message {
	m, err := New(typ, body)
	if err != nil {
		panic(err)
	}
	return m
}

// SetBody replaces m's body with body marshalled to JSON (nil clears it).
func (m *Message) SetBody(body any) error {
	if body == nil {
		m.Body = nil
		return nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	m.Body = b
	return nil
}

// DecodeBody unmarshals m's body into v. An empty body leaves v unchanged
// (its zero value or defaults), so every field of every body is optional.
func (m Message) DecodeBody(v any) error {
	if len(m.Body) == 0 || string(m.Body) == "null" {
		return nil
	}
	if err := json.Unmarshal(m.Body, v); err != nil {
		return fmt.Errorf("protocol: %s body: %w", m.Type, err)
	}
	return nil
}

// Reply returns the reply to request m carrying body: same Run, Seq and Slot,
// Type ReplyType(m.Type).
func (m Message) Reply(body any) (Message, error) {
	r := Message{Type: ReplyType(m.Type), Run: m.Run, Seq: m.Seq, Slot: m.Slot}
	if err := r.SetBody(body); err != nil {
		return Message{}, fmt.Errorf("protocol: %s reply body: %w", r.Type, err)
	}
	return r, nil
}

// Fail returns the error reply to request m. A nil err yields "unknown error".
func (m Message) Fail(err error) Message {
	typ := ReplyType(m.Type)
	if typ == "" {
		typ = ErrorType
	}
	msg := "unknown error"
	if err != nil {
		msg = err.Error()
	}
	return Message{Type: typ, Run: m.Run, Seq: m.Seq, Slot: m.Slot, Error: msg}
}

// Err returns the reply's error as a Go error (nil when Error is empty).
func (m Message) Err() error {
	if m.Error == "" {
		return nil
	}
	return &RemoteError{Type: m.Type, Msg: m.Error}
}

// RemoteError is an error reported by the worker.
type RemoteError struct {
	Type string // the reply type
	Msg  string
}

func (e *RemoteError) Error() string { return "engine " + e.Type + ": " + e.Msg }

// Marshal encodes m as the JSON string that crosses postMessage.
func Marshal(m Message) ([]byte, error) { return json.Marshal(m) }

// Unmarshal decodes the JSON half of an envelope. A message without a type is
// an error.
func Unmarshal(b []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		return Message{}, fmt.Errorf("protocol: bad message: %w", err)
	}
	if m.Type == "" {
		return m, errors.New("protocol: message has no type")
	}
	return m, nil
}
