package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/felt"
)

func init() {
	register("run", "run a compiled Cairo 0 program in Cairn's Cairo VM", runCairo)
}

func runCairo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cairn run PROGRAM.json [flags]")
		fs.PrintDefaults()
	}
	entry := fs.String("entrypoint", "main", "function to run (normal mode)")
	argList := fs.String("args", "", "comma-separated felt arguments after the builtin pointers (decimal or 0x hex)")
	proof := fs.Bool("proof-mode", false, "run from __start__ to __end__ and pad as cairo-run --proof_mode")
	layout := fs.String("layout", "plain", "layout: "+strings.Join(cairo.LayoutNames(), ", "))
	traceFile := fs.String("trace-file", "", "write the binary trace file")
	memFile := fs.String("memory-file", "", "write the binary memory file")
	pubFile := fs.String("air-public-input", "", "write the AIR public input JSON (proof mode)")
	privFile := fs.String("air-private-input", "", "write the AIR private input JSON (needs --trace-file and --memory-file)")
	printOut := fs.Bool("print-output", false, "print the output builtin's values")
	maxSteps := fs.Uint64("max-steps", 0, "step limit (0: the VM default)")
	// Accept the program path before or after the flags.
	var path string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
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
		return fmt.Errorf("missing PROGRAM.json")
	}
	prog, err := cairo.LoadProgramFile(path)
	if err != nil {
		return err
	}
	var vals []cairo.Value
	if *argList != "" {
		for _, a := range strings.Split(*argList, ",") {
			a = strings.TrimSpace(a)
			var f felt.Felt
			if strings.HasPrefix(a, "0x") {
				f, err = felt.FromHex(a)
			} else {
				f, err = felt.FromDecimal(a)
			}
			if err != nil {
				return fmt.Errorf("--args %q: %w", a, err)
			}
			vals = append(vals, cairo.FeltValue(f))
		}
	}
	wantTrace := *traceFile != "" || *proof || *pubFile != ""
	cfg := cairo.Config{Layout: *layout, ProofMode: *proof, Trace: wantTrace, MaxSteps: *maxSteps}
	progress := false
	cfg.Progress = func(step uint64) {
		if step >= 2_000_000 {
			progress = true
			fmt.Fprintf(os.Stderr, "\rcairn run: %d steps", step)
		}
	}
	r, err := cairo.NewRunner(prog, cfg)
	if err != nil {
		return err
	}
	runErr := r.Run(ctx, *entry, vals)
	if progress {
		fmt.Fprintln(os.Stderr)
	}
	if runErr != nil {
		return runErr
	}
	if *printOut {
		out, err := r.Output()
		if err != nil {
			return err
		}
		fmt.Println("Program output:")
		for _, v := range out {
			fmt.Printf("  %s\n", signedDecimal(v))
		}
		fmt.Println()
	}
	if *traceFile == "" && *memFile == "" && *pubFile == "" && *privFile == "" {
		return nil
	}
	rl, err := r.Relocate()
	if err != nil {
		return err
	}
	if err := writeWith(*traceFile, rl.WriteTrace); err != nil {
		return err
	}
	if err := writeWith(*memFile, rl.WriteMemory); err != nil {
		return err
	}
	if *pubFile != "" {
		pi, err := r.AirPublicInput(rl)
		if err != nil {
			return err
		}
		if err := writeJSON(*pubFile, pi); err != nil {
			return err
		}
	}
	if *privFile != "" {
		priv, err := r.AirPrivateInput(*traceFile, *memFile)
		if err != nil {
			return err
		}
		if err := writeJSON(*privFile, priv); err != nil {
			return err
		}
	}
	return nil
}

// signedDecimal prints v as cairo-run does: values above p/2 as negative.
func signedDecimal(v felt.Felt) string {
	b := v.BigInt()
	half := felt.Modulus()
	half.Rsh(half, 1)
	if b.Cmp(half) > 0 {
		b.Sub(b, felt.Modulus())
	}
	return b.String()
}

func writeWith(path string, write func(w io.Writer) error) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
