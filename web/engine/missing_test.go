package engine

import (
	"errors"
	"fmt"
	"testing"

	"latentlab/wasm/protocol"
)

func TestMissing(t *testing.T) {
	remote := func(msg string) error {
		return fmt.Errorf("load: %w", protocol.Message{Type: protocol.Load, Error: msg}.Err())
	}
	for err, want := range map[error]string{
		remote(`load model "ae-mnist": fetch http://127.0.0.1:9/web/models/ae-mnist.llm: HTTP 404 Not Found`): "the pretrained model",
		remote("fetch http://h/sub/web/data/mnist-train.bin: TypeError: Failed to fetch"):                     "the training data",
		remote("the file holds a VAE model, not a CAE"):                                                       "",
		errors.New("fetch http://h/web/data/mnist-train.bin: HTTP 404"):                                       "", // not the engine's
		ErrSilent: "",
	} {
		if got := Missing(err); got != want {
			t.Errorf("Missing(%v) = %q, want %q", err, got, want)
		}
	}
}
