package cairo

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/crypto"
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
	crypto.KeccakF1600(&a)
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
