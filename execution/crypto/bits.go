package crypto

import "math/bits"

// bitLen returns the bit length of an integer given as little-endian 64-bit
// limbs (felt.Felt.Words, fr.Element.Bits: the canonical, non-Montgomery value).
func bitLen(w [4]uint64) int {
	for i := 3; i >= 0; i-- {
		if w[i] != 0 {
			return 64*i + bits.Len64(w[i])
		}
	}
	return 0
}
