package crypto

import (
	pedersenhash "github.com/consensys/gnark-crypto/ecc/stark-curve/pedersen-hash"

	"github.com/cairnchain/cairn/execution/felt"
)

// Pedersen returns Starknet's Pedersen hash of a and b (cairo-lang's
// pedersen_hash): the x coordinate of
// shift + a_low·P0 + a_high·P1 + b_low·P2 + b_high·P3, where low is the low
// 248 bits and high the top 4 bits of each input.
func Pedersen(a, b *felt.Felt) felt.Felt {
	return felt.FromElement(pedersenhash.Pedersen(a.Element(), b.Element()))
}

// PedersenArray returns Starknet's compute_hash_on_elements: the Pedersen
// fold h = H(...H(H(0, x0), x1)..., xn-1) followed by H(h, n).
func PedersenArray(xs ...felt.Felt) felt.Felt {
	var acc felt.Felt
	for i := range xs {
		acc = Pedersen(&acc, &xs[i])
	}
	n := felt.FromUint64(uint64(len(xs)))
	return Pedersen(&acc, &n)
}
