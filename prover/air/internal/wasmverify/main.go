// Command wasmverify verifies a Cairo proof file with prover/air's verifier.
// The prover/air tests build it for GOOS=js GOARCH=wasm and run it under
// Node, showing that the Cairo verifier (the one the explorer runs in the
// browser) works in WebAssembly.
//
// Usage: wasmverify PROOF [MIN_SECURITY_BITS]
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/cairnchain/cairn/prover/air"
	"github.com/cairnchain/cairn/prover/stark"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "wasmverify: rejected:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("usage: wasmverify PROOF [MIN_SECURITY_BITS]")
	}
	minSec := stark.DefaultMinSecurity
	if len(args) == 2 {
		v, err := strconv.Atoi(args[1])
		if err != nil {
			return fmt.Errorf("min security %q: %w", args[1], err)
		}
		minSec = v
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	st, err := air.Verify(data, minSec)
	if err != nil {
		return err
	}
	sum, err := st.Public.Summary()
	if err != nil {
		return err
	}
	fmt.Printf("proof verified: layout %s, program hash %s, builtins [%s], %d outputs\n",
		st.Public.Layout, sum.ProgramHash.Hex(), strings.Join(sum.Builtins, " "), len(sum.Outputs))
	for _, o := range sum.Outputs {
		fmt.Println(o.Hex())
	}
	return nil
}
