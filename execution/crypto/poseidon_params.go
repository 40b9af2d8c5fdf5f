package crypto

import (
	"sync"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto/internal/hadesparams"
)

var (
	hadesRCOnce sync.Once
	hadesRC     [hadesparams.Rounds][hadesparams.Width]fp.Element
)

// HadesRoundConstants returns Starknet's uncompressed Hades round constants:
// round r (0 ≤ r < 91) adds constants [r][0..2], each SHA-256("Hades" +
// decimal(3r+j)) mod p as cairo-lang's poseidon_utils derives them. The
// permutation itself (PoseidonPermute) uses the compressed form of the same
// constants; the Cairo AIR's poseidon builtin needs this per-round form.
// The result is computed once and shared: callers must not modify it.
func HadesRoundConstants() *[hadesparams.Rounds][hadesparams.Width]fp.Element {
	hadesRCOnce.Do(func() { hadesRC = hadesparams.RoundConstants() })
	return &hadesRC
}
