package crypto

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"golang.org/x/crypto/sha3"
)

// keccak256Sponge is Keccak-256 (legacy padding 0x01 … 0x80, rate 136
// bytes) built on KeccakF1600, to check the permutation against x/crypto.
func keccak256Sponge(msg []byte) [32]byte {
	const rate = 136
	padded := append([]byte(nil), msg...)
	padded = append(padded, 0x01)
	for len(padded)%rate != 0 {
		padded = append(padded, 0)
	}
	padded[len(padded)-1] |= 0x80
	var st [25]uint64
	for off := 0; off < len(padded); off += rate {
		for i := 0; i < rate/8; i++ {
			st[i] ^= binary.LittleEndian.Uint64(padded[off+8*i:])
		}
		KeccakF1600(&st)
	}
	var out [32]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(out[8*i:], st[i])
	}
	return out
}

func TestKeccakF1600AgainstLegacyKeccak256(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Lengths around the block boundary exercise one- and two-block padding.
	lengths := []int{0, 1, 55, 134, 135, 136, 137, 271, 272, 273, 1000}
	for i := 0; i < 40; i++ {
		lengths = append(lengths, r.IntN(700))
	}
	for _, n := range lengths {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(r.UintN(256))
		}
		h := sha3.NewLegacyKeccak256()
		h.Write(msg)
		want := h.Sum(nil)
		got := keccak256Sponge(msg)
		if !bytes.Equal(got[:], want) {
			t.Fatalf("len %d: got %x, want %x", n, got, want)
		}
	}
}

// TestKeccakF1600ZeroState checks the permutation of the all-zero state
// against the first lanes of the Keccak team's published KeccakF-1600
// intermediate values.
func TestKeccakF1600ZeroState(t *testing.T) {
	var st [25]uint64
	KeccakF1600(&st)
	want := []uint64{0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D}
	for i, w := range want {
		if st[i] != w {
			t.Fatalf("lane %d: got %#x, want %#x", i, st[i], w)
		}
	}
}

func BenchmarkKeccakF1600(b *testing.B) {
	var st [25]uint64
	for b.Loop() {
		KeccakF1600(&st)
	}
}
