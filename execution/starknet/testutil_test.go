package starknet

import (
	"math/big"
	"math/rand/v2"

	"github.com/cairnchain/cairn/execution/felt"
)

// randFelt returns a random felt from r (uniform enough for tests).
func randFelt(r *rand.Rand) felt.Felt {
	var b [32]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[0] &= 0x07
	return felt.FromBytes(b[:])
}

func randFelts(r *rand.Rand, max int) []felt.Felt {
	out := make([]felt.Felt, r.IntN(max+1))
	for i := range out {
		out[i] = randFelt(r)
	}
	return out
}

func randU128(r *rand.Rand) felt.Felt {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(r.Uint64()), 64)
	v.Or(v, new(big.Int).SetUint64(r.Uint64()))
	return felt.FromBigInt(v)
}

func randV3(r *rand.Rand) V3Fields {
	return V3Fields{
		Signature: randFelts(r, 3),
		Nonce:     felt.FromUint64(r.Uint64N(1000)),
		ResourceBounds: ResourceBounds{
			L1Gas:     ResourceBound{MaxAmount: r.Uint64(), MaxPricePerUnit: randU128(r)},
			L1DataGas: ResourceBound{MaxAmount: r.Uint64(), MaxPricePerUnit: randU128(r)},
			L2Gas:     ResourceBound{MaxAmount: r.Uint64(), MaxPricePerUnit: randU128(r)},
		},
		Tip:           r.Uint64(),
		PaymasterData: randFelts(r, 2),
		NonceDAMode:   DAMode(r.IntN(2)),
		FeeDAMode:     DAMode(r.IntN(2)),
	}
}

func hexes(fs []felt.Felt) []string {
	out := make([]string, len(fs))
	for i := range fs {
		out[i] = fs[i].Hex()
	}
	return out
}
