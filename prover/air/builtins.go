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

// builtinSpec ties a layout's ratio for one builtin segment to the
// constructor of its component.
type builtinSpec struct {
	seg   string
	ratio func(Layout) int
	build func(ratio int, s Segment, pub *PublicInput, cols *columns) (component, error)
}

// builtinSpecs lists the components in canonical builtin order (the order
// of their columns and constraints).
var builtinSpecs = []builtinSpec{
	{SegPedersen, func(l Layout) int { return l.PedersenRatio }, func(r int, s Segment, _ *PublicInput, c *columns) (component, error) {
		return newPedersenBuiltin(r, s, c)
	}},
	{SegRangeCheck, func(l Layout) int { return l.RangeCheckRatio }, func(r int, s Segment, pub *PublicInput, c *columns) (component, error) {
		return newRCBuiltin(r, s, pub, c)
	}},
	{SegECDSA, func(l Layout) int { return l.ECDSARatio }, func(r int, s Segment, _ *PublicInput, c *columns) (component, error) {
		return newECDSABuiltin(r, s, c)
	}},
	{SegBitwise, func(l Layout) int { return l.BitwiseRatio }, func(r int, s Segment, _ *PublicInput, c *columns) (component, error) {
		return newBitwiseBuiltin(r, s, c)
	}},
	{SegECOp, func(l Layout) int { return l.ECOpRatio }, func(r int, s Segment, _ *PublicInput, c *columns) (component, error) {
		return newECOpBuiltin(r, s, c)
	}},
	{SegPoseidon, func(l Layout) int { return l.PoseidonRatio }, func(r int, s Segment, _ *PublicInput, c *columns) (component, error) {
		return newPoseidonBuiltin(r, s, c)
	}},
}

// newBuiltins adds the layout's builtin columns to cols and checks that
// every builtin segment of the layout is in the public input.
//
// A builtin whose segment is empty gets no component (except range_check,
// whose spare cells the CPU's range-check argument also uses): the
// statement binds the pointer the program returned to stop_ptr =
// begin_addr (builtinstack.go), so the program used no instance, and
// proofs keep the width and minimum length of the builtins they use.
func newBuiltins(lay Layout, pub *PublicInput, cols *columns) (*builtins, error) {
	b := &builtins{}
	for _, sp := range builtinSpecs {
		ratio := sp.ratio(lay)
		if ratio == 0 {
			continue
		}
		s, ok := pub.MemorySegments[sp.seg]
		if !ok {
			return nil, fmt.Errorf("%w: layout %q needs a %q segment", ErrBadPublicInput, lay.Name, sp.seg)
		}
		if s.StopPtr == s.BeginAddr && sp.seg != SegRangeCheck {
			continue
		}
		c, err := sp.build(ratio, s, pub, cols)
		if err != nil {
			return nil, err
		}
		b.comps = append(b.comps, c)
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
