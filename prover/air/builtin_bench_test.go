package air

import (
	"context"
	"testing"
)

// BenchmarkProveBitwiseVM proves the bitwise test program's proof-mode run
// (layout recursive, 16384 steps) and verifies the proof.
func BenchmarkProveBitwiseVM(b *testing.B) {
	benchProveExecution(b, runAsm(b, bitwiseAsm, "recursive", 6))
}

// BenchmarkProvePoseidonVM proves the poseidon test program's proof-mode run
// (layout all_cairo, 32768 steps) and verifies the proof.
func BenchmarkProvePoseidonVM(b *testing.B) {
	benchProveExecution(b, runAsm(b, poseidonAsm, "all_cairo", 3))
}

// BenchmarkProveECOpVM proves the ec_op test program's proof-mode run
// (layout all_cairo, 32768 steps) and verifies the proof.
func BenchmarkProveECOpVM(b *testing.B) {
	benchProveExecution(b, runECOpAsm(b, 3))
}

// benchProveExecution proves ex's trace with the default options and
// verifies the proof in each iteration, reporting proof size, width and
// rows.
func benchProveExecution(b *testing.B, ex *Execution) {
	tr, err := BuildTrace(ex.Trace, ex.Memory, ex.Public)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		proof, err := ProveTrace(context.Background(), tr, DefaultProveConfig())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := VerifyWith(proof, ex.Public, 100); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(proof)), "proof-bytes")
	}
	b.ReportMetric(float64(tr.Width()), "columns")
	b.ReportMetric(float64(tr.N), "rows")
}
