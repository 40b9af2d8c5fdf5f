package cairo

import (
	"testing"
)

// benchFib runs the fibonacci loop for b.N steps-worth of iterations.
func benchFib(b *testing.B, trace bool) {
	const n = 250_000 // 1,000,004 steps
	p := fibProgram(n).program()
	b.ResetTimer()
	var steps uint64
	for i := 0; i < b.N; i++ {
		r, err := NewRunner(p, Config{Trace: trace})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Run(b.Context(), "main", nil); err != nil {
			b.Fatal(err)
		}
		steps += r.Steps()
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
}

func BenchmarkFibonacciNoTrace(b *testing.B) { benchFib(b, false) }
func BenchmarkFibonacciTrace(b *testing.B)   { benchFib(b, true) }
