package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/prover/air"
	"github.com/cairnchain/cairn/prover/stark"
)

func init() {
	register("verify", "verify a STARK proof of a Cairo execution", verifyProof)
}

func verifyProof(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cairn verify PROOF [--min-security BITS] [--program PROGRAM.json]")
		fs.PrintDefaults()
	}
	minSec := fs.Int("min-security", stark.DefaultMinSecurity, "reject proofs below this many bits of conjectured security")
	programPath := fs.String("program", "", "also check that the proof is about this compiled program (bytecode and builtins)")
	var path string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		path, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if path == "" && fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	if path == "" {
		fs.Usage()
		return fmt.Errorf("missing PROOF")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	start := time.Now()
	st, err := air.Verify(data, *minSec)
	if err != nil {
		return err
	}
	took := time.Since(start)
	sum, err := st.Public.Summary()
	if err != nil {
		return err
	}
	if *programPath != "" {
		pj, err := os.ReadFile(*programPath)
		if err != nil {
			return err
		}
		prog, err := cairo.ParseProgram(pj)
		if err != nil {
			return err
		}
		if err := st.Public.CheckProgram(prog.Data, prog.Builtins); err != nil {
			return fmt.Errorf("proof is valid but not for %s: %w", *programPath, err)
		}
	}
	h, _ := stark.ReadHeader(data) // Verify already decoded it
	fmt.Printf("proof valid (%s, %d bytes, verified in %s)\n", h.AIR, len(data), took.Round(time.Microsecond))
	fmt.Printf("  security:     %d bits conjectured (blowup 2^%d, %d queries, %d grinding bits)\n",
		h.Options.QuerySecurity(), h.Options.BlowupLog, h.Options.Queries, h.Options.GrindingBits)
	fmt.Printf("  layout:       %s\n", st.Public.Layout)
	fmt.Printf("  program hash: %s\n", sum.ProgramHash.Hex())
	if *programPath != "" {
		fmt.Printf("  program:      %s (bytecode and builtins match)\n", *programPath)
	}
	fmt.Printf("  builtins:     %s\n", cmp.Or(strings.Join(sum.Builtins, ", "), "none"))
	fmt.Printf("  steps:        %d (trace rows %d)\n", st.Public.NSteps, st.TraceLength)
	fmt.Printf("  outputs:      %d\n", len(sum.Outputs))
	for _, o := range sum.Outputs {
		fmt.Printf("    %s\n", signedDecimal(o))
	}
	return nil
}
