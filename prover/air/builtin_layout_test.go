package air

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// builtinPub is a public input for the layout with every proven builtin
// segment of the layout (pedersen, range_check, ecdsa, bitwise, ec_op,
// poseidon) at disjoint
// addresses, holding the given number of cells, their pointers on the
// initial and final stack.
func builtinPub(layout string, cells uint64) *PublicInput {
	lay, _ := LayoutByName(layout)
	pub := &PublicInput{
		Layout: layout, RCMin: 10, RCMax: 20, NSteps: 16,
		MemorySegments: map[string]Segment{
			SegProgram:   {BeginAddr: 1, StopPtr: 5},
			SegExecution: {BeginAddr: 10, StopPtr: 30}, // room for 6 builtin pointers on each stack
		},
	}
	base := uint64(1000)
	var segs []Segment
	for _, s := range []string{SegPedersen, SegRangeCheck, SegECDSA, SegBitwise, SegECOp, SegPoseidon} {
		if lay.hasSegment(s) {
			pub.MemorySegments[s] = Segment{BeginAddr: base, StopPtr: base + cells}
			segs = append(segs, pub.MemorySegments[s])
			base += 1 << 20
		}
	}
	exec := pub.MemorySegments[SegExecution]
	for i, s := range segs {
		pub.PublicMemory = append(pub.PublicMemory,
			PublicMemoryEntry{Address: exec.BeginAddr + execPrefix + uint64(i), Value: feltOf(elem(s.BeginAddr))},
			PublicMemoryEntry{Address: exec.StopPtr - uint64(len(segs)-i), Value: feltOf(elem(s.StopPtr))})
	}
	return pub
}

// TestBuiltinConstraintSlotsWritten evaluates every constraint of the
// builtin layouts on random frames and periodic values: a slot that no
// evaluation writes (a miscount between numRow/numTransition and the
// evaluators) would stay zero.
func TestBuiltinConstraintSlotsWritten(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(k int) []fp.Element {
		out := make([]fp.Element, k)
		for i := range out {
			out[i].SetUint64(rng.Uint64())
			out[i].Square(&out[i])
		}
		return out
	}
	for _, name := range []string{"small", "recursive", "all_cairo", "starknet"} {
		pub := builtinPub(name, 3) // non-empty: every component is built
		a, err := New(pub, 4096)   // ecdsa: 2 instances of 2048 rows in all_cairo
		if err != nil {
			t.Fatal(err)
		}
		fr := &Frame{Cur: rnd(a.Width()), Next: rnd(a.Width()), ICur: rnd(a.InteractionWidth()), INext: rnd(a.InteractionWidth())}
		ch := &Challenges{Z: rnd(1)[0], Alpha: rnd(1)[0], ZRC: rnd(1)[0]}
		per := rnd(len(a.Periodic(0)))
		row := make([]fp.Element, a.NumRowConstraints())
		a.EvalRow(fr, ch, per, row)
		for k := range row {
			if row[k].IsZero() {
				t.Errorf("%s: row constraint %d not written", name, k)
			}
		}
		tr := make([]fp.Element, a.NumTransitionConstraints())
		a.EvalTransition(fr, ch, per, tr)
		for k := range tr {
			if tr[k].IsZero() {
				t.Errorf("%s: transition constraint %d not written", name, k)
			}
		}
		if _, err := NewStarkAIR(a); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzBuiltinSegments builds the AIR of builtin layouts for arbitrary
// segment sizes and trace lengths: errors, never panics, and an AIR that is
// built has a valid stark layout.
func FuzzBuiltinSegments(f *testing.F) {
	f.Add(uint8(0), uint64(10), uint8(9))
	f.Add(uint8(1), uint64(12), uint8(9))
	f.Add(uint8(1), uint64(1<<40), uint8(3))
	f.Fuzz(func(t *testing.T, which uint8, cells uint64, logN uint8) {
		names := []string{"recursive", "recursive_large_output", "all_cairo", "starknet"}
		name := names[int(which)%len(names)]
		pub := builtinPub(name, cells%(1<<20))
		a, err := New(pub, 1<<(logN%20))
		if err != nil {
			if !errors.Is(err, ErrBadPublicInput) && !errors.Is(err, ErrUnsupportedLayout) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, err := NewStarkAIR(a); err != nil {
			t.Fatal(err)
		}
	})
}

// TestTraceShorterThanRangeCheckInstance: a statement whose trace is
// shorter than one range_check instance (starknet: 16 rows) is a bad
// public input for New, as for the other builtins, not an AIR whose stark
// layout fails to validate (periodic columns longer than the trace).
func TestTraceShorterThanRangeCheckInstance(t *testing.T) {
	pub := builtinPub("starknet", 0)
	pub.NSteps = 2
	for _, n := range []int{2, 8} {
		a, err := New(pub, n)
		if !errors.Is(err, ErrBadPublicInput) {
			t.Errorf("%d rows: New gives %v, want ErrBadPublicInput", n, err)
		}
		if err == nil {
			if _, err := NewStarkAIR(a); err != nil {
				t.Errorf("%d rows: built AIR has no valid stark layout: %v", n, err)
			}
		}
	}
	if _, err := New(pub, 16); err != nil {
		t.Fatal(err)
	}
}
