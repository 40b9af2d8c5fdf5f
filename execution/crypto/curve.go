package crypto

import (
	"fmt"
	"math/big"

	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/felt"
)

// STARK curve: y² = x³ + α·x + β over the Stark252 field, α = 1.
var curveBeta = felt.MustHex("0x6f21413efbe40de150e596d72f7a8c5609ad26c15c915c1f4cdfcb99cee9e89")

// ecOpHeight is the number of scalar bits cairo-lang's ec_op builtin walks
// (scalar_height in every layout).
const ecOpHeight = 256

// CurveBeta returns β of the STARK curve y² = x³ + x + β.
func CurveBeta() felt.Felt { return curveBeta }

// CurveOrder returns the order of the STARK curve's group (a 252-bit prime).
func CurveOrder() *big.Int { return new(big.Int).Set(curveOrder) }

var curveOrder = func() *big.Int {
	n, _ := new(big.Int).SetString("3618502788666131213697322783095070105526743751716087489154079457884512865583", 10)
	return n
}()

// StarkCurveGenerator returns the generator G of the STARK curve as (x, y).
func StarkCurveGenerator() [2]felt.Felt {
	_, g := starkcurve.Generators()
	return [2]felt.Felt{felt.FromElement(g.X), felt.FromElement(g.Y)}
}

// OnCurve reports whether (x, y) satisfies y² = x³ + x + β.
func OnCurve(x, y *felt.Felt) bool {
	var l, r felt.Felt
	l.Square(y)
	r.Square(x).Mul(&r, x).Add(&r, x).Add(&r, &curveBeta)
	return l.Equal(&r)
}

// YFromX returns a y such that (x, y) is on the curve (the other is -y), or
// false if x is not the x coordinate of a curve point.
func YFromX(x *felt.Felt) (felt.Felt, bool) {
	var r, y felt.Felt
	r.Square(x).Mul(&r, x).Add(&r, x).Add(&r, &curveBeta)
	if y.Sqrt(&r) == nil {
		return felt.Felt{}, false
	}
	return y, true
}

// ECOp computes P + m·Q on the STARK curve exactly as cairo-lang's ec_op
// builtin does: both points must be on the curve, and the double-and-add
// ladder over the 256 low bits of m fails with ErrECOpSameX whenever the
// partial sum and the doubled point share an x coordinate (checked at every
// step, whether or not the bit is set), the cases the builtin's AIR cannot
// represent.
func ECOp(p, q [2]felt.Felt, m *felt.Felt) ([2]felt.Felt, error) {
	if !OnCurve(&p[0], &p[1]) {
		return [2]felt.Felt{}, fmt.Errorf("ec_op: P = (%s, %s): %w", p[0].Hex(), p[1].Hex(), ErrNotOnCurve)
	}
	if !OnCurve(&q[0], &q[1]) {
		return [2]felt.Felt{}, fmt.Errorf("ec_op: Q = (%s, %s): %w", q[0].Hex(), q[1].Hex(), ErrNotOnCurve)
	}
	var sum, dbl starkcurve.G1Jac
	sum.FromAffine(&starkcurve.G1Affine{X: *p[0].Element(), Y: *p[1].Element()})
	dbl.FromAffine(&starkcurve.G1Affine{X: *q[0].Element(), Y: *q[1].Element()})
	if step := airLadder(&sum, &dbl, m.Words(), ecOpHeight); step >= 0 {
		return [2]felt.Felt{}, fmt.Errorf("ec_op: bit %d of m = %s: %w", step, m.Hex(), ErrECOpSameX)
	}
	var r starkcurve.G1Affine
	r.FromJacobian(&sum)
	return [2]felt.Felt{felt.FromElement(r.X), felt.FromElement(r.Y)}, nil
}

// airLadder computes sum += m·pt over the low `steps` bits of m with the
// double-and-add walk of cairo-lang's AIRs (ec_op_impl, mimic_ec_mult_air):
// before each step the partial sum and the current doubling of pt must have
// different x coordinates. It returns the failing step, or -1. Both points
// must be finite curve points; pt is consumed.
//
// Because every step checks x(sum) ≠ x(pt) before adding, an addition never
// meets equal or opposite points, so the Jacobian formulas agree with the
// affine ones and nothing reaches the identity (doubling cannot either: the
// group order is an odd prime).
func airLadder(sum, pt *starkcurve.G1Jac, m [4]uint64, steps int) int {
	for i := range steps {
		if sameX(sum, pt) {
			return i
		}
		if m[i/64]>>(i%64)&1 == 1 {
			sum.AddAssign(pt)
		}
		pt.DoubleAssign()
	}
	return -1
}

// sameX reports whether two finite Jacobian points have the same affine x:
// X1·Z2² = X2·Z1².
func sameX(a, b *starkcurve.G1Jac) bool {
	var za, zb, l, r fp.Element
	za.Square(&a.Z)
	zb.Square(&b.Z)
	l.Mul(&a.X, &zb)
	r.Mul(&b.X, &za)
	return l.Equal(&r)
}
