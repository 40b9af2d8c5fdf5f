package crypto

import (
	"golang.org/x/crypto/sha3"

	"github.com/cairnchain/cairn/execution/felt"
)

// Keccak256 returns the (Ethereum, pre-standard) Keccak-256 digest of data.
func Keccak256(data []byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(data) // hash.Hash.Write never fails
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// StarknetKeccak returns Starknet's keccak: the low 250 bits of Keccak256(data)
// read as a big-endian integer (always below the field modulus).
func StarknetKeccak(data []byte) felt.Felt {
	d := Keccak256(data)
	d[0] &= 0x03 // keep 250 bits: 256 - 6
	return felt.FromBytes(d[:])
}

// Selector returns the entry point selector of a function name, which is
// StarknetKeccak of its ASCII bytes (e.g. "transfer", "__execute__").
func Selector(name string) felt.Felt {
	return StarknetKeccak([]byte(name))
}
