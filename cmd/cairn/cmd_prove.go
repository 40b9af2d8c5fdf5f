package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cairnchain/cairn/execution/cairo/programs"
	"github.com/cairnchain/cairn/prover/air"
	"github.com/cairnchain/cairn/prover/stark"
)

func init() {
	register("prove", "prove a proof-mode Cairo execution with the STARK prover", proveCairo)
}

func proveCairo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("prove", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage:
  cairn prove --trace F --memory F --air-public-input F [--air-private-input F] --out PROOF
  cairn prove PROGRAM.json [--layout NAME] --out PROOF
  cairn prove --bench [--bench-sizes 14,16,18]`)
		fs.PrintDefaults()
	}
	traceFile := fs.String("trace", "", "binary trace file (cairn run --proof-mode --trace-file)")
	memFile := fs.String("memory", "", "binary memory file (cairn run --proof-mode --memory-file)")
	pubFile := fs.String("air-public-input", "", "AIR public input JSON (cairn run --proof-mode --air-public-input)")
	privFile := fs.String("air-private-input", "", "AIR private input JSON with the ecdsa signatures (cairn run --proof-mode --air-private-input)")
	layout := fs.String("layout", "small", "layout when proving PROGRAM.json: "+layoutNames())
	out := fs.String("out", "", "write the proof here")
	maxSteps := fs.Uint64("max-steps", 0, "step limit when running PROGRAM.json (0: the VM default)")
	bench := fs.Bool("bench", false, "benchmark proving fibonacci at the --bench-sizes")
	benchSizes := fs.String("bench-sizes", "14,16,18", "log2 step counts for --bench")
	opts := stark.DefaultOptions()
	fs.IntVar(&opts.BlowupLog, "blowup-log", opts.BlowupLog, "log2 of the LDE blowup")
	fs.IntVar(&opts.Queries, "queries", opts.Queries, "FRI queries")
	fs.IntVar(&opts.GrindingBits, "grinding", opts.GrindingBits, "proof-of-work bits")
	fs.IntVar(&opts.FoldingLog, "folding-log", opts.FoldingLog, "log2 of the FRI folding factor")
	var program string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		program, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if program == "" && fs.NArg() > 0 {
		program = fs.Arg(0)
	}
	cfg := air.DefaultProveConfig()
	cfg.Stark.Options = opts
	if err := opts.Validate(); err != nil {
		return err
	}
	if *bench {
		return proveBench(ctx, *benchSizes, cfg)
	}
	if *out == "" {
		fs.Usage()
		return errors.New("missing --out")
	}
	var ex *air.Execution
	var err error
	switch {
	case program != "":
		data, rerr := os.ReadFile(program)
		if rerr != nil {
			return rerr
		}
		ex, err = air.RunProofMode(ctx, data, *layout, *maxSteps)
	case *traceFile != "" && *memFile != "" && *pubFile != "":
		ex, err = loadExecution(*traceFile, *memFile, *pubFile, *privFile)
	default:
		fs.Usage()
		return errors.New("give PROGRAM.json or all of --trace, --memory and --air-public-input")
	}
	if err != nil {
		return err
	}
	start := time.Now()
	proof, err := ex.Prove(ctx, cfg)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if err := os.WriteFile(*out, proof, 0o644); err != nil {
		return err
	}
	fmt.Printf("proved %d steps (layout %s) in %s: %s (%d bytes)\n", ex.Public.NSteps, ex.Public.Layout, took.Round(time.Millisecond), *out, len(proof))
	return nil
}

func loadExecution(traceFile, memFile, pubFile, privFile string) (*air.Execution, error) {
	tb, err := os.ReadFile(traceFile)
	if err != nil {
		return nil, err
	}
	regs, err := air.DecodeTrace(tb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", traceFile, err)
	}
	mb, err := os.ReadFile(memFile)
	if err != nil {
		return nil, err
	}
	mem, err := air.DecodeMemory(mb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", memFile, err)
	}
	pb, err := os.ReadFile(pubFile)
	if err != nil {
		return nil, err
	}
	pub, err := air.ParsePublicInput(pb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pubFile, err)
	}
	ex := &air.Execution{Trace: regs, Memory: mem, Public: pub}
	if privFile != "" {
		pv, err := os.ReadFile(privFile)
		if err != nil {
			return nil, err
		}
		if ex.Signatures, err = air.ParsePrivateInput(pv); err != nil {
			return nil, fmt.Errorf("%s: %w", privFile, err)
		}
	}
	return ex, nil
}

// proveBench proves fibonacci runs of about 2^k steps for each k and prints
// prove time, peak memory, proof size and verify time.
func proveBench(ctx context.Context, sizes string, cfg air.ProveConfig) error {
	fmt.Printf("%-6s %-8s %-10s %-12s %-12s %-12s %-10s\n", "log2", "steps", "rows", "prove", "peak RSS", "proof", "verify")
	for _, s := range strings.Split(sizes, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 9 || k > 24 {
			return fmt.Errorf("--bench-sizes: bad size %q (want 9..24)", s)
		}
		// About 5 steps per iteration plus setup: N = 2^k/8 pads to 2^k.
		pj, err := programs.Fibonacci(uint64(1) << (k - 3))
		if err != nil {
			return err
		}
		ex, err := air.RunProofMode(ctx, pj, "small", 0)
		if err != nil {
			return err
		}
		runtime.GC()
		start := time.Now()
		proof, err := air.Prove(ctx, ex.Trace, ex.Memory, ex.Public, cfg)
		if err != nil {
			return err
		}
		proveTime := time.Since(start)
		start = time.Now()
		st, err := air.Verify(proof, stark.DefaultMinSecurity)
		if err != nil {
			return fmt.Errorf("verify own proof: %w", err)
		}
		verifyTime := time.Since(start)
		fmt.Printf("%-6d %-8d %-10d %-12s %-12s %-12s %-10s\n", k, ex.Public.NSteps, st.TraceLength,
			proveTime.Round(time.Millisecond), fmt.Sprintf("%d MiB", peakRSS()>>20), fmt.Sprintf("%d KiB", len(proof)>>10), verifyTime.Round(time.Microsecond))
	}
	return nil
}

// peakRSS is the process's peak resident set size in bytes (getrusage).
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.Sys)
	}
	return ru.Maxrss << 10 // kilobytes on Linux
}

// layoutNames lists the layouts the Cairo AIR proves, for flag help.
func layoutNames() string {
	var names []string
	for _, l := range air.Layouts() {
		names = append(names, l.Name)
	}
	return strings.Join(names, ", ")
}
