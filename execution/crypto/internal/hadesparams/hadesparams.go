package hadesparams

import (
	"crypto/sha256"
	"math/big"
	"strconv"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Permutation shape.
const (
	Width         = 3
	FullRounds    = 8
	PartialRounds = 83
	Rounds        = FullRounds + PartialRounds
)

// RoundConstants returns the Rounds×Width round constants, each
// SHA-256("Hades"+i) mod p.
func RoundConstants() [Rounds][Width]fp.Element {
	var out [Rounds][Width]fp.Element
	var v big.Int
	for r := range Rounds {
		for j := range Width {
			d := sha256.Sum256([]byte("Hades" + strconv.Itoa(Width*r+j)))
			v.SetBytes(d[:])
			out[r][j].SetBigInt(&v) // reduces modulo p
		}
	}
	return out
}

// Mix applies the MDS matrix [[3,1,1],[1,-1,1],[1,1,-2]] to s in place.
func Mix(s *[Width]fp.Element) {
	var t, d fp.Element
	t.Add(&s[0], &s[1]).Add(&t, &s[2])
	d.Double(&s[0])
	s[0].Add(&t, &d)
	d.Double(&s[1])
	s[1].Sub(&t, &d)
	d.Double(&s[2]).Add(&d, &s[2])
	s[2].Sub(&t, &d)
}

// Compressed returns the round constants in the form consumed by a
// permutation whose partial rounds add one constant to the last lane only:
// first the 3·FullRounds/2 constants of the first full rounds, then one
// constant per partial round, then 3·FullRounds/2 for the last full rounds.
//
// The constants a partial round would add to lanes 0 and 1 pass through the
// S-box unchanged, so by linearity of the MDS matrix they are carried forward
// (multiplied by the matrix) into the next round's constants, and finally into
// the first of the last full rounds.
func Compressed() []fp.Element {
	rc := RoundConstants()
	half := FullRounds / 2
	out := make([]fp.Element, 0, Width*FullRounds+PartialRounds)
	for r := range half {
		out = append(out, rc[r][:]...)
	}
	var carry [Width]fp.Element
	for r := half; r < half+PartialRounds; r++ {
		var v [Width]fp.Element
		for j := range Width {
			v[j].Add(&rc[r][j], &carry[j])
		}
		out = append(out, v[2])
		carry = [Width]fp.Element{v[0], v[1]}
		Mix(&carry)
	}
	for r := half + PartialRounds; r < Rounds; r++ {
		var v [Width]fp.Element
		for j := range Width {
			v[j].Set(&rc[r][j])
			if r == half+PartialRounds {
				v[j].Add(&v[j], &carry[j])
			}
		}
		out = append(out, v[:]...)
	}
	return out
}
