package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// instances is a builtin component's geometry, embedded by every
// component: its segment, the trace rows each instance spans and the memory
// cells each owns (instance k owns cells begin + cells·k …).
type instances struct {
	name  string // the builtin's name, for errors
	seg   Segment
	rows  int
	cells uint64
}

// capacity is the number of instances a trace of n rows holds.
func (s *instances) capacity(n int) uint64 { return uint64(n / s.rows) }

// used is the number of instances the segment's cells reach into.
func (s *instances) used() uint64 { return (s.seg.StopPtr - s.seg.BeginAddr + s.cells - 1) / s.cells }

// checkCapacity fails if n rows are fewer than one instance (the periodic
// columns must divide the trace) or hold fewer instances than the segment
// uses.
func (s *instances) checkCapacity(n int) error {
	if n < s.rows || s.used() > s.capacity(n) {
		return fmt.Errorf("%w: %s segment has %d instances, capacity %d at %d rows", ErrBadPublicInput, s.name, s.used(), s.capacity(n), n)
	}
	return nil
}

// instanceAccesses returns the memory accesses of every instance in a
// trace of n rows: instance k's cells, from its first, hold values(k).
func (s *instances) instanceAccesses(n int, values func(k uint64) ([]fp.Element, error)) ([]memPair, error) {
	if err := s.checkCapacity(n); err != nil {
		return nil, err
	}
	acc := make([]memPair, 0, s.capacity(n)*s.cells)
	for k := range s.capacity(n) {
		v, err := values(k)
		if err != nil {
			return nil, err
		}
		base := s.seg.BeginAddr + s.cells*k
		for j := range v {
			acc = append(acc, memPair{addr: base + uint64(j), val: v[j]})
		}
	}
	return acc, nil
}

// addMemAccess registers the main columns (addr, val) as one more memory
// access per row, with its pair of sorted columns placed at the end of the
// trace.
func (c *columns) addMemAccess(addr, val int) {
	c.memPairs = append(c.memPairs, [2]int{addr, val})
	c.memSorted = append(c.memSorted, [2]int{c.width, c.width + 1})
	c.width += 2
}
