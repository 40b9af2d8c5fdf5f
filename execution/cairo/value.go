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

// feltToInt reads f as a signed integer (values above p/2 are negative) and
// reports whether it fits in (-maxOffset, maxOffset). It leaves Montgomery
// form once and then only compares limbs.
func feltToInt(f *felt.Felt) (int, bool) {
	return wordsToInt(f.Words())
}

// Limbs of the Stark prime p = 2^251 + 17*2^192 + 1 (little-endian).
const (
	primeW0  = 1
	primeTop = 0x0800000000000011
)

// wordsToInt is feltToInt on canonical little-endian limbs.
func wordsToInt(w [4]uint64) (int, bool) {
	if w[1] == 0 && w[2] == 0 && w[3] == 0 {
		if w[0] >= maxOffset {
			return 0, false
		}
		return int(w[0]), true
	}
	// p - 1 = (0, 0, 0, primeTop); p - n for 2 <= n < 2^64 borrows through
	// limbs 1 and 2: (1 - n mod 2^64, 2^64-1, 2^64-1, primeTop-1).
	if w[3] == primeTop && w[2] == 0 && w[1] == 0 && w[0] == 0 {
		return -1, true
	}
	if w[3] == primeTop-1 && w[2] == ^uint64(0) && w[1] == ^uint64(0) {
		n := primeW0 - w[0] // wraps: 2^64 + 1 - w[0]
		if n >= 2 && n < maxOffset {
			return -int(n), true
		}
	}
	return 0, false
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
//
// A Value is 40 bytes: a felt is kept in Montgomery form in f; a pointer is
// kept in f's limbs as (offset, segment, 0, 0), so pointer arithmetic never
// converts out of Montgomery form.
type Value struct {
	f    felt.Felt
	kind uint8
}

// FeltValue returns f as a Value.
func FeltValue(f felt.Felt) Value { return Value{f: f, kind: kindFelt} }

// IntValue returns the felt v mod p as a Value.
func IntValue(v int64) Value { return Value{f: felt.FromInt64(v), kind: kindFelt} }

// RelValue returns r as a Value.
func RelValue(r Relocatable) Value {
	var v Value
	v.setRel(r)
	return v
}

func (v *Value) setRel(r Relocatable) {
	e := v.f.Element()
	e[0], e[1], e[2], e[3] = uint64(r.Offset), uint64(r.Segment), 0, 0
	v.kind = kindRel
}

// rel returns the pointer held in v's limbs (v must be relocatable).
func (v *Value) rel() Relocatable {
	e := v.f.Element()
	return Relocatable{Segment: int(e[1]), Offset: int(e[0])}
}

// IsAbsent reports whether v is the zero Value (no value).
func (v Value) IsAbsent() bool { return v.kind == kindNone }

// IsFelt reports whether v is a field element.
func (v Value) IsFelt() bool { return v.kind == kindFelt }

// IsRelocatable reports whether v is a pointer.
func (v Value) IsRelocatable() bool { return v.kind == kindRel }

// Felt returns v's field element; ok is false if v is not a felt.
func (v Value) Felt() (f felt.Felt, ok bool) {
	if v.kind != kindFelt {
		return felt.Felt{}, false
	}
	return v.f, true
}

// Rel returns v's pointer; ok is false if v is not relocatable.
func (v Value) Rel() (r Relocatable, ok bool) {
	if v.kind != kindRel {
		return Relocatable{}, false
	}
	return v.rel(), true
}

// Equal reports whether v and w are the same value.
func (v Value) Equal(w Value) bool { return v.equal(&w) }

func (v *Value) equal(w *Value) bool {
	return v.kind == w.kind && *v.f.Element() == *w.f.Element()
}

// String formats v (hex felt or segment:offset).
func (v Value) String() string {
	switch v.kind {
	case kindFelt:
		return v.f.Hex()
	case kindRel:
		return v.rel().String()
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
	return v.rel(), nil
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
		p, err := a.rel().AddFelt(&b.f)
		return RelValue(p), err
	case a.kind == kindFelt && b.kind == kindRel:
		p, err := b.rel().AddFelt(&a.f)
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
		p, err := a.rel().AddFelt(&n)
		return RelValue(p), err
	case a.kind == kindRel && b.kind == kindRel && a.rel().Segment == b.rel().Segment:
		return IntValue(int64(a.rel().Offset - b.rel().Offset)), nil
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
