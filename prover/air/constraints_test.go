package air

import (
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

func TestHonestTraceSatisfiesConstraints(t *testing.T) {
	for _, tc := range []struct {
		name string
		prog testProgram
		min  int
	}{
		{"fib", fibProgram(10), 64},
		{"fib-big", fibProgram(100), 1024},
		{"fact", factProgram(6), 64},
		{"range_check", rcProgram(nearBias(5)), 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkedAIR(t, mustTrace(t, tc.prog, tc.min))
		})
	}
}

func TestTamperedCellViolatesConstraint(t *testing.T) {
	for _, p := range []testProgram{factProgram(5), rcProgram(nearBias(2))} {
		checkTamper(t, mustTrace(t, p, 64))
	}
}

func checkTamper(t *testing.T, tr *Trace) {
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	ch := testChallenges()
	for c := 0; c < a.Width(); c++ {
		for _, i := range []int{0, 7, tr.N / 2, tr.N - 1} {
			old := tr.Cols[c][i]
			tr.Cols[c][i].Add(&old, &feOne)
			inter, err := tr.BuildInteraction(ch)
			if err != nil {
				t.Fatal(err)
			}
			err = a.Check(tr.Cols, inter, ch)
			var ce *ConstraintError
			if !errors.As(err, &ce) {
				t.Errorf("column %d row %d: changed cell accepted (err %v)", c, i, err)
			}
			tr.Cols[c][i] = old
		}
	}
	// Interaction columns: recompute honestly, then change one cell.
	inter, err := tr.BuildInteraction(ch)
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < a.InteractionWidth(); c++ {
		for _, i := range []int{0, tr.N / 2, tr.N - 1} {
			old := inter[c][i]
			inter[c][i].Add(&old, &feOne)
			if err := a.Check(tr.Cols, inter, ch); err == nil {
				t.Errorf("interaction column %d row %d: changed cell accepted", c, i)
			}
			inter[c][i] = old
		}
	}
}

// nearBias returns k 128-bit values whose 16-bit parts all lie near 2^15,
// so that the range-check interval (which also covers the instruction
// offsets) stays narrow and small traces suffice.
func nearBias(k int) []fp.Element {
	out := make([]fp.Element, k)
	var sh fp.Element
	sh.SetUint64(1 << 16)
	for i := range out {
		for j := rcParts - 1; j >= 0; j-- {
			p := elem(uint64(32765 + (i+j)%5))
			out[i].Mul(&out[i], &sh)
			out[i].Add(&out[i], &p)
		}
	}
	return out
}
