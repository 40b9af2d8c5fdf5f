package air_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo/programs"
	"github.com/cairnchain/cairn/prover/air"
)

// BenchmarkProve proves fibonacci runs of 2^14 and 2^16 steps with the
// default (106-bit) options.
func BenchmarkProve(b *testing.B) {
	for _, k := range []int{14, 16} {
		b.Run(fmt.Sprintf("steps=2^%d", k), func(b *testing.B) {
			pj, err := programs.Fibonacci(uint64(1) << (k - 3))
			if err != nil {
				b.Fatal(err)
			}
			ex, err := air.RunProofMode(context.Background(), pj, "small", 0)
			if err != nil {
				b.Fatal(err)
			}
			var size int
			for b.Loop() {
				proof, err := air.Prove(context.Background(), ex.Trace, ex.Memory, ex.Public, air.DefaultProveConfig())
				if err != nil {
					b.Fatal(err)
				}
				size = len(proof)
			}
			b.ReportMetric(float64(size), "proof-bytes")
		})
	}
}
