package crypto

import (
	"sync"

	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
)

// fixedBase multiplies a fixed curve point by scalars using a lazily built
// table of 4-bit windows: table[i][j-1] = j·16^i·base in affine form, so a
// multiplication is one mixed addition per non-zero nibble and no doublings.
type fixedBase struct {
	once    sync.Once
	base    starkcurve.G1Affine
	windows int // number of 4-bit windows the table covers
	table   [][15]starkcurve.G1Affine
}

func newFixedBase(base starkcurve.G1Affine, bits int) *fixedBase {
	return &fixedBase{base: base, windows: (bits + 3) / 4}
}

func (f *fixedBase) build() {
	jac := make([]starkcurve.G1Jac, 0, 15*f.windows)
	var b starkcurve.G1Jac
	b.FromAffine(&f.base)
	for range f.windows {
		acc := b
		jac = append(jac, acc)
		for j := 2; j <= 15; j++ {
			acc.AddAssign(&b)
			jac = append(jac, acc)
		}
		for range 4 {
			b.DoubleAssign()
		}
	}
	aff := starkcurve.BatchJacobianToAffineG1(jac)
	f.table = make([][15]starkcurve.G1Affine, f.windows)
	for i := range f.table {
		copy(f.table[i][:], aff[15*i:15*(i+1)])
	}
}

// addMul adds s·base to acc, where s is given big-endian and must be below
// 16^windows (callers pass reduced scalars, so this always holds).
func (f *fixedBase) addMul(acc *starkcurve.G1Jac, s []byte) {
	f.once.Do(f.build)
	n := len(s)
	for i, v := range s {
		w := 2 * (n - 1 - i) // window of the low nibble
		if lo := v & 0x0f; lo != 0 {
			acc.AddMixed(&f.table[w][lo-1])
		}
		if hi := v >> 4; hi != 0 {
			acc.AddMixed(&f.table[w+1][hi-1])
		}
	}
}
