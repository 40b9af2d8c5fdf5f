// Package transcript is the Fiat–Shamir channel of the STARK prover and
// verifier: a BLAKE2s-256 hash chain that absorbs commitments and public data
// and squeezes field elements, query indices and proof-of-work challenges.
//
// State update: absorbing data sets state = H(state ‖ len(data) ‖ data) and
// resets the draw counter; each draw outputs H(state ‖ "draw" ‖ counter) and
// increments the counter. Field elements are drawn by masking the output to 251
// bits (uniform over [0, 2^251), all below p, statistical distance from uniform
// over the field < 2^-55). Proof of work: a nonce is valid for b bits when
// H(state ‖ "grind" ‖ nonce) starts with b zero bits; the nonce is absorbed
// afterwards.
package transcript

import (
	"encoding/binary"
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"golang.org/x/crypto/blake2s"

	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// Transcript is a Fiat–Shamir hash chain. The zero value is not usable; call New.
type Transcript struct {
	state   [32]byte
	counter uint64
}

// New starts a transcript bound to a domain-separation label.
func New(label string) *Transcript {
	t := &Transcript{}
	t.state = blake2s.Sum256([]byte(label))
	return t
}

// Absorb mixes data into the state.
func (t *Transcript) Absorb(data []byte) {
	buf := make([]byte, 0, 40+len(data))
	buf = append(buf, t.state[:]...)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(data)))
	buf = append(buf, data...)
	t.state = blake2s.Sum256(buf)
	t.counter = 0
}

// AbsorbElements absorbs the canonical 32-byte big-endian encodings of es.
func (t *Transcript) AbsorbElements(es ...fp.Element) {
	buf := make([]byte, 0, 32*len(es))
	for i := range es {
		b := es[i].Bytes()
		buf = append(buf, b[:]...)
	}
	t.Absorb(buf)
}

// AbsorbUint64 absorbs v (8 bytes, little endian).
func (t *Transcript) AbsorbUint64(v uint64) {
	t.Absorb(binary.LittleEndian.AppendUint64(nil, v))
}

func (t *Transcript) draw() [32]byte {
	var buf [32 + 4 + 8]byte
	copy(buf[:], t.state[:])
	copy(buf[32:], "draw")
	binary.LittleEndian.PutUint64(buf[36:], t.counter)
	t.counter++
	return blake2s.Sum256(buf[:])
}

// Element draws a field element, uniform over [0, 2^251).
func (t *Transcript) Element() fp.Element {
	out := t.draw()
	out[0] &= 0x07 // big-endian: keep 251 bits
	var e fp.Element
	e.SetBytes(out[:]) // < 2^251 < p, so no reduction happens
	return e
}

// Elements draws n field elements.
func (t *Transcript) Elements(n int) []fp.Element {
	out := make([]fp.Element, n)
	for i := range out {
		out[i] = t.Element()
	}
	return out
}

// Indices draws n indices uniform in [0, size); size must be a power of two
// (the caller's domain size). Duplicates are possible and kept.
func (t *Transcript) Indices(n int, size uint64) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		d := t.draw()
		out[i] = binary.LittleEndian.Uint64(d[:8]) & (size - 1)
	}
	return out
}

func powDigest(state *[32]byte, nonce uint64) [32]byte {
	var buf [32 + 5 + 8]byte
	copy(buf[:], state[:])
	copy(buf[32:], "grind")
	binary.LittleEndian.PutUint64(buf[37:], nonce)
	return blake2s.Sum256(buf[:])
}

func leadingZeros(d [32]byte) int {
	return bits.LeadingZeros64(binary.BigEndian.Uint64(d[:8]))
}

// CheckWork reports whether nonce is a valid proof of work of the given
// number of bits (≤ 64) for the current state.
func (t *Transcript) CheckWork(bitsWanted int, nonce uint64) bool {
	return bitsWanted <= 0 || leadingZeros(powDigest(&t.state, nonce)) >= bitsWanted
}

// Grind searches (on all CPUs) a valid nonce for bitsWanted
// (≤ 64) bits of proof of work, absorbs it and returns it. The verifier checks it
// with CheckWork and then absorbs it with AbsorbUint64.
func (t *Transcript) Grind(bitsWanted int) uint64 {
	var done atomic.Bool
	if bitsWanted <= 0 {
		t.AbsorbUint64(0)
		return 0
	}
	w := uint64(parallel.Workers())
	var wg sync.WaitGroup
	var mu sync.Mutex
	best := ^uint64(0)
	for k := uint64(0); k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for nonce := k; !done.Load(); nonce += w {
				if leadingZeros(powDigest(&t.state, nonce)) >= bitsWanted {
					mu.Lock()
					if nonce < best {
						best = nonce
					}
					mu.Unlock()
					done.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	t.AbsorbUint64(best)
	return best
}
