package crypto

import (
	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fr"

	"github.com/cairnchain/cairn/execution/felt"
)

// VerifyBuiltin reports whether (r, s) is a valid signature of msgHash by the
// key whose x coordinate is pubX exactly as cairo-lang's signature (ecdsa)
// builtin decides it (starkware.crypto.signature.verify): the range rules of
// Verify, then w·(msgHash·G + r·Q) is computed with the double-and-add walks
// of the builtin's AIR (251 steps each, offset by the Pedersen shift point),
// and any step the AIR cannot represent (two points with the same x) makes
// the signature invalid. It therefore agrees with Verify except on inputs the
// AIR rejects, notably msgHash = 0, which Verify (like @scure/starknet)
// accepts and the builtin does not.
func VerifyBuiltin(pubX, msgHash, r, s felt.Felt) bool {
	if msgHash.IsZero() || r.IsZero() || bitLen(r.Words()) > maxValueBits ||
		s.IsZero() || bitLen(msgHash.Words()) > maxValueBits {
		return false
	}
	if s.BigInt().Cmp(curveOrder) >= 0 {
		return false
	}
	sb := s.Bytes()
	var w fr.Element
	w.SetBytes(sb[:])
	w.Inverse(&w)
	wb := w.Bits()
	if bitLen(wb) > maxValueBits {
		return false
	}
	y, ok := YFromX(&pubX)
	if !ok {
		return false
	}
	var negY felt.Felt
	negY.Neg(&y)
	for _, yy := range []*felt.Felt{&y, &negY} {
		q := starkcurve.G1Affine{X: *pubX.Element(), Y: *yy.Element()}
		if verifyAIR(&q, msgHash.Words(), &r, wb) {
			return true
		}
	}
	return false
}

// verifyAIR is cairo-lang's verify for a public-key point q:
// zG = msg·G − shift, rQ = r·Q + shift, wB = w·(zG + rQ) + shift, and the
// signature holds iff x(wB − shift) = r, every addition needing distinct x.
func verifyAIR(q *starkcurve.G1Affine, msg [4]uint64, r *felt.Felt, w [4]uint64) bool {
	minusShift := pedersenShift
	minusShift.Y.Neg(&minusShift.Y)
	_, g := starkcurve.Generators()

	var zG, pt starkcurve.G1Jac
	zG.FromAffine(&minusShift)
	pt.FromAffine(&g)
	if airLadder(&zG, &pt, msg, maxValueBits) >= 0 {
		return false
	}
	var rQ starkcurve.G1Jac
	rQ.FromAffine(&pedersenShift)
	pt.FromAffine(q)
	if airLadder(&rQ, &pt, r.Words(), maxValueBits) >= 0 {
		return false
	}
	if sameX(&zG, &rQ) {
		return false
	}
	zG.AddAssign(&rQ) // B = msg·G + r·Q
	var wB starkcurve.G1Jac
	wB.FromAffine(&pedersenShift)
	if airLadder(&wB, &zG, w, maxValueBits) >= 0 {
		return false
	}
	pt.FromAffine(&minusShift)
	if sameX(&wB, &pt) {
		return false
	}
	wB.AddAssign(&pt)
	var res starkcurve.G1Affine
	res.FromJacobian(&wB)
	return res.X.Equal(r.Element())
}
