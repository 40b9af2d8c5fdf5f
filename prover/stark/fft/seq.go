package fft

import (
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/internal/vec"
)

const (
	// vecMin is the smallest butterfly span multiplied with vector calls
	// (internal/vec: AVX-512 IFMA on amd64 when available, eight elements at
	// a time); smaller spans are gathered into tiles first.
	vecMin = 8
	// tileLen is the length of the scratch tiles: vector multiplications
	// run out of place on tiles of at most this many elements.
	tileLen = 256
)

// scratch is two tiles of working space for one goroutine.
type scratch struct{ a, b []fp.Element }

func newScratch() *scratch {
	buf := make([]fp.Element, 2*tileLen)
	return &scratch{a: buf[:tileLen], b: buf[tileLen:]}
}

// tile repeats w to length n.
func tile(w []fp.Element, n int) []fp.Element {
	out := make([]fp.Element, n)
	for i := range out {
		out[i] = w[i%len(w)]
	}
	return out
}

// difStage is one decimation-in-frequency layer over the halves x and y:
// (x, y) ← (x + y, (x − y)·w), a tile at a time with vector operations.
func difStage(x, y, w []fp.Element, sc *scratch) {
	for lo := 0; lo < len(x); lo += tileLen {
		hi := min(lo+tileLen, len(x))
		xs, ys, t := fp.Vector(x[lo:hi]), fp.Vector(y[lo:hi]), fp.Vector(sc.a[:hi-lo])
		t.Sub(xs, ys)
		xs.Add(xs, ys)
		vec.Mul(ys, t, w[lo:hi])
	}
}

// ditStage is one decimation-in-time layer: (x, y) ← (x + y·w, x − y·w).
func ditStage(x, y, w []fp.Element, sc *scratch) {
	for lo := 0; lo < len(x); lo += tileLen {
		hi := min(lo+tileLen, len(x))
		xs, ys, t := fp.Vector(x[lo:hi]), fp.Vector(y[lo:hi]), fp.Vector(sc.a[:hi-lo])
		vec.Mul(t, ys, w[lo:hi])
		ys.Sub(xs, t)
		xs.Add(xs, t)
	}
}

// difSeq is the iterative forward transform of a block on one goroutine
// (natural in, bit-reversed out).
func (t *Twiddles) difSeq(a []fp.Element) {
	n := len(a)
	sc := newScratch()
	h := n / 2
	for ; h >= vecMin; h /= 2 {
		w := t.fwd[h : 2*h]
		for s := 0; s < n; s += 2 * h {
			difStage(a[s:s+h], a[s+h:s+2*h], w, sc)
		}
	}
	for ; h >= 2; h /= 2 {
		gathered(a, h, t.fwdTile[h], sc, false)
	}
	for s := 0; s+1 < n; s += 2 {
		fp.Butterfly(&a[s], &a[s+1])
	}
}

// ditSeq is the iterative inverse transform of a block on one goroutine
// without the 1/n scaling (bit-reversed in, natural out).
func (t *Twiddles) ditSeq(a []fp.Element) {
	n := len(a)
	sc := newScratch()
	for s := 0; s+1 < n; s += 2 {
		fp.Butterfly(&a[s], &a[s+1])
	}
	h := 2
	for ; h < n && h < vecMin; h *= 2 {
		gathered(a, h, t.invTile[h], sc, true)
	}
	for ; h < n; h *= 2 {
		w := t.inv[h : 2*h]
		for s := 0; s < n; s += 2 * h {
			ditStage(a[s:s+h], a[s+h:s+2*h], w, sc)
		}
	}
}

// gathered runs a layer of span h < vecMin. Its first twiddle is 1, so the
// other h−1 odd-half elements of each group of 2h are copied into a tile,
// multiplied by the tiled twiddles w[1..h) in one vector call and copied
// back (after the butterflies for DIF, before them for DIT).
func gathered(a []fp.Element, h int, tiled []fp.Element, sc *scratch, dit bool) {
	span := 2 * h * (tileLen / h) // elements whose odd halves fill one tile
	for base := 0; base < len(a); base += span {
		chunk := a[base:min(base+span, len(a))]
		k := 0
		for s := 0; s < len(chunk); s += 2 * h {
			if !dit {
				for j := s; j < s+h; j++ {
					fp.Butterfly(&chunk[j], &chunk[j+h])
				}
			}
			k += copy(sc.a[k:], chunk[s+h+1:s+2*h])
		}
		vec.Mul(sc.b[:k], sc.a[:k], tiled[:k])
		k = 0
		for s := 0; s < len(chunk); s += 2 * h {
			k += copy(chunk[s+h+1:s+2*h], sc.b[k:k+h-1])
			if dit {
				for j := s; j < s+h; j++ {
					fp.Butterfly(&chunk[j], &chunk[j+h])
				}
			}
		}
	}
}
