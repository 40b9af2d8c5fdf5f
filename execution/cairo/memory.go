package cairo

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// DefaultMaxSegmentCells bounds a segment's length so that a program writing
// at a huge offset fails instead of exhausting the host's memory.
const DefaultMaxSegmentCells = 1 << 27

// segmentRule is attached to a builtin's segment: it validates writes and
// deduces unwritten cells (cairo-lang's validation rules and auto-deduction).
type segmentRule interface {
	validate(m *Memory, addr Relocatable) error
	deduce(m *Memory, addr Relocatable) (Value, error)
}

// Memory is Cairo's write-once segmented memory. Cells hold a Value; a cell
// that was never written is absent. Segments grow on write.
type Memory struct {
	segs  [][]Value
	rules []segmentRule
	// MaxSegmentCells bounds each segment's length (DefaultMaxSegmentCells if 0).
	MaxSegmentCells int
}

// NewMemory returns an empty memory with no segments.
func NewMemory() *Memory { return &Memory{MaxSegmentCells: DefaultMaxSegmentCells} }

// AddSegment creates a new segment and returns its base pointer.
func (m *Memory) AddSegment() Relocatable {
	m.segs = append(m.segs, nil)
	m.rules = append(m.rules, nil)
	return Relocatable{Segment: len(m.segs) - 1}
}

// NumSegments returns the number of segments.
func (m *Memory) NumSegments() int { return len(m.segs) }

// SegmentUsedSize returns one more than the largest written offset of segment i.
func (m *Memory) SegmentUsedSize(i int) int {
	if i < 0 || i >= len(m.segs) {
		return 0
	}
	s := m.segs[i]
	n := len(s)
	for n > 0 && s[n-1].kind == kindNone {
		n--
	}
	return n
}

func (m *Memory) setRule(seg int, r segmentRule) { m.rules[seg] = r }

// cell returns a pointer to the present value at a, or nil. The pointer
// stays valid for reading: cells are write-once, so a segment that grows
// keeps the same values in its new array.
func (m *Memory) cell(a Relocatable) *Value {
	if uint(a.Segment) >= uint(len(m.segs)) {
		return nil
	}
	s := m.segs[a.Segment]
	if uint(a.Offset) >= uint(len(s)) {
		return nil
	}
	if v := &s[a.Offset]; v.kind != kindNone {
		return v
	}
	return nil
}

// Get returns the value at a and whether it is present.
func (m *Memory) Get(a Relocatable) (Value, bool) {
	if v := m.cell(a); v != nil {
		return *v, true
	}
	return Value{}, false
}

// Read returns the value at a or ErrUnknownMemory.
func (m *Memory) Read(a Relocatable) (Value, error) {
	v, ok := m.Get(a)
	if !ok {
		return Value{}, fmt.Errorf("%w: %s", ErrUnknownMemory, a)
	}
	return v, nil
}

// ReadFelt returns the felt at a.
func (m *Memory) ReadFelt(a Relocatable) (felt.Felt, error) {
	v, err := m.Read(a)
	if err != nil {
		return felt.Felt{}, err
	}
	f, err := v.AsFelt()
	if err != nil {
		return f, fmt.Errorf("read %s: %w", a, err)
	}
	return f, nil
}

// ReadRel returns the pointer at a.
func (m *Memory) ReadRel(a Relocatable) (Relocatable, error) {
	v, err := m.Read(a)
	if err != nil {
		return Relocatable{}, err
	}
	r, err := v.AsRel()
	if err != nil {
		return r, fmt.Errorf("read %s: %w", a, err)
	}
	return r, nil
}

// ReadFelts returns n consecutive felts starting at a.
func (m *Memory) ReadFelts(a Relocatable, n int) ([]felt.Felt, error) {
	if n < 0 {
		return nil, fmt.Errorf("%w: negative length %d", ErrBadAddress, n)
	}
	out := make([]felt.Felt, n)
	for i := range out {
		f, err := m.ReadFelt(Relocatable{a.Segment, a.Offset + i})
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// Write stores v at a. Writing the same value again is allowed; writing a
// different value returns ErrInconsistentMemory. Builtin segments validate
// the written value.
func (m *Memory) Write(a Relocatable, v Value) error { return m.write(a, &v) }

func (m *Memory) write(a Relocatable, v *Value) error {
	if v.kind == kindNone {
		return fmt.Errorf("%w: write of an absent value at %s", ErrBadAddress, a)
	}
	if a.Segment < 0 || a.Segment >= len(m.segs) || a.Offset < 0 {
		return fmt.Errorf("%w: %s", ErrBadAddress, a)
	}
	s := m.segs[a.Segment]
	if a.Offset >= len(s) {
		limit := m.MaxSegmentCells
		if limit <= 0 {
			limit = DefaultMaxSegmentCells
		}
		if a.Offset >= limit {
			return fmt.Errorf("%w: %s beyond the segment size limit %d", ErrBadAddress, a, limit)
		}
		s = grow(s, a.Offset+1)
		m.segs[a.Segment] = s
	}
	c := &s[a.Offset]
	if c.kind != kindNone {
		if !c.equal(v) {
			return fmt.Errorf("%w at %s: have %s, writing %s", ErrInconsistentMemory, a, *c, *v)
		}
		return nil
	}
	*c = *v
	if r := m.rules[a.Segment]; r != nil {
		return r.validate(m, a)
	}
	return nil
}

// WriteFelt stores the felt f at a.
func (m *Memory) WriteFelt(a Relocatable, f felt.Felt) error { return m.Write(a, FeltValue(f)) }

// WriteRel stores the pointer p at a.
func (m *Memory) WriteRel(a, p Relocatable) error { return m.Write(a, RelValue(p)) }

// WriteValues stores vs at a, a+1, ... and returns the address after the last.
func (m *Memory) WriteValues(a Relocatable, vs []Value) (Relocatable, error) {
	for i, v := range vs {
		if err := m.Write(Relocatable{a.Segment, a.Offset + i}, v); err != nil {
			return a, err
		}
	}
	return Relocatable{a.Segment, a.Offset + len(vs)}, nil
}

// WriteFelts stores fs at a, a+1, ... and returns the address after the last.
func (m *Memory) WriteFelts(a Relocatable, fs []felt.Felt) (Relocatable, error) {
	for i := range fs {
		if err := m.WriteFelt(Relocatable{a.Segment, a.Offset + i}, fs[i]); err != nil {
			return a, err
		}
	}
	return Relocatable{a.Segment, a.Offset + len(fs)}, nil
}

// deduce asks the segment's builtin to compute an unwritten cell. It returns
// an absent Value if the segment has no rule or the cell is not deducible.
func (m *Memory) deduce(a Relocatable) (Value, error) {
	if a.Segment < 0 || a.Segment >= len(m.rules) {
		return Value{}, nil
	}
	r := m.rules[a.Segment]
	if r == nil {
		return Value{}, nil
	}
	return r.deduce(m, a)
}

func grow(s []Value, n int) []Value {
	if n <= cap(s) {
		return s[:n]
	}
	c := 2 * cap(s)
	if c < n {
		c = n
	}
	if c < 64 {
		c = 64
	}
	ns := make([]Value, n, c)
	copy(ns, s)
	return ns
}
