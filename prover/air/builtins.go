package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// component is one builtin's AIR: its columns (added to the layout's columns
// when it is built), constraints, periodic columns and trace filling.
type component interface {
	// checkCapacity fails if the builtin segment does not fit n rows.
	checkCapacity(n int) error
	// accesses returns the memory accesses and range-checked values of the
	// component in a trace of n rows.
	accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error)
	// fill writes the component's columns.
	fill(t *Trace, mem *Memory) error
	numRow() int
	numTransition() int
	// evalRow and evalTransition read the component's own periodic columns
	// from per (in periodicColumns order).
	evalRow(fr *Frame, per, out []fp.Element)
	evalTransition(fr *Frame, per, out []fp.Element)
	assertions() []Assertion
	periodicColumns() [][]fp.Element
}

var (
	_ component = (*rcBuiltin)(nil)
	_ component = (*bitwiseBuiltin)(nil)
	_ component = (*poseidonBuiltin)(nil)
	_ component = (*ecopBuiltin)(nil)
	_ component = (*pedersenBuiltin)(nil)
	_ component = (*ecdsaBuiltin)(nil)
)

func (b *rcBuiltin) numRow() int        { return rcNumRow }
func (b *rcBuiltin) numTransition() int { return rcNumTransition }

// builtins holds the builtin components of a layout in canonical order.
type builtins struct {
	comps []component
	// per holds every component's periodic columns, in component order;
	// nper[i] is how many belong to component i.
	per  [][]fp.Element
	nper []int
}

// newBuiltins adds the layout's builtin columns to cols and checks that
// every non-empty builtin segment of the public input has a component.
func newBuiltins(lay Layout, pub *PublicInput, cols *columns) (*builtins, error) {
	b := &builtins{}
	seg := func(name string) (Segment, error) {
		s, ok := pub.MemorySegments[name]
		if !ok {
			return s, fmt.Errorf("%w: layout %q needs a %q segment", ErrBadPublicInput, lay.Name, name)
		}
		return s, nil
	}
	if lay.RangeCheckRatio > 0 {
		s, err := seg(SegRangeCheck)
		if err != nil {
			return nil, err
		}
		c, err := newRCBuiltin(lay.RangeCheckRatio, s, pub, cols)
		if err != nil {
			return nil, err
		}
		b.comps = append(b.comps, c)
	}
	if lay.BitwiseRatio > 0 {
		s, err := seg(SegBitwise)
		if err != nil {
			return nil, err
		}
		c, err := newBitwiseBuiltin(lay.BitwiseRatio, s, cols)
		if err != nil {
			return nil, err
		}
		b.comps = append(b.comps, c)
	}
	if lay.PoseidonRatio > 0 {
		s, err := seg(SegPoseidon)
		if err != nil {
			return nil, err
		}
		c, err := newPoseidonBuiltin(lay.PoseidonRatio, s, cols)
		if err != nil {
			return nil, err
		}
		b.comps = append(b.comps, c)
	}
	if lay.ECOpRatio > 0 {
		s, err := seg(SegECOp)
		if err != nil {
			return nil, err
		}
		c, err := newECOpBuiltin(lay.ECOpRatio, s, cols)
		if err != nil {
			return nil, err
		}
		b.comps = append(b.comps, c)
	}
	if lay.PedersenRatio > 0 {
		s, err := seg(SegPedersen)
		if err != nil {
			return nil, err
		}
		// An empty segment needs no component: the statement binds the
		// program's returned pointer to stop_ptr = begin_addr, so the program
		// hashed nothing, and pedersen-free proofs keep their width.
		if s.StopPtr > s.BeginAddr {
			c, err := newPedersenBuiltin(lay.PedersenRatio, s, cols)
			if err != nil {
				return nil, err
			}
			b.comps = append(b.comps, c)
		}
	}
	if lay.ECDSARatio > 0 {
		s, err := seg(SegECDSA)
		if err != nil {
			return nil, err
		}
		// As pedersen: an empty segment needs no component (the statement
		// binds the returned pointer to stop_ptr = begin_addr), so
		// signature-free proofs keep their width and length.
		if s.StopPtr > s.BeginAddr {
			c, err := newECDSABuiltin(lay.ECDSARatio, s, cols)
			if err != nil {
				return nil, err
			}
			b.comps = append(b.comps, c)
		}
	}
	for _, c := range b.comps {
		p := c.periodicColumns()
		b.per = append(b.per, p...)
		b.nper = append(b.nper, len(p))
	}
	cols.finishInteraction()
	return b, nil
}

// checkCapacity fails if a builtin segment does not fit a trace of n rows.
func (b *builtins) checkCapacity(n int) error {
	for _, c := range b.comps {
		if err := c.checkCapacity(n); err != nil {
			return err
		}
	}
	return nil
}

// accesses returns the memory accesses and range-checked values the builtin
// components make in a trace of n rows.
func (b *builtins) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	var pairs []memPair
	used := make(map[uint64]bool)
	for _, c := range b.comps {
		p, u, err := c.accesses(n, mem)
		if err != nil {
			return nil, nil, err
		}
		pairs = append(pairs, p...)
		for v := range u {
			used[v] = true
		}
	}
	return pairs, used, nil
}

// fill writes the builtin columns.
func (b *builtins) fill(t *Trace, mem *Memory) error {
	for _, c := range b.comps {
		if err := c.fill(t, mem); err != nil {
			return err
		}
	}
	return nil
}

func (b *builtins) numRow() int {
	k := 0
	for _, c := range b.comps {
		k += c.numRow()
	}
	return k
}

func (b *builtins) numTransition() int {
	k := 0
	for _, c := range b.comps {
		k += c.numTransition()
	}
	return k
}

func (b *builtins) evalRow(fr *Frame, per, out []fp.Element) {
	k, p := 0, 0
	for i, c := range b.comps {
		np, nr := b.nper[i], c.numRow()
		c.evalRow(fr, per[p:p+np], out[k:k+nr])
		k, p = k+nr, p+np
	}
}

func (b *builtins) evalTransition(fr *Frame, per, out []fp.Element) {
	k, p := 0, 0
	for i, c := range b.comps {
		np, nt := b.nper[i], c.numTransition()
		c.evalTransition(fr, per[p:p+np], out[k:k+nt])
		k, p = k+nt, p+np
	}
}

func (b *builtins) assertions(int) []Assertion {
	var as []Assertion
	for _, c := range b.comps {
		as = append(as, c.assertions()...)
	}
	return as
}

// periodicColumns returns the builtins' periodic columns for the stark layout.
func (b *builtins) periodicColumns() [][]fp.Element { return b.per }

// periodic returns the builtins' periodic column values at row i.
func (b *builtins) periodic(i int) []fp.Element {
	out := make([]fp.Element, len(b.per))
	for k, c := range b.per {
		out[k] = c[i%len(c)]
	}
	return out
}
