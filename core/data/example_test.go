package data_test

import (
	"fmt"

	"latentlab/core/data"
)

func ExampleToy() {
	s, err := data.Toy("moons", 6, 0.05, 42)
	if err != nil {
		panic(err)
	}
	fmt.Println(s.N, s.Dim, s.Labels)
	// Output: 6 2 [0 1 0 1 0 1]
}
