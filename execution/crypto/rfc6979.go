package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"math/big"
)

// nonceMaxIterations bounds the RFC 6979 search as @noble/curves does.
const nonceMaxIterations = 1000

// hmacDRBG is RFC 6979 §3.2's HMAC-SHA256 generator (steps B–H).
type hmacDRBG struct {
	k, v    [sha256.Size]byte
	started bool
}

func newHMACDRBG(seed []byte) *hmacDRBG {
	g := &hmacDRBG{}
	for i := range g.v {
		g.v[i] = 1
	}
	g.update(seed)
	return g
}

// update is the HMAC-DRBG update: K = H(K, V‖0x00‖seed), V = H(K, V), and,
// for a non-empty seed, K = H(K, V‖0x01‖seed), V = H(K, V).
func (g *hmacDRBG) update(seed []byte) {
	g.k = g.mac([]byte{0x00}, seed)
	g.v = g.mac()
	if len(seed) == 0 {
		return
	}
	g.k = g.mac([]byte{0x01}, seed)
	g.v = g.mac()
}

func (g *hmacDRBG) mac(parts ...[]byte) [sha256.Size]byte {
	m := hmac.New(sha256.New, g.k[:])
	m.Write(g.v[:])
	for _, p := range parts {
		m.Write(p)
	}
	var out [sha256.Size]byte
	m.Sum(out[:0])
	return out
}

// next returns the next 32-byte candidate T, reseeding (with no input) before
// every candidate but the first (RFC 6979 step H.3).
func (g *hmacDRBG) next() [sha256.Size]byte {
	if g.started {
		g.update(nil)
	}
	g.started = true
	g.v = g.mac()
	return g.v
}

// starkBits2Int is @scure/starknet's bits2int: leading zero bytes are
// dropped, then the integer is truncated to its leftmost 252 bits if longer.
// (Standard RFC 6979 would always shift a 32-byte value by 4 bits.)
func starkBits2Int(b []byte) *big.Int {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	n := new(big.Int).SetBytes(b)
	if excess := 8*len(b) - curveOrderBits; excess > 0 {
		n.Rsh(n, uint(excess))
	}
	return n
}

// curveOrderBits is the bit length of the curve order.
const curveOrderBits = 252
