package cairo

import (
	"fmt"
	"math/bits"

	"github.com/cairnchain/cairn/execution/felt"
)

// Relocatable is a pointer into a memory segment: (segment index, offset).
type Relocatable struct {
	Segment int
	Offset  int
}

// String formats r as cairo-lang does: "segment:offset".
func (r Relocatable) String() string { return fmt.Sprintf("%d:%d", r.Segment, r.Offset) }

// Add returns r + n; it fails if the offset would become negative.
func (r Relocatable) Add(n int) (Relocatable, error) {
	o := r.Offset + n
	if o < 0 {
		return r, fmt.Errorf("%w: %s + %d has a negative offset", ErrBadAddress, r, n)
	}
	return Relocatable{r.Segment, o}, nil
}

// AddFelt returns r + f where f is read as a signed integer in (-p/2, p/2).
func (r Relocatable) AddFelt(f *felt.Felt) (Relocatable, error) {
	n, ok := feltToInt(f)
	if !ok {
		return r, fmt.Errorf("%w: offset %s out of range", ErrBadAddress, f.Hex())
	}
	return r.Add(n)
}

// maxOffset bounds relocatable offsets so that offset arithmetic cannot overflow.
const maxOffset = 1 << 48

var halfPrime = func() felt.Felt {
	// (p-1)/2
	var h felt.Felt
	h.Neg(&felt.One)
	var two = felt.FromUint64(2)
	h.Div(&h, &two)
	return h
}()

// feltToInt reads f as a signed integer (values above p/2 are negative) and
// reports whether it fits in (-maxOffset, maxOffset).
func feltToInt(f *felt.Felt) (int, bool) {
	if f.IsUint64() {
		v := f.Uint64()
		if v >= maxOffset {
			return 0, false
		}
		return int(v), true
	}
	if f.Cmp(&halfPrime) <= 0 {
		return 0, false
	}
	var n felt.Felt
	n.Neg(f)
	if !n.IsUint64() || n.Uint64() >= maxOffset {
		return 0, false
	}
	return -int(n.Uint64()), true
}

// Value kinds.
const (
	kindNone uint8 = iota
	kindFelt
	kindRel
)

// Value is a memory value: a field element or a relocatable pointer. The zero
// Value is "absent" (an unwritten memory cell); build values with FeltValue,
// IntValue or RelValue.
type Value struct {
	f    felt.Felt
	rel  Relocatable
	kind uint8
}

// FeltValue returns f as a Value.
func FeltValue(f felt.Felt) Value { return Value{f: f, kind: kindFelt} }

// IntValue returns the felt v mod p as a Value.
func IntValue(v int64) Value { return Value{f: felt.FromInt64(v), kind: kindFelt} }

// RelValue returns r as a Value.
func RelValue(r Relocatable) Value { return Value{rel: r, kind: kindRel} }

// IsAbsent reports whether v is the zero Value (no value).
func (v Value) IsAbsent() bool { return v.kind == kindNone }

// IsFelt reports whether v is a field element.
func (v Value) IsFelt() bool { return v.kind == kindFelt }

// IsRelocatable reports whether v is a pointer.
func (v Value) IsRelocatable() bool { return v.kind == kindRel }

// Felt returns v's field element; ok is false if v is not a felt.
func (v Value) Felt() (f felt.Felt, ok bool) { return v.f, v.kind == kindFelt }

// Rel returns v's pointer; ok is false if v is not relocatable.
func (v Value) Rel() (r Relocatable, ok bool) { return v.rel, v.kind == kindRel }

// FeltPtr returns a pointer to v's felt storage (valid only if IsFelt).
func (v *Value) FeltPtr() *felt.Felt { return &v.f }

// Equal reports whether v and w are the same value.
func (v Value) Equal(w Value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case kindFelt:
		return v.f.Equal(&w.f)
	case kindRel:
		return v.rel == w.rel
	}
	return true
}

// String formats v (hex felt or segment:offset).
func (v Value) String() string {
	switch v.kind {
	case kindFelt:
		return v.f.Hex()
	case kindRel:
		return v.rel.String()
	}
	return "<absent>"
}

// AsFelt returns v's felt or ErrExpectedFelt.
func (v Value) AsFelt() (felt.Felt, error) {
	if v.kind != kindFelt {
		return felt.Felt{}, fmt.Errorf("%w: got %s", ErrExpectedFelt, v)
	}
	return v.f, nil
}

// AsRel returns v's pointer or ErrExpectedRelocatable.
func (v Value) AsRel() (Relocatable, error) {
	if v.kind != kindRel {
		return Relocatable{}, fmt.Errorf("%w: got %s", ErrExpectedRelocatable, v)
	}
	return v.rel, nil
}

// AddValues returns a + b: felt+felt, rel+felt or felt+rel.
func AddValues(a, b Value) (Value, error) {
	switch {
	case a.kind == kindFelt && b.kind == kindFelt:
		var r Value
		r.kind = kindFelt
		r.f.Add(&a.f, &b.f)
		return r, nil
	case a.kind == kindRel && b.kind == kindFelt:
		p, err := a.rel.AddFelt(&b.f)
		return RelValue(p), err
	case a.kind == kindFelt && b.kind == kindRel:
		p, err := b.rel.AddFelt(&a.f)
		return RelValue(p), err
	}
	return Value{}, fmt.Errorf("%w: %s + %s", ErrRelocatable, a, b)
}

// SubValues returns a - b: felt-felt, rel-felt, or rel-rel in the same segment (a felt).
func SubValues(a, b Value) (Value, error) {
	switch {
	case a.kind == kindFelt && b.kind == kindFelt:
		var r Value
		r.kind = kindFelt
		r.f.Sub(&a.f, &b.f)
		return r, nil
	case a.kind == kindRel && b.kind == kindFelt:
		var n felt.Felt
		n.Neg(&b.f)
		p, err := a.rel.AddFelt(&n)
		return RelValue(p), err
	case a.kind == kindRel && b.kind == kindRel && a.rel.Segment == b.rel.Segment:
		return IntValue(int64(a.rel.Offset - b.rel.Offset)), nil
	}
	return Value{}, fmt.Errorf("%w: %s - %s", ErrRelocatable, a, b)
}

// MulValues returns a * b; both must be felts.
func MulValues(a, b Value) (Value, error) {
	if a.kind != kindFelt || b.kind != kindFelt {
		return Value{}, fmt.Errorf("%w: %s * %s", ErrRelocatable, a, b)
	}
	var r Value
	r.kind = kindFelt
	r.f.Mul(&a.f, &b.f)
	return r, nil
}

// bitLen returns the bit length of f's integer value. (felt.Felt.BitLen
// reads the Montgomery limbs, so it is not used here.)
func bitLen(f *felt.Felt) int {
	w := f.Words()
	for i := 3; i >= 0; i-- {
		if w[i] != 0 {
			return 64*i + bits.Len64(w[i])
		}
	}
	return 0
}
