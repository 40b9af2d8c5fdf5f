package felt

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Bytes is the size of a felt's big-endian byte encoding.
const Bytes = fp.Bytes

// Felt is an element of the Stark252 field. The zero value is 0.
type Felt struct{ v fp.Element }

// Sentinel errors returned by the parsers.
var (
	ErrNotHex       = errors.New("felt: not a 0x-prefixed hex string")
	ErrOutOfRange   = errors.New("felt: value is not below the field modulus")
	ErrNonCanonical = errors.New("felt: non-canonical encoding")
)

var (
	// Zero is 0.
	Zero = Felt{}
	// One is 1.
	One = FromUint64(1)
)

// Modulus returns p as a new big.Int.
func Modulus() *big.Int { return fp.Modulus() }

// FromUint64 returns v as a felt.
func FromUint64(v uint64) Felt {
	var f Felt
	f.v.SetUint64(v)
	return f
}

// FromInt64 returns v mod p (negative values wrap).
func FromInt64(v int64) Felt {
	var f Felt
	f.v.SetInt64(v)
	return f
}

// FromElement wraps a gnark-crypto element.
func FromElement(e fp.Element) Felt { return Felt{v: e} }

// FromBigInt returns v mod p.
func FromBigInt(v *big.Int) Felt {
	var f Felt
	f.v.SetBigInt(v)
	return f
}

// FromBytes interprets b (at most 32 bytes, big-endian) as an integer reduced mod p.
func FromBytes(b []byte) Felt {
	var f Felt
	f.v.SetBytes(b)
	return f
}

// FromBytesCanonical interprets b (32 bytes, big-endian) and fails if it is >= p.
func FromBytesCanonical(b []byte) (Felt, error) {
	var f Felt
	if len(b) != Bytes {
		return f, fmt.Errorf("felt: want %d bytes, got %d", Bytes, len(b))
	}
	if err := f.v.SetBytesCanonical(b); err != nil {
		return f, ErrOutOfRange
	}
	return f, nil
}

// FromHex parses a 0x-prefixed hex string of 1..64 digits whose value is below p.
// Leading zeros are accepted (clients send them); values >= p are rejected.
func FromHex(s string) (Felt, error) {
	var f Felt
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return f, fmt.Errorf("%w: %q", ErrNotHex, s)
	}
	digits := s[2:]
	if len(digits) == 0 || len(digits) > 64 {
		return f, fmt.Errorf("%w: %q", ErrNotHex, s)
	}
	var buf [64]byte
	for i := range buf {
		buf[i] = '0'
	}
	copy(buf[64-len(digits):], digits)
	var raw [32]byte
	if _, err := hex.Decode(raw[:], buf[:]); err != nil {
		return f, fmt.Errorf("%w: %q", ErrNotHex, s)
	}
	if err := f.v.SetBytesCanonical(raw[:]); err != nil {
		return f, fmt.Errorf("%w: %s", ErrOutOfRange, s)
	}
	return f, nil
}

// MustHex is FromHex for constants; it panics on bad input and must only be
// used with literals in the source.
func MustHex(s string) Felt {
	f, err := FromHex(s)
	if err != nil {
		panic(err)
	}
	return f
}

// FromDecimal parses a base-10 integer (optionally negative, taken mod p).
// Non-negative values must be below p.
func FromDecimal(s string) (Felt, error) {
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return Felt{}, fmt.Errorf("felt: not a decimal integer: %q", s)
	}
	if b.Sign() >= 0 && b.Cmp(fp.Modulus()) >= 0 {
		return Felt{}, fmt.Errorf("%w: %s", ErrOutOfRange, s)
	}
	return FromBigInt(b), nil
}

// Element returns the underlying gnark-crypto element.
func (z *Felt) Element() *fp.Element { return &z.v }

// Set sets z = x.
func (z *Felt) Set(x *Felt) *Felt { z.v = x.v; return z }

// SetUint64 sets z = v.
func (z *Felt) SetUint64(v uint64) *Felt { z.v.SetUint64(v); return z }

// Add sets z = x + y.
func (z *Felt) Add(x, y *Felt) *Felt { z.v.Add(&x.v, &y.v); return z }

