package air

import (
	"errors"
	"strings"
	"testing"
)

// proveLyingStatement is a dishonest prover that skips the statement checks:
// it builds the AIR of the honest trace, swaps in the tampered public input
// (which the proof's statement then encodes) and proves with the
// constraints the trace violates switched off.
func proveLyingStatement(t *testing.T, tr *Trace, pub *PublicInput) []byte {
	t.Helper()
	sa := traceStarkAIR(t, tr, pub)
	return proveLying(t, sa, tr, violated(t, sa, tr))
}

// stackEntry returns the index in pub.PublicMemory of the entry at address a.
func stackEntry(t *testing.T, pub *PublicInput, a uint64) int {
	t.Helper()
	for i, e := range pub.PublicMemory {
		if e.Address == a {
			return i
		}
	}
	t.Fatalf("address %d is not public", a)
	return -1
}

// TestBuiltinStackLiesRejected: public inputs whose builtin pointers
// disagree with the segments are rejected by the prover before proving, and
// they and a range_check segment beyond the component's capacity at the
// proof's trace length (for which the prover would grow the trace) are
// rejected by the verifier when a dishonest prover proves them anyway.
func TestBuiltinStackLiesRejected(t *testing.T) {
	honest := mustTrace(t, rcProgram(nearBias(4)), 64)
	exec := honest.pub.MemorySegments[SegExecution]
	rc := honest.pub.MemorySegments[SegRangeCheck]
	initial, final := exec.BeginAddr+execPrefix, exec.StopPtr-1
	capacity := uint64(honest.N / rowsPerInstance(8, rcParts))
	// Control: the lying-statement path with the honest public input
	// produces a valid proof, so the rejections below come from the lies.
	if _, err := Verify(proveLyingStatement(t, mustTrace(t, rcProgram(nearBias(4)), 64), honest.pub), testMinSecurity); err != nil {
		t.Fatalf("control: %v", err)
	}
	for _, tc := range []struct {
		name, want string
		tamper     func(pub *PublicInput)
	}{
		{"stop-beyond-capacity", "capacity 8 at 64 rows", func(pub *PublicInput) {
			// Segment and final stack agree, but the segment has more
			// cells than the component has instances at this length.
			stop := rc.BeginAddr + capacity + 1
			pub.MemorySegments[SegRangeCheck] = Segment{BeginAddr: rc.BeginAddr, StopPtr: stop}
			pub.PublicMemory[stackEntry(t, pub, final)].Value = feltOf(elem(stop))
		}},
		{"final-stack-not-stop", "range_check", func(pub *PublicInput) {
			pub.PublicMemory[stackEntry(t, pub, final)].Value = feltOf(elem(rc.StopPtr + 1))
		}},
		{"initial-stack-not-begin", "range_check", func(pub *PublicInput) {
			pub.PublicMemory[stackEntry(t, pub, initial)].Value = feltOf(elem(rc.BeginAddr + 1))
		}},
		{"final-stack-not-public", "not public", func(pub *PublicInput) {
			i := stackEntry(t, pub, final)
			pub.PublicMemory = append(pub.PublicMemory[:i], pub.PublicMemory[i+1:]...)
		}},
		{"segment-without-pointer", "range_check", func(pub *PublicInput) {
			// A used segment whose pointers are not on the stack at all.
			i := stackEntry(t, pub, initial)
			pub.PublicMemory = append(pub.PublicMemory[:i], pub.PublicMemory[i+1:]...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pub := *honest.pub
			pub.MemorySegments = map[string]Segment{}
			for k, v := range honest.pub.MemorySegments {
				pub.MemorySegments[k] = v
			}
			pub.PublicMemory = append([]PublicMemoryEntry(nil), honest.pub.PublicMemory...)
			tc.tamper(&pub)
			regs, mem, _ := rcProgram(nearBias(4)).run(t, 64)
			if _, err := BuildTrace(regs, mem, &pub); tc.name != "stop-beyond-capacity" && (!errors.Is(err, ErrBadPublicInput) || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("prover accepted the public input: %v", err)
			}
			tr := mustTrace(t, rcProgram(nearBias(4)), 64)
			if tr.N != 64 {
				t.Fatalf("honest trace of %d rows, the cases assume 64", tr.N)
			}
			proof := proveLyingStatement(t, tr, &pub)
			_, err := Verify(proof, testMinSecurity)
			if !errors.Is(err, ErrInvalidProof) || !errors.Is(err, ErrBadPublicInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("verifier: %v", err)
			}
			t.Log(err)
		})
	}
}

// TestBuiltinStackConsistentLieRejected: a public input that claims a
// shorter range_check segment, with a final stack that agrees with the
// claim, passes the statement checks; the proof fails because the memory
// holds the real stop pointer at the final stack cell.
func TestBuiltinStackConsistentLieRejected(t *testing.T) {
	tr := mustTrace(t, rcProgram(nearBias(4)), 64)
	pub := *tr.pub
	pub.MemorySegments = map[string]Segment{}
	for k, v := range tr.pub.MemorySegments {
		pub.MemorySegments[k] = v
	}
	pub.PublicMemory = append([]PublicMemoryEntry(nil), tr.pub.PublicMemory...)
	rc := pub.MemorySegments[SegRangeCheck]
	rc.StopPtr--
	pub.MemorySegments[SegRangeCheck] = rc
	final := pub.MemorySegments[SegExecution].StopPtr - 1
	pub.PublicMemory[stackEntry(t, &pub, final)].Value = feltOf(elem(rc.StopPtr))
	if err := pub.Validate(); err != nil {
		t.Fatalf("consistent lie fails the statement checks: %v", err)
	}
	tr.pub = &pub
	expectDishonestRejected(t, tr)
}
