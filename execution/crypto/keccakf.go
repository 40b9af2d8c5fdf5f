package crypto

import "math/bits"

// keccakRC are the 24 round constants of Keccak-f[1600] (FIPS 202 §3.2.5).
var keccakRC = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
	0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
	0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// keccakRho are the rotation offsets of lane x + 5y (ρ step).
var keccakRho = [25]int{
	0, 1, 62, 28, 27,
	36, 44, 6, 55, 20,
	3, 10, 43, 25, 39,
	41, 45, 15, 21, 8,
	18, 2, 61, 56, 14,
}

// keccakPi[i] is where lane i moves in the π step: B[y, 2x+3y] = A[x, y].
var keccakPi = func() (t [25]int) {
	for y := 0; y < 5; y++ {
		for x := 0; x < 5; x++ {
			t[x+5*y] = y + 5*((2*x+3*y)%5)
		}
	}
	return t
}()

// KeccakF1600 applies the Keccak-f[1600] permutation (24 rounds) to the
// state in place. Lane a[x+5y] is the 64-bit word at row y, column x, as
// Keccak's reference and Starknet's keccak syscall index the state.
func KeccakF1600(a *[25]uint64) {
	var b [25]uint64
	var c, d [5]uint64
	for round := 0; round < 24; round++ {
		// θ
		for x := 0; x < 5; x++ {
			c[x] = a[x] ^ a[x+5] ^ a[x+10] ^ a[x+15] ^ a[x+20]
		}
		d[0] = c[4] ^ bits.RotateLeft64(c[1], 1)
		d[1] = c[0] ^ bits.RotateLeft64(c[2], 1)
		d[2] = c[1] ^ bits.RotateLeft64(c[3], 1)
		d[3] = c[2] ^ bits.RotateLeft64(c[4], 1)
		d[4] = c[3] ^ bits.RotateLeft64(c[0], 1)
		// ρ and π: B[y, 2x+3y] = rot(A[x, y] ^ D[x], r[x, y])
		for i := 0; i < 25; i++ {
			b[keccakPi[i]] = bits.RotateLeft64(a[i]^d[i%5], keccakRho[i])
		}
		// χ
		for y := 0; y < 25; y += 5 {
			b0, b1, b2, b3, b4 := b[y], b[y+1], b[y+2], b[y+3], b[y+4]
			a[y] = b0 ^ (^b1 & b2)
			a[y+1] = b1 ^ (^b2 & b3)
			a[y+2] = b2 ^ (^b3 & b4)
			a[y+3] = b3 ^ (^b4 & b0)
			a[y+4] = b4 ^ (^b0 & b1)
		}
		// ι
		a[0] ^= keccakRC[round]
	}
}
