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
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

func init() {
	register("run", "run a Cairo 0 program or a CASM class entry point in Cairn's Cairo VM", runCairo)
}

func runCairo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cairn run PROGRAM.json|CLASS.compiled_contract_class.json [flags]")
		fs.PrintDefaults()
	}
	entry := fs.String("entrypoint", "main", "function to run (normal mode); for a CASM class the entry point name (its selector is sn_keccak(name))")
	gas := fs.Uint64("gas", 1_000_000_000, "initial gas (CASM classes)")
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
	felts, err := parseFeltList(*argList)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read program: %w", err)
	}
	if isCasmClass(raw) {
		return runCasmEntryPoint(ctx, raw, casmRun{entry: *entry, calldata: felts, gas: *gas, maxSteps: *maxSteps,
			traceFile: *traceFile, memFile: *memFile})
	}
	prog, err := cairo.ParseProgram(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	vals := make([]cairo.Value, len(felts))
	for i, f := range felts {
		vals[i] = cairo.FeltValue(f)
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

// parseFeltList parses comma-separated felts (decimal or 0x hex).
func parseFeltList(list string) ([]felt.Felt, error) {
	if list == "" {
		return nil, nil
	}
	var out []felt.Felt
	for _, a := range strings.Split(list, ",") {
		a = strings.TrimSpace(a)
		var f felt.Felt
		var err error
		if strings.HasPrefix(a, "0x") {
			f, err = felt.FromHex(a)
		} else {
			f, err = felt.FromDecimal(a)
		}
		if err != nil {
			return nil, fmt.Errorf("--args %q: %w", a, err)
		}
		out = append(out, f)
	}
	return out, nil
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

// casmRun is a `cairn run` of a CASM class entry point.
type casmRun struct {
	entry              string
	calldata           []felt.Felt
	gas, maxSteps      uint64
	traceFile, memFile string
}

// isCasmClass reports whether raw is a compiled contract class (it has a
// "bytecode" field) rather than a Cairo 0 program.
func isCasmClass(raw []byte) bool {
	var probe struct {
		Bytecode json.RawMessage `json:"bytecode"`
	}
	return json.Unmarshal(raw, &probe) == nil && len(probe.Bytecode) > 0
}

// runCasmEntryPoint runs the named entry point (EXTERNAL, else L1_HANDLER or
// CONSTRUCTOR) with the calldata and no syscall handler, and prints the
// return data (or the panic data).
func runCasmEntryPoint(ctx context.Context, raw []byte, run casmRun) error {
	class, err := cairo.ParseCasmClass(raw)
	if err != nil {
		return err
	}
	sel := crypto.Selector(run.entry)
	var ep cairo.CasmEntryPoint
	found := false
	for _, kind := range []string{"EXTERNAL", "L1_HANDLER", "CONSTRUCTOR"} {
		if ep, found = class.EntryPoint(kind, sel); found {
			break
		}
	}
	if !found {
		return fmt.Errorf("%w: no entry point %q (selector %s)", cairo.ErrEntryPoint, run.entry, sel.Hex())
	}
	res, err := cairo.RunEntryPoint(ctx, cairo.EntryPointCall{
		Bytecode: class.Bytecode, Hints: class.Hints, Offset: ep.Offset, Builtins: ep.Builtins,
		Calldata: run.calldata, Gas: run.gas, MaxSteps: run.maxSteps, Trace: run.traceFile != "",
	})
	if err != nil {
		return err
	}
	status := "ok"
	if res.Failed {
		status = "panicked"
	}
	fmt.Printf("Entry point %s: %s after %d steps, gas left %s\n", run.entry, status, res.Steps, res.GasLeft.Text(10))
	fmt.Println("Return data:")
	for _, v := range res.Retdata {
		fmt.Printf("  %s\n", v.Hex())
	}
	if run.traceFile == "" && run.memFile == "" {
		return nil
	}
	rl, err := res.Runner.Relocate()
	if err != nil {
		return err
	}
	if err := writeWith(run.traceFile, rl.WriteTrace); err != nil {
		return err
	}
	return writeWith(run.memFile, rl.WriteMemory)
}
