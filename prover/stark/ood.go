package stark

import (
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/internal/vec"
	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// oodChunk is the tile length of evalWithPowers.
const oodChunk = 1 << 10

// powers returns 1, x, …, x^(n−1), computed in parallel chunks.
func powers(x fp.Element, n int) []fp.Element {
	out := make([]fp.Element, n)
	parallel.Run(n, 1<<12, func(lo, hi int) {
		cur := fft.Pow(x, uint64(lo))
		for i := lo; i < hi; i++ {
			out[i] = cur
			cur.Mul(&cur, &x)
		}
	})
	return out
}

// evalWithPowers returns Σ coefs[i]·pw[i], the polynomial's value at the
// point whose powers pw holds (len(pw) ≥ len(coefs)): vector products on
// tiles instead of Horner's chain of dependent multiplications.
func evalWithPowers(coefs, pw []fp.Element) fp.Element {
	var tmp [oodChunk]fp.Element
	var acc fp.Element
	for lo := 0; lo < len(coefs); lo += oodChunk {
		hi := min(lo+oodChunk, len(coefs))
		t := tmp[:hi-lo]
		vec.Mul(t, coefs[lo:hi], pw[lo:hi])
		for i := range t {
			acc.Add(&acc, &t[i])
		}
	}
	return acc
}

// oodValues evaluates every mask cell's column at z·g^offset and every
// composition part at z, with one power table per distinct point.
func (s *setup) oodValues(z fp.Element, traceCoefs, compCoefs [][]fp.Element) (cells, comp []fp.Element) {
	pw := make([][]fp.Element, len(s.offsets))
	zIdx := -1
	for i, o := range s.offsets {
		x := s.rowShift(o)
		x.Mul(&x, &z)
		pw[i] = powers(x, s.n)
		if o == 0 {
			zIdx = i
		}
	}
	var zPow []fp.Element
	if zIdx >= 0 {
		zPow = pw[zIdx]
	} else {
		zPow = powers(z, s.n)
	}
	mask := s.layout.Mask
	cells = make([]fp.Element, len(mask))
	comp = make([]fp.Element, len(compCoefs))
	parallel.Each(len(mask)+len(compCoefs), func(i int) {
		if i < len(mask) {
			cells[i] = evalWithPowers(traceCoefs[mask[i].Col], pw[s.cellOff[i]])
			return
		}
		comp[i-len(mask)] = evalWithPowers(compCoefs[i-len(mask)], zPow)
	})
	return cells, comp
}
