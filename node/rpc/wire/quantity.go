package wire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadQuantity is returned when a u64 quantity is not a 0x-prefixed hex
// string without leading zeros that fits in 64 bits.
var ErrBadQuantity = errors.New("wire: invalid u64 quantity")

// U64 is the spec's u64: a "0x"-prefixed hex string of at most 16 digits.
type U64 uint64

// MarshalText encodes q as 0x-hex without leading zeros.
func (q U64) MarshalText() ([]byte, error) {
	return []byte("0x" + strconv.FormatUint(uint64(q), 16)), nil
}

// UnmarshalText decodes a 0x-hex string below 2^64.
func (q *U64) UnmarshalText(b []byte) error {
	s := string(b)
	if !strings.HasPrefix(s, "0x") || len(s) < 3 || len(s) > 18 {
		return fmt.Errorf("%w: %q", ErrBadQuantity, s)
	}
	v, err := strconv.ParseUint(s[2:], 16, 64)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrBadQuantity, s)
	}
	*q = U64(v)
	return nil
}

// nonNil returns s, or an empty slice when s is nil, so that required
// arrays encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
