package cairo

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/cairnchain/cairn/execution/felt"
)

// keccakBuiltin applies Keccak-f[1600] to the state held in 8 felts of 200
// bits each (little-endian), as cairo-lang's keccak builtin does.
func keccakBuiltin(in, out []felt.Felt) error {
	var state [200]byte
	for i := 0; i < 8; i++ {
		b := in[i].Bytes() // big-endian
		if bitLen(&in[i]) > 200 {
			return fmt.Errorf("%w: keccak: input %s is not below 2^200", ErrBuiltin, in[i].Hex())
		}
		for j := 0; j < 25; j++ {
			state[25*i+j] = b[31-j]
		}
	}
	var a [25]uint64
	for i := range a {
		for j := 0; j < 8; j++ {
			a[i] |= uint64(state[8*i+j]) << (8 * j)
		}
	}
	keccakF1600(&a)
	for i := range a {
		for j := 0; j < 8; j++ {
			state[8*i+j] = byte(a[i] >> (8 * j))
		}
	}
	for i := 0; i < 8; i++ {
		var be [25]byte
		for j := 0; j < 25; j++ {
			be[24-j] = state[25*i+j]
		}
		out[i] = felt.FromBigInt(new(big.Int).SetBytes(be[:]))
	}
	return nil
}

var keccakRC = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
	0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
	0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// keccakRot[x+5y] is the rotation offset of lane (x, y).
var keccakRot = [25]int{
	0, 1, 62, 28, 27,
	36, 44, 6, 55, 20,
	3, 10, 43, 25, 39,
	41, 45, 15, 21, 8,
	18, 2, 61, 56, 14,
}

// keccakF1600 is the Keccak-f[1600] permutation on lanes a[x+5y].
func keccakF1600(a *[25]uint64) {
	var c, d [5]uint64
	var b [25]uint64
	for round := 0; round < 24; round++ {
		for x := 0; x < 5; x++ {
			c[x] = a[x] ^ a[x+5] ^ a[x+10] ^ a[x+15] ^ a[x+20]
		}
		for x := 0; x < 5; x++ {
			d[x] = c[(x+4)%5] ^ bits.RotateLeft64(c[(x+1)%5], 1)
		}
		for i := range a {
			a[i] ^= d[i%5]
		}
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				b[y+5*((2*x+3*y)%5)] = bits.RotateLeft64(a[x+5*y], keccakRot[x+5*y])
			}
		}
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				a[x+5*y] = b[x+5*y] ^ (^b[(x+1)%5+5*y] & b[(x+2)%5+5*y])
			}
		}
		a[0] ^= keccakRC[round]
	}
}
