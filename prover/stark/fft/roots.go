package fft

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// TwoAdicity is the largest i with 2^i dividing p-1.
const TwoAdicity = 192

// ErrSize reports a transform size that is not a supported power of two.
var ErrSize = errors.New("fft: size must be a power of two with log2 ≤ 192")

// Generator is 3, a generator of the multiplicative group of the field and the
// coset shift used for low-degree extensions.
func Generator() fp.Element { return fp.NewElement(3) }

// maxRoot is 3^((p-1)/2^192), a primitive 2^192-th root of unity.
var maxRoot = func() fp.Element {
	e := new(big.Int).Sub(fp.Modulus(), big.NewInt(1))
	e.Rsh(e, TwoAdicity)
	var r fp.Element
	g := Generator()
	r.Exp(g, e)
	return r
}()

// RootOfUnity returns a primitive 2^log-th root of unity (the one used by every
// transform of that size in this package).
func RootOfUnity(log int) (fp.Element, error) {
	if log < 0 || log > TwoAdicity {
		return fp.Element{}, fmt.Errorf("root of unity of order 2^%d: %w", log, ErrSize)
	}
	r := maxRoot
	for i := log; i < TwoAdicity; i++ {
		r.Square(&r)
	}
	return r, nil
}

// Pow returns x^e.
func Pow(x fp.Element, e uint64) fp.Element {
	var r fp.Element
	r.SetOne()
	for e > 0 {
		if e&1 == 1 {
			r.Mul(&r, &x)
		}
		x.Square(&x)
		e >>= 1
	}
	return r
}

// Log2 returns log2(n) if n is a power of two ≥ 1, else an error.
func Log2(n int) (int, error) {
	if n <= 0 || n&(n-1) != 0 {
		return 0, fmt.Errorf("length %d: %w", n, ErrSize)
	}
	return bits.TrailingZeros(uint(n)), nil
}

// Reverse returns the log-bit reversal of i.
func Reverse(i uint64, log int) uint64 {
	if log == 0 {
		return 0
	}
	return bits.Reverse64(i) >> (64 - log)
}

// BitReverse permutes a (length a power of two) into bit-reversed order, in place.
func BitReverse(a []fp.Element) {
	n := len(a)
	if n <= 2 {
		return
	}
	log := bits.TrailingZeros(uint(n))
	for i := 0; i < n; i++ {
		j := int(Reverse(uint64(i), log))
		if i < j {
			a[i], a[j] = a[j], a[i]
		}
	}
}

// bitReverseCopy writes src (length a power of two) into dst in
// bit-reversed order: one pass instead of a copy and an in-place swap.
func bitReverseCopy(dst, src []fp.Element) {
	log := bits.TrailingZeros(uint(len(src)))
	for i := range src {
		dst[Reverse(uint64(i), log)] = src[i]
	}
}
