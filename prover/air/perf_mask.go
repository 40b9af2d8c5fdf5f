package air

import (
	"math/rand/v2"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// probeSeed fixes the probe's random frame, so prover and verifier derive
// the same mask.
const probeSeed = 0xca1f

// probeMask finds the cells the constraints read: starting from a random
// frame (cells, challenges, periodic values), it perturbs one cell at a time
// and keeps the (column, offset) pairs that change some constraint
// numerator. The numerators are polynomials in the cells, so a cell they
// depend on changes them at a random point except with probability about
// degree/p ≈ 2^-250. It returns the column indices (main columns first, then
// interaction columns, as in stark.Layout) read at offset 0 and at offset 1.
//
// Declaring only these cells, instead of every column at both offsets,
// shrinks the out-of-domain data in the proof and the DEEP work.
func (s *StarkAIR) probeMask(numPeriodic int) (cur, next []int) {
	a := s.a
	mw, w := a.Width(), a.Width()+a.InteractionWidth()
	r := rand.New(rand.NewPCG(probeSeed, uint64(w)))
	cells := make([]fp.Element, 2*w)
	for i := range cells {
		cells[i] = randElement(r)
	}
	per := make([]fp.Element, numPeriodic)
	for i := range per {
		per[i] = randElement(r)
	}
	ch := Challenges{Z: randElement(r), Alpha: randElement(r), ZRC: randElement(r)}
	nc := a.NumRowConstraints() + a.NumTransitionConstraints() + len(a.MainAssertions()) + len(a.interactionAssertionRows())
	base, out := make([]fp.Element, nc), make([]fp.Element, nc)
	s.evalFrame(frameOf(cells, mw, w), &ch, per, base)
	for i := range cells {
		orig := cells[i]
		delta := randElement(r)
		cells[i].Add(&cells[i], &delta)
		s.evalFrame(frameOf(cells, mw, w), &ch, per, out)
		cells[i] = orig
		for k := range out {
			if !out[k].Equal(&base[k]) {
				if i < w {
					cur = append(cur, i)
				} else {
					next = append(next, i-w)
				}
				break
			}
		}
	}
	return cur, next
}

// frameOf splits a full cell vector [main | interaction] at offset 0 then
// offset 1 into an AIR frame.
func frameOf(cells []fp.Element, mw, w int) *Frame {
	return &Frame{Cur: cells[:mw], ICur: cells[mw:w], Next: cells[w : w+mw], INext: cells[w+mw : 2*w]}
}

// randElement draws a pseudo-random field element from r.
func randElement(r *rand.Rand) fp.Element {
	var b [fp.Bytes]byte
	for i := 0; i < len(b); i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	var e fp.Element
	e.SetBytes(b[:])
	return e
}
