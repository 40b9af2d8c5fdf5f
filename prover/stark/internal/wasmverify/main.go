// Command wasmverify verifies a proof file of the example Fibonacci AIR; the
// stark tests build it for GOOS=js GOARCH=wasm and run it under Node to show
// that the verifier works in WebAssembly.
//
// Usage: wasmverify PROOF
package main

import (
	"fmt"
	"os"

	"github.com/cairnchain/cairn/prover/stark"
	"github.com/cairnchain/cairn/prover/stark/examples/fibonacci"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "wasmverify:", err)
		os.Exit(1)
	}
	fmt.Println("proof verified")
}

func run(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: wasmverify PROOF")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	h, err := stark.ReadHeader(data)
	if err != nil {
		return err
	}
	if h.AIR != fibonacci.Name {
		return fmt.Errorf("unsupported AIR %q", h.AIR)
	}
	air, err := fibonacci.Decode(h.PublicInput)
	if err != nil {
		return err
	}
	return stark.VerifyBytes(air, data, stark.DefaultMinSecurity)
}
