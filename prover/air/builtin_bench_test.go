package air

import (
	"context"
	"testing"
)

// BenchmarkProveBitwiseVM proves the bitwise test program's proof-mode run
// (layout recursive, 16384 steps) and verifies the proof.
func BenchmarkProveBitwiseVM(b *testing.B) {
	ex := runAsm(b, bitwiseAsm, "recursive", 6)
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

// BenchmarkProvePoseidonVM proves the poseidon test program's proof-mode run
// (layout all_cairo, 32768 steps) and verifies the proof.
func BenchmarkProvePoseidonVM(b *testing.B) {
	ex := runAsm(b, poseidonAsm, "all_cairo", 3)
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

// BenchmarkProveECOpVM proves the ec_op test program's proof-mode run
// (layout all_cairo, 32768 steps) and verifies the proof.
func BenchmarkProveECOpVM(b *testing.B) {
	ex := runECOpAsm(b, 3)
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
