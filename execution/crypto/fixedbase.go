package crypto

import (
	"sync"

	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
)

// fixedBase multiplies a fixed curve point by scalars using a lazily built
// table of byte windows: table[i][j-1] = j·256^i·base in affine form, so a
// multiplication is one mixed addition per non-zero scalar byte and no
// doublings. A table covering 252 bits holds 32·255 points (about 0.5 MB) and
// takes a few milliseconds to build on first use.
type fixedBase struct {
	once    sync.Once
	base    starkcurve.G1Affine
	windows int // number of byte windows the table covers
	table   [][255]starkcurve.G1Affine
}

func newFixedBase(base starkcurve.G1Affine, bits int) *fixedBase {
	return &fixedBase{base: base, windows: (bits + 7) / 8}
}

func (f *fixedBase) build() {
	jac := make([]starkcurve.G1Jac, 0, 255*f.windows)
	var b starkcurve.G1Jac
	b.FromAffine(&f.base)
	for range f.windows {
		acc := b
		jac = append(jac, acc)
		for j := 2; j <= 255; j++ {
			acc.AddAssign(&b)
			jac = append(jac, acc)
		}
		for range 8 {
			b.DoubleAssign()
		}
	}
	aff := starkcurve.BatchJacobianToAffineG1(jac)
	f.table = make([][255]starkcurve.G1Affine, f.windows)
	for i := range f.table {
		copy(f.table[i][:], aff[255*i:255*(i+1)])
	}
}

// addMul adds s·base to acc, where s is given big-endian in at most
// `windows` bytes (callers pass reduced scalars, so this always holds).
func (f *fixedBase) addMul(acc *starkcurve.G1Jac, s []byte) {
	f.once.Do(f.build)
	n := len(s)
	for i, v := range s {
		if v != 0 {
			acc.AddMixed(&f.table[n-1-i][v-1])
		}
	}
}