// Sub sets z = x - y.
func (z *Felt) Sub(x, y *Felt) *Felt { z.v.Sub(&x.v, &y.v); return z }

// Mul sets z = x * y.
func (z *Felt) Mul(x, y *Felt) *Felt { z.v.Mul(&x.v, &y.v); return z }

// Div sets z = x / y (y must be non-zero; y = 0 gives 0).
func (z *Felt) Div(x, y *Felt) *Felt { z.v.Div(&x.v, &y.v); return z }

// Neg sets z = -x.
func (z *Felt) Neg(x *Felt) *Felt { z.v.Neg(&x.v); return z }

// Inverse sets z = 1/x (0 maps to 0).
func (z *Felt) Inverse(x *Felt) *Felt { z.v.Inverse(&x.v); return z }

// Square sets z = x².
func (z *Felt) Square(x *Felt) *Felt { z.v.Square(&x.v); return z }

// Sqrt sets z to a square root of x and returns nil if x is not a square.
func (z *Felt) Sqrt(x *Felt) *Felt {
	if z.v.Sqrt(&x.v) == nil {
		return nil
	}
	return z
}

// Exp sets z = x^k.
func (z *Felt) Exp(x *Felt, k *big.Int) *Felt { z.v.Exp(x.v, k); return z }

// Equal reports whether z == x.
func (z *Felt) Equal(x *Felt) bool { return z.v.Equal(&x.v) }

// IsZero reports whether z == 0.
func (z *Felt) IsZero() bool { return z.v.IsZero() }

// IsOne reports whether z == 1.
func (z *Felt) IsOne() bool { return z.v.IsOne() }

// Cmp compares z and x as integers in [0, p).
func (z *Felt) Cmp(x *Felt) int { return z.v.Cmp(&x.v) }

// IsUint64 reports whether z < 2^64.
func (z *Felt) IsUint64() bool { return z.v.IsUint64() }

// Uint64 returns the low 64 bits of z's integer value.
func (z *Felt) Uint64() uint64 { return z.v.Uint64() }

// BitLen returns the bit length of z's integer value.
func (z *Felt) BitLen() int {
	w := z.v.Bits() // canonical (non-Montgomery) limbs
	for i := 3; i >= 0; i-- {
		if w[i] != 0 {
			return i*64 + bits.Len64(w[i])
		}
	}
	return 0
}

// BigInt returns z as a new big.Int in [0, p).
func (z *Felt) BigInt() *big.Int { return z.v.BigInt(new(big.Int)) }

// Bytes returns the 32-byte big-endian encoding of z.
func (z *Felt) Bytes() [Bytes]byte { return z.v.Bytes() }

// LEBytes returns the 32-byte little-endian encoding of z (cairo-lang's memory file format).
func (z *Felt) LEBytes() [Bytes]byte {
	var out [Bytes]byte
	fp.LittleEndian.PutElement(&out, z.v)
	return out
}

// Words returns z's integer value as four little-endian 64-bit limbs.
func (z *Felt) Words() [4]uint64 { return z.v.Bits() }

// String returns the canonical hex form (0x-prefixed, lowercase, no leading zeros).
func (z Felt) String() string { return z.Hex() }

// Hex returns the canonical hex form (0x-prefixed, lowercase, no leading zeros).
func (z *Felt) Hex() string {
	b := z.v.Bytes()
	s := hex.EncodeToString(b[:])
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0x0"
	}
	return "0x" + s
}

// Hex64 returns the hex form zero-padded to 64 digits.
func (z *Felt) Hex64() string {
	b := z.v.Bytes()
	return "0x" + hex.EncodeToString(b[:])
}

// Text returns z's integer value in the given base.
func (z *Felt) Text(base int) string { return z.v.Text(base) }

// MarshalText encodes z as canonical hex.
func (z Felt) MarshalText() ([]byte, error) { return []byte(z.Hex()), nil }

// UnmarshalText decodes a 0x-prefixed hex string below p.
func (z *Felt) UnmarshalText(b []byte) error {
	f, err := FromHex(string(b))
	if err != nil {
		return err
	}
	*z = f
	return nil
}

// Address is a contract address.
type Address = Felt

// ClassHash is a class hash.
type ClassHash = Felt

// TxHash is a transaction hash.
type TxHash = Felt
