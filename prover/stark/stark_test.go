package stark_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark"
	"github.com/cairnchain/cairn/prover/stark/examples/fibonacci"
)

func testOptions() stark.Options {
	o := stark.DefaultOptions()
	o.GrindingBits = 8
	return o
}

func proveFib(t testing.TB, n int, o stark.Options) (*fibonacci.AIR, []byte) {
	tr, res := fibonacci.Trace(n)
	air := fibonacci.New(n, res)
	p, err := stark.NewProver(stark.ProverConfig{Options: o})
	require.NoError(t, err)
	proof, err := p.Prove(context.Background(), air, tr)
	require.NoError(t, err)
	return air, proof.Marshal()
}

func TestFibonacciCompleteness(t *testing.T) {
	for _, n := range []int{2, 4, 64, 1024, 1 << 12} {
		for _, fold := range []int{1, 2, 3} {
			o := testOptions()
			o.FoldingLog = fold
			air, data := proveFib(t, n, o)
			require.NoError(t, stark.VerifyBytes(air, data, 90), "n=%d fold=%d", n, fold)
		}
	}
}

func BenchmarkFibonacci(b *testing.B) {
	for _, log := range []int{14, 16} {
		n := 1 << log
		tr, res := fibonacci.Trace(n)
		air := fibonacci.New(n, res)
		p, err := stark.NewProver(stark.DefaultProverConfig())
		require.NoError(b, err)
		var data []byte
		b.Run(fmt.Sprintf("prove/rows=2^%d", log), func(b *testing.B) {
			cpu := stark.ProcessCPU()
			for b.Loop() {
				proof, err := p.Prove(context.Background(), air, tr)
				require.NoError(b, err)
				data = proof.Marshal()
			}
			b.ReportMetric((stark.ProcessCPU()-cpu)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(len(data)), "proof-bytes")
		})
		b.Run(fmt.Sprintf("verify/rows=2^%d", log), func(b *testing.B) {
			cpu := stark.ProcessCPU()
			for b.Loop() {
				require.NoError(b, stark.VerifyBytes(air, data, stark.DefaultMinSecurity))
			}
			b.ReportMetric((stark.ProcessCPU()-cpu)/float64(b.N), "cpu-s/op")
		})
	}
}
