package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// builtins holds the builtin components of a layout (nil members are absent).
type builtins struct {
	rc *rcBuiltin
}

// newBuiltins adds the layout's builtin columns to cols and checks that
// every non-empty builtin segment of the public input has a component.
func newBuiltins(lay Layout, pub *PublicInput, cols *columns) (*builtins, error) {
	b := &builtins{}
	if lay.RangeCheckRatio > 0 {
		seg, ok := pub.MemorySegments[SegRangeCheck]
		if !ok {
			return nil, fmt.Errorf("%w: layout %q needs a %q segment", ErrBadPublicInput, lay.Name, SegRangeCheck)
		}
		b.rc = newRCBuiltin(lay.RangeCheckRatio, seg, pub, cols)
	}
	cols.finishInteraction()
	return b, nil
}

// checkCapacity fails if a builtin segment does not fit a trace of n rows.
func (b *builtins) checkCapacity(n int) error {
	if b.rc != nil {
		return b.rc.checkCapacity(n)
	}
	return nil
}

// accesses returns the memory accesses and range-checked values the builtin
// components make in a trace of n rows.
func (b *builtins) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	if b.rc != nil {
		return b.rc.accesses(n, mem)
	}
	return nil, nil, nil
}

// fill writes the builtin columns.
func (b *builtins) fill(t *Trace, mem *Memory) error {
	if b.rc != nil {
		return b.rc.fill(t, mem)
	}
	return nil
}

func (b *builtins) numRow() int {
	if b.rc != nil {
		return rcNumRow
	}
	return 0
}

func (b *builtins) numTransition() int {
	if b.rc != nil {
		return rcNumTransition
	}
	return 0
}

func (b *builtins) evalRow(fr *Frame, per, out []fp.Element) {
	if b.rc != nil {
		b.rc.evalRow(fr, per, out)
	}
}

func (b *builtins) evalTransition(fr *Frame, per, out []fp.Element) {
	if b.rc != nil {
		b.rc.evalTransition(fr, per, out)
	}
}

func (b *builtins) assertions(n int) []Assertion {
	if b.rc != nil {
		return b.rc.assertions()
	}
	return nil
}

// periodicColumns returns the builtins' periodic columns for the stark layout.
func (b *builtins) periodicColumns() [][]fp.Element {
	if b.rc != nil {
		return b.rc.periodicColumns()
	}
	return nil
}

// periodic returns the builtins' periodic column values at row i.
func (b *builtins) periodic(i int) []fp.Element {
	cols := b.periodicColumns()
	out := make([]fp.Element, len(cols))
	for k, c := range cols {
		out[k] = c[i%len(c)]
	}
	return out
}
