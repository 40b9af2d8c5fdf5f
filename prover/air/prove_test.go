package air

import (
	"context"
	"errors"
	"testing"

	"github.com/cairnchain/cairn/prover/stark"
)

// testProveConfig keeps proofs cheap: default options with little grinding.
func testProveConfig() ProveConfig {
	c := DefaultProveConfig()
	c.Stark.Options.GrindingBits = 4
	return c
}

const testMinSecurity = 90

func proveProgram(t *testing.T, p testProgram, minSteps int) (*PublicInput, []byte) {
	t.Helper()
	regs, mem, pub := p.run(t, minSteps)
	proof, err := Prove(context.Background(), regs, mem, pub, testProveConfig())
	if err != nil {
		t.Fatal(err)
	}
	return pub, proof
}

func TestProveVerifyCompleteness(t *testing.T) {
	for _, tc := range []struct {
		name string
		prog testProgram
		min  int
	}{
		{"fib-64", fibProgram(5), 64},
		{"fib-512", fibProgram(60), 512},
		{"fact-128", factProgram(7), 128},
		{"range_check-64", rcProgram(nearBias(4)), 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pub, proof := proveProgram(t, tc.prog, tc.min)
			st, err := VerifyWith(proof, pub, testMinSecurity)
			if err != nil {
				t.Fatal(err)
			}
			if st.TraceLength < tc.min {
				t.Fatalf("trace length %d < %d", st.TraceLength, tc.min)
			}
		})
	}
}

func TestVerifyRejectsOtherProgramsPublicInput(t *testing.T) {
	_, proofA := proveProgram(t, fibProgram(5), 64)
	_, _, pubB := fibProgram(6).run(t, 64)
	if _, err := VerifyWith(proofA, pubB, testMinSecurity); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("proof of A accepted for B's public input: %v", err)
	}
}

func TestVerifyRejectsLowSecurity(t *testing.T) {
	regs, mem, pub := fibProgram(5).run(t, 64)
	cfg := testProveConfig()
	cfg.Stark.Options.Queries = 8
	proof, err := Prove(context.Background(), regs, mem, pub, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(proof, stark.DefaultMinSecurity); !errors.Is(err, ErrInvalidProof) || !IsSecurityError(err) {
		t.Fatalf("low-security proof accepted: %v", err)
	}
}
