package cairo

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fr"
)

// This file holds the elliptic-curve operations of the ec_op and ecdsa
// builtins over the STARK curve y² = x³ + x + β.

func curvePoint(x, y *felt.Felt) (starkcurve.G1Affine, bool) {
	p := starkcurve.G1Affine{X: *x.Element(), Y: *y.Element()}
	return p, p.IsOnCurve()
}

// ecOp returns p + m·q, failing if p or q is not on the curve or the
// result is the point at infinity.
func ecOp(px, py, qx, qy, m *felt.Felt) (rx, ry felt.Felt, err error) {
	p, ok := curvePoint(px, py)
	if !ok {
		return rx, ry, fmt.Errorf("%w: ec_op: point p (%s, %s) is not on the curve", ErrBuiltin, px.Hex(), py.Hex())
	}
	q, ok := curvePoint(qx, qy)
	if !ok {
		return rx, ry, fmt.Errorf("%w: ec_op: point q (%s, %s) is not on the curve", ErrBuiltin, qx.Hex(), qy.Hex())
	}
	var mq, r starkcurve.G1Affine
	mq.ScalarMultiplication(&q, m.BigInt())
	r.Add(&p, &mq)
	if r.IsInfinity() {
		return rx, ry, fmt.Errorf("%w: ec_op: result is the point at infinity", ErrBuiltin)
	}
	return felt.FromElement(r.X), felt.FromElement(r.Y), nil
}

// starkGen is the STARK curve generator.
var starkGen = func() starkcurve.G1Affine {
	_, g := starkcurve.Generators()
	return g
}()

// ecdsaVerify checks a STARK-curve ECDSA signature (r, s) on msg for the
// public key whose x coordinate is pubX (either y), as cairo-lang's
// signature builtin does.
func ecdsaVerify(pubX, msg, r, s *felt.Felt) bool {
	n := fr.Modulus()
	rb, sb, mb := r.BigInt(), s.BigInt(), msg.BigInt()
	bound := new(big.Int).Lsh(big.NewInt(1), 251)
	if rb.Sign() == 0 || rb.Cmp(bound) >= 0 || sb.Sign() == 0 || sb.Cmp(n) >= 0 || mb.Cmp(bound) >= 0 {
		return false
	}
	// y² = x³ + x + β
	var y2, x3 felt.Felt
	x3.Square(pubX)
	x3.Mul(&x3, pubX)
	y2.Add(&x3, pubX)
	_, bc := starkcurve.CurveCoefficients()
	beta := felt.FromElement(bc)
	y2.Add(&y2, &beta)
	var y felt.Felt
	if y.Sqrt(&y2) == nil {
		return false
	}
	q := starkcurve.G1Affine{X: *pubX.Element(), Y: *y.Element()}
	w := new(big.Int).ModInverse(sb, n)
	if w == nil {
		return false
	}
	u1 := new(big.Int).Mul(mb, w)
	u1.Mod(u1, n)
	u2 := new(big.Int).Mul(rb, w)
	u2.Mod(u2, n)
	var a, b, sum, diff starkcurve.G1Affine
	a.ScalarMultiplication(&starkGen, u1)
	b.ScalarMultiplication(&q, u2)
	sum.Add(&a, &b)
	diff.Sub(&a, &b)
	for _, pt := range []*starkcurve.G1Affine{&sum, &diff} {
		if pt.IsInfinity() {
			continue
		}
		if x := felt.FromElement(pt.X); x.Equal(r) {
			return true
		}
	}
	return false
}
