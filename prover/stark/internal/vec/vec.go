package vec

import "github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

// guardTop is q's top limb minus 2^24: results at or above it are redone.
const guardTop = 0x0800000000000011 - 1<<24

// Mul sets out[i] = a[i]·b[i]. out must not overlap a or b (the guard needs
// the inputs after the vector call); all three have the same length.
func Mul(out, a, b []fp.Element) {
	a, b = a[:len(out)], b[:len(out)]
	if len(out) == 0 {
		return
	}
	if &out[0] == &a[0] || &out[0] == &b[0] {
		for i := range out {
			out[i].Mul(&a[i], &b[i])
		}
		return
	}
	v := fp.Vector(out)
	v.Mul(a, b)
	for i := range out {
		if out[i][3] >= guardTop {
			out[i].Mul(&a[i], &b[i])
		}
	}
}

// ScalarMul sets out[i] = a[i]·c. out must not overlap a; both have the
// same length.
func ScalarMul(out, a []fp.Element, c *fp.Element) {
	a = a[:len(out)]
	if len(out) == 0 {
		return
	}
	if &out[0] == &a[0] {
		for i := range out {
			out[i].Mul(&a[i], c)
		}
		return
	}
	v := fp.Vector(out)
	v.ScalarMul(a, c)
	for i := range out {
		if out[i][3] >= guardTop {
			out[i].Mul(&a[i], c)
		}
	}
}
