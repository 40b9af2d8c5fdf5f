package crypto

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/crypto/internal/hadesparams"
	"github.com/cairnchain/cairn/execution/felt"
)

// The generated table must be what internal/hadesgen derives today
// (run `go generate ./execution/crypto` after changing the derivation).
func TestPoseidonConstantsUpToDate(t *testing.T) {
	want := hadesparams.Compressed()
	require.Equal(t, want, poseidonConstants[:])
}

// Pins the table's content: SHA-256 over the canonical 32-byte big-endian
// encodings of the 107 compressed constants.
func TestPoseidonConstantsChecksum(t *testing.T) {
	hs := sha256.New()
	for i := range poseidonConstants {
		f := felt.FromElement(poseidonConstants[i])
		b := f.Bytes()
		hs.Write(b[:])
	}
	require.Equal(t, "4f988e0a33ea44507f93e0034748a7b6dd6dbf4d14205e442da72c8ca2ff017f", hex.EncodeToString(hs.Sum(nil)))
}

// The first raw round constant is the value published in cairo-lang's
// poseidon parameters (and StarkWare's poseidon repository).
func TestHadesFirstRoundConstant(t *testing.T) {
	rc := hadesparams.RoundConstants()
	f := felt.FromElement(rc[0][0])
	require.Equal(t, "0x6861759ea556a2339dd92f9562a30b9e58e2ad98109ae4780b7fd8eac77fe6f", f.Hex())
}
