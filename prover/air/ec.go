package air

import (
	"errors"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// EC gadget: affine STARK-curve arithmetic (y² = x³ + x + β) for the builtin
// components that walk elliptic-curve ladders (pedersen, ec_op, ecdsa), as
// witness functions and degree-2 constraint helpers. The constraints are
// those of cairo-lang's ec_subset_sum and doubling components.

// ecPoint is an affine point of the STARK curve; the gadget never represents
// the identity (the ladders reject the steps that would reach it).
type ecPoint struct{ X, Y fp.Element }

// ecBeta is the curve's β (y² = x³ + x + β), for constraints.
var ecBeta = func() fp.Element {
	b := crypto.CurveBeta()
	return *b.Element()
}()

// ecPointOf converts an (x, y) pair of felts.
func ecPointOf(p [2]felt.Felt) ecPoint {
	return ecPoint{X: *p[0].Element(), Y: *p[1].Element()}
}

// errECSameX reports a ladder step the AIR cannot represent: the partial
// sum and the added point share an x coordinate (equal or opposite points).
var errECSameX = errors.New("partial sum and point share an x coordinate")

// errECZeroY reports the doubling of a point with y = 0 (none exists on the
// STARK curve, whose group order is odd; checked for non-curve inputs).
var errECZeroY = errors.New("doubling a point with y = 0")

// ecAdd returns a + p and the slope (a.y − p.y)/(a.x − p.x), or errECSameX.
func ecAdd(a, p ecPoint) (r ecPoint, slope fp.Element, err error) {
	var dx, dy fp.Element
	dx.Sub(&a.X, &p.X)
	if dx.IsZero() {
		return ecPoint{}, fp.Element{}, errECSameX
	}
	dy.Sub(&a.Y, &p.Y)
	dx.Inverse(&dx)
	slope.Mul(&dy, &dx)
	r = ecChord(a, p.X, slope)
	return r, slope, nil
}

// ecDouble returns 2p and the tangent slope (3·x² + 1)/(2·y), or errECZeroY.
func ecDouble(p ecPoint) (r ecPoint, slope fp.Element, err error) {
	if p.Y.IsZero() {
		return ecPoint{}, fp.Element{}, errECZeroY
	}
	var num, den fp.Element
	num.Square(&p.X)
	num.Add(&num, new(fp.Element).Double(&num)).Add(&num, &feOne)
	den.Double(&p.Y).Inverse(&den)
	slope.Mul(&num, &den)
	return ecChord(p, p.X, slope), slope, nil
}

// ecDoublings returns p, 2p, 4p, …, 2^(k−1)·p.
func ecDoublings(p ecPoint, k int) ([]ecPoint, error) {
	out := make([]ecPoint, k)
	for i := range k {
		out[i] = p
		if i == k-1 {
			break
		}
		var err error
		if p, _, err = ecDouble(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pMinus1 is p − 1 = 2^251 + 2^196 + 2^192 as little-endian words: the
// ladders' scalars must spell an integer ≤ p − 1 so that their bits are
// unique (pedersen's inputs, ec_op's m).
var pMinus1 = func() [4]uint64 {
	var one, pm1 fp.Element
	one.SetOne()
	pm1.Neg(&one)
	return pm1.Bits()
}()

// isPm1Bit reports whether bit i (0 ≤ i < 256) of p − 1 is set.
func isPm1Bit(i int) bool { return wordBit(&pMinus1, i) == 1 }

// ecChord returns the third intersection's reflection for the line of the
// given slope through a and a point with x coordinate px:
// x = slope² − a.x − px, y = slope·(a.x − x) − a.y.
func ecChord(a ecPoint, px, slope fp.Element) ecPoint {
	var r ecPoint
	r.X.Square(&slope).Sub(&r.X, &a.X).Sub(&r.X, &px)
	r.Y.Sub(&a.X, &r.X).Mul(&r.Y, &slope).Sub(&r.Y, &a.Y)
	return r
}

// ecStep is the witness of one conditional-addition step.
type ecStep struct {
	Next     ecPoint
	Slope    fp.Element // 0 when the bit is 0
	XDiffInv fp.Element // (a.x − p.x)⁻¹
}

// ecCondAddWitness computes one subset-sum step: a + bit·p, failing with
// errECSameX when a.x = p.x whatever the bit (cairo-lang's rule: every step
// needs distinct x coordinates).
func ecCondAddWitness(a, p ecPoint, bit bool) (ecStep, error) {
	var st ecStep
	st.XDiffInv.Sub(&a.X, &p.X)
	if st.XDiffInv.IsZero() {
		return ecStep{}, errECSameX
	}
	st.XDiffInv.Inverse(&st.XDiffInv)
	if !bit {
		st.Next = a
		return st, nil
	}
	var err error
	st.Next, st.Slope, err = ecAdd(a, p)
	return st, err
}

// ecCondAddN is the number of constraints ecCondAdd writes.
const ecCondAddN = 6

// ecCondAdd writes the numerators of one subset-sum step: with b binary
// (constrained by the caller), partial sum a = (ax, ay), point p = (px, py),
// slope s, w = (ax − px)⁻¹ and next partial sum n = (nx, ny), they vanish iff
// ax ≠ px and n = a + b·p:
//
//	b·(ay − py) − s·(ax − px)
//	s² − b·(ax + px + nx)
//	b·(ay + ny) − s·(ax − nx)
//	(1 − b)·(nx − ax)
//	(1 − b)·(ny − ay)
//	w·(ax − px) − 1
func ecCondAdd(out []fp.Element, b, s, w, ax, ay, px, py, nx, ny *fp.Element) {
	var dx, t, u, nb fp.Element
	dx.Sub(ax, px)
	t.Sub(ay, py).Mul(&t, b)
	u.Mul(s, &dx)
	out[0].Sub(&t, &u)
	t.Add(ax, px).Add(&t, nx).Mul(&t, b)
	out[1].Square(s).Sub(&out[1], &t)
	t.Add(ay, ny).Mul(&t, b)
	u.Sub(ax, nx).Mul(&u, s)
	out[2].Sub(&t, &u)
	nb.Sub(&feOne, b)
	out[3].Sub(nx, ax).Mul(&out[3], &nb)
	out[4].Sub(ny, ay).Mul(&out[4], &nb)
	out[5].Mul(w, &dx).Sub(&out[5], &feOne)
}

// ecDoubleN is the number of constraints ecDoubling writes.
const ecDoubleN = 3

// ecDoubling writes the numerators of one doubling q' = 2q with slope s; they
// vanish iff q.y ≠ 0 and (nx, ny) = 2·(qx, qy):
//
//	2·s·qy − (3·qx² + 1)
//	s² − 2·qx − nx
//	s·(qx − nx) − qy − ny
func ecDoubling(out []fp.Element, s, qx, qy, nx, ny *fp.Element) {
	var t, u fp.Element
	t.Mul(s, qy).Double(&t)
	u.Square(qx)
	u.Add(&u, new(fp.Element).Double(&u)).Add(&u, &feOne)
	out[0].Sub(&t, &u)
	t.Double(qx).Add(&t, nx)
	out[1].Square(s).Sub(&out[1], &t)
	t.Sub(qx, nx).Mul(&t, s).Sub(&t, qy)
	out[2].Sub(&t, ny)
}
