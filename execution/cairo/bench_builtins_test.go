package cairo_test

import (
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/cairo/programs"
)

// benchBuiltins runs the builtins workload of execution/cairo/programs:
// each round calls pedersen, range_check, bitwise and poseidon (25 steps a
// round).
func benchBuiltins(b *testing.B, trace bool) {
	const rounds = 2000
	js, err := programs.ProgramJSON(programs.BuiltinsName, big.NewInt(rounds))
	if err != nil {
		b.Fatal(err)
	}
	p, err := cairo.ParseProgram(js)
	if err != nil {
		b.Fatal(err)
	}
	var steps uint64
	for b.Loop() {
		r, err := cairo.NewRunner(p, cairo.Config{Trace: trace})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Run(b.Context(), "main", nil); err != nil {
			b.Fatal(err)
		}
		steps += r.Steps()
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
	b.ReportMetric(float64(rounds*b.N)/b.Elapsed().Seconds(), "rounds/s")
}

func BenchmarkBuiltinsNoTrace(b *testing.B) { benchBuiltins(b, false) }
func BenchmarkBuiltinsTrace(b *testing.B)   { benchBuiltins(b, true) }
