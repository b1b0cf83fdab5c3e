package main

// The widget packages register themselves with web/widget in init; importing
// them here puts them in app.wasm. (Add a package here when it lands.)
import (
)
