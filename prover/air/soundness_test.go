package air

import (
	"context"
	"errors"
	"testing"

	"github.com/cairnchain/cairn/prover/stark"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// lyingAIR is a dishonest prover's AIR: the honest Cairo AIR with the
// constraints the tampered trace violates switched off, so the generic
// prover (which refuses traces that violate the AIR it is given) produces a
// proof. Verification with the honest AIR must reject it.
type lyingAIR struct {
	*StarkAIR
	ignore map[int]bool
}

func (l *lyingAIR) Eval(f *stark.Frame, out []fp.Element) {
	l.StarkAIR.Eval(f, out)
	for k := range l.ignore {
		out[k] = fp.Element{}
	}
}

// violated lists the stark constraint indices the trace violates at some
// row, evaluated with the pre-check challenges.
func violated(t *testing.T, sa *StarkAIR, tr *Trace) map[int]bool {
	t.Helper()
	ch := checkChallenges(sa.a.Pub)
	inter, err := tr.BuildInteraction(&ch)
	if err != nil {
		t.Fatal(err)
	}
	l := sa.Layout()
	out := make([]fp.Element, len(l.Constraints))
	bad := map[int]bool{}
	cells := make([]fp.Element, len(l.Mask))
	per := l.Periodic
	for i := range tr.N {
		for k, c := range l.Mask {
			r := (i + c.Offset) % tr.N
			if c.Col < l.MainWidth {
				cells[k] = tr.Cols[c.Col][r]
			} else {
				cells[k] = inter[c.Col-l.MainWidth][r]
			}
		}
		pv := make([]fp.Element, len(per))
		for k, p := range per {
			pv[k] = p[i%len(p)]
		}
		sa.Eval(&stark.Frame{Cells: cells, Periodic: pv, Challenges: []fp.Element{ch.Z, ch.Alpha, ch.ZRC}}, out)
		for k := range out {
			d := l.Constraints[k].Domain
			onDomain := i%d.Period == d.Offset
			for _, e := range d.Exempt {
				onDomain = onDomain && e != i
			}
			if onDomain && !out[k].IsZero() {
				bad[k] = true
			}
		}
	}
	return bad
}

// traceStarkAIR returns the stark adapter of tr's AIR; a non-nil pub
// replaces the trace's public input (the statement a lying prover encodes).
func traceStarkAIR(t *testing.T, tr *Trace, pub *PublicInput) *StarkAIR {
	t.Helper()
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	if pub != nil {
		a.Pub = pub
	}
	sa, err := NewStarkAIR(a)
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

// proveLying proves tr against sa with the constraints in ignore switched
// off (none when ignore is nil) and returns the proof bytes.
func proveLying(t *testing.T, sa *StarkAIR, tr *Trace, ignore map[int]bool) []byte {
	t.Helper()
	p, err := stark.NewProver(testProveConfig().Stark)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := p.Prove(context.Background(), &lyingAIR{StarkAIR: sa, ignore: ignore}, &stark.Trace{Columns: tr.Cols})
	if err != nil {
		t.Fatalf("dishonest prover failed: %v", err)
	}
	return proof.Marshal()
}

// proveDishonest proves tr with the violated constraints switched off.
func proveDishonest(t *testing.T, tr *Trace) []byte {
	t.Helper()
	sa := traceStarkAIR(t, tr, nil)
	bad := violated(t, sa, tr)
	if len(bad) == 0 {
		t.Fatal("tampered trace violates no constraint")
	}
	return proveLying(t, sa, tr, bad)
}

// expectDishonestRejected signs the tampered trace with the lying AIR and
// fails unless the honest verifier rejects the proof.
func expectDishonestRejected(t *testing.T, tr *Trace) {
	t.Helper()
	if _, err := Verify(proveDishonest(t, tr), testMinSecurity); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("dishonest proof accepted: %v", err)
	}
}

func TestDishonestProofsRejected(t *testing.T) {
	base := mustTrace(t, factProgram(5), 64)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	last := base.N - 1
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"register-ap", colAP, 5},
		{"register-pc-last", colPC, last},
		{"flag", colFlag0 + FlagOpcodeAssertEq, 3},
		{"offset", colOffOp1, 9},
		{"memory-value", colDst, 4},
		{"res", colRes, 2},
		{"sorted-memory", a.cols.memSorted[2][1], 7},
		{"spare-access", colExtraVal, 40},
		{"range-check-sorted", a.cols.rcSorted[1], 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := mustTrace(t, factProgram(5), 64)
			tr.Cols[tc.col][tc.row].Add(&tr.Cols[tc.col][tc.row], &feOne)
			proof := proveDishonest(t, tr)
			_, err := Verify(proof, testMinSecurity)
			if !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("dishonest proof accepted: %v", err)
			}
			t.Log(err)
		})
	}
}

// TestLyingAIRControl: the dishonest-prover path itself produces valid proofs
// when nothing is switched off and the trace is honest, so the rejections
// above come from the tampering.
func TestLyingAIRControl(t *testing.T) {
	tr := mustTrace(t, factProgram(5), 64)
	sa := traceStarkAIR(t, tr, nil)
	if bad := violated(t, sa, tr); len(bad) != 0 {
		t.Fatalf("honest trace violates %v", bad)
	}
	if _, err := Verify(proveLying(t, sa, tr, nil), testMinSecurity); err != nil {
		t.Fatal(err)
	}
}

func TestDishonestPublicMemoryRejected(t *testing.T) {
	// The prover's memory holds the real program, but the public input
	// claims a different word (and, separately, an extra output cell).
	for _, name := range []string{"program-word", "extra-output"} {
		t.Run(name, func(t *testing.T) {
			tr := mustTrace(t, fibProgram(5), 64)
			pub := *tr.pub
			pub.PublicMemory = append([]PublicMemoryEntry(nil), pub.PublicMemory...)
			switch name {
			case "program-word":
				e := &pub.PublicMemory[3]
				v := *e.Value.Element()
				v.Add(&v, &feOne)
				e.Value = feltOf(v)
			case "extra-output":
				// Claim that some execution cell holds 42 (it holds 1: the
				// program's second write) as an output, keeping the dummy
				// count consistent.
				exec := pub.MemorySegments[SegExecution]
				pub.PublicMemory = append(pub.PublicMemory, PublicMemoryEntry{Address: exec.BeginAddr + execPrefix + 1, Value: feltOf(elem(42))})
				tr.Cols[colExtraAddr][len(pub.PublicMemory)-1] = fp.Element{}
				tr.Cols[colExtraVal][len(pub.PublicMemory)-1] = fp.Element{}
			}
			tr.pub = &pub
			expectDishonestRejected(t, tr)
		})
	}
}
